"""Gold-standard records for :mod:`argmap.evaluate`.

Gold documents are loaded from annotated corpora (microtext arggraph XML,
brat standoff) into these small frozen dataclasses. Like the records in
:mod:`argmap.records`, they hold only ``str``, ``int`` and tuples, and the
labels reuse argmap's own enums: roles are :class:`~argmap.types.Role`
values, relation kinds :class:`~argmap.types.RelationKind` values and the
dialectic side of a unit (proponent or opponent) is
:class:`~argmap.types.Polarity` ``pro`` or ``con``.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GoldUnit", "GoldRelation", "GoldDocument"]


@dataclass(frozen=True, slots=True)
class GoldUnit:
    """One annotated argumentative unit.

    Attributes:
        id: The unit id used in the source annotation (``a3``, ``T7``).
        start: Character offset of the first character in the document text.
        end: Character offset one past the last character.
        text: ``document.text[start:end]``.
        role: A :class:`~argmap.types.Role` value.
        side: ``pro`` for the proponent (the author's side) or ``con`` for
            the opponent, as a :class:`~argmap.types.Polarity` value.
    """

    id: str
    start: int
    end: int
    text: str
    role: str
    side: str


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """One annotated support or attack link between two gold units.

    Attributes:
        source: Id of the unit that supports or attacks.
        target: Id of the unit that is supported or attacked.
        kind: A :class:`~argmap.types.RelationKind` value.
        label: The label in the source annotation (``sup``, ``und``,
            ``supports``, ``stance:For`` ...), kept for error analysis.
    """

    source: str
    target: str
    kind: str
    label: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One gold-annotated text.

    Attributes:
        id: Document id (file stem).
        text: The full text the unit offsets refer to.
        units: Argumentative units in text order.
        relations: Support and attack links between units.
        central: Ids of the units that state the central claim. Microtexts
            have exactly one; brat essays may restate the major claim, and
            every restatement counts as the central claim.
        fmt: The corpus format the document was read from.
    """

    id: str
    text: str
    units: tuple[GoldUnit, ...] = ()
    relations: tuple[GoldRelation, ...] = ()
    central: tuple[str, ...] = ()
    fmt: str = ""

    def unit(self, unit_id: str) -> GoldUnit:
        """Return the unit with ``unit_id``; raise ``KeyError`` if absent."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)
