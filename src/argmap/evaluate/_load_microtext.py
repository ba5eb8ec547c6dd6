"""Load argumentative microtexts (arggraph XML) into gold documents.

The arggraph format (Peldszus & Stede 2013) has elementary discourse units
(``edu``), optional ``joint`` nodes, argumentative discourse units (``adu``,
type ``pro`` or ``opp``) and typed edges: ``seg`` (EDU or joint to ADU),
``sup`` and ``exa`` (support), ``reb`` (rebutting attack), ``und``
(undercutting attack on an *edge*) and ``add`` (an additional premise
joining an existing edge).

Mapping to argmap
-----------------
* **Units.** One gold unit per ADU, spanning every EDU segmented into it
  (directly or through a joint). EDUs without an ADU are not units.
* **Relations.** ``sup`` and ``exa`` become ``support``; ``reb`` becomes
  ``attack``. An undercut attacks the inference of an edge; it becomes an
  ``attack`` on the *source* unit of that edge (the premise whose force is
  challenged), so every relation links two units. An ``add`` edge joins a
  linked premise to an existing edge: its source gets a relation of the same
  kind and to the same target as the edge it joins.
* **Central claim.** The ADU with no outgoing ``sup``/``exa``/``reb``/
  ``und``/``add`` edge.
* **Roles.** Depth in the resolved relation tree, as in the argument-
  annotated essays (brat) where claims attach to the major claim and
  premises to claims: the central claim is ``major_claim``, units whose
  relation targets the central claim are ``claim``, every deeper unit is
  ``premise``. Using the same scheme for both formats keeps the role figures
  comparable.
* **Side.** ADU type ``pro`` maps to ``Polarity.PRO``, ``opp`` to
  ``Polarity.CON``.

:func:`parse_microtext` is pure (it takes the XML and the plain text as
strings). :func:`read_microtexts` is the one thin function that opens files;
the house style keeps file access in :mod:`argmap.io`, and this reader is
the documented exception so the evaluation package can be used on its own.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..types import PathLike, Polarity, RelationKind, Role
from .gold import GoldDocument, GoldRelation, GoldUnit

__all__ = ["parse_microtext", "read_microtexts"]

_SUPPORT = {"sup", "exa"}
_ARGUMENT_EDGES = {"sup", "exa", "reb", "und", "add"}
_SIDES = {"pro": Polarity.PRO.value, "opp": Polarity.CON.value}


def _locate(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Find each piece in ``text``, in order; tolerate whitespace changes."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        start = text.find(piece, cursor)
        if start >= 0:
            end = start + len(piece)
        else:
            words = [re.escape(w) for w in piece.split()]
            match = re.compile(r"\s+".join(words)).search(text, cursor) if words else None
            if match is None:
                raise ValueError(f"segment not found in text: {piece[:60]!r}")
            start, end = match.span()
        spans.append((start, end))
        cursor = end
    return spans


def _resolve(edges: dict[str, tuple[str, str, str]], edge_id: str, seen: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """Return ``(target_unit, kind)`` for an argumentative edge."""
    if edge_id in seen or edge_id not in edges:
        return None
    _, trg, label = edges[edge_id]
    if label == "add":
        return _resolve(edges, trg, seen | {edge_id})
    if label == "und":
        if trg not in edges:
            return None
        return edges[trg][0], RelationKind.ATTACK.value
    if label == "reb":
        return trg, RelationKind.ATTACK.value
    return trg, RelationKind.SUPPORT.value


def parse_microtext(xml_text: str, text: str | None = None, *, doc_id: str | None = None) -> GoldDocument:
    """Parse one arggraph XML document into a :class:`GoldDocument`.

    Args:
        xml_text: The arggraph XML.
        text: The plain text the EDUs come from. When ``None``, the EDUs are
            joined with single spaces (which is how the corpus ``.txt``
            files are made).
        doc_id: Document id; defaults to the ``arggraph`` ``id`` attribute.

    Returns:
        The gold document, with units in text order.

    Raises:
        ValueError: if the XML is malformed or not an arggraph, or an EDU is
            not found in ``text``.
    """
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as err:
        raise ValueError(f"{doc_id or 'xml'}: not well-formed XML ({err})") from err
    if root.tag != "arggraph":
        raise ValueError(f"not an arggraph document (root element {root.tag!r})")
    doc_id = doc_id or root.get("id", "")
    edu_ids = [e.get("id", "") for e in root.iter("edu")]
    edu_texts = [(e.text or "") for e in root.iter("edu")]
    if text is None:
        text = " ".join(t.strip() for t in edu_texts)
    edu_spans = dict(zip(edu_ids, _locate(text, edu_texts)))
    adu_types = {a.get("id", ""): a.get("type", "pro") for a in root.iter("adu")}
    edges = {
        e.get("id", ""): (e.get("src", ""), e.get("trg", ""), e.get("type", ""))
        for e in root.iter("edge")
    }

    # Segmentation: EDU -> (joint ->) ADU.
    seg_into: dict[str, list[str]] = {}
    for src, trg, label in edges.values():
        if label == "seg":
            seg_into.setdefault(trg, []).append(src)

    def edus_of(node: str, depth: int = 0) -> list[str]:
        if node in edu_spans:
            return [node]
        if depth > 10:
            return []
        return [e for child in seg_into.get(node, []) for e in edus_of(child, depth + 1)]

    spans: dict[str, tuple[int, int]] = {}
    for adu in adu_types:
        covered = [edu_spans[e] for e in edus_of(adu)]
        if covered:
            spans[adu] = (min(s for s, _ in covered), max(e for _, e in covered))

    # Relations between units.
    relations: list[GoldRelation] = []
    outgoing: set[str] = set()
    for edge_id, (src, _, label) in edges.items():
        if label not in _ARGUMENT_EDGES:
            continue
        outgoing.add(src)
        resolved = _resolve(edges, edge_id)
        if resolved is None or src not in spans or resolved[0] not in spans:
            continue
        relations.append(GoldRelation(src, resolved[0], resolved[1], label))

    order = sorted(spans, key=lambda a: spans[a])
    central = tuple(a for a in order if a not in outgoing)[:1]
    parent = {r.source: r.target for r in relations}

    def depth(adu: str) -> int:
        steps, node = 0, adu
        while node in parent and steps <= len(parent):
            node, steps = parent[node], steps + 1
        return steps if central and node == central[0] else max(steps, 2)

    units = []
    for adu in order:
        if adu in central:
            role = Role.MAJOR_CLAIM.value
        else:
            role = Role.CLAIM.value if depth(adu) == 1 else Role.PREMISE.value
        start, end = spans[adu]
        units.append(GoldUnit(adu, start, end, text[start:end], role, _SIDES.get(adu_types[adu], Polarity.PRO.value)))
    relations.sort(key=lambda r: (spans[r.source], spans[r.target]))
    return GoldDocument(doc_id, text, tuple(units), tuple(relations), central, "microtext")


def read_microtexts(path: PathLike) -> list[GoldDocument]:
    """Read every ``*.xml`` arggraph below ``path`` (a directory or one file).

    The plain text comes from the ``.txt`` file with the same stem when there
    is one. Documents are returned sorted by file path.
    """
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob("*.xml"))
    docs = []
    for xml_file in files:
        txt_file = xml_file.with_suffix(".txt")
        text = txt_file.read_text(encoding="utf-8") if txt_file.exists() else None
        docs.append(parse_microtext(xml_file.read_text(encoding="utf-8"), text, doc_id=xml_file.stem))
    return docs
