"""Target-aware stance model: ONNX int8 run time (no torch, no spaCy).

Scores (text, target) pairs as negative / neutral / positive with
onnxruntime and tokenizers. The model file, its tokenizer, NOTICE and
MODEL_CARD.md live in ``argmap/data/stance/``; ``training/stance.py``
builds them (``make model``) and imports :func:`encode_items` from here, so
training and run time mark and truncate targets the same way.

Input layout (token ids)::

    [CLS] left [unused0] mention [unused1] right [SEP] mention [SEP]

The window keeps the mention and as much context on each side as fits in
``MAX_LENGTH`` tokens, nearest tokens first.

Example:
    >>> model = load_stance_model()  # doctest: +SKIP
    >>> text = "The council wisely rescued the library."
    >>> model.predict([(text, 4, 11)]).argmax(axis=1)  # doctest: +SKIP
    array([2])
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from ..onnx_model import OnnxUnavailable, load_onnx

__all__ = [
    "BATCHING_KEY",
    "LABELS",
    "MAX_LENGTH",
    "EncodedBatch",
    "ModelUnavailable",
    "StanceModel",
    "default_model_dir",
    "encode_items",
    "load_stance_model",
]

LABELS = ("negative", "neutral", "positive")
MAX_LENGTH = 128
MAX_MENTION_TOKENS = 24
#: model metadata key saying how pairs may be batched (set by training/stance.py export)
BATCHING_KEY = "argmap_batching"
_CLS, _SEP, _PAD, _OPEN, _CLOSE = "[CLS]", "[SEP]", "[PAD]", "[unused0]", "[unused1]"


class ModelUnavailable(OnnxUnavailable):
    """The stance model file is missing or unreadable, or onnxruntime is absent."""


@dataclass(frozen=True)
class EncodedBatch:
    """Padded int64 arrays for one batch, shape (n, longest sequence)."""

    input_ids: np.ndarray
    attention_mask: np.ndarray
    token_type_ids: np.ndarray
    target_mask: np.ndarray

    def feeds(self) -> dict:
        return {
            "input_ids": self.input_ids,
            "attention_mask": self.attention_mask,
            "token_type_ids": self.token_type_ids,
            "target_mask": self.target_mask,
        }


def default_model_dir() -> Path:
    """The packaged folder ``argmap/data/stance``."""
    return Path(str(resources.files("argmap") / "data" / "stance"))


def _clamp_span(text: str, start: int, end: int) -> tuple[int, int]:
    n = len(text)
    start = min(max(int(start), 0), n)
    end = min(max(int(end), start), n)
    return start, end


def _ids(encodings) -> list[list[int]]:
    return [list(e.ids) for e in encodings]


def _token_id(tokenizer, token: str) -> int:
    found = tokenizer.token_to_id(token)
    if found is None:
        raise KeyError(token)
    return found


def encode_items(tokenizer, items: Sequence[tuple[str, int, int]], *,
                 max_length: int = MAX_LENGTH) -> EncodedBatch:
    """Token ids for (text, start, end) items, target marked and kept in the window.

    ``tokenizer`` is a ``tokenizers.Tokenizer`` for the base model's
    vocabulary. Offsets are clamped to the text; an empty span still gets
    its markers, so the model sees where the target is.
    """
    # token_to_id, not get_vocab(): that builds the 30,522-entry dict on every call
    cls_id, sep_id, pad_id, open_id, close_id = (
        _token_id(tokenizer, t) for t in (_CLS, _SEP, _PAD, _OPEN, _CLOSE))
    lefts, mentions, rights = [], [], []
    for text, start, end in items:
        text = str(text)
        start, end = _clamp_span(text, start, end)
        lefts.append(text[:start])
        mentions.append(text[start:end])
        rights.append(text[end:])
    pieces = tokenizer.encode_batch(lefts + mentions + rights, add_special_tokens=False)
    n = len(lefts)
    left_ids, mention_ids, right_ids = _ids(pieces[:n]), _ids(pieces[n:2 * n]), _ids(pieces[2 * n:])
    rows, types, targets = [], [], []
    for left, mention, right in zip(left_ids, mention_ids, right_ids):
        mention = mention[:MAX_MENTION_TOKENS]
        budget = max(max_length - 5 - 2 * len(mention), 0)
        keep_left = min(len(left), max(budget // 2, budget - len(right)))
        keep_right = min(len(right), budget - keep_left)
        left = left[len(left) - keep_left:]
        right = right[:keep_right]
        first = [cls_id, *left, open_id, *mention, close_id, *right, sep_id]
        second = [*mention, sep_id]
        rows.append(first + second)
        types.append([0] * len(first) + [1] * len(second))
        lo = 1 + len(left)
        mask = [0] * (len(first) + len(second))
        for i in range(lo, lo + len(mention) + 2):
            mask[i] = 1
        targets.append(mask)
    width = max((len(r) for r in rows), default=0)
    shape = (n, width)
    input_ids = np.full(shape, pad_id, dtype=np.int64)
    attention = np.zeros(shape, dtype=np.int64)
    type_ids = np.zeros(shape, dtype=np.int64)
    target = np.zeros(shape, dtype=np.int64)
    for i, (row, typ, mask) in enumerate(zip(rows, types, targets)):
        input_ids[i, :len(row)] = row
        attention[i, :len(row)] = 1
        type_ids[i, :len(row)] = typ
        target[i, :len(row)] = mask
    return EncodedBatch(input_ids, attention, type_ids, target)


class StanceModel:
    """An onnxruntime session plus tokenizer scoring (text, target) pairs.

    Example:
        >>> model = StanceModel.load()  # doctest: +SKIP
        >>> model.predict([("Critics slammed Acme.", 16, 20)]).shape  # doctest: +SKIP
        (1, 3)
    """

    LABELS = LABELS

    def __init__(self, session, tokenizer, *, max_length: int = MAX_LENGTH):
        self._session = session
        self._tokenizer = tokenizer
        self.max_length = max_length
        self._input_names = {i.name for i in session.get_inputs()}
        meta = session.get_modelmeta().custom_metadata_map
        #: True when same-length pairs may share a run (fixed activation scales)
        self.batches = meta.get(BATCHING_KEY) == "exact-length"

    @classmethod
    def load(cls, path=None, *, threads: int = 1) -> "StanceModel":
        """Load ``model.onnx`` + ``tokenizer.json`` from ``path`` (a folder or the .onnx file).

        Raises:
            ModelUnavailable: the files are missing or unreadable, or
                onnxruntime / tokenizers are not installed.
        """
        loaded = load_onnx(default_model_dir() if path is None else path, threads=threads,
                           what="stance model", error=ModelUnavailable)
        return cls(loaded.session, loaded.tokenizer)

    def encode(self, items: Sequence[tuple[str, int, int]]) -> EncodedBatch:
        """The padded arrays the session is fed for ``items``."""
        return encode_items(self._tokenizer, items, max_length=self.max_length)

    def predict(self, items: Sequence[tuple[str, int, int]], *, batch_size: int = 32) -> np.ndarray:
        """Probabilities (len(items), 3) in ``LABELS`` order, float32.

        A pair's probabilities never depend on the other items. A model
        exported with fixed activation scales (static int8, metadata
        ``argmap_batching=exact-length``) runs pairs of the same token
        length together, up to ``batch_size`` per run, with no padding; any
        other model (dynamic int8 scales activations per run) runs each pair
        on its own, unpadded. A batched model never runs a single row: the
        result of a pair is bit-identical alone, in any batch and any order
        (tested).
        """
        items = list(items)
        out = np.zeros((len(items), len(LABELS)), dtype=np.float32)
        if not items:
            return out
        step = max(int(batch_size), 1) if self.batches else 1
        batch = self.encode(items)
        feeds = {k: v for k, v in batch.feeds().items() if k in self._input_names}
        lengths = batch.attention_mask.sum(axis=1)
        for length in sorted(set(lengths.tolist())):
            rows = np.flatnonzero(lengths == length)
            for lo in range(0, len(rows), step):
                idx = rows[lo:lo + step]
                # one row takes onnxruntime's matrix-vector path, whose sums round
                # differently (~3e-8); two identical rows give the batched result
                run = np.repeat(idx, 2) if self.batches and len(idx) == 1 else idx
                (probs,) = self._session.run(["probs"], {k: v[run, :length] for k, v in feeds.items()})
                out[idx] = probs[:len(idx)]
        return out


_CACHE: dict = {}
_LOCK = threading.Lock()


def load_stance_model(path=None) -> "StanceModel | None":
    """The model at ``path`` (default: packaged), loaded once per process; None if unavailable."""
    key = None if path is None else str(Path(path).resolve())
    with _LOCK:
        if key not in _CACHE:
            try:
                _CACHE[key] = StanceModel.load(path)
            except ModelUnavailable:
                _CACHE[key] = None
        return _CACHE[key]
