"""Check that graph attributes are simple values before writing XML formats, and make them XML-safe."""
from __future__ import annotations

import re

import networkx as nx

__all__ = ["SIMPLE_TYPES", "check_simple", "xml_text", "xml_safe_graph", "XML_REPLACEMENT"]

#: What replaces a character XML 1.0 forbids (one for one, so character offsets stay valid).
XML_REPLACEMENT = "\ufffd"
# XML 1.0 allows tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000 up.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """Return ``value`` with characters XML 1.0 forbids replaced by U+FFFD; non-strings as is.

    >>> xml_text("a\x1b[1mb\x01"), xml_text(3)
    ('a\ufffd[1mb\ufffd', 3)
    """
    if isinstance(value, str) and _XML_FORBIDDEN.search(value):
        return _XML_FORBIDDEN.sub(XML_REPLACEMENT, value)
    return value


def _clean(data: dict) -> dict:
    return {xml_text(k): xml_text(v) for k, v in data.items()}


def xml_safe_graph(G: nx.Graph) -> nx.Graph:
    """Return ``G`` with every string (ids, attribute names and values) passed through :func:`xml_text`.

    The one place where the GraphML and GEXF writers drop control characters
    such as ESC or ``\\x01``, so their output is always well-formed XML.
    Returns ``G`` itself when nothing needs replacing.
    """
    def dirty(data: dict) -> bool:
        return any(xml_text(k) is not k or xml_text(v) is not v for k, v in data.items())

    if not (dirty(G.graph) or any(xml_text(n) is not n or dirty(d) for n, d in G.nodes(data=True))
            or any(dirty(d) or xml_text(u) is not u or xml_text(v) is not v
                   for u, v, d in G.edges(data=True))):
        return G
    H = G.__class__()
    H.graph.update(_clean(G.graph))
    H.add_nodes_from((xml_text(n), _clean(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((xml_text(u), xml_text(v), xml_text(k), _clean(d))
                         for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((xml_text(u), xml_text(v), _clean(d)) for u, v, d in G.edges(data=True))
    return H

#: Attribute value types that GraphML and GEXF readers (and Gephi) accept.
SIMPLE_TYPES = (str, int, float, bool)


def check_simple(G: nx.Graph) -> None:
    """Raise ``TypeError`` naming the first attribute that is not simple."""
    if not isinstance(G.graph, dict):
        raise TypeError(f"the graph attributes are a {type(G.graph).__name__}, not an object")
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
