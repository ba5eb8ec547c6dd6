"""Torch-free helpers of the topic-grouped CV in ``training/stance.py``: which folds to run,
and the paired comparison of two runs' per-claim predictions (``stance.py cv-compare``).

Kept apart from ``stance.py`` (which imports torch) so the tests can run them
in argmap's own venv.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

__all__ = ["check_tag", "compare_predictions", "parse_folds"]

#: the columns that identify a claim in a CV prediction file (``cv_*_predictions.csv``)
CLAIM_KEY = ("topic", "fold", "start", "end", "gold")


#: a recipe variant's name: it becomes part of file names under the build and results folders
_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def check_tag(tag: str) -> str:
    """``tag`` if it is a safe file-name part for ``--tag`` ("" for none), else ``ValueError``.

    >>> check_tag("lower4_lr3e-5"), check_tag("")
    ('lower4_lr3e-5', '')

    A separator, a leading dot or anything beyond letters, digits, ``.``,
    ``_`` and ``-`` would let the CV files land outside their folders.
    """
    if tag and not _TAG.fullmatch(tag):
        raise ValueError(f"--tag {tag!r}: letters, digits, '.', '_' or '-' (up to 64), "
                         "not starting with '.' or '-'")
    return tag


def parse_folds(spec: str, k: int) -> list[int]:
    """The CV folds to run: ``spec`` such as ``"1,2,3,4"`` (sorted, no repeats), or all ``k``.

    >>> parse_folds("", 5), parse_folds("4, 1,2", 5)
    ([1, 2, 3, 4, 5], [1, 2, 4])

    Raises ``ValueError`` for anything but fold numbers 1..k.
    """
    if not spec.strip():
        return list(range(1, k + 1))
    parts = [p.strip() for p in spec.split(",")]
    if not all(p.isdigit() for p in parts):
        raise ValueError(f"--cv-folds {spec}: a comma-separated list of fold numbers")
    folds = sorted({int(p) for p in parts})
    if not all(1 <= f <= k for f in folds):
        raise ValueError(f"--cv-folds {spec}: folds are 1..{k}")
    return folds


def compare_predictions(a: Sequence[dict], b: Sequence[dict], paired_bootstrap: Callable, *,
                        folds: Sequence[int] | None = None, seed: int = 13) -> dict:
    """Accuracy of two CV runs on the same claims and their paired difference.

    ``a`` and ``b`` are rows of two prediction files (``topic``, ``fold``,
    ``start``, ``end``, ``gold``, ``right``); ``folds`` keeps only those folds
    of both. ``paired_bootstrap`` is :func:`argmap.evaluate.stats.paired_bootstrap`
    (passed in: the training venv cannot import the argmap package). Returns
    ``{"claims", "topics", "folds", "accuracy": (a, b), "by_topic": Interval,
    "by_claim": Interval, "per_fold": {fold: (a, b, n)}}``; the intervals
    resample topics (pooled accuracy) and claims.

    Raises ``ValueError`` when the rows are not the same claims in the same order.
    """
    if folds is not None:
        keep = {str(f) for f in folds}
        a = [r for r in a if r["fold"] in keep]
        b = [r for r in b if r["fold"] in keep]
    if [[r[c] for c in CLAIM_KEY] for r in a] != [[r[c] for c in CLAIM_KEY] for r in b]:
        raise ValueError("the two files do not hold the same claims in the same order")
    by_topic: dict[str, tuple[list[int], list[int]]] = {}
    for ra, rb in zip(a, b):
        ga, gb = by_topic.setdefault(ra["topic"], ([], []))
        ga.append(int(ra["right"]))
        gb.append(int(rb["right"]))
    topics = sorted(by_topic)
    side_a = [by_topic[t][0] for t in topics]
    side_b = [by_topic[t][1] for t in topics]

    def pooled(groups) -> float:
        return sum(sum(g) for g in groups) / max(1, sum(len(g) for g in groups))

    per_fold = {}
    for f in sorted({int(r["fold"]) for r in a}):
        fa = [int(r["right"]) for r in a if int(r["fold"]) == f]
        fb = [int(r["right"]) for r in b if int(r["fold"]) == f]
        per_fold[f] = (sum(fa) / len(fa), sum(fb) / len(fb), len(fa))
    return {"claims": len(a), "topics": len(topics), "folds": sorted(per_fold),
            "accuracy": (pooled(side_a), pooled(side_b)),
            "by_topic": paired_bootstrap(side_a, side_b, pooled, seed=seed),
            "by_claim": paired_bootstrap([int(r["right"]) for r in a], [int(r["right"]) for r in b],
                                         seed=seed),
            "per_fold": per_fold}
