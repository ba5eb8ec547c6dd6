"""Atomic writes: a temporary file in the same folder, then ``os.replace``.

A killed run never leaves a half-written output. Temporary files are named
``.argmap-<run id>-<random>.tmp`` (:func:`temp_file`), so the clean-up after
a killed run (:func:`remove_stale_temp_files`) removes only argmap's own
files, never a user's ``.draft.tmp``; :func:`outdir_lock` keeps a second run
out of an output folder while one is working in it.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..types import PathLike
from .jsonfmt import dumps_json
from .sources import InputError, shown

__all__ = ["FILE_MODE", "RUN_ID", "TEMP_PATTERN", "LOCK_FILE", "temp_file", "write_text", "write_bytes",
           "write_json", "remove_stale_temp_files", "outdir_lock", "OutdirBusy"]

#: This process's run id, part of every temporary file name it creates.
RUN_ID = secrets.token_hex(6)
#: Names of argmap's temporary files: ``.argmap-<12 hex run id>-<random>.tmp``.
TEMP_PATTERN = re.compile(r"\.argmap-[0-9a-f]{12}-[A-Za-z0-9_]{1,16}\.tmp")
#: Lock file taken by ``extract`` in its output folder.
LOCK_FILE = ".argmap.lock"


def temp_file(folder: PathLike) -> tuple[int, str]:
    """Create a temporary file in ``folder`` named after :data:`TEMP_PATTERN`; return (fd, path)."""
    return tempfile.mkstemp(prefix=f".argmap-{RUN_ID}-", suffix=".tmp", dir=folder)

def _file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


#: Mode of written files: what ``open()`` would give (``mkstemp`` gives 0600).
FILE_MODE = _file_mode()


def remove_stale_temp_files(outdir: PathLike) -> list[Path]:
    """Delete the temporary files a killed argmap run left in ``outdir``.

    Only files whose names match :data:`TEMP_PATTERN` are touched, in
    ``outdir`` (corpus tables) and one level below (article folders); returns
    what it removed. Call it holding :func:`outdir_lock`, so no other run's
    files are taken for stale.
    """
    root = Path(outdir)
    if not root.is_dir():
        return []
    removed = []
    for tmp in [*root.glob(".argmap-*.tmp"), *root.glob("*/.argmap-*.tmp")]:
        if TEMP_PATTERN.fullmatch(tmp.name) and tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


class OutdirBusy(InputError):
    """Another argmap run holds the output folder's lock."""


@contextmanager
def outdir_lock(outdir: PathLike, *, wait: bool = False) -> Iterator[Path]:
    """Hold an exclusive ``flock`` on ``<outdir>/.argmap.lock`` (the folder is created).

    Raises :class:`OutdirBusy` at once if another run holds it, or waits for
    it with ``wait=True``. The lock goes with the process, so a killed run
    never leaves it held. Where ``fcntl`` is missing (Windows) no lock is taken.
    """
    root = Path(outdir)
    root.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield root
        return
    path = root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            if not wait:
                raise OutdirBusy(f"{shown(outdir)} is in use by another argmap run; wait for it "
                                 "to finish, pick another -o folder, or add --wait") from None
            sys.stderr.write(f"argmap: waiting for another run to finish with {shown(outdir)}\n")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield root
    finally:
        os.close(fd)


def write_text(path: PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` atomically as UTF-8; create parent folders."""
    return write_bytes(path, text.encode("utf-8"))


def write_bytes(path: PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (an argmap temp file, then ``os.replace``)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_file(p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def write_json(path: PathLike, data: Any) -> Path:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    return write_text(path, dumps_json(data))
