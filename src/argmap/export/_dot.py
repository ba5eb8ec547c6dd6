"""Graphviz DOT export (render with ``dot -Tsvg graph.dot``).

The text is written by hand, so neither pydot nor pygraphviz is needed.
Node fills follow :mod:`argmap.export._common`; support edges are green,
attacks red, and stance edges green (pro) or red (con), dashed.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..io import write_text
from ..types import EdgeKind, NodeKind, PathLike, Role
from ._common import edge_colour, iter_edges, node_colour

__all__ = ["to_dot", "write_dot", "quote"]

_SHAPES = {
    NodeKind.ARTICLE.value: "folder",
    NodeKind.UNIT.value: "box",
    NodeKind.ENTITY.value: "ellipse",
    NodeKind.CONCEPT.value: "hexagon",
}
_EDGE_STYLES = {
    EdgeKind.CONTAINS.value: "dotted",
    EdgeKind.MENTIONS.value: "dotted",
    EdgeKind.STANCE.value: "dashed",
    EdgeKind.LOCATED_IN.value: "dotted",
}
_DARK = {"#1f3b73", "#4e79a7", "#6c757d", "#b07aa1"}


def quote(value: Any) -> str:
    """Return ``value`` as a double-quoted DOT string.

    Examples
    --------
    >>> print(quote('say "hi"'))
    "say \\"hi\\""
    """
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r", "").replace("\n", "\\n")
    return f'"{text}"'


def _attrs(**attrs: Any) -> str:
    return ", ".join(f"{k}={quote(v)}" for k, v in attrs.items() if v is not None)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def to_dot(
    G: nx.Graph,
    *,
    rankdir: str = "LR",
    kinds: Iterable[str] | None = None,
    wrap: int = 32,
) -> str:
    """Return ``G`` as Graphviz DOT text.

    Parameters
    ----------
    G : networkx.Graph
        An argument graph from :func:`argmap.graph.build.build_graph`.
    rankdir : str, optional
        Graphviz layout direction (``"LR"`` or ``"TB"``).
    kinds : iterable of str, optional
        Edge kinds to draw; all kinds by default.
    wrap : int, optional
        Wrap node labels at this many characters.

    Returns
    -------
    str
        A ``digraph`` (or ``graph`` when ``G`` is undirected).
    """
    keep = None if kinds is None else {str(k) for k in kinds}
    directed = G.is_directed()
    arrow = "->" if directed else "--"
    name = G.graph.get("name", "argmap")
    lines = [
        f"{'digraph' if directed else 'graph'} {quote(name)} {{",
        f"  graph [{_attrs(rankdir=rankdir, fontname='Helvetica', overlap='false')}];",
        "  node [" + _attrs(fontname="Helvetica", fontsize="10", style="rounded,filled",
                            shape="box") + "];",
        f"  edge [{_attrs(fontname='Helvetica', fontsize='8')}];",
    ]
    for node, data in G.nodes(data=True):
        fill = node_colour(data)
        kind = data.get("kind", "")
        label = data.get("label", node)
        if kind == NodeKind.UNIT.value and data.get("role") == Role.MAJOR_CLAIM.value:
            label = f"MAJOR CLAIM: {label}"
        tooltip = data.get("text", label)
        if data.get("start", -1) >= 0:
            tooltip = f"{tooltip} [{data['start']}:{data['end']}]"
        lines.append("  " + quote(node) + " [" + _attrs(
            label=_wrap(str(label), wrap),
            shape=_SHAPES.get(kind, "box"),
            fillcolor=fill,
            fontcolor="white" if fill in _DARK else "black",
            tooltip=tooltip,
        ) + "];")
    for u, v, _key, data in iter_edges(G):
        kind = data.get("kind", "")
        if keep is not None and kind not in keep:
            continue
        label = kind
        if kind == EdgeKind.STANCE.value:
            label = data.get("polarity", kind)
        if kind in (EdgeKind.CONTAINS.value, EdgeKind.MENTIONS.value,
                    EdgeKind.LOCATED_IN.value):
            label = None
        colour = edge_colour(data)
        lines.append(f"  {quote(u)} {arrow} {quote(v)} [" + _attrs(
            label=label,
            color=colour,
            fontcolor=colour,
            style=_EDGE_STYLES.get(kind, "solid"),
            penwidth="2" if kind in (EdgeKind.SUPPORTS.value, EdgeKind.ATTACKS.value) else None,
        ) + "];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(G: nx.Graph, path: PathLike, **opts: Any) -> None:
    """Write :func:`to_dot` output to ``path``."""
    write_text(path, to_dot(G, **opts))
