"""Major-claim misses on thesis gold folders (tuning sets only: this prints texts).

For each text of each folder where argmap's major claim matches none of the
thesis statements, prints the gold statements, argmap's major claim and its
restatements, and which baselines were right; then the pooled figures of
all folders (``argmap evaluate FOLDER --format thesis`` gives each folder's
with intervals). Never run it on a held-out or blind set: it shows the
texts and their errors.

Usage::

    python bench/thesis_errors.py tests/data/stance_realistic tests/data/web [--all]
"""
from __future__ import annotations

import argparse
import sys

from argmap.evaluate.thesis import BASELINES, evaluate_thesis, read_thesis_gold
from argmap.io.sources import shown

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--all", action="store_true", help="print every text, not only the misses")
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    from argmap.pipeline import load_pipeline

    nlp = load_pipeline(args.model)
    rows = []
    for folder in args.folders:
        golds = read_thesis_gold(folder, on_error=lambda m: print(f"warning: {m}", file=sys.stderr))
        report = evaluate_thesis(golds, nlp, n_boot=100)
        rows += report["documents"]
        for row in report["documents"]:
            if not row["thesis"] or (row["argmap"] and not args.all):
                continue
            hits = [b for b in BASELINES if row[b]]
            # texts and names from the gold folder: control characters escaped, one line each
            print(shown(f"[{folder.rstrip('/').rsplit('/', 1)[-1]}/{row['id']}] {row['genre']}; "
                        f"argmap {'right' if row['argmap'] else 'WRONG'}; "
                        f"baselines right: {', '.join(hits) or '-'}"))
            for statement in row["statements"]:
                print(f"  gold    {shown(statement[:150])}")
            print(f"  argmap  {shown(row['major_claim'][:150])}")
            for text in row["restatements"]:
                print(f"  restate {shown(text[:150])}")
    scored = [r for r in rows if r["thesis"]]
    if scored:
        figures = ", ".join(f"{name} {sum(r[name] for r in scored) / len(scored):.3f}"
                            for name in ("argmap", *BASELINES))
        body = [r for r in scored if r["body"] is not None]
        body_figures = ", ".join(
            f"{name} {sum(r[key] for r in body) / max(len(body), 1):.3f}"
            for name, key in (("argmap", "body"), *((b, "body " + b) for b in BASELINES[1:])))
        units = sum(r["major_claims"] for r in scored)
        right = sum(r["major_claims_right"] for r in scored)
        print(f"\n{len(scored)} texts with a thesis: major claim right: {figures}; "
              f"major-claim precision {right}/{units} = {right / max(units, 1):.3f}; "
              f"texts without a thesis given a major claim: "
              f"{sum(1 for r in rows if not r['thesis'] and r['major_claims'])}/"
              f"{sum(1 for r in rows if not r['thesis'])}")
        print(f"{len(body)} texts with a body thesis: body thesis right: {body_figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
