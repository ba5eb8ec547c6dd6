"""Load an ONNX model folder (``model.onnx`` + ``tokenizer.json``) for CPU inference.

The one place where argmap opens onnxruntime sessions and ``tokenizers``
tokenizers: the sentence encoder (:mod:`argmap.encoder`) and the stance
model (:mod:`argmap.pipeline.stance_model`) both load through
:func:`load_onnx`, with the same fixed session options (CPU provider,
``threads`` intra-op threads, one inter-op thread, sequential execution,
all graph optimisations, warnings silenced). A missing or unreadable file,
or a missing run-time package, raises :class:`OnnxUnavailable` (or the
caller's subclass of it), never an onnxruntime exception.

Example:
    >>> load_onnx("/no/such/folder", what="demo model")
    Traceback (most recent call last):
    ...
    argmap.onnx_model.OnnxUnavailable: demo model file not found: /no/such/folder/model.onnx
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .types import PathLike

__all__ = ["OnnxModel", "OnnxUnavailable", "load_onnx"]


class OnnxUnavailable(RuntimeError):
    """A model file is missing or unreadable, or onnxruntime/tokenizers are absent."""


@dataclass(frozen=True)
class OnnxModel:
    """An onnxruntime session and the tokenizer beside it.

    ``tokenizer`` is None when loaded with ``tokenizer=False``.
    ``input_names`` are the session's inputs (callers drop feeds the graph
    does not take); ``sha256`` is the hex digest of the model file's bytes
    (what the session was built from), for cache keys.
    """

    session: Any
    tokenizer: Any
    model_file: Path
    input_names: frozenset
    sha256: str


def load_onnx(path: PathLike, *, threads: int = 1, what: str = "model",
              error: type[OnnxUnavailable] = OnnxUnavailable, tokenizer: bool = True) -> OnnxModel:
    """Load ``model.onnx`` and ``tokenizer.json`` from ``path`` (a folder or the .onnx file).

    The tokenizer comes back with truncation and padding off; callers set
    their own. ``tokenizer=False`` loads the graph alone (``tokenizer`` is
    then None: a second graph of a model whose first one brought it).
    ``what`` names the model in error messages and ``error`` is the
    exception class raised (a subclass of :class:`OnnxUnavailable`).
    """
    base = Path(path)
    model_file = base if base.suffix == ".onnx" else base / "model.onnx"
    tokenizer_file = model_file.parent / "tokenizer.json"
    for f in (model_file, tokenizer_file) if tokenizer else (model_file,):
        if not f.is_file():
            raise error(f"{what} file not found: {f}")
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - both are run-time dependencies
        raise error(f"{what} needs {exc.name}") from None
    try:
        data = model_file.read_bytes()
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(int(threads), 1)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        session = ort.InferenceSession(data, sess_options=options,
                                       providers=["CPUExecutionProvider"])
        tok = Tokenizer.from_file(str(tokenizer_file)) if tokenizer else None
    except Exception as exc:  # onnxruntime and tokenizers raise their own exception types
        raise error(f"cannot load {what} {model_file}: {exc}") from None
    if tok is not None:
        tok.no_truncation()
        tok.no_padding()
    return OnnxModel(session, tok, model_file,
                     frozenset(i.name for i in session.get_inputs()),
                     hashlib.sha256(data).hexdigest())
