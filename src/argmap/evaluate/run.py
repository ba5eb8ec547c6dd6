"""Run the argmap pipeline over gold documents and score it, fold by fold.

:func:`evaluate_gold` is the one library call behind ``argmap evaluate``; it
is the only part of :mod:`argmap.evaluate` that needs spaCy (imported when
called). :func:`format_report` renders its result as text tables.

Discipline
----------
Documents fall into ``k`` fixed folds by a hash of their id
(:func:`~argmap.evaluate.stats.fold_of`), so the split never depends on
file order. The last fold (fold 5 of 5,
:data:`~argmap.evaluate.stats.HELD_OUT_FOLD`) is held out: it is reported,
never tuned on. The report shows the held-out fold, the whole set and the
tuning folds side by side; every figure has a 95% bootstrap interval over
documents, next to each baseline (:mod:`argmap.evaluate.baseline`) and the
paired difference to the best of them.
"""
from __future__ import annotations

from typing import Any, Sequence

from .baseline import BASELINES
from .figures import document_counts, figure_table
from .gold import GoldDocument
from .score import score_corpus
from .stats import fold_of

__all__ = ["SYSTEM", "TARGETS", "evaluate_gold", "format_report"]

#: Name of argmap's own column in the report.
SYSTEM = "argmap"

#: Quality targets on the microtexts (issue 9), by figure key; each must also
#: beat the best baseline by at least :data:`TARGET_MARGIN`.
TARGETS = {"central_claim": 0.80, "role_macro_f1": 0.65, "relation_f1": 0.55}
TARGET_MARGIN = 0.05


def _subsets(folds: list[int], k: int, fold: int | None,
             tuning: bool = False) -> list[tuple[str, str, list[int]]]:
    """``(key, label, document indexes)`` of each document set to report."""
    everything = list(range(len(folds)))
    if tuning:
        return [("tuning", f"tuning folds 1-{k - 1}", [i for i in everything if folds[i] != k])]
    if fold is not None:
        role = "held out" if fold == k else "tuning"
        return [(f"fold_{fold}", f"fold {fold} of {k} ({role})", [i for i in everything if folds[i] == fold])]
    if k < 2:
        return [("whole", "whole set", everything)]
    return [
        ("held_out", f"held-out fold {k} of {k}", [i for i in everything if folds[i] == k]),
        ("whole", "whole set", everything),
        ("tuning", f"tuning folds 1-{k - 1}", [i for i in everything if folds[i] != k]),
    ]


def evaluate_gold(
    golds: Sequence[GoldDocument], nlp: Any, *, folds: int = 5, fold: int | None = None,
    tuning: bool = False, threshold: float = 0.5, n_boot: int = 1000, seed: int = 0,
    skipped: Sequence[str] = (),
) -> dict[str, Any]:
    """Extract every gold text with ``nlp`` and score it next to the baselines.

    Args:
        golds: Gold documents, e.g. from :func:`~argmap.evaluate.read_microtexts`.
        nlp: A pipeline with the argmap components
            (:func:`argmap.pipeline.load_pipeline`).
        folds: Number of fixed folds ``k``; fold ``k`` is held out. ``1``
            reports the whole set only.
        fold: Report only this fold (1..k).
        tuning: Report only the tuning folds 1..k-1 together (needs ``k`` of
            2 or more; not with ``fold``).
        threshold: Token-overlap threshold for unit matching.
        n_boot: Bootstrap resamples per interval.
        seed: Bootstrap seed (the report is deterministic for a given seed).
        skipped: Messages about gold documents the reader skipped (reported).

    Returns:
        A JSON-ready dict: ``format``, ``documents``, ``skipped``, ``model``,
        ``folds``, ``held_out_fold``, ``fold_sizes``, ``systems``, ``subsets``
        (each with ``key``, ``label``, ``documents``, ``ids`` and
        ``figures`` from :func:`~argmap.evaluate.figures.figure_table`),
        ``targets``, and the detailed :func:`~argmap.evaluate.score_corpus`
        reports of the documents reported: ``pipeline`` and ``baselines``
        (each ``per_document`` row also has its ``fold``). Only the documents
        reported are run through ``nlp``: with ``fold`` or ``tuning`` the
        held-out fold is never extracted unless it is the fold asked for.
    """
    from ..extract import extract_articles

    k = max(1, folds)
    if fold is not None and not 1 <= fold <= k:
        raise ValueError(f"fold {fold} is not one of 1..{k}")
    if tuning and (k < 2 or fold is not None):
        raise ValueError("tuning folds need 2 or more folds and no single fold")
    doc_folds = [fold_of(gold.id, k) if k > 1 else 1 for gold in golds]
    spec = _subsets(doc_folds, k, fold, tuning)
    reported = sorted({i for _, _, idx in spec for i in idx})
    position = {i: n for n, i in enumerate(reported)}  # document index -> place in the extracted lists
    items = [(golds[i].id, golds[i].text, golds[i].id) for i in reported]
    articles = list(extract_articles(items, nlp=nlp))
    systems = {SYSTEM: articles, **{name: [fn(a) for a in articles] for name, fn in BASELINES.items()}}
    counts = {name: [document_counts(golds[i], a, threshold=threshold) for i, a in zip(reported, arts)]
              for name, arts in systems.items()}
    subsets = []
    for key, label, idx in spec:
        table = figure_table({name: [rows[position[i]] for i in idx] for name, rows in counts.items()},
                             system=SYSTEM, baselines=list(BASELINES), n=n_boot, seed=seed) if idx else []
        subsets.append({"key": key, "label": label, "documents": len(idx),
                        "ids": [golds[i].id for i in idx], "figures": table})
    fold_by_id = {golds[i].id: doc_folds[i] for i in reported}

    def detailed(system: list[Any]) -> dict[str, Any]:
        report = score_corpus(((golds[i], system[position[i]]) for i in reported), threshold=threshold)
        for row in report["per_document"]:
            row["fold"] = fold_by_id[row["id"]]
        return report

    return {
        "format": golds[0].fmt if golds else "",
        "documents": len(golds),
        "skipped": list(skipped),
        "model": articles[0].model if articles else "",
        "folds": k,
        "held_out_fold": k if k > 1 else None,
        "fold": fold,
        "tuning": tuning,
        "fold_sizes": {str(f): doc_folds.count(f) for f in range(1, k + 1)},
        "threshold": threshold,
        "bootstrap": {"resamples": n_boot, "seed": seed, "level": 0.95},
        "systems": [SYSTEM, *BASELINES],
        "subsets": subsets,
        "targets": {"figures": TARGETS, "margin_over_best_baseline": TARGET_MARGIN},
        "pipeline": detailed(articles),
        "baselines": {name: detailed(systems[name]) for name in BASELINES},
    }


