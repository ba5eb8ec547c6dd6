"""Paired difference of two ``argmap evaluate --json`` reports on the same gold documents.

Two code versions cannot run in one process, so each writes its report
(``argmap evaluate GOLD --format brat --folds 1 --json > a.json``, once
with this branch's ``src`` and once with main's) and this script pairs them
by document id: relation F1, central-claim accuracy and (when both reports
have it) proponent/opponent side accuracy of each, and ``a - b``
with a 95% bootstrap interval that resamples the same documents for both
(:func:`argmap.evaluate.stats.paired_bootstrap_totals`).

Usage::

    python bench/paired_reports.py branch.json main.json
"""
from __future__ import annotations

import argparse
import json
import sys

from argmap.evaluate.stats import f1_of_totals, paired_bootstrap_totals, ratio_of_totals, total_figure

__all__ = ["main", "rows"]


def rows(report: dict, ids: list[str], system: str = "pipeline"
         ) -> tuple[list[list[int]], list[list[int]], list[list[int]] | None]:
    """Per-document ``[correct, predicted, gold]`` relations, ``[central right, 1]`` and
    ``[units with the right side, matched units]`` (None for a report written before
    ``side_correct`` was in its per-document rows) of ``system``: ``"pipeline"`` or a
    baseline of the report (``"first_unit"``, ``"title"``, ``"paragraph"``)."""
    section = report["pipeline"] if system == "pipeline" else report["baselines"][system]
    docs = {d["id"]: d for d in section["per_document"]}
    rel = [[docs[i]["relations_correct"], docs[i]["predicted_relations"], docs[i]["gold_relations"]] for i in ids]
    central = [[int(bool(docs[i]["central_claim_correct"])), 1] for i in ids]
    side = (None if any("side_correct" not in docs[i] for i in ids)
            else [[docs[i]["side_correct"], docs[i]["matched_units"]] for i in ids])
    return rel, central, side


def main(argv: list[str] | None = None) -> None:
    """Print both systems' figures and the paired difference."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", help="report of the first system (e.g. this branch)")
    ap.add_argument("b", help="report of the second system (e.g. main)")
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args(argv)
    try:
        reports = [json.load(open(p, encoding="utf-8")) for p in (args.a, args.b)]
        ids = sorted(d["id"] for d in reports[0]["pipeline"]["per_document"])
        if ids != sorted(d["id"] for d in reports[1]["pipeline"]["per_document"]):
            sys.exit("error: the two reports cover different documents")
        (ra, ca, sa), (rb, cb, sb) = rows(reports[0], ids), rows(reports[1], ids)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        sys.exit(f"error: cannot read the reports ({type(exc).__name__}: {exc})")

    print(f"{len(ids)} documents")
    figures = [("relation F1", ra, rb, f1_of_totals), ("central claim accuracy", ca, cb, ratio_of_totals)]
    if sa is not None and sb is not None:
        figures.append(("side accuracy", sa, sb, ratio_of_totals))
    for name, a, b, stat in figures:
        d = paired_bootstrap_totals(a, b, stat, n=args.bootstrap)
        va, vb = total_figure(a, stat), total_figure(b, stat)
        print(f"{name:24} a {va:.3f}  b {vb:.3f}  a - b {d.value:+.3f} [{d.low:+.3f}, {d.high:+.3f}]")


if __name__ == "__main__":
    main()
