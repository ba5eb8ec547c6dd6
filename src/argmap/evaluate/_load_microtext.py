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
* **Non-adjacent EDUs.** An ADU grounded in EDUs that are apart in the text
  (a claim stated at the start and restated at the end) becomes one unit per
  stretch of adjacent EDUs: the first keeps the ADU id, the others are
  ``<id>~2``, ``<id>~3`` ... with the same role and side, each linked to the
  first by a :data:`~argmap.evaluate.gold.RESTATEMENT` relation. The ADU's
  own relations start from the first stretch.
* **Central claim.** The ADU with no outgoing ``sup``/``exa``/``reb``/
  ``und``/``add`` edge (every stretch of it counts).
* **Implicit central claim.** An EDU or ADU with ``implicit="true"`` is a
  central claim the author never wrote. The ``.txt`` may carry it as an
  appended sentence (often upper case): that sentence is cut from the text
  the pipeline reads, it is not a unit, ``central`` is empty (the document
  is scored without a central-claim match) and links to it are kept apart in
  :attr:`~argmap.evaluate.gold.GoldDocument.implicit`; units attached to it
  are still claims.
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
A bad document (malformed XML, no ADU, an empty EDU or one missing from the
text, an id used twice, an edge to an unknown node or of an unknown type, an
ADU without EDUs, no central claim) is skipped with one line naming the file
and the element; it never aborts the run.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from typing import Callable

from ..types import PathLike, Polarity, RelationKind, Role
from ..io.sources import InputError, read_bounded
from .gold import (MAX_GOLD_BYTES, RESTATEMENT, GoldDocument, GoldRelation, GoldUnit,
                   report_skip)

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


def _strip_implicit(text: str, pieces: list[str]) -> str:
    """Remove implicit-claim sentences appended at the end of ``text``.

    The corpus ``.txt`` may carry an implicit central claim as a final
    sentence (often in upper case); it is not part of what the author wrote.
    """
    for piece in reversed(pieces):
        words = [re.escape(w) for w in piece.split()]
        if not words:
            continue
        match = re.search(r"\s*" + r"\s+".join(words) + r"\s*$", text, re.IGNORECASE)
        if match:
            text = text[: match.start()]
    return text


def _stretches(edus: list[str], position: dict[str, int]) -> list[list[str]]:
    """Split an ADU's EDUs into runs of EDUs that follow each other in the text."""
    runs: list[list[str]] = []
    for edu in sorted(edus, key=position.__getitem__):
        if runs and position[edu] == position[runs[-1][-1]] + 1:
            runs[-1].append(edu)
        else:
            runs.append([edu])
    return runs


