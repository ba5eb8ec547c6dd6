#!/usr/bin/env bash
# Compare `argmap extract --no-cache` outputs of this tree's src/ with another
# tree's src/ (e.g. main's, from `git archive main src | tar -x -C REF`), both
# stance backends, on corpus/, the 120 bench essays and every folder of texts
# or HTML pages under tests/data. Prints one line per input and backend and
# exits 1 on any difference.
#
#   bench/same_outputs.sh REF_SRC [WORK_DIR]
#   SKIP="essays_heldout essays_heldout2" bench/same_outputs.sh REF_SRC   # leave out held-out sets
#
# Everything is compared with `diff -r` except the first line of each
# .argmap-cache file: that line is the cache key, which hashes the pipeline
# config, so it changes whenever a component's factory or settings change
# (the outputs' hashes on the lines after it are compared).
set -euo pipefail
ref=$(cd "$1" && pwd)
work=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-/work/main/.venv/bin/python}
mkdir -p "$work/in"
PYTHONPATH="$here/src" "$python" -c "
import sys; sys.path.insert(0, '$here/bench')
from pathlib import Path
from extract import write_corpus
write_corpus(Path('$work/in/bench120'), 120)"
inputs=("$here/corpus" "$work/in/bench120")
for d in "$here"/tests/data/*/; do
  case " ${SKIP:-} " in *" $(basename "$d") "*) echo "skipped   $(basename "$d")"; continue ;; esac
  if ls "$d" | grep -qE '\.(txt|md|html?)$'; then inputs+=("${d%/}"); fi
done
status=0
for backend in lexicon model; do
  flag=(); [ "$backend" = lexicon ] && flag=(--fast)
  for input in "${inputs[@]}"; do
    name=$(basename "$input")
    for side in ref new; do
      src=$ref; [ "$side" = new ] && src="$here/src"
      out="$work/out/$backend/$side/$name"
      rm -rf "$out"
      PYTHONPATH="$src" nice "$python" -m argmap.cli extract "$input" -o "$out" --no-cache \
        "${flag[@]}" --quiet >/dev/null 2>"$work/stderr-$side" || true
      find "$out" -name .argmap-cache -exec sed -i 1d {} +
      cp "$work/stderr-$side" "$out.stderr"
    done
    if diff -r "$work/out/$backend/ref/$name" "$work/out/$backend/new/$name" >/dev/null \
        && diff "$work/out/$backend/ref/$name.stderr" "$work/out/$backend/new/$name.stderr" >/dev/null; then
      echo "same      $backend $name ($(find "$work/out/$backend/new/$name" -type f | wc -l) files)"
    else
      echo "DIFFERENT $backend $name"; status=1
    fi
  done
done
exit $status
