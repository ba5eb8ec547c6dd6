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


class Role(str, Enum):
    """Argumentative role of a unit."""

    MAJOR_CLAIM = "major_claim"
    CLAIM = "claim"
    PREMISE = "premise"
    NONE = "none"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


class Polarity(str, Enum):
    """Stance polarity toward a target."""

    PRO = "pro"
    CON = "con"
    NEUTRAL = "neutral"
    MIXED = "mixed"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


#: Alias kept for readers of the house style, which speaks of ``Stance.PRO``.
Stance = Polarity


class RelationKind(str, Enum):
    """Kind of link between two argumentative units."""

    SUPPORT = "support"
    ATTACK = "attack"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


class EntityKind(str, Enum):
    """Kind of named target."""

    INSTITUTION = "institution"
    COUNTRY = "country"
    ORGANISATION = "org"
    REGION = "region"
    CONCEPT = "concept"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


class NodeKind(str, Enum):
    """Kind of node in an argument graph."""

    ARTICLE = "article"
    UNIT = "unit"
    ENTITY = "entity"
    CONCEPT = "concept"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


class EdgeKind(str, Enum):
    """Kind of edge in an argument graph."""

    CONTAINS = "contains"
    SUPPORTS = "supports"
    ATTACKS = "attacks"
    MENTIONS = "mentions"
    STANCE = "stance"
    LOCATED_IN = "located_in"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value
