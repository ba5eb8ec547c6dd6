"""Reading input articles: which paths are inputs, and their text, screened.

>>> article_id_for("corpus/QS 2026 Rankings.txt")
'qs-2026-rankings'
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

from ..types import PathLike

__all__ = ["InputError", "HTML_SUFFIXES", "TEXT_SUFFIXES", "MAX_CHARS", "article_id_for",
           "expand_inputs", "list_inputs", "read_source", "read_source_page", "read_text"]

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", ".md") + HTML_SUFFIXES
#: Longest article ``extract`` accepts, in characters (spaCy's own default
#: ``nlp.max_length`` is 1,000,000; an opinion essay is 5,000-50,000).
MAX_CHARS = 500_000


class InputError(Exception):
    """An input that cannot be read as text; the message is one line for users."""


def article_id_for(path: PathLike) -> str:
    """Return the article id of a path: its file name without suffix, slugged.

    >>> article_id_for("corpus/QS 2026 Rankings.txt")
    'qs-2026-rankings'
    """
    stem = Path(path).stem
    slug = "".join(ch.lower() if ch.isalnum() else "-" for ch in stem)
    return "-".join(p for p in slug.split("-") if p) or "article"


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
            raise InputError(f"{raw}: no such file or directory")
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


def read_source(path: str, *, max_chars: int = MAX_CHARS) -> str:
    """The text of :func:`read_source_page` (see there)."""
    return read_source_page(path, max_chars=max_chars).text


def read_source_page(path: str, *, max_chars: int = MAX_CHARS):
    """Read one input article for ``extract``; raise :class:`InputError` with a one-line reason.

    Refuses missing or unreadable paths, folders, binary files, non-UTF-8
    bytes, empty files and texts over ``max_chars`` characters (checked on
    the file size first, so a huge file is never read). HTML (by suffix, or
    a text that opens with a tag) is reduced to its article text and
    metadata by :func:`argmap.io.web.reduce_html`. Returns an
    :class:`argmap.io.web.Page` (``reducer`` is ``""`` for plain text).
    """
    from ..screen import looks_like_html
    from .web import Page, is_url, reduce_html, refuse_url

    if is_url(path):
        raise InputError(refuse_url(path))
    if path.lower().endswith(".json"):
        raise InputError(f"{path}: a .json file is not an article; extract .txt/.md/.html "
                         "files or a .jsonl/.csv corpus (one article per row), and give "
                         "an article.json to summarize/export/compare")

    if path != "-":
        p = Path(path)
        if p.is_symlink() and not p.exists():
            raise InputError(f"{path}: broken symbolic link")
        if not p.exists():
            raise InputError(f"{path}: no such file or directory")
        if p.is_dir():
            raise InputError(f"{path}: is a directory, not a text file")
        try:
            size = p.stat().st_size
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
        if size > 4 * max_chars:
            raise InputError(f"{path}: too large ({size:,} bytes; the limit is {max_chars:,} "
                             "characters, see --max-chars)")
    text = read_text(path)
    page = Page(text)
    if path.lower().endswith(HTML_SUFFIXES) or looks_like_html(text):
        page = reduce_html(text)
        text = page.text
        if not text.strip():
            raise InputError(f"{path}: HTML with no visible text")
    if len(text) > max_chars:
        raise InputError(f"{path}: too long ({len(text):,} characters; the limit is "
                         f"{max_chars:,}, see --max-chars)")
    return page


def read_text(path: str) -> str:
    """Read a UTF-8 text file (``-`` reads stdin); raise :class:`InputError` if it is not text."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{path}: UTF-16 text, not UTF-8 (convert it: iconv -f UTF-16 -t UTF-8)")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return text
