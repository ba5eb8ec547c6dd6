"""Corpus tables (articles, units, entities, stances, relations) as CSV or Parquet, streamed."""
from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path
from typing import Any, Iterator

from ..records import Article
from ..types import PathLike
from .articles import record_dict
from .atomic import FILE_MODE, temp_file
from .sources import InputError

__all__ = ["TABLES", "TABLE_FORMATS", "FORMULA_STARTS", "csv_safe", "csv_safe_frame", "table_rows", "TableWriter",
           "file_sha256"]

#: Corpus tables: file stem -> (record attribute, columns).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "articles": ("", ("article_id", "title", "author", "date", "site", "url", "source",
                      "model", "sha256", "n_units", "n_entities")),
    "units": ("units", ("article_id", "id", "start", "end", "role", "confidence",
                        "sentence", "paragraph", "prefix", "text")),
    "entities": ("entities", ("article_id", "id", "label", "kind", "country",
                              "mention_count", "surface_forms")),
    "stances": ("stances", ("article_id", "level", "unit_id", "target", "polarity",
                            "score", "confidence", "negated", "cue", "speaker", "n_pro", "n_con",
                            "n_neutral", "evidence")),
    "relations": ("relations", ("article_id", "id", "source", "target", "kind",
                                "confidence", "marker")),
}


def table_rows(article: Article, table: str) -> Iterator[dict[str, Any]]:
    """Yield the rows ``article`` contributes to one corpus table."""
    attr, _ = TABLES[table]
    if table == "articles":
        yield {"article_id": article.id, "title": article.title, "author": article.author,
               "date": article.date, "site": article.site, "url": article.url,
               "source": article.source, "model": article.model, "sha256": article.sha256,
               "n_units": len(article.units), "n_entities": len(article.entities)}
        return
    for rec in getattr(article, attr):
        row = record_dict(rec)
        row["article_id"] = article.id
        if table == "entities":
            row["surface_forms"] = "|".join(rec.surface_forms)
        if table == "stances":
            row["level"] = "unit"
        yield row
    if table == "stances":
        for ast in article.author_stances:
            row = record_dict(ast)
            row.update(level="article", unit_id="", confidence="", negated="", cue="", speaker="",
                       evidence="|".join(ast.evidence))
            yield row


TABLE_FORMATS = ("csv", "parquet")

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Return ``value`` with a ``'`` in front if it is text a spreadsheet would run as a formula.

    Only the CSV tables are escaped; Parquet and JSON keep the raw text.

    >>> csv_safe("=SUM(A1)"), csv_safe("-5% growth"), csv_safe(-0.5), csv_safe("ok")
    ("'=SUM(A1)", "'-5% growth", -0.5, 'ok')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_frame(df):
    """A copy of the DataFrame ``df`` with every text cell (and index label) passed through :func:`csv_safe`.

    For the CSV files written from DataFrames (``compare -o``, ``keypoints -o``).
    """
    from pandas.api.types import is_object_dtype, is_string_dtype

    def text(values) -> bool:  # object columns, and pandas' own string dtype
        return is_object_dtype(values.dtype) or is_string_dtype(values.dtype)

    out = df.copy()
    for col in out.columns:
        if text(out[col]):
            out[col] = out[col].map(csv_safe)
    if text(out.index):
        out.index = out.index.map(csv_safe)
    return out


def file_sha256(path: PathLike) -> str:
    """Return the sha256 hex digest of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()

#: Parquet column types; columns not listed are strings. Empty CSV cells are nulls.
_PARQUET_TYPES = {
    "start": "int64", "end": "int64", "sentence": "int64", "paragraph": "int64",
    "mention_count": "int64", "n_units": "int64", "n_entities": "int64", "n_pro": "int64", "n_con": "int64", "n_neutral": "int64",
    "confidence": "float64", "score": "float64", "negated": "bool_",
}


class TableWriter:
    """Stream corpus table rows to temporary files and move them into place at the end.

    Rows go to argmap temporary files (:func:`argmap.io.temp_file`) in
    ``outdir`` as each article arrives, so memory does not grow with the
    corpus; :meth:`close` renames them to ``<table>.csv`` (or ``.parquet``)
    with ``os.replace`` and records each table's row count and sha256 in
    :attr:`info` (for the run manifest, see :mod:`argmap.io.manifest`), and
    :meth:`abort` removes them, leaving earlier tables untouched. Text cells
    of CSV tables pass through :func:`csv_safe`.

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
        self._rows: dict[str, int] = {t: 0 for t in TABLES}
        #: After :meth:`close`: file name -> {"rows": n, "sha256": hex} per table.
        self.info: dict[str, dict[str, Any]] = {}
        for table, (_, columns) in TABLES.items():
            fd, tmp = temp_file(self.outdir)
            self._tmp[table] = tmp
            if fmt == "csv":
                fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
                self._files[table] = fh
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(columns)
                self._writers[table] = writer
            else:
                os.close(fd)

    def add(self, article: Article) -> None:
        """Append the rows of one article to every table."""
        for table in TABLES:
            if self.fmt == "csv":
                # lists in column order (what csv.DictWriter wrote, a missing
                # cell "", without its per-row dict work)
                columns = TABLES[table][1]
                rows = [[csv_safe(row.get(c, "")) for c in columns]
                        for row in table_rows(article, table)]
                self._writers[table].writerows(rows)
                self._rows[table] += len(rows)
            else:
                buf = self._buffers[table]
                before = len(buf)
                buf.extend(table_rows(article, table))
                self._rows[table] += len(buf) - before
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
        for table in TABLES:
            if self.fmt == "csv":
                self._files[table].close()
            else:
                self._flush_parquet(table, final=True)
                self._writers[table].close()
            os.chmod(self._tmp[table], FILE_MODE)
            self.info[f"{table}.{self.fmt}"] = {"rows": self._rows[table],
                                                "sha256": file_sha256(self._tmp[table])}
        written = []
        for table in TABLES:
            final = self.outdir / f"{table}.{self.fmt}"
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
