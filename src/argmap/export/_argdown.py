"""Argdown export: one statement per unit, support and attack as relations.

Each unit becomes a statement ``[Claim 3]: text #(claim)`` numbered in graph
order.  Under each conclusion, ``<+ [Premise 2]`` marks incoming support
and ``<- [Claim 4]`` incoming attack.  Stances and targets, which Argdown
has no syntax for, are written as ``//`` comments.
"""
from __future__ import annotations

from typing import Any

import networkx as nx

from ..io import write_text
from ..types import EdgeKind, NodeKind, PathLike
from ._common import iter_edges

__all__ = ["to_argdown", "write_argdown", "escape_text"]

_SPECIAL = set("\\[]<>#*_@{}/")
_SHORTCODE = set(".:")
_RELATIONS = {EdgeKind.SUPPORTS.value: "<+", EdgeKind.ATTACKS.value: "<-"}


def escape_text(text: str) -> str:
    """Return ``text`` on one line with Argdown's special characters escaped.

    Examples
    --------
    >>> print(escape_text("see [x] #y"))
    see \\[x\\] \\#y
    """
    text = " ".join(str(text).split())
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1:i + 2]
        # ".x." and ":x:" are shortcodes, so a dot or colon glued to the next
        # character is escaped too ("U\\.S." stays "U.S." when parsed).
        if ch in _SPECIAL or (ch in _SHORTCODE and nxt and not nxt.isspace()):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _comment(text: str) -> str:
    return "// " + " ".join(str(text).split())


def _title(role: str, index: int) -> str:
    words = role.replace("_", " ") if role and role != "none" else "unit"
    return f"{words.capitalize()} {index}"


def to_argdown(G: nx.Graph) -> str:
    """Return ``G`` as Argdown text.

    Parameters
    ----------
    G : networkx.Graph
        An argument graph from :func:`argmap.graph.build.build_graph`.

    Returns
    -------
    str
        Argdown source with a front matter block, one heading per article
        and one statement per unit.
    """
    titles: dict[Any, str] = {}
    for node, data in G.nodes(data=True):
        if data.get("kind") == NodeKind.UNIT.value:
            titles[node] = _title(str(data.get("role", "")), len(titles) + 1)
    incoming: dict[Any, list[str]] = {node: [] for node in titles}
    notes: dict[Any, list[str]] = {node: [] for node in G.nodes}
    for u, v, _key, data in iter_edges(G):
        kind = data.get("kind")
        if kind in _RELATIONS and u in titles and v in titles:
            incoming[v].append(f"  {_RELATIONS[kind]} [{titles[u]}]")
        elif kind == EdgeKind.STANCE.value:
            label = G.nodes[v].get("label", v)
            notes[u].append(_comment(
                f"stance {data.get('polarity', '')} toward {v} ({label}), "
                f"score {float(data.get('score', 0.0)):+.2f}"
                + (f", cue {data['cue']!r}" if data.get("cue") else "")
                + (", negated" if data.get("negated") else "")))

    name = str(G.graph.get("name", "argmap"))
    lines = ["===", f"title: {_yaml(name)}", "===", ""]
    for node, data in G.nodes(data=True):
        if data.get("kind") != NodeKind.ARTICLE.value:
            continue
        lines.append(f"# {escape_text(data.get('label', node))}")
        lines.append("")
        lines.append(_comment(f"article {node}, source {data.get('source', '')}"))
        lines.extend(notes[node])
        lines.append("")
    for node, title in titles.items():
        data = G.nodes[node]
        role = str(data.get("role", "unit")).replace("_", " ")
        lines.append(_comment(f"{node} [{data.get('start', -1)}:{data.get('end', -1)}] "
                              f"confidence {float(data.get('confidence', 0.0)):.2f}"))
        lines.extend(notes[node])
        lines.append(f"[{title}]: {escape_text(data.get('text', data.get('label', '')))} "
                     f"#({role})")
        lines.extend(incoming[node])
        lines.append("")
    targets = [(n, d) for n, d in G.nodes(data=True)
               if d.get("kind") in (NodeKind.ENTITY.value, NodeKind.CONCEPT.value)]
    if targets:
        lines.append("# Targets")
        lines.append("")
        for node, data in targets:
            lines.append(_comment(f"{node}: {data.get('label', node)} "
                                  f"({data.get('entity_kind', data.get('kind', ''))}, "
                                  f"{data.get('mention_count', 0)} mentions)"))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_argdown(G: nx.Graph, path: PathLike) -> None:
    """Write :func:`to_argdown` output to ``path``."""
    write_text(path, to_argdown(G))
