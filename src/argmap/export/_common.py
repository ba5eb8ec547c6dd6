"""Shared helpers for the exporters: colours, edge styling and key handling.

Nothing here touches files; every exporter imports only networkx, the
standard library and :mod:`argmap.types`.
"""
from __future__ import annotations

from typing import Any, Iterator

import networkx as nx

from ..types import EdgeKind, NodeKind, Polarity, Role

__all__ = [
    "NODE_COLOURS",
    "ROLE_COLOURS",
    "EDGE_COLOURS",
    "POLARITY_COLOURS",
    "node_colour",
    "edge_colour",
    "iter_edges",
]

#: Fill colour of a node by ``kind``.
NODE_COLOURS: dict[str, str] = {
    NodeKind.ARTICLE.value: "#6c757d",
    NodeKind.UNIT.value: "#4e79a7",
    NodeKind.ENTITY.value: "#f28e2b",
    NodeKind.CONCEPT.value: "#b07aa1",
}

#: Fill colour of a unit node by ``role`` (overrides :data:`NODE_COLOURS`).
ROLE_COLOURS: dict[str, str] = {
    Role.MAJOR_CLAIM.value: "#1f3b73",
    Role.CLAIM.value: "#4e79a7",
    Role.PREMISE.value: "#8cb3d9",
    Role.NONE.value: "#c9d6e3",
}

#: Line colour of an edge by ``kind``.
EDGE_COLOURS: dict[str, str] = {
    EdgeKind.CONTAINS.value: "#bbbbbb",
    EdgeKind.SUPPORTS.value: "#2ca02c",
    EdgeKind.ATTACKS.value: "#d62728",
    EdgeKind.MENTIONS.value: "#999999",
    EdgeKind.STANCE.value: "#7f7f7f",
    EdgeKind.LOCATED_IN.value: "#bcbd22",
}

#: Line colour of a ``stance`` edge by ``polarity``: pro green, con red.
POLARITY_COLOURS: dict[str, str] = {
    Polarity.PRO.value: "#2ca02c",
    Polarity.CON.value: "#d62728",
    Polarity.NEUTRAL.value: "#7f7f7f",
    Polarity.MIXED.value: "#ff7f0e",
}


def node_colour(data: dict[str, Any]) -> str:
    """Return the fill colour for a node's attribute dict."""
    if data.get("kind") == NodeKind.UNIT.value and data.get("role") in ROLE_COLOURS:
        return ROLE_COLOURS[data["role"]]
    return NODE_COLOURS.get(data.get("kind", ""), "#cccccc")


def edge_colour(data: dict[str, Any]) -> str:
    """Return the line colour for an edge's attribute dict."""
    if data.get("kind") == EdgeKind.STANCE.value:
        return POLARITY_COLOURS.get(data.get("polarity", ""), "#7f7f7f")
    return EDGE_COLOURS.get(data.get("kind", ""), "#999999")


def iter_edges(G: nx.Graph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """Yield ``(u, v, key, data)`` for any graph; ``key`` is ``None`` if not multi."""
    if G.is_multigraph():
        yield from G.edges(keys=True, data=True)
    else:
        for u, v, data in G.edges(data=True):
            yield u, v, None, data
