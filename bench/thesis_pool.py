"""Pool ``argmap evaluate --format thesis --json`` reports into one table.

Each report's per-text rows (``documents``) are put together and scored as
one set, with 95% bootstrap intervals over all the texts and the paired
difference to the best baseline; no text is printed, so it is safe on
held-out sets.

Usage::

    argmap evaluate tests/data/thesis_heldout --format thesis --json > a.json
    argmap evaluate tests/data/thesis_heldout_web --format thesis --json > b.json
    python bench/thesis_pool.py a.json b.json
"""
from __future__ import annotations

import argparse
import json
import sys

from argmap.evaluate.thesis import format_thesis_report, thesis_report

__all__ = ["main", "pooled_rows"]

_ROW_KEYS = ("thesis", "argmap", "body", "major_claims", "major_claims_right")


def pooled_rows(paths: list[str]) -> list[dict]:
    """Every text's row of the reports at ``paths``; ``ValueError`` names a file
    that is not a thesis report."""
    rows: list[dict] = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as fh:
                report = json.load(fh)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ValueError(f"{path}: cannot read ({exc})") from None
        docs = report.get("documents") if isinstance(report, dict) else None
        if (not isinstance(report, dict) or report.get("format") != "thesis" or not isinstance(docs, list)
                or not all(isinstance(r, dict) and all(k in r for k in _ROW_KEYS) for r in docs)):
            raise ValueError(f"{path}: not an 'argmap evaluate --format thesis --json' report")
        rows += [{**r, "id": f"{path}:{r.get('id', '')}"} for r in docs]
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reports", nargs="+")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        rows = pooled_rows(args.reports)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_thesis_report(thesis_report(rows, n_boot=args.bootstrap, seed=args.seed)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
