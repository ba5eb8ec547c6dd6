"""Target-aware stance model: ONNX int8 run time (no torch, no spaCy).

Scores (text, target) pairs as negative / neutral / positive with
onnxruntime and tokenizers. The model files, their tokenizer, NOTICE and
MODEL_CARD.md live in ``argmap/data/stance/``; ``training/stance.py``
builds them (``make model``) and imports :func:`encode_items` from here, so
training and run time cut windows and mark targets the same way.

Late marking: the sentence goes through the embeddings and the lower
encoder layers once, unmarked (``[CLS] sentence [SEP]``, graph
``lower.onnx``); each target then adds a learned marker vector to its
tokens' hidden states and runs the upper layers, the pooling (mean over
the sentence and over the target) and the head (graph ``upper.onnx``).
A sentence longer than ``MAX_LENGTH`` tokens is cut to a window around
each target, nearest tokens first.

Example:
    >>> model = load_stance_model()  # doctest: +SKIP
    >>> text = "The council wisely rescued the library."
    >>> model.predict([(text, 4, 11)]).argmax(axis=1)  # doctest: +SKIP
    array([2])
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from ..model_cache import load_once
from ..onnx_model import OnnxUnavailable, load_onnx

__all__ = [
    "LABELS",
    "LOWER_FILE",
    "MAX_LENGTH",
    "UPPER_FILE",
    "EncodedItems",
    "ModelUnavailable",
    "StanceModel",
    "default_model_dir",
    "encode_items",
    "load_stance_model",
]

LABELS = ("negative", "neutral", "positive")
MAX_LENGTH = 128
MAX_MENTION_TOKENS = 24
#: the two graphs in the model folder, run one after the other
LOWER_FILE, UPPER_FILE = "lower.onnx", "upper.onnx"
_CLS, _SEP = "[CLS]", "[SEP]"


class ModelUnavailable(OnnxUnavailable):
    """The stance model files are missing or unreadable, or onnxruntime is absent."""


@dataclass(frozen=True)
class EncodedItems:
    """The lower-pass windows of a list of items and where each item's target sits.

    ``windows`` are int64 token ids ``[CLS] ... [SEP]``, each distinct
    (items of one sentence share its window); ``window_of[k]`` is item
    ``k``'s window and ``spans[k]`` its target tokens ``[lo, hi)`` in it.
    """

    windows: tuple
    window_of: np.ndarray
    spans: np.ndarray

    def target_mask(self, k: int) -> np.ndarray:
        """Item ``k``'s target mask, int64 (1, window length)."""
        mask = np.zeros((1, len(self.windows[self.window_of[k]])), dtype=np.int64)
        lo, hi = self.spans[k]
        mask[0, lo:hi] = 1
        return mask


def default_model_dir() -> Path:
    """The packaged folder ``argmap/data/stance``."""
    return Path(str(resources.files("argmap") / "data" / "stance"))


def _clamp_span(text: str, start: int, end: int) -> tuple[int, int]:
    n = len(text)
    start = min(max(int(start), 0), n)
    end = min(max(int(end), start), n)
    return start, end


def _token_id(tokenizer, token: str) -> int:
    found = tokenizer.token_to_id(token)
    if found is None:
        raise KeyError(token)
    return found


def _target_tokens(offsets: list, start: int, end: int) -> tuple[int, int]:
    """Tokens ``[lo, hi)`` overlapping chars ``[start, end)``; an empty or
    token-less span marks the next token (the last one at the end)."""
    n = len(offsets)
    lo = next((i for i, (_, b) in enumerate(offsets) if b > start), n)
    hi = lo
    while hi < n and offsets[hi][0] < end:
        hi += 1
    if hi == lo:
        lo = min(lo, n - 1)
        hi = lo + 1
    return lo, min(hi, lo + MAX_MENTION_TOKENS)


