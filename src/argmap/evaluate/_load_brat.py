"""Load brat standoff annotations (argument-annotated essays) into gold documents.

Each document is a ``.txt`` file with a ``.ann`` file next to it, in the
scheme of the argument-annotated essays (Stab & Gurevych):

.. code-block:: text

    T1  MajorClaim 0 42     Schools should not require uniforms
    T2  Claim 44 80         uniforms limit self-expression
    A1  Stance T2 For
    T3  Premise 82 120      pupils choose clothes to show who they are
    R1  supports Arg1:T3 Arg2:T2

(the columns are tab-separated). Mapping to argmap:

* ``MajorClaim``, ``Claim`` and ``Premise`` become the roles
  ``major_claim``, ``claim`` and ``premise``; other text-bound types are
  ignored. Discontinuous spans (``0 5;9 20``) are covered from first to last
  character.
* ``supports`` and ``attacks`` relations become ``support`` and ``attack``.
* A claim is linked to the major claim by its ``Stance`` attribute rather
  than a relation: ``For`` becomes a ``support`` and ``Against`` an
  ``attack`` on the first major claim. Every major claim counts as the
  central claim, so restatements are interchangeable when scoring.
* Side: major claims are ``pro``; a claim is ``pro`` when its stance is
  ``For`` and ``con`` when it is ``Against``; a premise takes the side of
  the unit it supports, and the opposite side of the unit it attacks.

:func:`parse_brat` is pure. :func:`read_brat` is the thin function that
opens files (the documented exception to "only :mod:`argmap.io` reads
files"). Gold that cannot be trusted is refused, one document at a time:
an ``.ann`` file with a byte-order mark (brat offsets count characters of
the ``.txt``; an editor that adds a BOM to one usually shifts the other),
offsets that are negative, reversed or beyond the text, spans that cover
only whitespace, quoted text that differs from the text at the offsets, a
``Stance`` that is not ``For``/``Against`` or names no annotation, and an
``.ann`` with no unit at all.
:func:`read_brat` skips such a document with one line naming the file and
the annotation, and goes on.
"""
from __future__ import annotations

from pathlib import Path

from typing import Callable

from ..types import PathLike, Polarity, RelationKind, Role
from ..io.sources import InputError, read_bounded
from .gold import MAX_GOLD_BYTES, GoldDocument, GoldRelation, GoldUnit, report_skip

__all__ = ["parse_brat", "read_brat"]

_ROLES = {
    "majorclaim": Role.MAJOR_CLAIM.value,
    "claim": Role.CLAIM.value,
    "premise": Role.PREMISE.value,
}
_KINDS = {
    "supports": RelationKind.SUPPORT.value,
    "support": RelationKind.SUPPORT.value,
    "attacks": RelationKind.ATTACK.value,
    "attack": RelationKind.ATTACK.value,
}
_STANCE_KINDS = {"for": RelationKind.SUPPORT.value, "against": RelationKind.ATTACK.value}


class _Refused(ValueError):
    """An annotation that parses but cannot be trusted."""


def _span(ident: str, offsets: str, text: str) -> tuple[int, int]:
    """Check the fragments of a text-bound annotation and cover them."""
    starts, ends = [], []
    for part in offsets.split(";"):
        start, end = (int(x) for x in part.split())
        if start < 0 or end < 0:
            raise _Refused(f"{ident}: negative offset {start} {end}")
        if start > end:
            raise _Refused(f"{ident}: reversed span {start} {end}")
        if end > len(text):
            raise _Refused(f"{ident}: offsets {start} {end} outside the text ({len(text)} characters)")
        if not text[start:end].strip():
            raise _Refused(f"{ident}: empty unit at {start} {end}")
        starts.append(start)
        ends.append(end)
    return min(starts), max(ends)


def _sides(units: dict[str, str], stance: dict[str, str], relations: list[GoldRelation]) -> dict[str, str]:
    pro, con = Polarity.PRO.value, Polarity.CON.value
    side: dict[str, str] = {}
    for uid, role in units.items():
        if role == Role.MAJOR_CLAIM.value:
            side[uid] = pro
        elif role == Role.CLAIM.value:
            side[uid] = con if stance.get(uid) == "against" else pro
    parent = {r.source: r for r in relations if r.source not in side}
    for _ in range(len(units)):
        changed = False
        for uid, rel in parent.items():
            if uid in side or rel.target not in side:
                continue
            same = rel.kind == RelationKind.SUPPORT.value
            side[uid] = side[rel.target] if same else (con if side[rel.target] == pro else pro)
            changed = True
        if not changed:
            break
    return {uid: side.get(uid, pro) for uid in units}


