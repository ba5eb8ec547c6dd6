"""Reading input articles: which paths are inputs, and their text, screened.

>>> article_id_for("corpus/QS 2026 Rankings.txt")
'qs-2026-rankings'
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import Iterable, Iterator

from ..screen import symbol_run_reason
from ..types import PathLike

__all__ = ["InputError", "HTML_SUFFIXES", "TEXT_SUFFIXES", "MAX_CHARS", "MAX_CHARS_CAP",
           "MAX_ID_CHARS", "article_id_for", "slug", "child_path", "shown", "is_html_input",
           "source_name", "expand_inputs", "list_inputs", "read_source", "read_source_page",
           "read_text", "open_regular", "read_bounded", "bounded_lines"]

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", ".md") + HTML_SUFFIXES
#: Longest article ``extract`` accepts, in characters (spaCy's own default
#: ``nlp.max_length`` is 1,000,000; an opinion essay is 5,000-50,000).
MAX_CHARS = 500_000
#: The most ``--max-chars`` may be: spaCy's default ``nlp.max_length``.
MAX_CHARS_CAP = 1_000_000
#: Longest article id (and so article folder name); longer slugs are cut and
#: end in a short hash of the whole slug, so they stay distinct.
MAX_ID_CHARS = 100


class InputError(Exception):
    """An input that cannot be read as text; the message is one line for users."""


def slug(text: str, *, max_chars: int = MAX_ID_CHARS) -> str:
    """Return ``text`` as a safe file name: lower-case letters, digits and single hyphens.

    Never empty, never ``.``/``..``, no separators or NULs, at most ``max_chars``
    characters (a cut slug ends in 8 hex digits of its sha256).

    >>> slug("../../etc/passwd")
    'etc-passwd'
    >>> len(slug("x" * 300))
    100
    """
    low = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    out = "-".join(p for p in low.split("-") if p) or "article"
    if len(out) > max_chars:
        digest = hashlib.sha256(out.encode("utf-8")).hexdigest()[:8]
        out = out[:max_chars - 9].rstrip("-") + "-" + digest
    return out


def article_id_for(path: PathLike) -> str:
    """Return the article id of a path: its file name without suffix, slugged.

    >>> article_id_for("corpus/QS 2026 Rankings.txt")
    'qs-2026-rankings'
    """
    return slug(Path(path).stem)


def child_path(folder: PathLike, name: str) -> Path:
    """Return ``folder/name``, refusing a name that would leave ``folder``.

    ``name`` must be one plain path component (no separator, NUL, ``.`` or
    ``..``, at most 255 bytes) and the resolved result must lie inside the
    resolved ``folder`` (a symlink loop does not); else :class:`InputError`.

    >>> child_path("out", "a.json").as_posix()
    'out/a.json'
    """
    bad = (not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name
           or len(os.fsencode(name)) > 255)
    base = Path(folder)
    target = base / name
    if not bad:
        try:
            bad = target.resolve().parent != base.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
            bad = True
    if bad:
        raise InputError(f"{shown(name)}: not a safe file name inside {shown(folder)}; refused")
    return target


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """Expand directories into their ``.txt``/``.md`` files (sorted, recursive).

    ``-`` (stdin) is kept as is. Raises :class:`InputError` for a path that
    does not exist.
    """
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        p = Path(raw)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*"))
                       if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
        elif p.exists():
            out.append(str(p))
        else:
            raise InputError(f"{shown(raw)}: no such file or directory")
    return out


def list_inputs(paths: Iterable[str]) -> list[str]:
    """Like :func:`expand_inputs`, but never raises: a missing path is kept, so
    that reading it reports the error and the rest of the corpus goes on.

    Broken symlinks inside folders are kept too (reading them fails clearly).
    """
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*"))
                       if (f.is_file() or (f.is_symlink() and not f.exists()))
                       and f.suffix.lower() in TEXT_SUFFIXES)
        else:
            out.append(raw)
    return out


def shown(path: PathLike) -> str:
    """Return ``path`` for a message: newlines and other control characters escaped.

    >>> shown("evil\\nname.txt")
    'evil\\\\nname.txt'
    """
    text = str(path)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def is_html_input(path: str, *, html: bool = False) -> bool:
    """Return True if ``path`` gets HTML reduction: an ``.html``/``.htm`` name, or ``html=True``.

    The content is never sniffed, so a ``.txt`` that opens with a tag stays text.

    >>> is_html_input("page.HTM"), is_html_input("notes.txt"), is_html_input("-", html=True)
    (True, False, True)
    """
    return html or (path != "-" and path.lower().endswith(HTML_SUFFIXES))


def source_name(path: str) -> str:
    """Return how ``path`` is recorded as an article's source, whatever its spelling.

    A path under the working folder is written relative to it, any other
    path absolute; both normalised, so ``./a.txt``, ``a.txt`` and
    ``$PWD/a.txt`` give the same outputs. Bytes of a file name that are not
    UTF-8 are written as ``\\xNN`` escapes, so the name can be stored.

    >>> source_name("/corpus/caf\\udce9.txt")
    '/corpus/caf\\\\xe9.txt'
    """
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        name = Path(os.path.relpath(absolute, cwd)).as_posix()
    else:
        name = Path(absolute).as_posix()
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def open_regular(path: str, encoding: str | None = None, *, errors: str | None = None,
                 newline: str | None = None):
    """Open ``path`` for reading if it is a regular file; else raise InputError.

    Binary, or text when ``encoding`` is given (``errors`` and ``newline`` as
    for :func:`open`). Every file argmap reads from a user goes through here
    (or :func:`read_bounded`): a FIFO or a device would block or never end.
    """
    p = Path(path)
    if p.is_symlink() and not p.exists():
        raise InputError(f"{shown(path)}: broken symbolic link")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{shown(path)}: no such file or directory") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{shown(path)}: cannot read "
                         f"({getattr(exc, 'strerror', None) or exc.__class__.__name__})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{shown(path)}: is a directory, not a text file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{shown(path)}: not a regular file (a device, FIFO or socket); "
                         "only files and '-' are read")
    try:
        if encoding is None:
            return open(path, "rb")
        return open(path, encoding=encoding, errors=errors, newline=newline)
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read "
                         f"({exc.strerror or exc.__class__.__name__})") from None


def bounded_lines(handle, limit: int) -> Iterator[str | None]:
    """Yield the lines of ``handle``, or None for a line over ``limit`` characters
    (read past in pieces, so it is never held whole).

    >>> import io
    >>> list(bounded_lines(io.StringIO("ab\\n" + "x" * 9 + "\\nc"), 5))
    ['ab\\n', None, 'c']
    """
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith("\n"):
            yield line
            continue
        while line and not line.endswith("\n"):
            line = handle.readline(limit + 1)
        yield None


def read_bounded(path: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` bytes of ``path`` (``-``: stdin); raise InputError past that."""
    if path == "-":
        if sys.stdin.isatty():
            sys.stderr.write("argmap: reading the article from standard input "
                             "(end it with Ctrl-D)\n")
        fh, close = sys.stdin.buffer, False
    else:
        fh, close = open_regular(path), True
    try:
        data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read "
                         f"({exc.strerror or exc.__class__.__name__})") from None
    finally:
        if close:
            fh.close()
    if len(data) > max_bytes:
        raise InputError(f"{shown(path)}: too large (over {max_bytes:,} bytes; the limit is "
                         f"{max_bytes // 4:,} characters, see --max-chars)")
    return data


