"""Reading and writing one article's outputs: ``article.json``, ``graph.json`` and its cache key."""
from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from ..records import SCHEMA_VERSION, Article, article_from_dict
from ..types import PathLike
from .atomic import write_text
from .jsonfmt import dumps_json
from .sources import InputError

__all__ = ["read_json", "read_article", "record_dict", "render_article", "write_rendered",
           "write_article", "read_cache_key", "write_cache_key", "clear_cache_key"]

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


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def record_dict(rec: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for flat records, without its deep copies."""
    names = _FIELD_NAMES.get(type(rec))
    if names is None:
        names = _FIELD_NAMES[type(rec)] = tuple(f.name for f in fields(rec))
    return {name: getattr(rec, name) for name in names}


def _article_dict(article: Article) -> dict[str, Any]:
    """What :func:`argmap.records.article_to_dict` returns, built faster (same JSON)."""
    data = record_dict(article)
    for key, value in data.items():
        if isinstance(value, tuple) and value and is_dataclass(value[0]):
            data[key] = [record_dict(rec) for rec in value]
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
