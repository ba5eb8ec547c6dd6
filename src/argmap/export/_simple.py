"""Check that graph attributes are simple values before writing XML formats."""
from __future__ import annotations

import networkx as nx

__all__ = ["SIMPLE_TYPES", "check_simple"]

#: Attribute value types that GraphML and GEXF readers (and Gephi) accept.
SIMPLE_TYPES = (str, int, float, bool)


def check_simple(G: nx.Graph) -> None:
    """Raise ``TypeError`` naming the first attribute that is not simple."""
    for name, value in G.graph.items():
        _check(value, f"graph attribute {name!r}")
    for node, data in G.nodes(data=True):
        if not isinstance(node, str):
            raise TypeError(f"node id {node!r} is not a str")
        for name, value in data.items():
            _check(value, f"node {node!r} attribute {name!r}")
    for u, v, data in G.edges(data=True):
        for name, value in data.items():
            _check(value, f"edge {u!r}->{v!r} attribute {name!r}")


def _check(value: object, where: str) -> None:
    if not isinstance(value, SIMPLE_TYPES):
        raise TypeError(f"{where} is {type(value).__name__}, not str/int/float/bool")
