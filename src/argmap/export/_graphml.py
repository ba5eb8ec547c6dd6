"""GraphML export through networkx's writer, for Gephi, yEd and Cytoscape.

All argmap attributes are ``str``, ``int``, ``float`` or ``bool``, which
GraphML types as ``string``, ``long``/``int``, ``double`` and ``boolean``.
:func:`read_graphml` loads the file back into an ``nx.MultiDiGraph`` with the
original edge keys.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..types import PathLike
from ._simple import check_simple

__all__ = ["to_graphml", "write_graphml", "read_graphml", "from_graphml"]


def to_graphml(G: nx.Graph) -> str:
    """Return ``G`` as GraphML text.

    Parameters
    ----------
    G : networkx.Graph
        Graph whose attributes are simple values.

    Returns
    -------
    str
        A GraphML document; edge ids are the multigraph keys.

    Raises
    ------
    TypeError
        If an attribute is not ``str``, ``int``, ``float`` or ``bool``.
    """
    check_simple(G)
    return "\n".join(nx.generate_graphml(G, prettyprint=True)) + "\n"


def write_graphml(G: nx.Graph, path: PathLike) -> None:
    """Write ``G`` as GraphML to ``path``."""
    Path(path).write_text(to_graphml(G), encoding="utf-8")


def from_graphml(text: str) -> nx.MultiDiGraph:
    """Parse GraphML text from :func:`to_graphml` into a multigraph."""
    G = nx.parse_graphml(text, force_multigraph=True)
    _drop_reader_defaults(G)
    return G


def read_graphml(path: PathLike) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write_graphml`."""
    return from_graphml(Path(path).read_text(encoding="utf-8"))


def _drop_reader_defaults(G: nx.Graph) -> None:
    # networkx's reader records the (empty) key defaults on the graph.
    for name in ("node_default", "edge_default"):
        if G.graph.get(name) == {}:
            del G.graph[name]
