"""GEXF 1.2 export through networkx's writer, for Gephi.

GEXF reserves ``start`` and ``end`` for time intervals, so Gephi would read
argmap's character offsets as a dynamic graph.  The export therefore writes
them as ``char_start``/``char_end``; :func:`read_gexf` renames them back.
"""
from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from ..io import write_text
from ..types import PathLike
from ._simple import check_simple, xml_safe_graph

__all__ = ["to_gexf", "write_gexf", "read_gexf", "from_gexf", "OFFSET_NAMES"]

#: Graph attribute name -> GEXF attribute title.
OFFSET_NAMES = {"start": "char_start", "end": "char_end"}
_BACK = {v: k for k, v in OFFSET_NAMES.items()}
# Graph attributes that networkx's GEXF reader adds on its own.
_READER_GRAPH_KEYS = ("mode", "node_default", "edge_default")
# networkx stamps today's date on the <meta> element.
_DATED_META = re.compile(r'<meta lastmodifieddate="[^"]*">')


def _rename(data: dict, names: dict[str, str]) -> dict:
    return {names.get(k, k): v for k, v in data.items()}


def _for_gexf(G: nx.Graph) -> nx.Graph:
    H = G.__class__()
    H.graph.update(G.graph)
    for node, data in G.nodes(data=True):
        H.add_node(node, **_rename(data, OFFSET_NAMES))
    if G.is_multigraph():
        for u, v, key, data in G.edges(keys=True, data=True):
            H.add_edge(u, v, key=key, **_rename(data, OFFSET_NAMES))
    else:
        for u, v, data in G.edges(data=True):
            H.add_edge(u, v, **_rename(data, OFFSET_NAMES))
    return H


def to_gexf(G: nx.Graph) -> str:
    """Return ``G`` as GEXF 1.2 text.

    Parameters
    ----------
    G : networkx.Graph
        Graph whose attributes are simple values.

    Returns
    -------
    str
        A static GEXF document; node ``label`` becomes the GEXF label and
        ``start``/``end`` become ``char_start``/``char_end``. It carries no
        ``lastmodifieddate`` (exports stay byte-identical from day to day),
        and characters XML 1.0 forbids become U+FFFD.
    """
    check_simple(G)
    H = _for_gexf(xml_safe_graph(G))
    lines = list(nx.generate_gexf(H, prettyprint=True, version="1.2draft"))
    return "\n".join(_DATED_META.sub("<meta>", line, count=1) for line in lines) + "\n"


def write_gexf(G: nx.Graph, path: PathLike) -> None:
    """Write ``G`` as GEXF to ``path``."""
    write_text(path, to_gexf(G))


def from_gexf(text: str) -> nx.Graph:
    """Parse GEXF text from :func:`to_gexf`, restoring argmap's names."""
    import io

    R = nx.read_gexf(io.BytesIO(text.encode("utf-8")), node_type=str, version="1.2draft")
    G = R.__class__()
    G.graph.update({k: v for k, v in R.graph.items() if k not in _READER_GRAPH_KEYS
                     or (k == "mode" and v != "static")})
    for node, data in R.nodes(data=True):
        G.add_node(node, **_rename(data, _BACK))
    if R.is_multigraph():
        for u, v, key, data in R.edges(keys=True, data=True):
            data = {k: x for k, x in data.items() if k != "id"}
            G.add_edge(u, v, key=key, **_rename(data, _BACK))
    else:
        for u, v, data in R.edges(data=True):
            data = {k: x for k, x in data.items() if k != "id"}
            G.add_edge(u, v, **_rename(data, _BACK))
    return G


def read_gexf(path: PathLike) -> nx.Graph:
    """Read a GEXF file written by :func:`write_gexf`."""
    return from_gexf(Path(path).read_text(encoding="utf-8"))
