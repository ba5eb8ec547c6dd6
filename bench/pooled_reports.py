"""One figure over several held-out sets: pool ``argmap evaluate --json`` reports by document.

Each held-out set alone is small (23-30 texts), so its relation F1 swings
by about ±.1. This script pools the documents of several reports (each
optionally restricted to one fold, ``REPORT:FOLD``, e.g. part 1's held-out
fold 5) and gives relation F1, central-claim accuracy and side accuracy
over all of them, each with its 95% bootstrap interval over documents, and
the paired difference to the best baseline on that figure among those
every report has (:func:`argmap.evaluate.stats.paired_bootstrap_totals`,
resampling the same documents for both).

Usage::

    argmap evaluate ../shared/eval/microtexts-part1/corpus/en --format microtext --folds 5 --json > part1.json
    argmap evaluate tests/data/microtexts_heldout --format microtext --folds 1 --json > blind1.json
    argmap evaluate tests/data/microtexts_heldout2 --format microtext --folds 1 --json > blind2.json
    python bench/pooled_reports.py part1.json:5 blind1.json blind2.json
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paired_reports import rows  # noqa: E402

from argmap.evaluate.stats import (bootstrap_totals, f1_of_totals, paired_bootstrap_totals,  # noqa: E402
                                   ratio_of_totals, total_figure)

__all__ = ["main", "pooled"]

SYSTEMS = ("pipeline", "first_unit", "title", "paragraph")


def pooled(reports: list[tuple[dict, int | None]]) -> dict[str, dict[str, list]]:
    """Per-system, per-figure document rows of every report (one fold of it where given).

    >>> doc = {"id": "d1", "fold": 5, "relations_correct": 1, "predicted_relations": 2,
    ...        "gold_relations": 2, "central_claim_correct": True, "side_correct": 2, "matched_units": 2}
    >>> report = {"pipeline": {"per_document": [doc]}, "baselines": {}}
    >>> pooled([(report, 5)])["pipeline"]["relation F1"]
    [[1, 2, 2]]
    >>> pooled([(report, 4)])["pipeline"]["relation F1"]
    []
    """
    systems = [s for s in SYSTEMS if s == "pipeline" or all(s in r.get("baselines", {}) for r, _ in reports)]
    out: dict[str, dict[str, list]] = {s: {"relation F1": [], "central claim accuracy": [], "side accuracy": []}
                                       for s in systems}
    for report, fold in reports:
        docs = report["pipeline"]["per_document"]
        ids = sorted(d["id"] for d in docs if fold is None or d.get("fold") == fold)
        for system in systems:
            rel, central, side = rows(report, ids, system)
            out[system]["relation F1"] += rel
            out[system]["central claim accuracy"] += central
            if side is None:
                out[system]["side accuracy"] = None
            elif out[system]["side accuracy"] is not None:
                out[system]["side accuracy"] += side
    return out


def _argument(value: str) -> tuple[str, int | None]:
    path, _, fold = value.rpartition(":")
    if path and fold.isdigit():
        return path, int(fold)
    return value, None


def main(argv: list[str] | None = None) -> None:
    """Print the pooled figures of the pipeline and its paired difference to the best baseline."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", nargs="+", help="argmap evaluate --json reports, REPORT or REPORT:FOLD")
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args(argv)
    loaded = []
    for value in args.reports:
        path, fold = _argument(value)
        try:
            loaded.append((json.loads(Path(path).read_text(encoding="utf-8")), fold))
        except (OSError, ValueError) as exc:
            sys.exit(f"error: cannot read {path}: {exc}")
    try:
        table = pooled(loaded)
    except (KeyError, TypeError, AttributeError) as exc:
        sys.exit(f"error: not an argmap evaluate --json report ({type(exc).__name__}: {exc})")
    n = len(table["pipeline"]["relation F1"])
    if not n:
        sys.exit("error: no documents (is the fold right?)")
    print(f"{n} documents from {len(loaded)} reports")
    for name, stat in (("relation F1", f1_of_totals), ("central claim accuracy", ratio_of_totals),
                       ("side accuracy", ratio_of_totals)):
        mine = table["pipeline"][name]
        if mine is None:
            continue
        value = bootstrap_totals(mine, stat, n=args.bootstrap)
        baselines = {s: t[name] for s, t in table.items() if s != "pipeline" and t[name] is not None}
        line = f"{name:24} argmap {value.value:.3f} [{value.low:.3f}, {value.high:.3f}]"
        if baselines:
            figure = {s: total_figure(rows, stat) for s, rows in baselines.items()}
            best = max(figure, key=figure.get)
            d = paired_bootstrap_totals(mine, baselines[best], stat, n=args.bootstrap)
            line += f"  {best} {figure[best]:.3f}  argmap - {best} {d.value:+.3f} [{d.low:+.3f}, {d.high:+.3f}]"
        print(line)


if __name__ == "__main__":
    main()
