"""Corpus files: one article per row of a JSONL or CSV file.

Newsroom and research corpora come as tables. :func:`read_corpus` streams
the rows of a ``.jsonl`` (one JSON object per line) or ``.csv`` (with a
header) file as :class:`CorpusRow` items; a bad row (not JSON, not an
object, no text) comes back as an :class:`~argmap.io.sources.InputError`
naming the file and row, and the rows after it still come.

>>> import tempfile, os
>>> d = tempfile.mkdtemp(); p = os.path.join(d, "c.jsonl")
>>> _ = open(p, "w").write('{"id": "A 1", "text": "Rankings mislead."}\\n[1]\\n')
>>> [r.id if isinstance(r, CorpusRow) else str(r).split(os.sep)[-1] for r in read_corpus(p)]
['a-1', 'c.jsonl:2: not a JSON object']
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Iterator

from ..screen import symbol_run_reason
from .jsonfmt import error_reason, loads_json
from .sources import MAX_CHARS, InputError, article_id_for, bounded_lines, open_regular, shown

__all__ = ["CORPUS_SUFFIXES", "Columns", "CorpusRow", "read_corpus", "is_corpus"]

CORPUS_SUFFIXES = (".jsonl", ".csv")


@dataclass(frozen=True, slots=True)
class Columns:
    """Which columns hold the text, id, title and date (``--text-column`` ...)."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    date: str = "date"


@dataclass(frozen=True, slots=True)
class CorpusRow:
    """One article of a corpus file: ``row`` is the line (JSONL) or record (CSV) number."""

    source: str
    row: int
    id: str
    text: str
    title: str = ""
    date: str = ""

    def metadata(self) -> dict[str, str]:
        """Title and date, where given (for :class:`argmap.records.Article`)."""
        return {k: v for k, v in (("title", self.title), ("date", self.date)) if v}


def is_corpus(path: str) -> bool:
    """True for ``.jsonl`` and ``.csv`` paths."""
    return path.lower().endswith(CORPUS_SUFFIXES)


def _slug(text: str) -> str:
    """An id from any string: lower-case letters and digits joined by ``-`` (no path parts).

    >>> _slug("../A/1 Story")
    'a-1-story'
    """
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(p for p in out.split("-") if p)[:100]


def _cell(record: dict, column: str) -> str:
    value = record.get(column)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ValueError(f"column {column!r} is not text")
    value = str(value)
    if "\x00" in value:  # as in a file: a NUL is not text
        raise ValueError(f"column {column!r} holds a NUL character; not text")
    return value


def _row(path: str, n: int, record, columns: Columns, max_chars: int) -> CorpusRow:
    where = f"{shown(path)}:{n}"
    if not isinstance(record, dict):
        raise InputError(f"{where}: not a JSON object")
    try:
        text = _cell(record, columns.text)
        rid = _cell(record, columns.id).strip()
        title = " ".join(_cell(record, columns.title).split())
        date = _cell(record, columns.date).strip()
    except ValueError as exc:
        raise InputError(f"{where}: {exc}") from None
    if not text.strip():
        raise InputError(f"{where}: no text in column {columns.text!r}")
    if len(text) > max_chars:
        raise InputError(f"{where}: too long ({len(text):,} characters; the limit is "
                         f"{max_chars:,}, see --max-chars)")
    reason = symbol_run_reason(text)
    if reason:
        raise InputError(f"{where}: {reason}")
    stem = article_id_for(path)
    rid = _slug(rid) or f"{stem}-{n}"
    return CorpusRow(source=path, row=n, id=rid, text=text, title=title, date=date)


def read_corpus(path: str, *, columns: Columns = Columns(),
                max_chars: int = MAX_CHARS) -> Iterator[CorpusRow | InputError]:
    """Yield each row of a ``.jsonl`` or ``.csv`` corpus, or an error for a bad row.

    Raises :class:`InputError` if the file itself cannot be read (not a
    regular file: a FIFO would block), a CSV has no text column, or the file
    holds no row at all. Lines are read bounded: a JSONL line longer than a
    ``max_chars`` text can be written in is one bad row, never held whole in
    memory. Ids are the slugged ``id`` column, or ``<file-stem>-<row>``; the
    caller de-duplicates them.
    """
    handle = open_regular(path, "utf-8-sig", newline="")
    name = shown(path)
    limit = 6 * max_chars + 65_536  # a JSON string escapes a character in at most 6
    rows = 0
    with handle:
        try:
            if path.lower().endswith(".jsonl"):
                for n, line in enumerate(bounded_lines(handle, limit), 1):
                    if line is None:
                        rows += 1
                        yield InputError(f"{name}:{n}: too long (a line of over {limit:,} "
                                         "characters; see --max-chars)")
                        continue
                    if not line.strip():
                        continue
                    rows += 1
                    try:
                        record = loads_json(line)
                    except ValueError as exc:
                        yield InputError(f"{name}:{n}: not valid JSON ({error_reason(exc)})")
                        continue
                    try:
                        yield _row(path, n, record, columns, max_chars)
                    except InputError as exc:
                        yield exc
            else:
                csv.field_size_limit(max(max_chars * 4, 131072))
                reader = csv.DictReader(_csv_lines(handle, limit))
                if reader.fieldnames is None:
                    raise InputError(f"{name}: empty CSV file")
                if columns.text not in reader.fieldnames:
                    raise InputError(f"{name}: no column {columns.text!r} (columns: "
                                     f"{', '.join(shown(f) for f in reader.fieldnames)}; "
                                     "see --text-column)")
                n = 1
                try:
                    for n, record in enumerate(reader, 2):
                        rows += 1
                        try:
                            yield _row(path, n, record, columns, max_chars)
                        except InputError as exc:
                            yield exc
                except csv.Error as exc:
                    if not rows:
                        raise
                    # csv cannot find the next row inside a broken quoted field: the rows
                    # read so far stand, and the line says where reading stopped.
                    raise InputError(f"{name}:{n + 1}: not a readable CSV row ({exc}); "
                                     "this row and the rows after it were not read") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None
        except csv.Error as exc:
            raise InputError(f"{name}: not a readable CSV file ({exc})") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read "
                             f"({exc.strerror or exc.__class__.__name__})") from None
    if not rows:
        raise InputError(f"{name}: no articles (the corpus file has no rows)")


def _csv_lines(handle, limit: int) -> Iterator[str]:
    """The lines of a CSV file for :mod:`csv`; a line over ``limit`` characters is a csv.Error."""
    for line in bounded_lines(handle, limit):
        if line is None:
            raise csv.Error(f"a line of over {limit:,} characters")
        yield line
