"""Sentence embeddings offline: all-MiniLM-L6-v2 as int8 ONNX (numpy, onnxruntime, tokenizers).

No spaCy and no torch: :class:`SentenceEncoder` tokenises with ``tokenizers``,
runs the transformer with ``onnxruntime`` (one intra-op thread by default),
mean-pools the token vectors over the attention mask and L2-normalises them,
as sentence-transformers does for this model. The packaged files live in
``argmap/data/encoder/`` (``model.onnx``, ``tokenizer.json``, ``NOTICE``,
``MODEL_CARD.md``); ``make model-encoder`` rebuilds them.

Example::

    from argmap.encoder import load_encoder
    enc = load_encoder()            # None when the model file is absent
    if enc is not None:
        X = enc.encode(["Rankings mislead students.", "League tables help applicants."])
        X.shape                     # (2, 384); X @ X.T are cosine similarities
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .onnx_model import OnnxUnavailable, load_onnx
from .model_cache import load_once
from .types import PathLike

__all__ = ["DIM", "ENCODER_DIR", "EncoderUnavailable", "SentenceEncoder", "load_encoder",
           "mean_pool", "text_key"]

#: Folder of the packaged encoder files.
ENCODER_DIR = Path(__file__).resolve().parent / "data" / "encoder"
#: Embedding width of all-MiniLM-L6-v2.
DIM = 384
_MAX_TOKENS = 256  # the model's max_seq_length


class EncoderUnavailable(OnnxUnavailable):
    """The encoder files are missing or unreadable, or onnxruntime/tokenizers are absent."""


def text_key(text: str) -> str:
    """Return the cache key of a text: the hex sha256 of its UTF-8 bytes.

    >>> text_key("a")[:12]
    'ca978112ca1b'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Sentence vectors from token vectors: the mean over the attention mask, L2-normalised
    (sentence-transformers' pooling for all-MiniLM-L6-v2). The one pooling of argmap.

    Args:
        hidden: ``(batch, tokens, dim)`` token vectors.
        mask: ``(batch, tokens)`` 1 for real tokens, 0 for padding.

    >>> h = np.array([[[3.0, 0.0], [0.0, 4.0], [9.0, 9.0]]])
    >>> (mean_pool(h, np.array([[1, 1, 0]])) * 1000).round().astype(int).tolist()
    [[600, 800]]
    """
    m = np.asarray(mask)[:, :, None].astype(np.float32)
    pooled = (np.asarray(hidden, dtype=np.float32) * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled / np.maximum(norms, 1e-12)


class SentenceEncoder:
    """Mean-pooled, L2-normalised sentence embeddings from an ONNX transformer.

    Args:
        session: An ``onnxruntime.InferenceSession`` of the transformer
            (inputs ``input_ids``, ``attention_mask``, ``token_type_ids``;
            output the last hidden state).
        tokenizer: A ``tokenizers.Tokenizer``.
        model_id (str): Identifies the weights (sha256 prefix of the model
            file); part of every cache key, so a new model never reuses old
            embeddings.
    """

    def __init__(self, session, tokenizer, *, model_id: str) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.model_id = model_id
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, path: PathLike | None = None, *, threads: int = 1) -> "SentenceEncoder":
        """Load ``model.onnx`` (and ``tokenizer.json`` beside it).

        Args:
            path: The model file or its folder; the packaged encoder by default.
            threads: onnxruntime intra-op threads.

        Raises:
            EncoderUnavailable: A file is missing or unreadable, or a run-time
                dependency is not installed.
        """
        loaded = load_onnx(ENCODER_DIR if path is None else path, threads=threads,
                           what="sentence encoder", error=EncoderUnavailable)
        tokenizer = loaded.tokenizer
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        tokenizer.no_padding()
        # "b1": one text per run (see encode); earlier batched embeddings differ
        return cls(loaded.session, tokenizer, model_id=f"minilm-l6-int8-b1-{loaded.sha256[:16]}")

    def encode(self, texts: Sequence[str], *, batch_size: int = 1) -> np.ndarray:
        """Return a float32 ``(len(texts), 384)`` array of unit-length rows.

        One text per run by default: the int8 model quantises activations
        per run, so in a batch of several texts each embedding depends on
        its batch mates (cosine up to 0.06 apart on ArgKP), which would make
        cached embeddings and scores depend on what else was encoded.
        ``batch_size > 1`` is ~1.5x faster (texts sorted by length, less
        padding) but not batch-independent. An empty text gets the
        embedding of ``[CLS] [SEP]``.
        """
        texts = [str(t) for t in texts]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: (len(encs[i].ids), i))
        for lo in range(0, len(order), max(1, batch_size)):
            idx = order[lo:lo + batch_size]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[r, :n] = encs[i].ids
                mask[r, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask,
                     "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
            out[idx] = mean_pool(hidden, mask)
        return out


_CACHE: dict[str, SentenceEncoder | None] = {}


def load_encoder(path: PathLike | None = None) -> SentenceEncoder | None:
    """Return the encoder, loaded once per process, or ``None`` when unavailable.

    Callers fall back to TF-IDF on ``None``.

    >>> load_encoder("/nonexistent/model.onnx") is None
    True
    """
    key = str(path) if path is not None else ""
    return load_once(_CACHE, key, lambda: SentenceEncoder.load(path), EncoderUnavailable)
