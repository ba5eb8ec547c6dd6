#!/bin/sh
# Regenerates every figure file of training/results/attach/ (session 21, bench/notes/attach-model-s21.md).
# Run from the repository root: PY=.venv/bin/python sh training/results/attach/rerun.sh   (about 10 minutes)
# Part 1 is read for tuning folds 1-4 only (training/attach.py drops fold 5 before the pipeline runs).
set -e
PY=${PY:-python}
R=training/results/attach
T="training/data/microtexts_a training/data/microtexts_b training/data/microtexts_c training/data/microtexts_d"
M=../shared/eval/microtexts-part1/corpus/en
run() {
    out=$1; shift
    { uptime; echo "\$ PYTHONPATH=src python training/attach.py $*"; PYTHONPATH=src OMP_NUM_THREADS=1 $PY training/attach.py "$@" 2>&1; } > $R/$out
}
A="--l2 0.3 --pca 4 --keep-side --unmarked-only"    # selection A: the largest training-CV gain (at m = 0)
B="--l2 1 --pca 16 --keep-side --unmarked-only"     # selection B: the largest margin (m = 2) whose CV gain keeps a lower bound >= 0
# training CV (the selection data)
run cv_topics.txt cv $T --l2 0.3 1 3 --pca 0 4 16 48 --margins 0 0.5 1 1.5 2 --keep-side --unmarked-only
run cv_options_all_links.txt cv $T --l2 0.3 1 --pca 0 4 --margins 0 0.5 1 1.5 2 --keep-side
run cv_options_rules_kind.txt cv $T --l2 0.3 --pca 4 --margins 0 0.5 1 2 --unmarked-only
run cv_topics_variants.txt cv $T --l2 0.3 1 --margins 0 0.5 1 --no-encoder-too
run cv_sets.txt cv $T --by-set --l2 0.3 1 --pca 4 16 --margins 0 0.5 1 1.5 2 --keep-side --unmarked-only
# transfer to part 1, tuning folds 1-4 (and essays_dev)
run transfer_cv_max.txt transfer $T --micro $M --essays tests/data/essays_dev $A --margins 0 0.5 1 1.5 2 2.5 3 --weights --show 0
run transfer_cv_safe.txt transfer $T --micro $M --essays tests/data/essays_dev $B --margins 0 0.5 1 1.5 2 2.5 3 --show 2
run transfer_all_links.txt transfer $T --micro $M --l2 0.3 --pca 4 --margins 0 0.5 1 1.5 2 --keep-side
run transfer_semantic_only.txt transfer $T --micro $M --l2 0.3 --margins 0 0.5 1 2 --keep-side --unmarked-only \
    --drop "unit before" "two before" "unit after" later "log distance" "first unit" "last unit" \
    "major claim x units" "unit before, source anaphoric" "unit before, source contrast" \
    "unit before, source continues" "unit before, source pronoun" "cosine x unit before"
run transfer_essays_all_texts.txt transfer $T --essays tests/data/essays_dev $A --margins 0 0.5 1 2 --all-texts
run ranking.txt ranking $T --micro $M --l2 0.3 --pca 4
# paired with main (this branch changes no src/: `argmap evaluate` here is main's pipeline)
PYTHONPATH=src $PY -m argmap.cli evaluate $M --format microtext --tuning --json > /tmp/attach-main.json
{
    uptime
    for cfg in "$A --margins 0" "$B --margins 2" "$B --margins 1" "--l2 0.3 --pca 4 --keep-side --margins 0"; do
        echo "\$ PYTHONPATH=src python training/attach.py report $T --gold $M $cfg > model.json"
        echo "\$ python bench/paired_reports.py model.json main.json   # main.json: argmap evaluate $M --tuning --json"
        PYTHONPATH=src OMP_NUM_THREADS=1 $PY training/attach.py report $T --gold $M $cfg > /tmp/attach-model.json 2>/dev/null
        PYTHONPATH=src $PY bench/paired_reports.py /tmp/attach-model.json /tmp/attach-main.json
    done
} > $R/paired_reports.txt
