"""User gazetteer files (``--patterns FILE.jsonl``): entries shaped like the built-in ones.

One JSON object per line::

    {"id": "org:ennahda", "label": "Ennahda", "kind": "org", "country": "country:TN",
     "patterns": ["Ennahda", "Ennahda Movement"]}

``id`` is ``kind:name`` (kinds: institution, org, person, country, region,
concept, seat); ``patterns`` are the surface forms (matched case-sensitively,
concepts case-insensitively); ``label``, ``kind`` and ``country`` are
optional, except that a seat of government ("Quai d'Orsay") needs
``country``, the id it stands for. A bad line is reported (file and line)
and skipped.

>>> rows, errors = parse_patterns(['{"id": "org:acme", "patterns": ["Acme"]}', '{"id": 3}'],
...                               "p.jsonl")
>>> rows[0]["kind"], errors
('org', ['p.jsonl:2: "id" must be a string like "org:acme"'])
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .jsonfmt import error_reason, loads_json
from .sources import InputError

__all__ = ["PATTERN_KINDS", "parse_patterns", "read_patterns", "MAX_PATTERN_BYTES"]

PATTERN_KINDS = ("institution", "org", "person", "country", "region", "concept", "seat")
#: Largest patterns file read (a gazetteer of ~100,000 names).
MAX_PATTERN_BYTES = 20_000_000
_MAX_FORM = 200


def _check(obj: Any) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    key = obj.get("id")
    if not isinstance(key, str) or ":" not in key or not key.split(":", 1)[1].strip():
        raise ValueError('"id" must be a string like "org:acme"')
    kind = obj.get("kind", key.split(":", 1)[0])
    if kind not in PATTERN_KINDS or key.split(":", 1)[0] != kind:
        raise ValueError(f'kind {kind!r} is not one of {", ".join(PATTERN_KINDS)} '
                         "(and must be the id's prefix)")
    forms = obj.get("patterns")
    if not isinstance(forms, list) or not forms or not all(
            isinstance(f, str) and f.strip() and len(f) <= _MAX_FORM for f in forms):
        raise ValueError(f'"patterns" must be a list of non-empty strings (at most {_MAX_FORM} '
                         "characters)")
    for name in ("label", "country"):
        if not isinstance(obj.get(name, ""), str):
            raise ValueError(f'"{name}" must be a string')
    if kind == "seat" and ":" not in obj.get("country", ""):
        raise ValueError('a seat needs "country": the id it stands for, like "country:FR"')
    return {"id": key, "label": obj.get("label") or key.split(":", 1)[1], "kind": kind,
            "country": obj.get("country", ""), "patterns": [" ".join(f.split()) for f in forms]}


def parse_patterns(lines: Iterable[str], name: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Return (valid rows, one error line per bad line) of a patterns file's lines."""
    rows, errors = [], []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(_check(loads_json(line)))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            errors.append(f"{name}:{n}: {error_reason(exc)}")
    return rows, errors


def read_patterns(path: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Read a patterns file; raise :class:`InputError` if it cannot be read at all."""
    p = Path(path)
    try:
        if not p.is_file():
            raise InputError(f"{path}: not a file")
        if p.stat().st_size > MAX_PATTERN_BYTES:
            raise InputError(f"{path}: too large for a patterns file "
                             f"(over {MAX_PATTERN_BYTES:,} bytes)")
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    return parse_patterns(text.splitlines(), str(path))
