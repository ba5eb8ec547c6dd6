"""Gold-standard records for :mod:`argmap.evaluate`.

Gold documents are loaded from annotated corpora (microtext arggraph XML,
brat standoff) into these small frozen dataclasses. Like the records in
:mod:`argmap.records`, they hold only ``str``, ``int`` and tuples, and the
labels reuse argmap's own enums: roles are :class:`~argmap.types.Role`
values, relation kinds :class:`~argmap.types.RelationKind` values and the
dialectic side of a unit (proponent or opponent) is
:class:`~argmap.types.Polarity` ``pro`` or ``con``.

Two gold-only notions have no argmap enum: :data:`RESTATEMENT`, the kind of
a relation that links a stretch of text to an earlier stretch stating the
same unit (a claim made at the start and restated at the end), and
:class:`GoldWarning`, issued when a reader skips a bad gold document.

>>> GoldRelation("a1~2", "a1", RESTATEMENT, "restatement").kind
'restatement'
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Callable

from ..io.sources import shown

__all__ = ["RESTATEMENT", "MAX_GOLD_BYTES", "GoldWarning", "report_skip", "GoldUnit", "GoldRelation",
           "GoldDocument"]

#: Relation kind linking a restating stretch (source) to the unit it restates
#: (target). Scoring treats both as one unit and leaves these links out of
#: the support/attack figures.
RESTATEMENT = "restatement"
#: Largest gold file (.xml, .ann, .txt) read; gold documents are a few KB.
MAX_GOLD_BYTES = 16 * 1024 * 1024


class GoldWarning(UserWarning):
    """A gold document was skipped (issued when no ``on_error`` callback is given)."""


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
        kind: A :class:`~argmap.types.RelationKind` value, or
            :data:`RESTATEMENT`.
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
        implicit: Relations whose target is an *implicit* central claim,
            one the text never states (arggraph ``implicit="true"``).
            ``central`` is empty then, and the document is scored without a
            central-claim match; these links only give the function of
            their source units.
    """

    id: str
    text: str
    units: tuple[GoldUnit, ...] = ()
    relations: tuple[GoldRelation, ...] = ()
    central: tuple[str, ...] = ()
    fmt: str = ""
    implicit: tuple[GoldRelation, ...] = ()

    def unit(self, unit_id: str) -> GoldUnit:
        """Return the unit with ``unit_id``; raise ``KeyError`` if absent."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)


def report_skip(message: str, on_error: Callable[[str], None] | None) -> None:
    """Send ``message`` (one line about a skipped document) to ``on_error``,
    or issue it as a :class:`GoldWarning` when there is no callback.

    Control characters (a line break in a gold file's name) are escaped, so
    the message stays one line.
    """
    message = shown(message)
    if on_error is None:
        warnings.warn(message, GoldWarning, stacklevel=3)
    else:
        on_error(message)
