"""AIF (Argument Interchange Format) JSON export, as used by AIFdb and OVA.

Every unit becomes an I-node.  Every ``supports`` edge becomes an RA-node
(``Default Inference``) and every ``attacks`` edge a CA-node (``Default
Conflict``), linked premise → scheme → conclusion, so no edge joins two
I-nodes directly.  Node ids are the strings ``"1"``, ``"2"`` … in graph
order; each node keeps its argmap id in ``argmap_id``.  Entities, mentions
and stances, which AIF has no node type for, are kept under the extra
top-level key ``"argmap"``.
"""
from __future__ import annotations

import json
from typing import Any

import networkx as nx

from ..io import write_text
from ..types import EdgeKind, NodeKind, PathLike
from ._common import iter_edges

__all__ = ["to_aif", "write_aif", "SCHEMES"]

#: Edge kind -> (AIF node type, scheme text).
SCHEMES = {
    EdgeKind.SUPPORTS.value: ("RA", "Default Inference"),
    EdgeKind.ATTACKS.value: ("CA", "Default Conflict"),
}

_UNIT_FIELDS = ("role", "start", "end", "sentence", "paragraph", "confidence")
_TARGET_KINDS = (NodeKind.ENTITY.value, NodeKind.CONCEPT.value)


def to_aif(G: nx.Graph) -> dict[str, Any]:
    """Return the argument structure of ``G`` as an AIF JSON dict.

    Parameters
    ----------
    G : networkx.Graph
        An argument graph from :func:`argmap.graph.build.build_graph`.

    Returns
    -------
    dict
        ``{"nodes", "edges", "locutions", "participants", "argmap"}``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a:0", kind="unit", text="A.", role="claim")
    >>> G.add_node("a:3", kind="unit", text="B.", role="premise")
    >>> G.add_edge("a:3", "a:0", key="supports", kind="supports")
    'supports'
    >>> [(n["nodeID"], n["type"]) for n in to_aif(G)["nodes"]]
    [('1', 'I'), ('2', 'I'), ('3', 'RA')]
    >>> [(e["fromID"], e["toID"]) for e in to_aif(G)["edges"]]
    [('2', '3'), ('3', '1')]
    """
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    ids: dict[Any, str] = {}

    def next_id() -> str:
        return str(len(nodes) + 1)

    for node, data in G.nodes(data=True):
        if data.get("kind") != NodeKind.UNIT.value:
            continue
        nid = next_id()
        ids[node] = nid
        item = {"nodeID": nid, "text": str(data.get("text", data.get("label", node))),
                "type": "I", "argmap_id": str(node)}
        item.update({k: data[k] for k in _UNIT_FIELDS if k in data})
        nodes.append(item)

    def add_edge(src: str, dst: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": src, "toID": dst,
                      "formEdgeID": None})

    stances: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for u, v, key, data in iter_edges(G):
        kind = data.get("kind")
        if kind in SCHEMES and u in ids and v in ids:
            node_type, text = SCHEMES[kind]
            sid = next_id()
            nodes.append({"nodeID": sid, "text": text, "type": node_type, "scheme": text,
                          "argmap_id": f"{u}->{v}:{key}" if key is not None else f"{u}->{v}",
                          "marker": data.get("marker", ""),
                          "confidence": data.get("confidence", 1.0)})
            add_edge(ids[u], sid)
            add_edge(sid, ids[v])
        elif kind == EdgeKind.STANCE.value:
            stance = {"source": str(u), "target": str(v)}
            if u in ids:
                stance["nodeID"] = ids[u]
            stance.update({k: x for k, x in data.items()
                           if k not in ("kind", "article_id")})
            stances.append(stance)
        elif kind == EdgeKind.MENTIONS.value:
            mentions.append({"unit": str(u), "nodeID": ids.get(u), "target": str(v),
                             "text": data.get("text", ""), "start": data.get("start", -1),
                             "end": data.get("end", -1)})

    entities = []
    for node, data in G.nodes(data=True):
        if data.get("kind") in _TARGET_KINDS:
            entity = {"id": str(node)}
            entity.update({k: x for k, x in data.items() if k not in ("article_id",)})
            entities.append(entity)
    articles = [
        {"id": str(node), **data} for node, data in G.nodes(data=True)
        if data.get("kind") == NodeKind.ARTICLE.value
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": [],
        "participants": [],
        "argmap": {
            "graph": dict(G.graph),
            "articles": articles,
            "entities": entities,
            "mentions": mentions,
            "stances": stances,
        },
    }


def write_aif(G: nx.Graph, path: PathLike) -> None:
    """Write :func:`to_aif` output as JSON to ``path``."""
    text = json.dumps(to_aif(G), ensure_ascii=False, indent=2, sort_keys=True)
    write_text(path, text + "\n")
