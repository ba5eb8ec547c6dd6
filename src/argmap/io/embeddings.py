"""The sentence-embedding cache beside an article: ``<article folder>/embeddings.npz``.

The file maps the sha256 of a unit's text to its embedding, for one encoder
(``model_id``); a file written by another encoder, or one that is malformed,
is ignored (and rewritten on the next save). Writes are atomic.

Example::

    from argmap.io.embeddings import read_embeddings, write_embeddings
    vectors = read_embeddings("outputs/essay1", "minilm-l6-int8-...")   # {} when absent
"""
from __future__ import annotations

import io as _io
import zipfile
from pathlib import Path

import numpy as np

from ..types import PathLike
from .atomic import write_bytes

__all__ = ["EMBEDDINGS_FILE", "read_embeddings", "write_embeddings"]

#: Name of the cache file in an article folder.
EMBEDDINGS_FILE = "embeddings.npz"
_MAX_BYTES = 256 * 1024 * 1024  # an article never needs more; refuse larger files


def read_embeddings(folder: PathLike, model_id: str) -> dict[str, np.ndarray]:
    """Return ``{text sha256: float32 vector}`` cached in *folder* for ``model_id``.

    An absent, foreign or malformed file gives ``{}``; never raises for its content.

    >>> read_embeddings("/nonexistent", "m")
    {}
    """
    p = Path(folder) / EMBEDDINGS_FILE
    try:
        if not p.is_file() or p.stat().st_size > _MAX_BYTES:
            return {}
        with zipfile.ZipFile(p) as zf:  # no decompression bomb: check the unpacked sizes first
            if sum(info.file_size for info in zf.infolist()) > _MAX_BYTES:
                return {}
        with np.load(p, allow_pickle=False) as z:
            if str(z["model_id"]) != model_id:
                return {}
            keys, vectors = z["keys"], z["vectors"]
            if (keys.ndim != 1 or vectors.ndim != 2 or len(keys) != len(vectors)
                    or vectors.dtype != np.float32 or not np.isfinite(vectors).all()):
                return {}
            return {str(k): vectors[i] for i, k in enumerate(keys)
                    if len(str(k)) == 64}
    except (OSError, KeyError, ValueError, EOFError):
        return {}
    except (zipfile.BadZipFile, zipfile.LargeZipFile):  # a corrupt cache is just no cache
        return {}


def write_embeddings(folder: PathLike, model_id: str, vectors: dict[str, np.ndarray]) -> Path:
    """Write the cache atomically, keys sorted.

    Raises:
        OSError: The folder is not writable.
    """
    p = Path(folder) / EMBEDDINGS_FILE
    keys = sorted(vectors)
    arr = (np.stack([np.asarray(vectors[k], dtype=np.float32) for k in keys]) if keys
           else np.zeros((0, 0), dtype=np.float32))
    buf = _io.BytesIO()
    np.savez(buf, model_id=np.array(model_id), keys=np.array(keys, dtype="<U64"), vectors=arr)
    if not p.parent.is_dir():  # a cache never creates the folder it lives in
        raise FileNotFoundError(2, "No such file or directory", str(p.parent))
    write_bytes(p, buf.getvalue())
    return p
