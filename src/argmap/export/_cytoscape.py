"""Cytoscape.js elements JSON (also loadable by ``nx.cytoscape_graph``).

Node ``data`` holds every attribute plus ``id``, ``value`` and ``name``
(the node id); edge ``data`` holds every attribute plus ``id`` (``e<N>``),
``source``, ``target`` and the multigraph ``key``.  :func:`cytoscape_style`
returns a stylesheet that colours nodes by kind and role, and stance edges
green (pro) or red (con).
"""
from __future__ import annotations

import json
from typing import Any

import networkx as nx

from ..io import write_text
from ..types import EdgeKind, NodeKind, PathLike
from ._common import (
    EDGE_COLOURS,
    NODE_COLOURS,
    POLARITY_COLOURS,
    ROLE_COLOURS,
    iter_edges,
)

__all__ = ["to_cytoscape", "write_cytoscape", "cytoscape_style"]

#: Keys Cytoscape.js gives a meaning of its own: a node's ``id`` and
#: ``parent``, an edge's ``id``, ``source`` and ``target``.  An article node's
#: ``source`` (its path) is an ordinary attribute and stays.
_NODE_RESERVED = ("id", "parent")
_EDGE_RESERVED = ("id", "source", "target", "parent")


def to_cytoscape(G: nx.Graph) -> dict[str, Any]:
    """Return ``G`` as a Cytoscape.js JSON dict.

    Parameters
    ----------
    G : networkx.Graph
        Any graph with JSON attribute values.

    Returns
    -------
    dict
        ``{"data", "directed", "multigraph", "elements": {"nodes", "edges"}}``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="supports", kind="supports")
    'supports'
    >>> to_cytoscape(G)["elements"]["edges"][0]["data"]["source"]
    'a'
    """
    nodes = []
    for node, data in G.nodes(data=True):
        item = {k: v for k, v in data.items() if k not in _NODE_RESERVED}
        item.update(id=str(node), value=node, name=str(node))
        nodes.append({"data": item})
    edges = []
    for i, (u, v, key, data) in enumerate(iter_edges(G)):
        item = {k: v for k, v in data.items() if k not in _EDGE_RESERVED}
        item.update(id=f"e{i}", source=str(u), target=str(v))
        if key is not None:
            item["key"] = key
        edges.append({"data": item})
    return {
        "data": dict(G.graph),
        "directed": G.is_directed(),
        "multigraph": G.is_multigraph(),
        "elements": {"nodes": nodes, "edges": edges},
    }


def cytoscape_style(*, unit_label: str = "label") -> list[dict[str, Any]]:
    """Return a Cytoscape.js stylesheet for argmap graphs.

    Parameters
    ----------
    unit_label : str, optional
        Data field shown as the label of unit nodes.
    """
    style: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis",
            "text-max-width": 140, "text-valign": "center", "color": "#222",
            "width": 26, "height": 26, "border-width": 1, "border-color": "#555"}},
        {"selector": "edge", "style": {
            "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1.5,
            "arrow-scale": 0.8, "opacity": 0.85}},
    ]
    for kind, colour in NODE_COLOURS.items():
        style.append({"selector": f'node[kind = "{kind}"]',
                      "style": {"background-color": colour}})
    style.append({"selector": f'node[kind = "{NodeKind.ARTICLE.value}"]',
                  "style": {"shape": "round-rectangle", "width": 40, "height": 40}})
    style.append({"selector": f'node[kind = "{NodeKind.ENTITY.value}"]',
                  "style": {"shape": "ellipse", "width": 34, "height": 34}})
    style.append({"selector": f'node[kind = "{NodeKind.CONCEPT.value}"]',
                  "style": {"shape": "hexagon"}})
    for role, colour in ROLE_COLOURS.items():
        style.append({"selector": f'node[kind = "{NodeKind.UNIT.value}"][role = "{role}"]',
                      "style": {"background-color": colour, "shape": "round-rectangle"}})
    style.append({"selector": f'node[kind = "{NodeKind.UNIT.value}"]',
                  "style": {"label": f"data({unit_label})", "font-size": 10,
                            "font-weight": "bold", "text-valign": "top",
                            "text-margin-y": -2}})
    style.append({"selector": 'node[role = "major_claim"]',
                  "style": {"width": 44, "height": 44, "border-width": 3, "font-size": 13}})
    style.append({"selector": f'node[kind = "{NodeKind.ENTITY.value}"], '
                              f'node[kind = "{NodeKind.CONCEPT.value}"]',
                  "style": {"font-size": 11, "text-valign": "bottom", "text-margin-y": 3}})
    for kind, colour in EDGE_COLOURS.items():
        style.append({"selector": f'edge[kind = "{kind}"]',
                      "style": {"line-color": colour, "target-arrow-color": colour}})
    for kind in (EdgeKind.CONTAINS.value, EdgeKind.MENTIONS.value, EdgeKind.LOCATED_IN.value):
        style.append({"selector": f'edge[kind = "{kind}"]',
                      "style": {"line-style": "dotted", "width": 1, "opacity": 0.5}})
    for kind in (EdgeKind.SUPPORTS.value, EdgeKind.ATTACKS.value):
        style.append({"selector": f'edge[kind = "{kind}"]', "style": {"width": 3}})
    for polarity, colour in POLARITY_COLOURS.items():
        style.append({"selector": f'edge[kind = "stance"][polarity = "{polarity}"]',
                      "style": {"line-color": colour, "target-arrow-color": colour,
                                "line-style": "dashed", "width": 2}})
    style.append({"selector": 'edge[kind = "stance"][polarity = "neutral"]',
                  "style": {"opacity": 0.3, "width": 1}})
    style.append({"selector": ":selected", "style": {
        "border-width": 4, "border-color": "#ffbf00", "line-color": "#ffbf00"}})
    style.append({"selector": ".faded", "style": {"opacity": 0.15}})
    return style


def write_cytoscape(G: nx.Graph, path: PathLike) -> None:
    """Write :func:`to_cytoscape` output as JSON to ``path``."""
    text = json.dumps(to_cytoscape(G), ensure_ascii=False, indent=2, sort_keys=True)
    write_text(path, text + "\n")
