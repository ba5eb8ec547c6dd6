"""All file reading and writing of argmap lives here.

Writes are atomic (a temporary file in the same folder, then
``os.replace``), so a killed run never leaves half-written outputs.
"""
from __future__ import annotations

import csv
import io as _io
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Iterator

from .records import Article, article_from_dict, article_to_dict
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
    "write_json",
    "write_article",
    "write_tables",
    "TABLES",
    "table_rows",
]

TEXT_SUFFIXES = (".txt", ".md")


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


def read_text(path: str) -> str:
    """Read a UTF-8 text file (``-`` reads stdin); raise :class:`InputError` if it is not text."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
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


def write_text(path: PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` atomically; create parent folders."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def write_json(path: PathLike, data: Any) -> Path:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_article(outdir: PathLike, article: Article, graph_data: dict[str, Any]) -> Path:
    """Write ``<outdir>/<article.id>/article.json`` and ``graph.json``; return the folder."""
    folder = Path(outdir) / article.id
    write_json(folder / "article.json", article_to_dict(article))
    write_json(folder / "graph.json", graph_data)
    return folder


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
        row = asdict(rec)
        row["article_id"] = article.id
        if table == "entities":
            row["surface_forms"] = "|".join(rec.surface_forms)
        if table == "stances":
            row["level"] = "unit"
        yield row
    if table == "stances":
        for ast in article.author_stances:
            row = asdict(ast)
            row.update(level="article", unit_id="", confidence="", negated="", cue="")
            yield row


def write_tables(outdir: PathLike, articles: Iterable[Article]) -> list[Path]:
    """Write ``units/entities/stances/relations.csv`` across all ``articles``."""
    articles = list(articles)
    written = []
    for table, (_, columns) in TABLES.items():
        buf = _io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        for article in articles:
            writer.writerows(table_rows(article, table))
        written.append(write_text(Path(outdir) / f"{table}.csv", buf.getvalue()))
    return written
