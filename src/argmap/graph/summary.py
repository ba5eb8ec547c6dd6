"""Summaries of argument graphs as plain dicts."""
from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

__all__ = ["summarize_graph", "format_summary"]


def summarize_graph(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return counts of units by role, entities, relations and author stances.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from :func:`argmap.graph.build_graph`.

    Returns
    -------
    dict
        ``units``, ``roles`` (role -> count), ``entities``, ``concepts``,
        ``supports``, ``attacks``, ``major_claim`` (text or ""),
        ``author_stances`` (target -> polarity).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a:0", kind="unit", role="major_claim", text="X.")
    >>> summarize_graph(G)["roles"]
    {'major_claim': 1}
    """
    roles: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    major = ""
    for _, data in G.nodes(data=True):
        kinds[data.get("kind", "")] += 1
        if data.get("kind") == "unit":
            roles[data.get("role", "none")] += 1
            if data.get("role") == "major_claim":
                major = data.get("text", "")
    edges: Counter[str] = Counter(d.get("kind", "") for _, _, d in G.edges(data=True))
    author = {v: d.get("polarity", "") for u, v, d in G.edges(data=True)
              if d.get("kind") == "stance" and d.get("level") == "article"}
    return {
        "units": kinds["unit"],
        "roles": dict(roles),
        "entities": kinds["entity"],
        "concepts": kinds["concept"],
        "supports": edges["supports"],
        "attacks": edges["attacks"],
        "major_claim": major,
        "author_stances": dict(sorted(author.items())),
    }


def format_summary(name: str, summary: dict[str, Any]) -> str:
    """One line for users: ``id: N units (...), N entities, ...``."""
    roles = summary["roles"]
    parts = ", ".join(f"{roles.get(r, 0)} {r.replace('_', ' ')}" for r in ("major_claim", "claim", "premise"))
    return (f"{name}: {summary['units']} units ({parts}), {summary['entities']} entities, "
            f"{summary['concepts']} concepts, {summary['supports']} supports, "
            f"{summary['attacks']} attacks")