def _cell(value: dict[str, float], *, interval: bool) -> str:
    if interval:
        return f"{value['value']:.3f} [{value['low']:.3f},{value['high']:.3f}]"
    return f"{value['value']:.3f}"


def format_report(result: dict[str, Any], *, figures: Sequence[str] | None = None) -> str:
    """Render an :func:`evaluate_gold` result as one text table per document set.

    Each table has argmap's figure with its 95% interval, each baseline's
    figure, the best baseline's name and the paired difference argmap minus
    best baseline with its interval, and the target where there is one.

    Examples:
        >>> print(format_report({"format": "brat", "documents": 0, "skipped": [], "model": "",
        ...                      "folds": 5, "fold_sizes": {}, "subsets": []}))
        0 brat documents, 0 skipped; 5 folds by document id, fold 5 held out (never tuned on)
    """
    k = result.get("folds", 1)
    head = f"{result['documents']} {result['format']} documents, {len(result.get('skipped', []))} skipped"
    if result.get("model"):
        head += f", model {result['model']}"
    if k > 1:
        head += f"; {k} folds by document id, fold {k} held out (never tuned on)"
    lines = [head]
    keep = None if figures is None else set(figures)
    for subset in result["subsets"]:
        rows = [r for r in subset["figures"] if keep is None or r["key"] in keep]
        if not subset["documents"]:
            lines += ["", f"{subset['label']}: no documents, nothing to report"]
            continue
        if not rows:
            continue
        baselines = [s for s in result.get("systems", [])[1:] if s in rows[0]]
        width = max(len(r["label"]) for r in rows) + 2
        lines += ["", f"{subset['label']}: {subset['documents']} documents"]
        header = "".ljust(width) + f"{SYSTEM + ' [95% CI]':<22}" + "".join(f"{b:>11}" for b in baselines)
        lines.append(header + f"   {'argmap - best baseline [95% CI]':<40}target")
        for r in rows:
            cells = f"{_cell(r[SYSTEM], interval=True):<22}" + "".join(f"{r[b]['value']:>11.3f}" for b in baselines)
            diff = ""
            if "difference" in r:
                d = r["difference"]
                diff = f"{d['value']:+.3f} [{d['low']:+.3f},{d['high']:+.3f}] vs {r['best_baseline']}"
            target = TARGETS.get(r["key"])
            lines.append(r["label"].ljust(width) + cells + f"   {diff:<40}"
                         + (f">= {target:.2f}, +{TARGET_MARGIN:.2f}" if target is not None else "").rstrip())
    return "\n".join(line.rstrip() for line in lines)
