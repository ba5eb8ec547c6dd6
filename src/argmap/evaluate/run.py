"""Run the argmap pipeline over gold documents and score it.

:func:`evaluate_gold` is the one library call behind ``argmap evaluate``; it
is the only part of :mod:`argmap.evaluate` that needs spaCy (imported when
called). :func:`format_report` renders its result as a small text table.
"""
from __future__ import annotations

from typing import Any, Sequence

from .baseline import baseline_article
from .gold import GoldDocument
from .score import score_corpus, summary_rows

__all__ = ["TARGETS", "evaluate_gold", "format_report"]

#: Quality targets on the microtexts (issue 5), by report path.
TARGETS = {
    ("central_claim", "accuracy"): 0.75,
    ("roles", "macro_f1"): 0.65,
    ("relations", "labeled", "f1"): 0.50,
}


def evaluate_gold(
    golds: Sequence[GoldDocument], nlp: Any, *, baseline: bool = False, threshold: float = 0.5
) -> dict[str, Any]:
    """Extract every gold text with ``nlp`` and score the result.

    Args:
        golds: Gold documents, e.g. from :func:`~argmap.evaluate.read_microtexts`.
        nlp: A pipeline with the argmap components
            (:func:`argmap.pipeline.load_pipeline`).
        baseline: Also score :func:`~argmap.evaluate.baseline_article` on the
            same units.
        threshold: Token-overlap threshold for unit matching.

    Returns:
        ``{"format", "documents", "model", "pipeline": report[, "baseline": report]}``
        where each report is a :func:`~argmap.evaluate.score_corpus` dict.
    """
    from ..extract import extract_articles

    items = [(gold.id, gold.text, gold.id) for gold in golds]
    articles = list(extract_articles(items, nlp=nlp))
    result: dict[str, Any] = {
        "format": golds[0].fmt if golds else "",
        "documents": len(golds),
        "model": articles[0].model if articles else "",
        "pipeline": score_corpus(zip(golds, articles), threshold=threshold),
    }
    if baseline:
        base = [baseline_article(a) for a in articles]
        result["baseline"] = score_corpus(zip(golds, base), threshold=threshold)
    return result


def _target_for(label: str) -> float | None:
    names = {
        "central claim accuracy": ("central_claim", "accuracy"),
        "role macro-F1": ("roles", "macro_f1"),
        "relation F1 (support/attack)": ("relations", "labeled", "f1"),
    }
    return TARGETS.get(names.get(label, ()))


def format_report(result: dict[str, Any]) -> str:
    """Render an :func:`evaluate_gold` result as an aligned text table.

    Examples:
        >>> from argmap.evaluate import score_corpus
        >>> print(format_report({"format": "brat", "documents": 0, "model": "",
        ...                      "pipeline": score_corpus([])}).splitlines()[0])
        0 brat documents
    """
    columns = [name for name in ("pipeline", "baseline") if name in result]
    rows = {name: summary_rows(result[name]) for name in columns}
    width = max(len(label) for label, _ in rows[columns[0]]) + 2
    lines = [f"{result['documents']} {result['format']} documents" + (f", model {result['model']}" if result.get("model") else "")]
    lines.append("".ljust(width) + "".join(c.rjust(10) for c in columns) + "    target")
    for k, (label, _) in enumerate(rows[columns[0]]):
        cells = "".join(f"{rows[c][k][1]:10.3f}" for c in columns)
        target = _target_for(label)
        lines.append(label.ljust(width) + cells + (f"    >= {target:.2f}" if target is not None else ""))
    return "\n".join(lines)
