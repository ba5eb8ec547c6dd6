"""The argument-matching head: do two sentence embeddings make the same point? (numpy only).

A small network trained on ArgKP (``training/matcher.py``) over symmetric
pair features of two unit-length embeddings ``u``, ``v``: ``|u − v|``,
``u ⊙ v`` and the cosine ``u · v``. Its weights are a ``.npz`` file
(``argmap/data/encoder/matcher.npz``); it runs with numpy and gives a match
probability. The file also holds the average-linkage cut chosen on ArgKP dev
(no longer used: key points match units to candidates, see graph/keypoints.py).

Example:
    >>> import numpy as np
    >>> head = MatchHead([np.zeros((769, 1))], [np.array([0.0])])
    >>> u = np.eye(384, dtype=np.float32)[:2]
    >>> head.predict(u, u).tolist()
    [0.5, 0.5]
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .model_cache import load_once
from .types import PathLike

__all__ = ["MATCHER_PATH", "MatchHead", "MatcherUnavailable", "pair_features", "load_matcher"]

#: The packaged head.
MATCHER_PATH = Path(__file__).resolve().parent / "data" / "encoder" / "matcher.npz"


class MatcherUnavailable(RuntimeError):
    """The head file is missing or malformed."""


def pair_features(U: np.ndarray, V: np.ndarray) -> np.ndarray:
    """Return ``[|u − v|, u ⊙ v, u · v]`` per row pair (symmetric in ``u``, ``v``).

    >>> pair_features(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])).tolist()
    [[1.0, 1.0, 0.0, 0.0, 0.0]]
    """
    U = np.asarray(U, dtype=np.float32)
    V = np.asarray(V, dtype=np.float32)
    prod = U * V
    return np.hstack([np.abs(U - V), prod, prod.sum(axis=1, keepdims=True)])


class MatchHead:
    """A ReLU multi-layer perceptron (one layer = logistic regression) with a sigmoid output.

    Args:
        weights: One ``(d_in, d_out)`` matrix per layer; the last has one column.
        biases: One bias vector per layer.
        meta: What the file says about itself (``kind``, ``cluster_threshold``, ...).
    """

    def __init__(self, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray],
                 meta: dict | None = None) -> None:
        self.weights = [np.asarray(w, dtype=np.float32) for w in weights]
        self.biases = [np.asarray(b, dtype=np.float32) for b in biases]
        self.meta = dict(meta or {})

    @property
    def cluster_threshold(self) -> float:
        """The average-linkage cut chosen on ArgKP dev when the head was trained (kept in the
        file; key points now use :data:`argmap.graph.keypoints.MATCH_THRESHOLD`)."""
        return float(self.meta.get("cluster_threshold", 0.5))

    @classmethod
    def load(cls, path: PathLike | None = None) -> "MatchHead":
        """Read a head written by :meth:`save`.

        Raises:
            MatcherUnavailable: The file is missing or not a head.
        """
        p = Path(path) if path is not None else MATCHER_PATH
        if not p.is_file():
            raise MatcherUnavailable(f"matching head not found: {p}")
        import zipfile

        try:
            with np.load(p, allow_pickle=False) as z:
                n = int(z["n_layers"])
                weights = [z[f"W{i}"] for i in range(n)]
                biases = [z[f"b{i}"] for i in range(n)]
                meta = json.loads(str(z["meta"]))
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise MatcherUnavailable(f"{p}: not a matching head ({exc})") from None
        return cls(weights, biases, meta)

    def save(self, path: PathLike) -> None:
        """Write the weights and meta as ``.npz`` (training time)."""
        arrays = {f"W{i}": w for i, w in enumerate(self.weights)}
        arrays.update({f"b{i}": b for i, b in enumerate(self.biases)})
        np.savez_compressed(path, n_layers=np.array(len(self.weights)),
                            meta=np.array(json.dumps(self.meta, sort_keys=True)), **arrays)

    def _bilinear(self, d: int) -> tuple[np.ndarray, float, float] | None:
        """``(w_prod, w_cos, bias)`` when the head is one layer without ``|u − v|`` weights."""
        w = self.weights[0]
        if len(self.weights) == 1 and w.shape[0] == 2 * d + 1 and not w[:d].any():
            return w[d:2 * d, 0], float(w[2 * d, 0]), float(self.biases[0][0])
        return None

    def predict(self, U: np.ndarray, V: np.ndarray, *, chunk: int = 8192) -> np.ndarray:
        """Match probabilities (float64, ``(n,)``) of row pairs of ``U`` and ``V``.

        Runs ``chunk`` pairs at a time, so memory stays small for many pairs.
        """
        U = np.asarray(U, dtype=np.float32)
        V = np.asarray(V, dtype=np.float32)
        out = np.empty(len(U), dtype=np.float64)
        lin = self._bilinear(U.shape[1]) if U.ndim == 2 else None
        for lo in range(0, len(U), chunk):
            u, v = U[lo:lo + chunk], V[lo:lo + chunk]
            if lin is not None:
                prod = u * v
                h = (prod @ lin[0] + lin[1] * prod.sum(axis=1) + lin[2])[:, None]
            else:
                h = pair_features(u, v)
                for i, (w, b) in enumerate(zip(self.weights, self.biases)):
                    h = h @ w + b
                    if i < len(self.weights) - 1:
                        h = np.maximum(h, 0.0)
            out[lo:lo + chunk] = h[:, 0]
        return 1.0 / (1.0 + np.exp(-np.clip(out, -50.0, 50.0)))


    def cross(self, U: np.ndarray, V: np.ndarray, *, chunk: int = 256) -> np.ndarray:
        """Match probabilities of every row of ``U`` with every row of ``V``: ``(len(U), len(V))``.

        A one-layer head without ``|u − v|`` weights is bilinear and takes one
        matrix product; any other head is run on row blocks of ``U``.

        >>> head = MatchHead([np.r_[np.zeros(2), np.ones(2), [0.0]][:, None]], [np.array([0.0])])
        >>> head.cross(np.eye(2)[:1], np.eye(2)).round(3).tolist()
        [[0.731, 0.5]]
        """
        U = np.asarray(U, dtype=np.float32)
        V = np.asarray(V, dtype=np.float32)
        lin = self._bilinear(U.shape[1])
        if lin is not None:
            wp, wc, bias = lin
            # (u * wp) . v + wc (u . v) = (u * (wp + wc)) . v: one matrix product
            z = (U * (wp + wc)) @ V.T + bias
            z = np.clip(z.astype(np.float64), -50.0, 50.0)
            return 1.0 / (1.0 + np.exp(-z))
        out = np.zeros((len(U), len(V)), dtype=np.float64)
        for lo in range(0, len(U), chunk):
            hi = min(len(U), lo + chunk)
            ii, jj = np.meshgrid(np.arange(lo, hi), np.arange(len(V)), indexing="ij")
            out[lo:hi] = self.predict(U[ii.ravel()], V[jj.ravel()]).reshape(hi - lo, len(V))
        return out

    def pairwise(self, E: np.ndarray, *, chunk: int = 256) -> np.ndarray:
        """Match probabilities of every pair of rows of ``E``: a symmetric ``(n, n)`` array
        (:meth:`cross` of ``E`` with itself).

        >>> head = MatchHead([np.r_[np.zeros(2), np.ones(2), [0.0]][:, None]], [np.array([0.0])])
        >>> head.pairwise(np.eye(2)).round(3).tolist()
        [[0.731, 0.5], [0.5, 0.731]]
        """
        return self.cross(E, E, chunk=chunk)


_CACHE: dict[str, MatchHead | None] = {}


def load_matcher(path: PathLike | None = None) -> MatchHead | None:
    """Return the head, loaded once per process, or ``None`` when unavailable.

    >>> load_matcher("/nonexistent/matcher.npz") is None
    True
    """
    key = str(path) if path is not None else ""
    return load_once(_CACHE, key, lambda: MatchHead.load(path), MatcherUnavailable)
