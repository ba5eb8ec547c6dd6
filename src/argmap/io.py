"""All file reading and writing of argmap lives here.

Writes are atomic (a temporary file in the same folder, then
``os.replace``), so a killed run never leaves half-written outputs.
"""
from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from .records import SCHEMA_VERSION, Article, article_from_dict
from .types import PathLike

__all__ = [
    "InputError",
    "TEXT_SUFFIXES",
    "expand_inputs",
    "read_text",
    "read_json",
    "read_article",
    "article_id_for",
    "write_text",
    "remove_stale_temp_files",
    "write_json",
    "write_article",
    "TABLES",
    "table_rows",
    "HTML_SUFFIXES",
    "MAX_CHARS",
    "list_inputs",
    "read_source",
    "TableWriter",
    "TABLE_FORMATS",
    "read_cache_key",
    "write_cache_key",
    "clear_cache_key",
    "dumps_json",
    "render_article",
    "write_rendered",
]

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", ".md") + HTML_SUFFIXES
#: Longest article ``extract`` accepts, in characters (spaCy's own default
#: ``nlp.max_length`` is 1,000,000; an opinion essay is 5,000-50,000).
MAX_CHARS = 500_000


def _file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


#: Mode of written files: what ``open()`` would give (``mkstemp`` gives 0600).
_FILE_MODE = _file_mode()


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
    """Read one input article for ``extract``; raise :class:`InputError` with a one-line reason.

    Refuses missing or unreadable paths, folders, binary files, non-UTF-8
    bytes, empty files and texts over ``max_chars`` characters (checked on
    the file size first, so a huge file is never read). HTML (by suffix, or
    a text that opens with a tag) is reduced to its visible text.
    """
    from .screen import html_to_text, looks_like_html

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
    if path.lower().endswith(HTML_SUFFIXES) or looks_like_html(text):
        text = html_to_text(text)
        if not text.strip():
            raise InputError(f"{path}: HTML with no visible text")
    if len(text) > max_chars:
        raise InputError(f"{path}: too long ({len(text):,} characters; the limit is "
                         f"{max_chars:,}, see --max-chars)")
    return text


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


def read_json(path: PathLike) -> Any:
    """Read a JSON file."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def read_article(path: PathLike) -> Article:
    """Read an ``article.json`` (or a directory that holds one) back into records."""
    p = Path(path)
    if p.is_dir():
        p = p / "article.json"
    if not p.exists():
        raise InputError(f"{path}: no article.json found")
    return article_from_dict(read_json(p))


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
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def write_json(path: PathLike, data: Any) -> Path:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    return write_text(path, dumps_json(data))


_encode_str = json.encoder.encode_basestring  # the C version when available
_float_repr = float.__repr__


_INF = (float("inf"), float("-inf"))


def _scalar(obj: Any) -> str:
    """JSON of a scalar, exactly as ``json.dumps`` writes it."""
    t = type(obj)
    if t is str:
        return _encode_str(obj)
    if t is int:
        return int.__repr__(obj)
    if t is float and obj == obj and obj not in _INF:
        return _float_repr(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, str):
        return _encode_str(obj)
    if isinstance(obj, int):
        return int.__repr__(obj)
    if isinstance(obj, float):
        return json.dumps(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def _encode(obj: Any, indent: str, out: list[str]) -> None:
    t = type(obj)
    if t is dict or (t is not str and isinstance(obj, dict)):
        if not obj:
            out.append("{}")
            return
        inner = indent + "  "
        sep = "{\n" + inner
        nxt = ",\n" + inner
        for key, value in obj.items():
            if type(key) is not str:
                key = json.dumps(key)  # int, float, bool, None keys, as json.dumps writes them
            out.append(sep)
            out.append(_encode_str(key))
            out.append(": ")
            vt = type(value)
            if vt is str or vt is int or vt is float or value is None or vt is bool:
                out.append(_scalar(value))
            else:
                _encode(value, inner, out)
            sep = nxt
        out.append("\n" + indent + "}")
    elif t is list or t is tuple or (t is not str and isinstance(obj, (list, tuple))):
        if not obj:
            out.append("[]")
            return
        inner = indent + "  "
        sep = "[\n" + inner
        nxt = ",\n" + inner
        for value in obj:
            out.append(sep)
            _encode(value, inner, out)
            sep = nxt
        out.append("\n" + indent + "]")
    else:
        out.append(_scalar(obj))


def dumps_json(data: Any) -> str:
    """Return ``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"``, about twice as fast.

    >>> dumps_json({"a": [1, 2.5, "é"], "b": {}})
    '{\\n  "a": [\\n    1,\\n    2.5,\\n    "é"\\n  ],\\n  "b": {}\\n}\\n'
    """
    out: list[str] = []
    _encode(data, "", out)
    out.append("\n")
    return "".join(out)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _record_dict(rec: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for flat records, without its deep copies."""
    names = _FIELD_NAMES.get(type(rec))
    if names is None:
        names = _FIELD_NAMES[type(rec)] = tuple(f.name for f in fields(rec))
    return {name: getattr(rec, name) for name in names}


