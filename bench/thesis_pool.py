"""Pool ``argmap evaluate --format thesis --json`` reports into one table.

Each report's per-text rows (``documents``) are put together and scored as
one set, with 95% bootstrap intervals over all the texts and the paired
difference to the best baseline; no text is printed, so it is safe on
held-out sets.

Usage::

    argmap evaluate tests/data/thesis_heldout --format thesis --json > a.json
    argmap evaluate tests/data/thesis_heldout_web --format thesis --json > b.json
    python bench/thesis_pool.py a.json b.json
    python bench/thesis_pool.py a.json b.json --against a0.json b0.json   # paired: this code minus other code

With ``--against``, the other reports (the same sets in the same order,
another version of argmap) give the paired difference of argmap's figures,
resampling the same texts for both.
"""
from __future__ import annotations

import argparse
import json
import sys

from argmap.evaluate.stats import paired_bootstrap_totals, ratio_of_totals
from argmap.evaluate.thesis import format_thesis_report, thesis_report

__all__ = ["main", "paired_lines", "pooled_rows"]

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
        rows += [{**r, "id": f"{len(rows)}:{r.get('id', '')}"} for r in docs]
    return rows


def paired_lines(rows: list[dict], other: list[dict], *, n_boot: int = 1000, seed: int = 0) -> list[str]:
    """Paired differences of argmap's figures between two runs on the same texts."""
    if [r["id"] for r in rows] != [r["id"] for r in other]:
        raise ValueError("--against must give the same sets, in the same order, as the reports")
    lines = []
    for name, key, keep in (("major claim right", "argmap", lambda r: r["thesis"]),
                            ("body thesis right", "body", lambda r: r["body"] is not None),
                            ("major-claim precision", None, lambda r: r["thesis"])):
        idx = [i for i, r in enumerate(rows) if keep(r) and keep(other[i])]

        def counts(rs, key=key):
            return [[rs[i][key], 1] if key else [rs[i]["major_claims_right"], rs[i]["major_claims"]] for i in idx]
        d = paired_bootstrap_totals(counts(rows), counts(other), ratio_of_totals, n=n_boot, seed=seed)
        lines.append(f"{name:<28}{d.value:+.3f} [{d.low:+.2f}, {d.high:+.2f}]  ({len(idx)} texts)")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reports", nargs="+")
    ap.add_argument("--against", nargs="+", default=None, metavar="REPORT",
                    help="reports of another argmap version on the same sets, same order")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        rows = pooled_rows(args.reports)
        other = pooled_rows(args.against) if args.against else None
        paired = paired_lines(rows, other, n_boot=args.bootstrap, seed=args.seed) if other else []
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_thesis_report(thesis_report(rows, n_boot=args.bootstrap, seed=args.seed)), end="")
    if paired:
        print("\nthese reports minus --against (paired, 95% CI)")
        print("\n".join("  " + line for line in paired))
    return 0


if __name__ == "__main__":
    sys.exit(main())