def encode_items(tokenizer, items: Sequence[tuple[str, int, int]], *,
                 max_length: int = MAX_LENGTH) -> EncodedItems:
    """Lower-pass windows for (text, start, end) items and each item's target tokens.

    ``tokenizer`` is a ``tokenizers.Tokenizer`` for the base model's
    vocabulary. A text is tokenised once, with no marker tokens; a text of
    up to ``max_length`` tokens (with ``[CLS]``/``[SEP]``) is one window
    for all its items, a longer one is cut to a window around each target
    (its mention, cut to 24 tokens, and as much context on each side as
    fits, nearest tokens first). Offsets are clamped to the text; an empty
    span marks the token after it. An empty text is ``[CLS] [SEP]`` with
    ``[SEP]`` marked.
    """
    cls_id, sep_id = _token_id(tokenizer, _CLS), _token_id(tokenizer, _SEP)
    texts = list(dict.fromkeys(str(text) for text, _, _ in items))
    encoded = dict(zip(texts, tokenizer.encode_batch(texts, add_special_tokens=False)))
    budget = max(max_length - 2, 1)
    windows: dict[tuple, int] = {}
    window_of, spans = [], []
    for text, start, end in items:
        text = str(text)
        enc = encoded[text]
        ids, offsets = enc.ids, enc.offsets
        if not ids:
            key, row, span = (text, 0, 0), [cls_id, sep_id], (1, 2)
        else:
            start, end = _clamp_span(text, start, end)
            lo, hi = _target_tokens(offsets, start, end)
            if len(ids) <= budget:
                a, b = 0, len(ids)
            else:
                room = max(budget - (hi - lo), 0)
                left, right = lo, len(ids) - hi
                keep_left = min(left, max(room // 2, room - right))
                a, b = lo - keep_left, min(len(ids), hi + room - keep_left)
            key, row, span = (text, a, b), None, (1 + lo - a, 1 + hi - a)
        if key not in windows:
            if row is None:
                row = [cls_id, *ids[key[1]:key[2]], sep_id]
            windows[key] = (len(windows), np.asarray(row, dtype=np.int64))
        window_of.append(windows[key][0])
        spans.append(span)
    rows = tuple(w for _, w in windows.values())
    return EncodedItems(rows, np.asarray(window_of, dtype=np.int64).reshape(-1),
                        np.asarray(spans, dtype=np.int64).reshape(-1, 2))


class StanceModel:
    """Two onnxruntime sessions plus a tokenizer scoring (text, target) pairs.

    ``lower`` runs the embeddings and the lower encoder layers once per
    window (``input_ids``, ``attention_mask``, ``token_type_ids`` ->
    ``hidden``); ``upper`` adds the learned target marker to the target's
    tokens and runs the upper layers, the pooling and the head once per
    target (``hidden``, ``attention_mask``, ``target_mask`` -> ``probs``;
    one item per run: the shipped graph computes its last layer only at
    ``[CLS]`` and the target's rows).

    Example:
        >>> model = StanceModel.load()  # doctest: +SKIP
        >>> model.predict([("Critics slammed Acme.", 16, 20)]).shape  # doctest: +SKIP
        (1, 3)
    """

    LABELS = LABELS

    def __init__(self, lower, upper, tokenizer, *, max_length: int = MAX_LENGTH):
        self._lower = lower
        self._upper = upper
        self._tokenizer = tokenizer
        self.max_length = max_length
        self._lower_inputs = {i.name for i in lower.get_inputs()}
        self._upper_inputs = {i.name for i in upper.get_inputs()}

    @classmethod
    def load(cls, path=None, *, threads: int = 1) -> "StanceModel":
        """Load ``lower.onnx``, ``upper.onnx`` and ``tokenizer.json`` from the folder ``path``.

        ``path`` may also name a file in that folder.

        Raises:
            ModelUnavailable: the files are missing or unreadable, or
                onnxruntime / tokenizers are not installed.
        """
        folder = default_model_dir() if path is None else Path(path)
        if folder.suffix == ".onnx":
            folder = folder.parent
        lower = load_onnx(folder / LOWER_FILE, threads=threads, what="stance model",
                          error=ModelUnavailable)
        upper = load_onnx(folder / UPPER_FILE, threads=threads, what="stance model",
                          error=ModelUnavailable, tokenizer=False)
        return cls(lower.session, upper.session, lower.tokenizer)

    def encode(self, items: Sequence[tuple[str, int, int]]) -> EncodedItems:
        """The windows and target spans the sessions are fed for ``items``."""
        return encode_items(self._tokenizer, items, max_length=self.max_length)

    def predict(self, items: Sequence[tuple[str, int, int]], *, batch_size: int = 32) -> np.ndarray:
        """Probabilities (len(items), 3) in ``LABELS`` order, float32.

        The lower graph runs once per distinct window, the upper graph once
        per item, each run alone and unpadded (dynamic int8 scales
        activations per run), so a pair's probabilities never depend on the
        other items: bit-identical alone, in any batch and any order
        (tested). ``batch_size`` is accepted for the stance component's
        interface and does not change results.
        """
        items = list(items)
        out = np.zeros((len(items), len(LABELS)), dtype=np.float32)
        if not items:
            return out
        enc = self.encode(items)
        by_window: dict[int, list[int]] = {}
        for k, w in enumerate(enc.window_of.tolist()):
            by_window.setdefault(w, []).append(k)
        for w, ks in by_window.items():
            ids = enc.windows[w][None, :]
            ones = np.ones_like(ids)
            feeds = {"input_ids": ids, "attention_mask": ones, "token_type_ids": np.zeros_like(ids)}
            (hidden,) = self._lower.run(["hidden"], {k: v for k, v in feeds.items()
                                                     if k in self._lower_inputs})
            for k in ks:
                feeds = {"hidden": hidden, "attention_mask": ones, "target_mask": enc.target_mask(k)}
                (probs,) = self._upper.run(["probs"], {n: v for n, v in feeds.items()
                                                       if n in self._upper_inputs})
                out[k] = probs[0]
        return out


_CACHE: dict = {}


def load_stance_model(path=None) -> "StanceModel | None":
    """The model at ``path`` (default: packaged), loaded once per process; None if unavailable."""
    key = "" if path is None else str(Path(path).resolve())
    return load_once(_CACHE, key, lambda: StanceModel.load(path), ModelUnavailable)