def parse_microtext(xml_text: str, text: str | None = None, *, doc_id: str | None = None) -> GoldDocument:
    """Parse one arggraph XML document into a :class:`GoldDocument`.

    Args:
        xml_text: The arggraph XML.
        text: The plain text the EDUs come from. When ``None``, the EDUs are
            joined with single spaces (which is how the corpus ``.txt``
            files are made). An implicit central claim appended at its end
            is removed (see :attr:`GoldDocument.text`).
        doc_id: Document id; defaults to the ``arggraph`` ``id`` attribute.

    Returns:
        The gold document, with units in text order.

    Raises:
        ValueError: if the XML is malformed or not an arggraph, has no
            argumentative unit, or an EDU is not found in ``text``.

    Examples:
        >>> xml = ('<arggraph id="t"><edu id="e1">A is good.</edu><edu id="e2">B.</edu>'
        ...        '<edu id="e3">So A is good.</edu><adu id="a1" type="pro"/><adu id="a2" type="pro"/>'
        ...        '<edge id="s1" src="e1" trg="a1" type="seg"/><edge id="s2" src="e2" trg="a2" type="seg"/>'
        ...        '<edge id="s3" src="e3" trg="a1" type="seg"/><edge id="c1" src="a2" trg="a1" type="sup"/>'
        ...        '</arggraph>')
        >>> doc = parse_microtext(xml)
        >>> [(u.id, u.text) for u in doc.units], doc.central
        ([('a1', 'A is good.'), ('a2', 'B.'), ('a1~2', 'So A is good.')], ('a1', 'a1~2'))
    """
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as err:
        raise ValueError(f"not well-formed XML ({err})") from err
    if root.tag != "arggraph":
        raise ValueError(f"not an arggraph document (root element {root.tag!r})")
    doc_id = doc_id or root.get("id", "")
    adu_types = {a.get("id", ""): a.get("type", "pro") for a in root.iter("adu")}
    if not adu_types:
        raise ValueError("no argumentative unit (adu)")
    edges = {
        e.get("id", ""): (e.get("src", ""), e.get("trg", ""), e.get("type", ""))
        for e in root.iter("edge")
    }
    # Segmentation: EDU -> (joint ->) ADU.
    seg_into: dict[str, list[str]] = {}
    for src, trg, label in edges.values():
        if label == "seg":
            seg_into.setdefault(trg, []).append(src)
    all_edus = {e.get("id", ""): (e.text or "") for e in root.iter("edu")}

    def edus_of(node: str, depth: int = 0) -> list[str]:
        if node in all_edus:
            return [node]
        if depth > 10:
            return []
        return [e for child in seg_into.get(node, []) for e in edus_of(child, depth + 1)]

    # Implicit central claim: flagged on the EDU or on the ADU.
    implicit_edus = {e.get("id", "") for e in root.iter("edu") if _true(e.get("implicit"))}
    implicit_adus = {a.get("id", "") for a in root.iter("adu") if _true(a.get("implicit"))}
    for adu in adu_types:
        edus = edus_of(adu)
        if adu in implicit_adus:
            implicit_edus.update(edus)
        elif edus and all(e in implicit_edus for e in edus):
            implicit_adus.add(adu)
    _check_graph(root, all_edus, implicit_edus, implicit_adus, edges, edus_of)
    explicit = [(eid, t) for eid, t in all_edus.items() if eid not in implicit_edus]
    implicit_texts = [t.strip() for eid, t in all_edus.items() if eid in implicit_edus]
    if text is None:
        text = " ".join(t.strip() for _, t in explicit)
    elif implicit_texts:
        text = _strip_implicit(text, implicit_texts)
    edu_spans = dict(zip([eid for eid, _ in explicit], _locate(text, [t for _, t in explicit])))
    position = {eid: k for k, eid in enumerate(sorted(edu_spans, key=edu_spans.__getitem__))}

    # Units: one per ADU, or one per stretch of adjacent EDUs when an ADU is
    # grounded in EDUs that are apart (the first stretch keeps the ADU id).
    spans: dict[str, tuple[int, int]] = {}
    adu_of: dict[str, str] = {}
    restated: list[GoldRelation] = []
    for adu in adu_types:
        if adu in implicit_adus:
            continue
        edus = [e for e in edus_of(adu) if e in edu_spans]
        for k, run in enumerate(_stretches(edus, position)):
            uid = adu if k == 0 else f"{adu}~{k + 1}"
            spans[uid] = (edu_spans[run[0]][0], edu_spans[run[-1]][1])
            adu_of[uid] = adu
            if k:
                restated.append(GoldRelation(uid, adu, RESTATEMENT, RESTATEMENT))

    # Relations between units (and to an implicit central claim).
    relations: list[GoldRelation] = []
    implicit_links: list[GoldRelation] = []
    outgoing: set[str] = set()
    parent: dict[str, str] = {}
    for edge_id, (src, _, label) in edges.items():
        if label not in _ARGUMENT_EDGES:
            continue
        outgoing.add(src)
        resolved = _resolve(edges, edge_id)
        if resolved is None or src not in spans:
            continue
        parent.setdefault(src, resolved[0])
        if resolved[0] in spans:
            relations.append(GoldRelation(src, resolved[0], resolved[1], label))
        elif resolved[0] in implicit_adus:
            implicit_links.append(GoldRelation(src, resolved[0], resolved[1], label))

    roots = [a for a in adu_types if a not in outgoing]
    if not roots:
        raise ValueError("no central claim: every ADU has an outgoing edge")
    implicit_roots = [a for a in roots if a in implicit_adus]
    explicit_roots = sorted((a for a in roots if a in spans), key=spans.__getitem__)
    root = (implicit_roots + explicit_roots + [""])[0]
    central = tuple(u for u in sorted(spans, key=spans.__getitem__) if adu_of[u] == root)

    def depth(adu: str) -> int:
        steps, node = 0, adu
        while node in parent and steps <= len(parent):
            node, steps = parent[node], steps + 1
        return steps if node == root else max(steps, 2)

    units = []
    for uid in sorted(spans, key=spans.__getitem__):
        adu = adu_of[uid]
        if adu == root:
            role = Role.MAJOR_CLAIM.value
        else:
            role = Role.CLAIM.value if depth(adu) == 1 else Role.PREMISE.value
        start, end = spans[uid]
        units.append(GoldUnit(uid, start, end, text[start:end], role, _SIDES.get(adu_types[adu], Polarity.PRO.value)))
    relations.sort(key=lambda r: (spans[r.source], spans[r.target]))
    relations += restated
    return GoldDocument(doc_id, text, tuple(units), tuple(relations), central, "microtext",
                        implicit=tuple(implicit_links))


