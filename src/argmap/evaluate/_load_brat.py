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
files").
"""
from __future__ import annotations

from pathlib import Path

from ..types import PathLike, Polarity, RelationKind, Role
from .gold import GoldDocument, GoldRelation, GoldUnit

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


def _span(offsets: str) -> tuple[int, int]:
    starts, ends = [], []
    for part in offsets.split(";"):
        start, end = part.split()
        starts.append(int(start))
        ends.append(int(end))
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
        ValueError: if a line cannot be parsed.
    """
    spans: dict[str, tuple[int, int]] = {}
    roles: dict[str, str] = {}
    stance: dict[str, str] = {}
    raw_relations: list[tuple[str, str, str]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            ident, body = line.split("\t")[:2]
            if ident.startswith("T"):
                label, offsets = body.split(" ", 1)
                if label.lower() in _ROLES:
                    spans[ident] = _span(offsets)
                    roles[ident] = _ROLES[label.lower()]
            elif ident.startswith("A"):
                parts = body.split()
                if parts[0].lower() == "stance" and len(parts) >= 3:
                    stance[parts[1]] = parts[2].lower()
            elif ident.startswith("R"):
                label, arg1, arg2 = body.split()[:3]
                if label.lower() in _KINDS:
                    raw_relations.append((arg1.split(":", 1)[1], arg2.split(":", 1)[1], label))
        except (ValueError, IndexError) as err:
            raise ValueError(f"{doc_id or 'ann'}:{lineno}: cannot parse {line!r}") from err

    order = sorted(spans, key=lambda u: spans[u])
    central = tuple(u for u in order if roles[u] == Role.MAJOR_CLAIM.value)
    relations = [
        GoldRelation(src, trg, _KINDS[label.lower()], label)
        for src, trg, label in raw_relations
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


def read_brat(path: PathLike) -> list[GoldDocument]:
    """Read every ``*.ann`` file below ``path`` with its ``.txt`` file.

    ``path`` is a directory or one ``.ann`` file. Documents are returned
    sorted by file path.
    """
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob("*.ann"))
    docs = []
    for ann_file in files:
        # Bytes, so that "\r\n" is kept and the character offsets stay right.
        text = ann_file.with_suffix(".txt").read_bytes().decode("utf-8")
        docs.append(parse_brat(text, ann_file.read_bytes().decode("utf-8"), doc_id=ann_file.stem))
    return docs