def _article_dict(article: Article) -> dict[str, Any]:
    """What :func:`argmap.records.article_to_dict` returns, built faster (same JSON)."""
    data = _record_dict(article)
    for key, value in data.items():
        if isinstance(value, tuple) and value and is_dataclass(value[0]):
            data[key] = [_record_dict(rec) for rec in value]
    data["schema_version"] = SCHEMA_VERSION
    return data


def render_article(article: Article, graph_data: dict[str, Any]) -> tuple[str, str]:
    """Return the texts of ``article.json`` and ``graph.json`` (what :func:`write_article` writes)."""
    return dumps_json(_article_dict(article)), dumps_json(graph_data)


def write_rendered(outdir: PathLike, article_id: str, texts: tuple[str, str]) -> Path:
    """Write texts from :func:`render_article` to ``<outdir>/<article_id>/``; return the folder."""
    folder = Path(outdir) / article_id
    write_text(folder / "article.json", texts[0])
    write_text(folder / "graph.json", texts[1])
    return folder


def write_article(outdir: PathLike, article: Article, graph_data: dict[str, Any]) -> Path:
    """Write ``<outdir>/<article.id>/article.json`` and ``graph.json``; return the folder."""
    return write_rendered(outdir, article.id, render_article(article, graph_data))


#: Corpus tables: file stem -> (record attribute, columns).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "units": ("units", ("article_id", "id", "start", "end", "role", "confidence",
                        "sentence", "paragraph", "text")),
    "entities": ("entities", ("article_id", "id", "label", "kind", "country",
                              "mention_count", "surface_forms")),
    "stances": ("stances", ("article_id", "level", "unit_id", "target", "polarity",
                            "score", "confidence", "negated", "cue", "n_pro", "n_con",
                            "n_neutral")),
    "relations": ("relations", ("article_id", "id", "source", "target", "kind",
                                "confidence", "marker")),
}


def table_rows(article: Article, table: str) -> Iterator[dict[str, Any]]:
    """Yield the rows ``article`` contributes to one corpus table."""
    attr, _ = TABLES[table]
    for rec in getattr(article, attr):
        row = _record_dict(rec)
        row["article_id"] = article.id
        if table == "entities":
            row["surface_forms"] = "|".join(rec.surface_forms)
        if table == "stances":
            row["level"] = "unit"
        yield row
    if table == "stances":
        for ast in article.author_stances:
            row = _record_dict(ast)
            row.update(level="article", unit_id="", confidence="", negated="", cue="")
            yield row


TABLE_FORMATS = ("csv", "parquet")

#: Parquet column types; columns not listed are strings. Empty CSV cells are nulls.
_PARQUET_TYPES = {
    "start": "int64", "end": "int64", "sentence": "int64", "paragraph": "int64",
    "mention_count": "int64", "n_pro": "int64", "n_con": "int64", "n_neutral": "int64",
    "confidence": "float64", "score": "float64", "negated": "bool_",
}


