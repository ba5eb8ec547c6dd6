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

__all__ = [
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
_CLS, _SEP, _PAD, _OPEN, _CLOSE = "[CLS]", "[SEP]", "[PAD]", "[unused0]", "[unused1]"


class ModelUnavailable(RuntimeError):
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


def encode_items(tokenizer, items: Sequence[tuple[str, int, int]], *,
                 max_length: int = MAX_LENGTH) -> EncodedBatch:
    """Token ids for (text, start, end) items, target marked and kept in the window.

    ``tokenizer`` is a ``tokenizers.Tokenizer`` for the base model's
    vocabulary. Offsets are clamped to the text; an empty span still gets
    its markers, so the model sees where the target is.
    """
    vocab = tokenizer.get_vocab()
    cls_id, sep_id, pad_id = vocab[_CLS], vocab[_SEP], vocab[_PAD]
    open_id, close_id = vocab[_OPEN], vocab[_CLOSE]
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

    @classmethod
    def load(cls, path=None, *, threads: int = 1) -> "StanceModel":
        """Load ``model.onnx`` + ``tokenizer.json`` from ``path`` (a folder or the .onnx file).

        Raises:
            ModelUnavailable: the files are missing or unreadable, or
                onnxruntime / tokenizers are not installed.
        """
        base = default_model_dir() if path is None else Path(path)
        model_file = base if base.suffix == ".onnx" else base / "model.onnx"
        tokenizer_file = model_file.parent / "tokenizer.json"
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are runtime deps
            raise ModelUnavailable(f"stance model needs onnxruntime and tokenizers: {exc}") from exc
        if not model_file.is_file() or not tokenizer_file.is_file():
            raise ModelUnavailable(f"stance model not found: {model_file}")
        try:
            options = ort.SessionOptions()
            options.intra_op_num_threads = max(int(threads), 1)
            options.inter_op_num_threads = 1
            options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            options.log_severity_level = 3
            session = ort.InferenceSession(str(model_file), sess_options=options,
                                           providers=["CPUExecutionProvider"])
            tokenizer = Tokenizer.from_file(str(tokenizer_file))
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelUnavailable(f"stance model unreadable: {model_file}: {exc}") from exc
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return cls(session, tokenizer)

    def encode(self, items: Sequence[tuple[str, int, int]]) -> EncodedBatch:
        """The padded arrays the session is fed for ``items``."""
        return encode_items(self._tokenizer, items, max_length=self.max_length)

    def predict(self, items: Sequence[tuple[str, int, int]], *, batch_size: int = 32) -> np.ndarray:
        """Probabilities (len(items), 3) in ``LABELS`` order, float32.

        Items are tokenised ``batch_size`` at a time, but each pair runs
        through the session on its own, unpadded: the int8 model quantises
        activations with one scale per tensor, so sharing a tensor with
        other pairs would change a pair's result. A pair's probabilities are
        therefore the same alone, in any batch, and on every run.
        """
        items = list(items)
        out = np.zeros((len(items), len(LABELS)), dtype=np.float32)
        step = max(int(batch_size), 1)
        for lo in range(0, len(items), step):
            batch = self.encode(items[lo:lo + step])
            feeds = {k: v for k, v in batch.feeds().items() if k in self._input_names}
            lengths = batch.attention_mask.sum(axis=1)
            for row, length in enumerate(lengths):
                one = {k: v[row:row + 1, :length] for k, v in feeds.items()}
                (probs,) = self._session.run(["probs"], one)
                out[lo + row] = probs[0]
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
