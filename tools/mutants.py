"""Mutation check: does the test suite notice small deliberate bugs?

Each mutant replaces one exact piece of source text with a wrong one (the
piece must occur exactly once, or the mutant is reported as "stale": the
code moved and the list needs updating). For each mutant the repository is
copied to a temporary folder, the mutant applied there and the whole test
suite run (``pytest -x``); a mutant the suite does not fail on "survives".

    python tools/mutants.py              # every mutant, one line each
    python tools/mutants.py -k alias     # only mutants whose name contains "alias"
    python tools/mutants.py --list

Exit status: 0 when every mutant is killed, 1 when one survives or is stale,
2 when the unmutated suite already fails (the control run).
Nothing in the working tree is changed. ``make mutants`` runs it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (name, file, original text, mutated text).
MUTANTS: list[tuple[str, str, str, str]] = [
    ("relations: agreeing stances read as opposed",
     "src/argmap/pipeline/relations.py",
     "return any(a[t] * b[t] < -0.09 for t in a.keys() & b.keys())",
     "return any(a[t] * b[t] > 0.09 for t in a.keys() & b.keys())"),
    ("relations: the opposed-stance rule is deleted",
     "src/argmap/pipeline/relations.py",
     "return any(a[t] * b[t] < -0.09 for t in a.keys() & b.keys())", "return False"),
    ("stance aggregation: pro and con counts swapped",
     "src/argmap/pipeline/stance.py",
     'n_pro, n_con, n_neu = pols.count("pro"), pols.count("con"), pols.count("neutral")',
     'n_pro, n_con, n_neu = pols.count("con"), pols.count("pro"), pols.count("neutral")'),
    ("gazetteer: the U.S. alias is dropped",
     "src/argmap/pipeline/gazetteer.py",
     '"US": ["US", "U.S.", ', '"US": ["US", '),
    ("entities: a capital always stands for its government",
     "src/argmap/pipeline/entities.py",
     "if target and governmental_context(span):", "if target:"),
    ("entities: a seat of government is never a place",
     "src/argmap/pipeline/entities.py",
     "if target and governmental_context(span, seat=True):", "if target:"),
    ("entities: places the NER calls people or organisations are kept",
     "src/argmap/pipeline/entities.py",
     "reason = junk_reason(span) or _place_reason(span, text)", "reason = junk_reason(span)"),
    ("entities: a titled name typed ORG stays an organisation",
     "src/argmap/pipeline/entities.py",
     'if label == "ORG" and _reads_as_person(span, text):', "if False:"),
    ("gazetteer: demonyms without plurals",
     "src/argmap/pipeline/gazetteer.py",
     'return [word, word + "s"]', "return [word]"),
    ("compare report: agree_on lists the disagreed targets",
     "src/argmap/compare_tables.py",
     '"agree_on": "|".join(sorted(ag["target"])),', '"agree_on": "|".join(sorted(dis["target"])),'),
    ("compare report: disagree_on lists the agreed targets",
     "src/argmap/compare_tables.py",
     '"disagree_on": "|".join(sorted(dis["target"]))', '"disagree_on": "|".join(sorted(ag["target"]))'),
    ("evaluate: unit matching threshold 0.0",
     "src/argmap/evaluate/run.py",
     "threshold: float = 0.5, n_boot: int = 1000", "threshold: float = 0.0, n_boot: int = 1000"),
    ("stance: negation never recorded",
     "src/argmap/pipeline/stance.py",
     """negated = any(t.lower_.replace("’", "'") in NEGATIONS for t in toks[clause[0]:clause[1]])""",
     "negated = False"),
    ("graph: every relation becomes a support edge",
     "src/argmap/graph/build.py",
     'kind = EdgeKind.SUPPORTS if rel.kind == "support" else EdgeKind.ATTACKS',
     "kind = EdgeKind.SUPPORTS"),
    ("cache: the text is left out of the key",
     "src/argmap/cache.py",
     "for part in (fingerprint, source, text):", "for part in (fingerprint, source):"),
    ("html view: essay text inserted as HTML",
     "src/argmap/data/argmap_view.js",
     "if (text !== undefined && text !== null) node.textContent = String(text);",
     "if (text !== undefined && text !== null) node.innerHTML = String(text);"),
    ("records: evidence ids not read back from article.json",
     "src/argmap/records.py",
     '_TUPLE_FIELDS = ("surface_forms", "evidence")', '_TUPLE_FIELDS = ("surface_forms",)'),
    ("atomic write: no rename, the temporary file is left",
     "src/argmap/io/atomic.py",
     "        os.replace(tmp, p)\n", "        pass\n"),
    ("slug: ids keep path separators",
     "src/argmap/io/sources.py",
     'low = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)',
     'low = "".join(ch.lower() if ch.isalnum() or ch in "/." else "-" for ch in text)'),
    ("evidence: weakest stance first",
     "src/argmap/extract.py",
     "return tuple(dict.fromkeys(uid for _, _, uid in sorted(scored)))",
     "return tuple(dict.fromkeys(uid for _, _, uid in sorted(scored, reverse=True)))"),
]

_COPY = ("src", "tests", "corpus", "pyproject.toml", "bench", "tools")


def _apply(tree: Path, path: str, old: str, new: str) -> str:
    """Apply one mutant in ``tree``; return "" or why it could not be applied."""
    target = tree / path
    if not target.is_file():
        return f"{path} does not exist"
    text = target.read_text(encoding="utf-8")
    count = text.count(old)
    if count != 1:
        return f"the original text occurs {count} times in {path}"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return ""


def run_mutant(name: str, path: str, old: str, new: str, *, pytest_args: list[str]) -> tuple[str, float]:
    """Return ``("killed by <test>"|"survived"|"stale: ...", seconds)`` for one mutant.

    With ``path=""`` nothing is mutated: the control run, which must pass.
    """
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="argmap-mutant-") as tmp:
        tree = Path(tmp)
        for part in _COPY:
            src = ROOT / part
            if src.is_dir():
                shutil.copytree(src, tree / part, ignore=shutil.ignore_patterns(
                    "__pycache__", "*.egg-info", ".hypothesis"))
            elif src.exists():
                shutil.copy2(src, tree / part)
        why = _apply(tree, path, old, new) if path else ""
        if why:
            return f"stale: {why}", time.monotonic() - start
        env = dict(os.environ, PYTHONPATH=str(tree / "src"), PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                               *pytest_args], cwd=tree, env=env, capture_output=True, text=True)
    if proc.returncode == 0:
        return "survived", time.monotonic() - start
    failed = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return f"killed by {failed[0] if failed else 'pytest exit ' + str(proc.returncode)}", \
        time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="run only mutants whose name contains this")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if args.k.lower() in m[0].lower()]
    if args.list:
        for name, path, _, _ in chosen:
            print(f"{name}  ({path})")
        return 0
    control, seconds = run_mutant("control", "", "", "", pytest_args=args.pytest_args)
    if control != "survived":
        print(f"the unmutated suite fails ({control}); fix that first")
        return 2
    print(f"{seconds:6.1f}s  control (nothing mutated): passes", flush=True)
    bad = 0
    for name, path, old, new in chosen:
        verdict, seconds = run_mutant(name, path, old, new, pytest_args=args.pytest_args)
        bad += not verdict.startswith("killed")
        print(f"{seconds:6.1f}s  {name}: {verdict}", flush=True)
    print(f"{len(chosen) - bad} of {len(chosen)} mutants killed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
