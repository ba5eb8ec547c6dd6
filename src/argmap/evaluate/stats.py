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

When every figure is a function of counts summed over documents (micro F1,
accuracy, macro-F1 from confusion counts), :func:`bootstrap_totals` and
:func:`paired_bootstrap_totals` do the same resampling with numpy: one row
of counts per document, a resample is a vector of how often each document
was drawn (:func:`resample_weights`), and its totals are one matrix product.
Many figures over the same resamples then cost little, and two systems
compared on the same resamples give a paired interval.

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
from typing import TYPE_CHECKING, Any, Callable, Sequence

if TYPE_CHECKING:
    import numpy as np

__all__ = ["HELD_OUT_FOLD", "Interval", "fold_of", "split_folds", "bootstrap_ci",
           "paired_bootstrap", "mean", "micro_f1", "resample_weights", "bootstrap_totals",
           "paired_bootstrap_totals", "safe_ratio", "f1_of_totals", "ratio_of_totals", "total_figure"]

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


def resample_weights(m: int, *, n: int = 1000, seed: int = 0) -> "np.ndarray":
    """How often each of ``m`` documents is drawn in each of ``n`` resamples.

    Returns an ``(n, m)`` integer array whose rows sum to ``m``; deterministic
    for a given ``seed``.

    >>> w = resample_weights(3, n=4, seed=1)
    >>> w.shape, w.sum(axis=1).tolist()
    ((4, 3), [3, 3, 3, 3])
    """
    import numpy as np

    if m == 0:
        return np.zeros((n, 0), dtype=np.int64)
    return np.random.default_rng(seed).multinomial(m, [1.0 / m] * m, size=n)


def safe_ratio(num: Any, den: Any) -> "np.ndarray":
    """Element-wise ``num / den`` with 0 where ``den`` is 0.

    >>> safe_ratio([1, 2], [2, 0]).tolist()
    [0.5, 0.0]
    """
    import numpy as np

    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)


def f1_of_totals(t: Any) -> "np.ndarray":
    """F1 of each row of totals ``[true positives, predicted, gold]`` (a ``stat`` for
    :func:`bootstrap_totals` over per-document counts in that order).

    >>> f1_of_totals([[1, 2, 2], [0, 0, 0]]).tolist()
    [0.5, 0.0]
    """
    import numpy as np

    t = np.asarray(t, dtype=float)
    return safe_ratio(2 * t[:, 0], t[:, 1] + t[:, 2])


def ratio_of_totals(t: Any) -> "np.ndarray":
    """Accuracy of each row of totals ``[right, scored]`` (a ``stat`` for :func:`bootstrap_totals`).

    >>> ratio_of_totals([[3, 4], [0, 0]]).tolist()
    [0.75, 0.0]
    """
    import numpy as np

    t = np.asarray(t, dtype=float)
    return safe_ratio(t[:, 0], t[:, 1])


def total_figure(per_doc: Any, stat: Callable[[Any], Any]) -> float:
    """``stat`` of the summed per-document counts: the figure :func:`bootstrap_totals` reports.

    >>> total_figure([[1, 2, 2], [1, 1, 2]], f1_of_totals)
    0.5714...
    """
    import numpy as np

    per_doc = np.asarray(per_doc, dtype=float)
    return float(stat(per_doc.sum(axis=0, keepdims=True))[0]) if len(per_doc) else 0.0


def _interval(value: float, samples: Any, level: float) -> Interval:
    lo, hi = _percentiles([float(x) for x in samples], level)
    return Interval(float(value), lo, hi)


def bootstrap_totals(per_doc: Any, stat: Callable[[Any], Any], *, n: int = 1000,
                     level: float = 0.95, seed: int = 0, weights: Any = None) -> Interval:
    """A figure computed from summed counts, with its percentile interval over documents.

    Args:
        per_doc: ``(m, f)`` array: one row of ``f`` counts per document.
        stat: Maps a ``(k, f)`` array of totals to ``k`` figures (vectorised).
        weights: Resample weights to reuse (:func:`resample_weights`);
            made from ``n`` and ``seed`` when ``None``.

    >>> import numpy as np
    >>> acc = lambda t: safe_ratio(t[:, 0], t[:, 1])
    >>> ci = bootstrap_totals(np.array([[1, 1], [0, 1], [1, 1], [1, 1]]), acc, seed=3)
    >>> ci.value, ci.low < 0.75 < ci.high
    (0.75, True)
    """
    import numpy as np

    per_doc = np.asarray(per_doc, dtype=float)
    value = total_figure(per_doc, stat)
    if not len(per_doc):
        return Interval(value, 0.0, 0.0)
    w = resample_weights(len(per_doc), n=n, seed=seed) if weights is None else weights
    return _interval(value, stat(w @ per_doc), level)


def paired_bootstrap_totals(a: Any, b: Any, stat: Callable[[Any], Any], *, n: int = 1000,
                            level: float = 0.95, seed: int = 0, weights: Any = None) -> Interval:
    """``stat(a) - stat(b)`` for two systems' per-document counts, resampling the
    same documents for both (row ``i`` of ``a`` and ``b`` is one document).

    >>> import numpy as np
    >>> acc = lambda t: safe_ratio(t[:, 0], t[:, 1])
    >>> d = paired_bootstrap_totals([[1, 1], [1, 1], [1, 1], [0, 1]], [[0, 1], [0, 1], [1, 1], [0, 1]], acc)
    >>> round(d.value, 2), d.low >= 0.0
    (0.5, True)
    """
    import numpy as np

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("paired_bootstrap_totals needs the same documents and counts on both sides")
    if not len(a):
        return Interval(0.0, 0.0, 0.0)
    value = total_figure(a, stat) - total_figure(b, stat)
    w = resample_weights(len(a), n=n, seed=seed) if weights is None else weights
    return _interval(value, stat(w @ a) - stat(w @ b), level)
