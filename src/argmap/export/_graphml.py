"""GraphML export through networkx's writer, for Gephi, yEd and Cytoscape.

All argmap attributes are ``str``, ``int``, ``float`` or ``bool``, which
GraphML types as ``string``, ``long``/``int``, ``double`` and ``boolean``.
GraphML edge ids must be unique, so a multigraph's edges get the ids
``e0``, ``e1`` … and keep their key in the ``edge_key`` attribute;
:func:`read_graphml` restores the keys.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..io import write_text
from ..types import PathLike
from ._simple import check_simple, xml_safe_graph

__all__ = ["to_graphml", "write_graphml", "read_graphml", "from_graphml", "EDGE_KEY"]

#: Edge attribute that carries a multigraph edge key in GraphML.
EDGE_KEY = "edge_key"


def _for_graphml(G: nx.Graph) -> nx.Graph:
    if not G.is_multigraph():
        return G
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        H.add_edge(u, v, key=f"e{i}", **data, **{EDGE_KEY: key})
    return H


def to_graphml(G: nx.Graph) -> str:
    """Return ``G`` as GraphML text.

    Parameters
    ----------
    G : networkx.Graph
        Graph whose attributes are simple values.

    Returns
    -------
    str
        A GraphML document; edges get unique ids ``e0``, ``e1``, ... and a
        multigraph's edge keys travel in the ``edge_key`` attribute, which
        :func:`read_graphml` turns back into keys.

    Raises
    ------
    TypeError
        If an attribute is not ``str``, ``int``, ``float`` or ``bool``.

    Notes
    -----
    Characters XML 1.0 forbids (ESC, ``\\x01`` ...) become U+FFFD, so the
    document is always well-formed (see :func:`~argmap.export._simple.xml_safe_graph`).
    """
    check_simple(G)
    return "\n".join(nx.generate_graphml(_for_graphml(xml_safe_graph(G)), prettyprint=True)) + "\n"


def write_graphml(G: nx.Graph, path: PathLike) -> None:
    """Write ``G`` as GraphML to ``path``."""
    write_text(path, to_graphml(G))


def from_graphml(text: str) -> nx.MultiDiGraph:
    """Parse GraphML text from :func:`to_graphml` into a multigraph."""
    R = nx.parse_graphml(text, force_multigraph=True)
    _drop_reader_defaults(R)
    if not any(EDGE_KEY in d for _, _, d in R.edges(data=True)):
        return R
    G = R.__class__()
    G.graph.update(R.graph)
    G.add_nodes_from(R.nodes(data=True))
    for u, v, key, data in R.edges(keys=True, data=True):
        data = dict(data)
        G.add_edge(u, v, key=data.pop(EDGE_KEY, key), **data)
    return G


def read_graphml(path: PathLike) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write_graphml`."""
    return from_graphml(Path(path).read_text(encoding="utf-8"))


def _drop_reader_defaults(G: nx.Graph) -> None:
    # networkx's reader records the (empty) key defaults on the graph.
    for name in ("node_default", "edge_default"):
        if G.graph.get(name) == {}:
            del G.graph[name]
