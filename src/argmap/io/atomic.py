"""Atomic writes: a temporary file in the same folder, then ``os.replace``.

A killed run never leaves a half-written output.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ..types import PathLike
from .jsonfmt import dumps_json

__all__ = ["FILE_MODE", "write_text", "write_json", "remove_stale_temp_files"]

def _file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


#: Mode of written files: what ``open()`` would give (``mkstemp`` gives 0600).
FILE_MODE = _file_mode()


def remove_stale_temp_files(outdir: PathLike) -> list[Path]:
    """Delete the ``.<name>.<random>.tmp`` files a killed run left in ``outdir``.

    Looks in ``outdir`` (corpus tables) and one level below (article
    folders); returns what it removed. Two runs must not share an output
    folder at the same time.
    """
    root = Path(outdir)
    if not root.is_dir():
        return []
    removed = []
    for tmp in [*root.glob(".*.tmp"), *root.glob("*/.*.tmp")]:
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def write_text(path: PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` atomically; create parent folders."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def write_json(path: PathLike, data: Any) -> Path:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    return write_text(path, dumps_json(data))
