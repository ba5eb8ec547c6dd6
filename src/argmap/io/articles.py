"""Reading and writing one article's outputs: ``article.json``, ``graph.json`` and its cache key."""
from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from ..records import SCHEMA_VERSION, Article, article_from_dict
from ..types import PathLike
from .atomic import write_bytes, write_text
from .jsonfmt import dumps_json, loads_json
from .sources import InputError, child_path, shown

__all__ = ["read_json", "read_article", "check_article", "record_dict", "render_article",
           "write_rendered", "write_article", "read_cache_key", "write_cache_key",
           "clear_cache_key", "article_folder"]

def read_json(path: PathLike) -> Any:
    """Read a JSON file strictly (see :func:`argmap.io.jsonfmt.loads_json`)."""
    with open(path, encoding="utf-8") as fh:
        return loads_json(fh.read())


def read_article(path: PathLike) -> Article:
    """Read an ``article.json`` (or a directory that holds one) back into records.

    Every field is checked (see :func:`check_article`): a malformed file is
    one :class:`InputError` naming it, never a traceback later on.
    """
    p = Path(path)
    if p.is_dir():
        p = p / "article.json"
    if not p.is_file():
        raise InputError(f"{shown(path)}: no article.json found")
    try:
        data = read_json(p)
    except UnicodeDecodeError:
        raise InputError(f"{shown(p)}: not UTF-8 text") from None
    except ValueError as exc:
        raise InputError(f"{shown(p)}: not valid JSON ({exc})") from None
    except OSError as exc:
        raise InputError(f"{shown(p)}: cannot read ({exc.strerror or exc})") from None
    try:
        if not isinstance(data, dict):
            raise TypeError("the top level is not an object")
        for name in _CHILD_FIELDS:
            if name in data and not isinstance(data[name], list):
                raise TypeError(f"'{name}' is not a list")
            if any(not isinstance(r, dict) for r in data.get(name, ())):
                raise TypeError(f"an item of '{name}' is not an object")
        article = article_from_dict(data)
        check_article(article)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise InputError(f"{shown(p)}: not an argmap article.json ({exc})") from None
    return article


_CHILD_FIELDS = ("units", "entities", "mentions", "relations", "stances", "author_stances")
_SIMPLE = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}


def _check_record(rec: Any, where: str) -> None:
    for f in fields(rec):
        value = getattr(rec, f.name)
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", "")
        if kind in _SIMPLE:
            ok = isinstance(value, _SIMPLE[kind]) and (kind == "bool" or not isinstance(value, bool))
        elif kind == "tuple[str, ...]":
            ok = all(isinstance(v, str) for v in value)
        else:
            continue
        if not ok:
            raise TypeError(f"{where}.{f.name} should be {kind}, not {type(value).__name__}")


def check_article(article: Article) -> Article:
    """Check the types of every field and that offsets lie inside the text; return ``article``.

    Raises ``TypeError`` or ``ValueError`` with a short reason.
    """
    _check_record(article, "article")
    n = len(article.text)
    for name in _CHILD_FIELDS:
        for i, rec in enumerate(getattr(article, name)):
            _check_record(rec, f"{name}[{i}]")
            start, end = getattr(rec, "start", 0), getattr(rec, "end", 0)
            if not 0 <= start <= end <= n:
                raise ValueError(f"{name}[{i}] has offsets {start}..{end} outside the text")
    return article


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


def article_folder(outdir: PathLike, article_id: str) -> Path:
    """Return ``<outdir>/<article_id>``, refusing an id that would leave ``outdir``."""
    return child_path(outdir, article_id)


def write_rendered(outdir: PathLike, article_id: str, data: tuple[bytes, bytes]) -> Path:
    """Write ``article.json`` and ``graph.json`` (UTF-8 bytes) to ``<outdir>/<article_id>/``.

    ``data`` is :func:`render_article`'s texts encoded once, so the caller can
    hash the same bytes for :func:`write_cache_key`. Returns the folder.
    Example::

        data = tuple(t.encode("utf-8") for t in render_article(article, graph_data))
        write_rendered("out", article.id, data)
        write_cache_key("out", article.id, key, data)
    """
    folder = article_folder(outdir, article_id)
    for name, blob in zip(_CACHED, data):
        write_bytes(folder / name, blob)
    return folder


def write_article(outdir: PathLike, article: Article, graph_data: dict[str, Any]) -> Path:
    """Write ``<outdir>/<article.id>/article.json`` and ``graph.json``; return the folder."""
    texts = render_article(article, graph_data)
    return write_rendered(outdir, article.id, tuple(t.encode("utf-8") for t in texts))


_CACHE_FILE = ".argmap-cache"
_CACHED = ("article.json", "graph.json")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_cache_key(outdir: PathLike, article_id: str) -> str:
    """Return the cache key stored beside ``<outdir>/<article_id>/article.json``, or ``""``.

    The key file also holds the sha256 of ``article.json`` and ``graph.json``
    as written; if either file is missing, unreadable or changed since, the
    key is ``""`` (a cache miss), so the article is extracted again.
    """
    try:
        folder = article_folder(outdir, article_id)
        lines = (folder / _CACHE_FILE).read_text(encoding="utf-8").splitlines()
        if len(lines) != 1 + len(_CACHED):
            return ""
        for name, line in zip(_CACHED, lines[1:]):
            if line != f"{name} {_digest((folder / name).read_bytes())}":
                return ""
        return lines[0].strip()
    except (OSError, ValueError, InputError):
        return ""


def write_cache_key(outdir: PathLike, article_id: str, key: str,
                    data: tuple[bytes, bytes] | None = None) -> Path:
    """Store ``key`` for an article whose outputs are complete (written last, atomically).

    ``data`` are the bytes of ``article.json`` and ``graph.json`` as written
    (read back from the folder when omitted); their hashes go in the key file.
    """
    folder = article_folder(outdir, article_id)
    blobs = data if data is not None else [(folder / name).read_bytes() for name in _CACHED]
    lines = [key] + [f"{name} {_digest(d)}" for name, d in zip(_CACHED, blobs)]
    return write_text(folder / _CACHE_FILE, "\n".join(lines) + "\n")


def clear_cache_key(outdir: PathLike, article_id: str) -> None:
    """Forget the cache key of an article before its outputs are rewritten."""
    (article_folder(outdir, article_id) / _CACHE_FILE).unlink(missing_ok=True)
