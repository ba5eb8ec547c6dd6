"""JSON export: networkx node-link data, and the matching reader.

:func:`to_json` returns a plain dict (no file access); :func:`write_json`
writes it; :func:`read_graph` loads a node-link file back into a graph.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from ..io import loads_json, write_text
from ..types import PathLike

__all__ = ["to_json", "from_json", "write_json", "read_json", "dumps_json"]

_EDGES = "edges"


def to_json(G: nx.Graph) -> dict[str, Any]:
    """Return ``G`` as a JSON-ready node-link dict.

    Parameters
    ----------
    G : networkx.Graph
        Any graph whose attributes are JSON values.

    Returns
    -------
    dict
        ``{"directed", "multigraph", "graph", "nodes", "edges"}``; edges of
        a multigraph carry their ``key``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="supports", kind="supports")
    'supports'
    >>> to_json(G)["edges"]
    [{'kind': 'supports', 'source': 'a', 'target': 'b', 'key': 'supports'}]
    """
    return nx.node_link_data(G, edges=_EDGES)


def from_json(data: dict[str, Any]) -> nx.Graph:
    """Return the graph described by :func:`to_json` output."""
    return nx.node_link_graph(
        data,
        directed=bool(data.get("directed", True)),
        multigraph=bool(data.get("multigraph", True)),
        edges=_EDGES if _EDGES in data else "links",
    )


def dumps_json(G: nx.Graph) -> str:
    """Return :func:`to_json` as stable, indented JSON text."""
    return json.dumps(to_json(G), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_json(G: nx.Graph, path: PathLike) -> None:
    """Write ``G`` as node-link JSON to ``path``."""
    write_text(path, dumps_json(G))


def read_json(path: PathLike) -> nx.Graph:
    """Read a node-link JSON file written by :func:`write_json`."""
    return from_json(loads_json(Path(path).read_text(encoding="utf-8")))
