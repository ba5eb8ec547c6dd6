"""Uncertainty and held-out discipline shared by every evaluation format.

* :func:`fold_of` puts a document in one of ``k`` fixed folds, from its id
  alone, so the split never depends on file order or on the machine;
* :func:`bootstrap_ci` gives a 95% percentile interval of a corpus figure by
  resampling documents;
* :func:`paired_bootstrap` does the same for the difference between two
  systems scored on the same documents (argmap minus a baseline).

Per-document values can be plain numbers (the figure is their mean) or
tuples of counts that a ``stat`` function turns into the figure (for
micro-averaged F1: ``(tp, n_pred, n_gold)`` per document).

>>> fold_of("micro_b001"), fold_of("micro_b001")
(2, 2)
>>> lo, hi = bootstrap_ci([1, 0, 1, 1, 0, 1, 1, 1], seed=1)
>>> 0.3 < lo < 0.75 < hi <= 1.0
True
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any, Callable, Sequence

__all__ = ["HELD_OUT_FOLD", "Interval", "fold_of", "split_folds", "bootstrap_ci",
           "paired_bootstrap", "mean", "micro_f1"]

#: The fold that is reported and never tuned on (folds are numbered from 1).
HELD_OUT_FOLD = 5


def fold_of(doc_id: str, k: int = 5) -> int:
    """Return the fold (1..k) of a document, from a hash of its id.

    >>> sorted({fold_of(f"doc{i}") for i in range(50)})
    [1, 2, 3, 4, 5]
    """
    digest = hashlib.sha256(doc_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % k + 1


def split_folds(doc_ids: Sequence[str], k: int = 5) -> dict[int, list[str]]:
    """Group document ids by :func:`fold_of` (every fold present, maybe empty).

    >>> split_folds(["a", "b", "c", "d"], k=2)
    {1: ['a', 'b', 'c'], 2: ['d']}
    """
    folds: dict[int, list[str]] = {i: [] for i in range(1, k + 1)}
    for doc_id in doc_ids:
        folds[fold_of(doc_id, k)].append(doc_id)
    return folds


def mean(values: Sequence[Any]) -> float:
    """Mean of numbers (0.0 for none)."""
    return sum(values) / len(values) if values else 0.0


def micro_f1(counts: Sequence[tuple[float, float, float]]) -> float:
    """Micro F1 from per-document ``(true positives, predicted, gold)``.

    >>> micro_f1([(1, 2, 2), (1, 1, 2)])
    0.5714...
    """
    tp = sum(c[0] for c in counts)
    pred = sum(c[1] for c in counts)
    gold = sum(c[2] for c in counts)
    return 2 * tp / (pred + gold) if pred + gold else 0.0


@dataclass(frozen=True, slots=True)
class Interval:
    """A figure with its 95% bootstrap interval."""

    value: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"

    def as_dict(self) -> dict[str, float]:
        """``{"value", "low", "high"}``, rounded to 4 places."""
        return {"value": round(self.value, 4), "low": round(self.low, 4), "high": round(self.high, 4)}


def _percentiles(samples: list[float], level: float) -> tuple[float, float]:
    samples.sort()
    tail = (1.0 - level) / 2
    lo = samples[int(tail * (len(samples) - 1))]
    hi = samples[int(round((1.0 - tail) * (len(samples) - 1)))]
    return lo, hi


def bootstrap_ci(per_doc: Sequence[Any], stat: Callable[[Sequence[Any]], float] = mean, *,
                 n: int = 1000, level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile interval of ``stat`` over documents resampled with replacement.

    Deterministic for a given ``seed``. With no documents the interval is ``(0, 0)``.
    """
    if not per_doc:
        return 0.0, 0.0
    rng = random.Random(seed)
    m = len(per_doc)
    samples = [stat([per_doc[rng.randrange(m)] for _ in range(m)]) for _ in range(n)]
    return _percentiles(samples, level)


def paired_bootstrap(a: Sequence[Any], b: Sequence[Any],
                     stat: Callable[[Sequence[Any]], float] = mean, *, n: int = 1000,
                     level: float = 0.95, seed: int = 0) -> Interval:
    """``stat(a) - stat(b)`` with an interval from resampling the same documents for both.

    ``a[i]`` and ``b[i]`` must belong to the same document.

    >>> d = paired_bootstrap([1, 1, 1, 0], [0, 0, 1, 0])
    >>> round(d.value, 2), d.low >= 0.0
    (0.5, True)
    """
    if len(a) != len(b):
        raise ValueError("paired_bootstrap needs one value per document on both sides")
    value = stat(a) - stat(b)
    if not a:
        return Interval(value, 0.0, 0.0)
    rng = random.Random(seed)
    m = len(a)
    samples = []
    for _ in range(n):
        idx = [rng.randrange(m) for _ in range(m)]
        samples.append(stat([a[i] for i in idx]) - stat([b[i] for i in idx]))
    lo, hi = _percentiles(samples, level)
    return Interval(value, lo, hi)
