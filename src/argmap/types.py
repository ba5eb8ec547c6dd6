"""Shared enums and type aliases for argmap.

Every label that crosses a module boundary is a ``str`` Enum, so values
compare equal to their plain string form and serialise without help.
"""
from __future__ import annotations

import os
from enum import Enum
from typing import Union

__all__ = [
    "Role",
    "Polarity",
    "Stance",
    "RelationKind",
    "EntityKind",
    "NodeKind",
    "EdgeKind",
    "PathLike",
]

PathLike = Union[str, "os.PathLike[str]"]


class _Label(str, Enum):
    """A str Enum whose ``str()`` is its value (like ``enum.StrEnum``, Python 3.11+)."""

    def __str__(self) -> str:
        return self.value


class Role(_Label):
    """Argumentative role of a unit."""

    MAJOR_CLAIM = "major_claim"
    CLAIM = "claim"
    PREMISE = "premise"
    NONE = "none"


class Polarity(_Label):
    """Stance polarity toward a target."""

    PRO = "pro"
    CON = "con"
    NEUTRAL = "neutral"
    MIXED = "mixed"


#: Alias kept for readers of the house style, which speaks of ``Stance.PRO``.
Stance = Polarity


class RelationKind(_Label):
    """Kind of link between two argumentative units."""

    SUPPORT = "support"
    ATTACK = "attack"


class EntityKind(_Label):
    """Kind of named target."""

    INSTITUTION = "institution"
    COUNTRY = "country"
    ORGANISATION = "org"
    REGION = "region"
    PERSON = "person"
    CONCEPT = "concept"


class NodeKind(_Label):
    """Kind of node in an argument graph."""

    ARTICLE = "article"
    UNIT = "unit"
    ENTITY = "entity"
    CONCEPT = "concept"


class EdgeKind(_Label):
    """Kind of edge in an argument graph."""

    CONTAINS = "contains"
    SUPPORTS = "supports"
    ATTACKS = "attacks"
    MENTIONS = "mentions"
    STANCE = "stance"
    LOCATED_IN = "located_in"

