"""Mermaid flowchart export (paste into Markdown on GitHub or mermaid.live).

Node ids become ``n0``, ``n1`` … in graph order; labels are quoted and
their special characters written as Mermaid entity codes (``#quot;``).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..io import write_text
from ..types import EdgeKind, NodeKind, PathLike
from ._common import edge_colour, iter_edges, node_colour

__all__ = ["to_mermaid", "write_mermaid", "escape_label"]

_ENTITIES = {
    "#": "#35;",
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "|": "#124;",
}
_SHAPES = {
    NodeKind.ARTICLE.value: ('[/"', '"/]'),
    NodeKind.UNIT.value: ('("', '")'),
    NodeKind.ENTITY.value: ('(["', '"])'),
    NodeKind.CONCEPT.value: ('{{"', '"}}'),
}
_ARROWS = {
    EdgeKind.SUPPORTS.value: "==>",
    EdgeKind.ATTACKS.value: "==>",
    EdgeKind.STANCE.value: "-.->",
}


def escape_label(text: str) -> str:
    """Return ``text`` safe inside a quoted Mermaid label.

    Examples
    --------
    >>> escape_label('a "b" <c> & #d')
    'a #quot;b#quot; #lt;c#gt; #amp; #35;d'
    """
    text = " ".join(str(text).split())
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def _class_name(data: dict[str, Any]) -> str:
    # A prefix keeps names such as ``none`` clear of Mermaid keywords.
    if data.get("kind") == NodeKind.UNIT.value:
        return f"k_{data.get('role', 'unit')}"
    return f"k_{data.get('kind', 'node')}"


def to_mermaid(
    G: nx.Graph,
    *,
    direction: str = "LR",
    kinds: Iterable[str] | None = None,
    width: int = 60,
) -> str:
    """Return ``G`` as a Mermaid ``flowchart``.

    Parameters
    ----------
    G : networkx.Graph
        An argument graph.
    direction : str, optional
        ``"LR"`` or ``"TD"``.
    kinds : iterable of str, optional
        Edge kinds to draw; all kinds by default.
    width : int, optional
        Cut node labels longer than this.

    Returns
    -------
    str
        Mermaid source with ``classDef`` colours and ``linkStyle`` lines.
    """
    keep = None if kinds is None else {str(k) for k in kinds}
    ids = {node: f"n{i}" for i, node in enumerate(G.nodes)}
    lines = [f"flowchart {direction}"]
    classes: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        label = str(data.get("label", node))
        if len(label) > width:
            label = label[: width - 3] + "..."
        left, right = _SHAPES.get(data.get("kind", ""), ('["', '"]'))
        cls = _class_name(data)
        classes.setdefault(cls, node_colour(data))
        lines.append(f"  {ids[node]}{left}{escape_label(label)}{right}:::{cls}")
    styles = []
    n = 0
    for u, v, _key, data in iter_edges(G):
        kind = data.get("kind", "")
        if keep is not None and kind not in keep:
            continue
        text = data.get("polarity", kind) if kind == EdgeKind.STANCE.value else kind
        arrow = _ARROWS.get(kind, "-->")
        lines.append(f"  {ids[u]} {arrow}|{escape_label(text)}| {ids[v]}")
        styles.append(f"  linkStyle {n} stroke:{edge_colour(data)},color:{edge_colour(data)}")
        n += 1
    lines.extend(styles)
    for cls, colour in classes.items():
        lines.append(f"  classDef {cls} fill:{colour},stroke:#333,color:#000")
    return "\n".join(lines) + "\n"


def write_mermaid(G: nx.Graph, path: PathLike, **opts: Any) -> None:
    """Write :func:`to_mermaid` output to ``path``."""
    write_text(path, to_mermaid(G, **opts))
