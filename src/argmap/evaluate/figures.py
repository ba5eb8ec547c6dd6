"""Headline figures with bootstrap intervals, for argmap and every baseline.

Each document is turned into one row of counts per system
(:func:`document_counts`); every headline figure is a function of those
counts summed over a set of documents (:data:`FIGURES`). That makes a
figure's 95% interval a resampling of documents
(:func:`~argmap.evaluate.stats.bootstrap_totals`), and the difference
between argmap and the best baseline a *paired* resampling of the same
documents (:func:`~argmap.evaluate.stats.paired_bootstrap_totals`).
The best baseline is chosen per figure and per document set, as the
baseline with the highest value there.

>>> [f.key for f in FIGURES][:3]
['segmentation_f1', 'central_claim', 'role_macro_f1']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from ..records import Article
from ..types import RelationKind
from .gold import GoldDocument
from .score import ROLES, score_document
from .standard import PS_LABELS, UNMATCHED, eger_counts, peldszus_stede_pairs
from .stats import bootstrap_totals, paired_bootstrap_totals, resample_weights, safe_ratio

__all__ = ["FIGURES", "Figure", "document_counts", "figure_table"]


def document_counts(gold: GoldDocument, article: Article, *, threshold: float = 0.5) -> dict[str, int]:
    """Every count the headline figures need, for one document and one system.

    Examples:
        >>> from argmap.evaluate import parse_brat
        >>> gold = parse_brat("A is so.", "T1\\tMajorClaim 0 8\\tA is so.", doc_id="d")
        >>> counts = document_counts(gold, Article("d", "", "", "", gold.text))
        >>> counts["central_scored"], counts["central_correct"], counts["units_gold"]
        (1, 0, 1)
    """
    doc = score_document(gold, article, threshold=threshold)
    counts: dict[str, int] = {
        "units_tp": doc["units"]["tp"], "units_pred": doc["units"]["pred"], "units_gold": doc["units"]["gold"],
        "central_correct": doc["central"]["correct"], "central_scored": doc["central"]["scored"],
        "side_tp": doc["side"]["tp"], "side_matched": doc["side"]["matched"],
        "side_all_pro": doc["side"]["all_pro"],
    }
    for role in ROLES:
        for part in ("tp", "pred", "gold"):
            counts[f"role_{role}_{part}"] = doc["roles"][role][part]
    for name, rel in doc["relations"].items():
        for part in ("tp", "pred", "gold"):
            counts[f"rel_{name}_{part}"] = rel[part]
    for level, pairs in peldszus_stede_pairs(gold, article, threshold=threshold).items():
        for g in PS_LABELS[level]:
            for p in (*PS_LABELS[level], UNMATCHED):
                counts[f"ps_{level}_{g}_{p}"] = 0
        for g, p in pairs:
            key = f"ps_{level}_{g}_{p}"
            counts[key] = counts.get(key, 0) + 1
    for overlap, tag in ((1.0, "100"), (0.5, "50")):
        for key, value in eger_counts(gold, article, overlap=overlap).items():
            counts[f"eger{tag}_{key}"] = value
    return counts


Totals = Mapping[str, Any]


def _f1(t: Totals, prefix: str) -> Any:
    return safe_ratio(2 * t[f"{prefix}_tp"], t[f"{prefix}_pred"] + t[f"{prefix}_gold"])


def _role_macro(t: Totals) -> Any:
    return sum(_f1(t, f"role_{role}") for role in ROLES) / len(ROLES)


def _eger(t: Totals, tag: str, what: str) -> Any:
    return _f1(t, f"eger{tag}_{what}")


def _ps_macro(level: str) -> Callable[[Totals], Any]:
    labels = PS_LABELS[level]
    predicted = (*labels, UNMATCHED)

    def stat(t: Totals) -> Any:
        scores = []
        for c in labels:
            tp = t.get(f"ps_{level}_{c}_{c}", 0)
            pred = sum(t.get(f"ps_{level}_{g}_{c}", 0) for g in labels)
            gold = sum(t.get(f"ps_{level}_{c}_{p}", 0) for p in predicted)
            scores.append(safe_ratio(2 * tp, pred + gold))
        return sum(scores) / len(scores)

    return stat


@dataclass(frozen=True)
class Figure:
    """One headline figure: a key for JSON, a label for the table, the
    function from summed counts to the figure (vectorised), and whether it is
    compared with the best baseline (``False`` for a figure that is itself a
    baseline, like all-pro side accuracy on argmap's own units)."""

    key: str
    label: str
    stat: Callable[[Totals], Any]
    compare: bool = True


#: Headline figures in report order.
FIGURES: tuple[Figure, ...] = (
    Figure("segmentation_f1", "segmentation F1", lambda t: _f1(t, "units")),
    Figure("central_claim", "central claim accuracy",
           lambda t: safe_ratio(t["central_correct"], t["central_scored"])),
    Figure("role_macro_f1", "role macro-F1", _role_macro),
    *(Figure(f"role_f1_{role}", f"role F1 {role}", lambda t, r=role: _f1(t, f"role_{r}")) for role in ROLES),
    Figure("relation_f1", "relation F1 (support/attack)", lambda t: _f1(t, "rel_labeled")),
    Figure("relation_f1_support", "relation F1 support", lambda t: _f1(t, f"rel_{RelationKind.SUPPORT.value}")),
    Figure("relation_f1_attack", "relation F1 attack", lambda t: _f1(t, f"rel_{RelationKind.ATTACK.value}")),
    Figure("attachment_f1", "attachment F1 (unlabeled)", lambda t: _f1(t, "rel_unlabeled")),
    Figure("side_accuracy", "side (pro/opp) accuracy", lambda t: safe_ratio(t["side_tp"], t["side_matched"])),
    Figure("side_all_pro", "side accuracy if all pro", lambda t: safe_ratio(t["side_all_pro"], t["side_matched"]),
           compare=False),
    Figure("ps_cc", "P&S cc macro-F1", _ps_macro("cc")),
    Figure("ps_ro", "P&S ro macro-F1", _ps_macro("ro")),
    Figure("ps_fu", "P&S fu macro-F1", _ps_macro("fu")),
    Figure("ps_at", "P&S at macro-F1", _ps_macro("at")),
    Figure("eger_component_100", "Eger component F1 100%", lambda t: _eger(t, "100", "component")),
    Figure("eger_component_50", "Eger component F1 50%", lambda t: _eger(t, "50", "component")),
    Figure("eger_relation_100", "Eger relation F1 100%", lambda t: _eger(t, "100", "relation")),
    Figure("eger_relation_50", "Eger relation F1 50%", lambda t: _eger(t, "50", "relation")),
)


def _matrix(rows: Sequence[Mapping[str, int]], names: Sequence[str]) -> Any:
    import numpy as np

    return np.array([[row.get(n, 0) for n in names] for row in rows], dtype=float).reshape(len(rows), len(names))


def _columns(totals: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: totals[:, k] for k, name in enumerate(names)}


def figure_table(counts: Mapping[str, Sequence[Mapping[str, int]]], *, system: str = "argmap",
                 baselines: Sequence[str] = (), n: int = 1000, seed: int = 0,
                 figures: Sequence[Figure] = FIGURES) -> list[dict[str, Any]]:
    """Every figure for ``system`` and each baseline, with intervals and the
    paired difference ``system - best baseline``.

    Args:
        counts: Per system, one :func:`document_counts` row per document
            (the same documents, in the same order, for every system).
        system: The system compared with the baselines.
        baselines: Names in ``counts`` to compare with.
        n: Bootstrap resamples (one set, shared by every figure and system).
        seed: Bootstrap seed.

    Returns:
        One dict per figure: ``key``, ``label``, one ``{"value", "low",
        "high"}`` per system, ``best_baseline`` and ``difference``.

    Examples:
        >>> rows = {"argmap": [{"central_correct": 1, "central_scored": 1}] * 4,
        ...         "first": [{"central_correct": 0, "central_scored": 1}] * 4}
        >>> fig = [f for f in FIGURES if f.key == "central_claim"]
        >>> row = figure_table(rows, baselines=["first"], figures=fig)[0]
        >>> row["argmap"], row["best_baseline"], row["difference"]["value"]
        ({'value': 1.0, 'low': 1.0, 'high': 1.0}, 'first', 1.0)
    """
    names = sorted({k for rows in counts.values() for row in rows for k in row})
    docs = len(counts[system])
    weights = resample_weights(docs, n=n, seed=seed)
    mats = {name: _matrix(rows, names) for name, rows in counts.items()}
    table = []
    for fig in figures:
        def stat(totals: Any, fig: Figure = fig) -> Any:
            return fig.stat(_columns(totals, names))

        row: dict[str, Any] = {"key": fig.key, "label": fig.label}
        for name in (system, *baselines):
            row[name] = bootstrap_totals(mats[name], stat, weights=weights).as_dict()
        if baselines and fig.compare:
            best = max(baselines, key=lambda b: (row[b]["value"], -list(baselines).index(b)))
            row["best_baseline"] = best
            row["difference"] = paired_bootstrap_totals(mats[system], mats[best], stat, weights=weights).as_dict()
        table.append(row)
    return table