def parse_brat(text: str, ann: str, *, doc_id: str = "") -> GoldDocument:
    """Parse one brat ``.ann`` annotation of ``text`` into a :class:`GoldDocument`.

    Args:
        text: The content of the ``.txt`` file.
        ann: The content of the ``.ann`` file.
        doc_id: Document id (usually the file stem).

    Returns:
        The gold document, with units in text order.

    Raises:
        ValueError: if a line cannot be parsed, or the annotation cannot be
            trusted: the ``.ann`` text starts with a byte-order mark, a span
            is negative, reversed, outside the text or covers only
            whitespace, the quoted text differs from the text at the
            offsets, an id is defined twice, a relation or a ``Stance``
            names an unknown annotation, a ``Stance`` is neither ``For``
            nor ``Against``, or no unit is annotated at all. The message
            names the line and the annotation.

    Examples:
        >>> parse_brat("Uniforms help.", "T1\\tMajorClaim 0 40\\tUniforms help")
        Traceback (most recent call last):
        ...
        ValueError: line 1: T1: offsets 0 40 outside the text (14 characters)
    """
    if ann.startswith("\ufeff"):
        raise ValueError("starts with a byte-order mark (U+FEFF); save it as UTF-8 without BOM")
    spans: dict[str, tuple[int, int]] = {}
    roles: dict[str, str] = {}
    stance: dict[str, str] = {}
    text_bound: set[str] = set()
    raw_relations: list[tuple[str, str, str, str]] = []
    stance_ids: list[tuple[str, str]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            ident, body = line.split("\t")[:2]
            if ident.startswith("T"):
                label, offsets = body.split(" ", 1)
                if ident in text_bound:
                    raise _Refused(f"{ident}: defined twice")
                text_bound.add(ident)
                if label.lower() in _ROLES:
                    spans[ident] = _span(ident, offsets, text)
                    roles[ident] = _ROLES[label.lower()]
                    _check_quote(ident, line, text, offsets)
            elif ident.startswith("A"):
                parts = body.split()
                if parts[0].lower() == "stance":
                    if len(parts) < 3 or parts[2].lower() not in _STANCE_KINDS:
                        raise _Refused(f"{ident}: a Stance is For or Against, not "
                                       f"{' '.join(parts[2:]) or 'missing'!r}")
                    stance[parts[1]] = parts[2].lower()
                    stance_ids.append((ident, parts[1]))
            elif ident.startswith("R"):
                label, arg1, arg2 = body.split()[:3]
                if label.lower() in _KINDS:
                    raw_relations.append((ident, arg1.split(":", 1)[1], arg2.split(":", 1)[1], label))
        except _Refused as err:
            raise ValueError(f"line {lineno}: {err}") from None
        except (ValueError, IndexError) as err:
            raise ValueError(f"line {lineno}: cannot parse {line!r}") from err
    references = [(ident, arg) for ident, src, trg, _ in raw_relations for arg in (src, trg)]
    for ident, arg in references + stance_ids:  # relations' arguments, then stances'
        if arg not in text_bound:
            raise ValueError(f"{ident}: argument {arg} is not an annotation of this file")
    if not spans:
        raise ValueError("no MajorClaim, Claim or Premise annotation")

    order = sorted(spans, key=lambda u: spans[u])
    central = tuple(u for u in order if roles[u] == Role.MAJOR_CLAIM.value)
    relations = [
        GoldRelation(src, trg, _KINDS[label.lower()], label)
        for _, src, trg, label in raw_relations
        if src in spans and trg in spans
    ]
    if central:
        for uid in order:
            if roles[uid] == Role.CLAIM.value and stance.get(uid) in _STANCE_KINDS:
                kind = _STANCE_KINDS[stance[uid]]
                relations.append(GoldRelation(uid, central[0], kind, f"stance:{stance[uid].capitalize()}"))
    sides = _sides({u: roles[u] for u in order}, stance, relations)
    units = tuple(
        GoldUnit(u, spans[u][0], spans[u][1], text[spans[u][0]:spans[u][1]], roles[u], sides[u])
        for u in order
    )
    relations.sort(key=lambda r: (spans[r.source], spans[r.target]))
    return GoldDocument(doc_id, text, units, tuple(relations), central, "brat")


def _check_quote(ident: str, line: str, text: str, offsets: str) -> None:
    """The quoted text of a one-fragment span must be the text at its offsets."""
    fields = line.split("\t")
    if len(fields) < 3 or ";" in offsets:
        return
    start, end = (int(x) for x in offsets.split())
    if " ".join(fields[2].split()) != " ".join(text[start:end].split()):
        raise _Refused(f"{ident}: quoted text {fields[2][:40]!r} is not the text at "
                         f"{start} {end} ({text[start:end][:40]!r})")


def read_brat(path: PathLike, *, on_error: Callable[[str], None] | None = None) -> list[GoldDocument]:
    """Read every ``*.ann`` file below ``path`` with its ``.txt`` file.

    ``path`` is a directory or one ``.ann`` file. Documents are returned
    sorted by file path. A document that cannot be read or trusted (see
    :func:`parse_brat`) is skipped: ``on_error`` gets one line naming the file
    and the annotation (by default a :class:`~argmap.evaluate.gold.GoldWarning`).
    """
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob("*.ann"))
    docs = []
    for ann_file in files:
        try:
            # Bytes, so that "\r\n" is kept and the character offsets stay right;
            # plain "utf-8" keeps a byte-order mark visible, so it can be refused.
            text = read_bounded(str(ann_file.with_suffix(".txt")), MAX_GOLD_BYTES).decode("utf-8")
            ann = read_bounded(str(ann_file), MAX_GOLD_BYTES).decode("utf-8")
            docs.append(parse_brat(text, ann, doc_id=ann_file.stem))
        except (OSError, UnicodeDecodeError, ValueError, InputError) as err:
            report_skip(f"{ann_file}: {err}; document skipped", on_error)
    return docs