class TableWriter:
    """Stream corpus table rows to temporary files and move them into place at the end.

    Rows go to ``.<table>.<random>.tmp`` files in ``outdir`` as each article
    arrives, so memory does not grow with the corpus; :meth:`close` renames
    them to ``<table>.csv`` (or ``.parquet``) with ``os.replace``, and
    :meth:`abort` removes them, leaving earlier tables untouched.

    Args:
        outdir: Output folder (created if missing).
        fmt: ``"csv"`` or ``"parquet"`` (needs pyarrow).
        row_group_size: Rows buffered per Parquet row group.
    """

    def __init__(self, outdir: PathLike, *, fmt: str = "csv", row_group_size: int = 20_000) -> None:
        if fmt not in TABLE_FORMATS:
            raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
        if fmt == "parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise InputError("--tables parquet needs pyarrow: pip install 'argmap[parquet]'") from None
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self.row_group_size = row_group_size
        self._tmp: dict[str, str] = {}
        self._files: dict[str, Any] = {}
        self._writers: dict[str, Any] = {}
        self._buffers: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        for table, (_, columns) in TABLES.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{table}.", suffix=".tmp", dir=self.outdir)
            self._tmp[table] = tmp
            if fmt == "csv":
                fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
                self._files[table] = fh
                writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore",
                                        lineterminator="\n")
                writer.writeheader()
                self._writers[table] = writer
            else:
                os.close(fd)

    def add(self, article: Article) -> None:
        """Append the rows of one article to every table."""
        for table in TABLES:
            if self.fmt == "csv":
                self._writers[table].writerows(table_rows(article, table))
            else:
                buf = self._buffers[table]
                buf.extend(table_rows(article, table))
                if len(buf) >= self.row_group_size:
                    self._flush_parquet(table)

    def _schema(self, table: str):
        import pyarrow as pa

        return pa.schema([(c, getattr(pa, _PARQUET_TYPES.get(c, "string"))())
                          for c in TABLES[table][1]])

    def _flush_parquet(self, table: str, *, final: bool = False) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        buf = self._buffers[table]
        if not buf and not final:
            return
        schema = self._schema(table)
        if table not in self._writers:
            self._writers[table] = pq.ParquetWriter(self._tmp[table], schema)
        if buf or table not in self._files:
            cols = {c: [None if r.get(c, "") == "" else r[c] for r in buf] for c in schema.names}
            self._writers[table].write_table(pa.Table.from_pydict(cols, schema=schema))
            self._files[table] = True  # at least one row group written
        buf.clear()

    def close(self) -> list[Path]:
        """Finish every table and move it into place; return the paths."""
        try:
            return self._close()
        except BaseException:
            self.abort()
            raise

    def _close(self) -> list[Path]:
        written = []
        for table in TABLES:
            if self.fmt == "csv":
                self._files[table].close()
            else:
                self._flush_parquet(table, final=True)
                self._writers[table].close()
            final = self.outdir / f"{table}.{self.fmt}"
            os.chmod(self._tmp[table], _FILE_MODE)
            os.replace(self._tmp[table], final)
            written.append(final)
        self._tmp.clear()
        return written

    def abort(self) -> None:
        """Drop the temporary files (the previous tables stay as they were)."""
        for table, tmp in self._tmp.items():
            writer = self._writers.get(table)
            try:
                if self.fmt == "csv":
                    self._files[table].close()
                elif writer is not None:
                    writer.close()
            except Exception:  # pragma: no cover - best effort on the way out
                pass
            Path(tmp).unlink(missing_ok=True)
        self._tmp.clear()

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


_CACHE_FILE = ".argmap-cache"


def read_cache_key(outdir: PathLike, article_id: str) -> str:
    """Return the cache key stored beside ``<outdir>/<article_id>/article.json``, or ``""``."""
    folder = Path(outdir) / article_id
    try:
        if not (folder / "article.json").is_file() or not (folder / "graph.json").is_file():
            return ""
        return (folder / _CACHE_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def write_cache_key(outdir: PathLike, article_id: str, key: str) -> Path:
    """Store ``key`` for an article whose outputs are complete (written last, atomically)."""
    return write_text(Path(outdir) / article_id / _CACHE_FILE, key + "\n")


def clear_cache_key(outdir: PathLike, article_id: str) -> None:
    """Forget the cache key of an article before its outputs are rewritten."""
    (Path(outdir) / article_id / _CACHE_FILE).unlink(missing_ok=True)