def _check_graph(root: ET.Element, edus: dict[str, str], implicit_edus: set[str], implicit_adus: set[str],
                 edges: dict[str, tuple[str, str, str]], edus_of: Callable[[str], list[str]]) -> None:
    """Refuse an arggraph whose annotation cannot be trusted, naming the element."""
    ids = [el.get("id", "") for el in root if el.tag in {"edu", "joint", "adu", "edge"}]
    seen: set[str] = set()
    for ident in ids:
        if not ident:
            raise ValueError("an element has no id")
        if ident in seen:
            raise ValueError(f"{ident}: id used twice")
        seen.add(ident)
    for eid, text in edus.items():
        if not text.strip() and eid not in implicit_edus:
            raise ValueError(f"{eid}: empty EDU")
    for edge_id, (src, trg, label) in edges.items():
        for end, name in ((src, "source"), (trg, "target")):
            if end not in seen:
                raise ValueError(f"edge {edge_id}: {name} {end!r} is not an EDU, joint, ADU or edge")
        if label not in {"seg", "sup", "exa", "add", "reb", "und"}:
            raise ValueError(f"edge {edge_id}: unknown type {label!r}")
    for adu in (a.get("id", "") for a in root.iter("adu")):
        if adu not in implicit_adus and not edus_of(adu):
            raise ValueError(f"{adu}: no EDU is segmented into this ADU")


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in {"true", "yes", "1"}


def read_microtexts(path: PathLike, *, on_error: Callable[[str], None] | None = None) -> list[GoldDocument]:
    """Read every ``*.xml`` arggraph below ``path`` (a directory or one file).

    The plain text comes from the ``.txt`` file with the same stem when there
    is one. Documents are returned sorted by file path. A document that
    cannot be read is skipped: ``on_error`` gets one line naming the file and
    the problem (by default a :class:`~argmap.evaluate.gold.GoldWarning`).
    """
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob("*.xml"))
    docs = []
    for xml_file in files:
        txt_file = xml_file.with_suffix(".txt")
        try:
            text = (_read_text(read_bounded(str(txt_file), MAX_GOLD_BYTES))
                    if txt_file.exists() else None)
            xml_text = _read_text(read_bounded(str(xml_file), MAX_GOLD_BYTES))
            docs.append(parse_microtext(xml_text, text, doc_id=xml_file.stem))
        except (OSError, UnicodeDecodeError, ValueError, InputError) as err:
            report_skip(f"{xml_file}: {err}; document skipped", on_error)
    return docs


def _read_text(data: bytes) -> str:
    """Decode a gold file as ``Path.read_text`` did: UTF-8, universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