def read_source(path: str, *, max_chars: int = MAX_CHARS, html: bool = False) -> str:
    """The text of :func:`read_source_page` (see there)."""
    return read_source_page(path, max_chars=max_chars, html=html).text


def read_source_page(path: str, *, max_chars: int = MAX_CHARS, html: bool = False):
    """Read one input article; raise :class:`InputError` with a one-line reason.

    The one reading function of every command (``extract``, ``summarize``,
    ``export``, ``compare``). Accepts regular files and ``-`` (stdin) only,
    so a FIFO or ``/dev/zero`` is refused, and reads at most ``4 * max_chars``
    bytes whatever the file claims to hold. Refuses URLs (argmap does not
    fetch), ``.json`` files, folders, binary files, NUL bytes, non-UTF-8
    bytes, empty files and texts over ``max_chars`` characters.
    ``.html``/``.htm`` files (or any input with ``html=True``; see
    :func:`is_html_input`) are reduced to their article text and metadata by
    :func:`argmap.io.web.reduce_html`. Returns an :class:`argmap.io.web.Page`
    (``reducer`` is ``""`` for plain text).
    """
    from .web import Page, is_url, reduce_html, refuse_url

    if is_url(path):
        raise InputError(refuse_url(path))
    if path.lower().endswith(".json"):
        raise InputError(f"{shown(path)}: a .json file is not an article; extract .txt/.md/.html "
                         "files or a .jsonl/.csv corpus (one article per row), and give "
                         "an article.json to summarize/export/compare")
    text = _decode(path, read_bounded(path, 4 * max_chars))
    page = Page(text)
    if is_html_input(path, html=html):
        page = reduce_html(text)
        text = page.text
        if not text.strip() or text.strip() == (page.title or "").strip():  # a title, no body
            raise InputError(f"{shown(path)}: HTML with no visible text")
    if len(text) > max_chars:
        raise InputError(f"{shown(path)}: too long ({len(text):,} characters; the limit is "
                         f"{max_chars:,}, see --max-chars)")
    reason = symbol_run_reason(text)
    if reason:
        raise InputError(f"{shown(path)}: {reason}")
    return page


def read_text(path: str, *, max_chars: int = MAX_CHARS_CAP) -> str:
    """Read a UTF-8 text file (``-`` reads stdin), bounded; raise :class:`InputError` if it is not text."""
    return _decode(path, read_bounded(path, 4 * max_chars))


def _decode(path: str, data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{shown(path)}: UTF-16 text, not UTF-8 "
                         "(convert it: iconv -f UTF-16 -t UTF-8)")
    nul = data.find(b"\x00")
    if 0 <= nul < 8192:
        raise InputError(f"{shown(path)}: looks like a binary file, not text")
    if nul >= 0:
        raise InputError(f"{shown(path)}: NUL byte at offset {nul}; not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown(path)}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise InputError(f"{shown(path)}: empty file")
    return text
