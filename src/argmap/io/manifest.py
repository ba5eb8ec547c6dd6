"""The run manifest of an output folder: which inputs, ids and sources, and which tables.

``extract`` writes ``<outdir>/manifest.json`` last, atomically, after the
tables are in place::

    {"argmap_manifest": 1,
     "articles": [{"id": "a", "source": "corpus/a.txt", "status": "extracted"}, ...],
     "tables": {"units.csv": {"rows": 12, "sha256": "..."}, ...}}

It serves three guarantees:

* the table set is checked as a unit: :func:`check_tables` compares every
  table with its row count and hash, so a reader never takes a mixed set
  (new ``units.csv`` beside old ``stances.csv``) for a consistent one;
* ``compare OUTDIR`` reads only the articles the last run named
  (:func:`manifest_articles`), not stale folders of inputs no longer given;
* ``extract --prune`` removes the article folders it no longer names
  (:func:`prune_articles`), and an id that already holds another source's
  outputs is an error, not a silent overwrite.

An input's status is ``extracted`` (its outputs are in the folder and the
tables, freshly or from the cache), ``failed`` or ``skipped``. The manifest
holds no dates or run ids, so it is byte-identical across runs.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable

from ..types import PathLike
from .atomic import write_json
from .jsonfmt import loads_json
from .sources import InputError, child_path, shown

__all__ = ["MANIFEST_FILE", "read_manifest", "write_manifest", "check_tables",
           "manifest_articles", "prune_articles", "ARTICLE_FILES"]

MANIFEST_FILE = "manifest.json"
#: The files ``extract`` writes in an article folder (what ``--prune`` may remove).
ARTICLE_FILES = ("article.json", "graph.json", ".argmap-cache")


def read_manifest(outdir: PathLike) -> dict[str, Any] | None:
    """Return the manifest of ``outdir``, or None if there is none.

    Raises :class:`InputError` for a manifest that is not argmap's.
    """
    path = Path(outdir) / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        data = loads_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{shown(path)}: unreadable run manifest ({exc})") from None
    if (not isinstance(data, dict) or data.get("argmap_manifest") != 1
            or not isinstance(data.get("articles"), list)
            or not isinstance(data.get("tables"), dict)
            or not all(isinstance(a, dict) and isinstance(a.get("id"), str)
                       and isinstance(a.get("source"), str) for a in data["articles"])):
        raise InputError(f"{shown(path)}: not an argmap run manifest")
    return data


def write_manifest(outdir: PathLike, articles: Iterable[dict[str, str]],
                   tables: dict[str, dict[str, Any]]) -> Path:
    """Write ``<outdir>/manifest.json`` atomically (see the module docstring)."""
    return write_json(Path(outdir) / MANIFEST_FILE, {
        "argmap_manifest": 1,
        "articles": [dict(a) for a in articles],
        "tables": {name: tables[name] for name in sorted(tables)},
    })


def _count_rows(path: Path) -> int:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with open(path, encoding="utf-8", newline="") as fh:
        return max(0, sum(1 for _ in csv.reader(fh)) - 1)


def check_tables(outdir: PathLike) -> dict[str, Path]:
    """Return ``{file name: path}`` of the corpus tables of ``outdir`` once they check out.

    Every table the manifest names must exist with its row count and
    sha256; otherwise :class:`InputError` says which one differs (a run
    failed or is still switching the set, so the tables are not one set).
    """
    from .tables import file_sha256

    manifest = read_manifest(outdir)
    if manifest is None:
        raise InputError(f"{shown(outdir)}: no {MANIFEST_FILE}; not an argmap extract folder")
    out: dict[str, Path] = {}
    for name, info in manifest["tables"].items():
        path = child_path(outdir, name)
        if not path.is_file():
            raise InputError(f"{shown(path)}: missing; the tables are not a complete set")
        if file_sha256(path) != info.get("sha256") or _count_rows(path) != info.get("rows"):
            raise InputError(f"{shown(path)}: does not match {MANIFEST_FILE}; the tables are "
                             "not one set (an extract run failed or is running): run it again")
        out[name] = path
    return out


def manifest_articles(outdir: PathLike) -> list[Path] | None:
    """Return the article folders the manifest of ``outdir`` names as extracted, in its order.

    None if ``outdir`` has no manifest.
    """
    manifest = read_manifest(outdir)
    if manifest is None:
        return None
    return [child_path(outdir, a["id"]) for a in manifest["articles"]
            if a.get("status") == "extracted"]


def prune_articles(outdir: PathLike, keep: Iterable[str]) -> list[Path]:
    """Remove the article folders of ``outdir`` not in ``keep``; return them.

    Only argmap's own files (:data:`ARTICLE_FILES`) are deleted, and only in
    folders that hold an ``article.json``; a folder is removed once empty.
    """
    keep = set(keep)
    removed = []
    root = Path(outdir)
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        if (folder.name in keep or folder.is_symlink() or not folder.is_dir()
                or not (folder / "article.json").is_file()):
            continue
        for name in ARTICLE_FILES:
            (folder / name).unlink(missing_ok=True)
        try:
            folder.rmdir()
        except OSError:
            pass
        removed.append(folder)
    return removed
