"""Summaries of argument graphs as plain dicts."""
from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

__all__ = ["summarize_graph", "format_summary", "report_graph", "format_report"]


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
        if data.get("kind") == "entity" and data.get("mention_count", 1) == 0:
            continue  # a country reached only through located_in is not mentioned
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


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def format_summary(name: str, summary: dict[str, Any]) -> str:
    """One line for users: ``id: N units (...), N entities, ...``.

    >>> format_summary("a", {"units": 3, "roles": {"major_claim": 1, "claim": 2},
    ...                      "entities": 1, "concepts": 0, "supports": 2, "attacks": 0})
    'a: 3 units (1 major claim, 2 claims, 0 premises, 0 other), 1 entity, 0 concepts, 2 supports, 0 attacks'
    """
    roles = summary["roles"]
    parts = ", ".join(_count(roles.get(r, 0), r.replace("_", " ")) for r in ("major_claim", "claim", "premise"))
    parts += f", {roles.get('none', 0)} other"  # non-argumentative units, so the numbers add up
    return (f"{name}: {_count(summary['units'], 'unit')} ({parts}), "
            f"{_count(summary['entities'], 'entity', 'entities')}, "
            f"{_count(summary['concepts'], 'concept')}, {_count(summary['supports'], 'support')}, "
            f"{_count(summary['attacks'], 'attack')}")


def report_graph(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return :func:`summarize_graph` plus entity and author-stance tables.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph of one article from :func:`argmap.graph.build_graph`.

    Returns
    -------
    dict
        The summary, with ``title``, ``entities`` (list of dicts: id, label,
        kind, country, mentions; most mentioned first) and ``stances`` (list
        of dicts: target, label, polarity, score, n_pro, n_con, n_neutral).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("article:a", kind="article", title="A")
    >>> G.add_node("org:qs", kind="entity", label="QS", entity_kind="org", country="", mention_count=2)
    >>> report_graph(G)["entities"][0]["id"]
    'org:qs'
    """
    out = summarize_graph(G)
    art = next((d for _, d in G.nodes(data=True) if d.get("kind") == "article"), {})
    out["title"] = art.get("title", "")
    out["source"] = {k: art.get(k, "") for k in ("author", "date", "site", "url")}
    out["entities"] = sorted(
        ({"id": n, "label": d.get("label", n), "kind": d.get("entity_kind", ""),
          "country": d.get("country", ""), "mentions": d.get("mention_count", 0)}
         for n, d in G.nodes(data=True)
         if d.get("kind") == "entity" and d.get("mention_count", 1) != 0),
        key=lambda r: (-r["mentions"], r["id"]))
    out["stances"] = sorted(
        ({"target": v, "label": G.nodes[v].get("label", v), "polarity": d.get("polarity", ""),
          "score": d.get("score", 0.0), "n_pro": d.get("n_pro", 0), "n_con": d.get("n_con", 0),
          "n_neutral": d.get("n_neutral", 0)}
         for _, v, d in G.edges(data=True)
         if d.get("kind") == "stance" and d.get("level") == "article"),
        key=lambda r: (-(r["n_pro"] + r["n_con"] + r["n_neutral"]), r["target"]))
    return out


def _table(headers: list[str], rows: list[list[Any]], markdown: bool) -> list[str]:
    cells = [[str(c) for c in r] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        return lines + ["| " + " | ".join(r) + " |" for r in cells]
    widths = [max(len(h), *(len(r[k]) for r in cells)) if cells else len(h)
              for k, h in enumerate(headers)]
    fmt = "  ".join("{:<%d}" % w for w in widths)
    return [fmt.format(*headers).rstrip()] + [fmt.format(*r).rstrip() for r in cells]


def format_report(report: dict[str, Any], *, markdown: bool = False) -> str:
    """Render :func:`report_graph` output as plain text or Markdown."""
    roles = report["roles"]
    head = "## " if markdown else ""
    lines = [f"{head}{report['title'] or 'Article'}", ""]
    meta = report.get("source") or {}
    byline = " · ".join(v for v in (("By " + meta["author"]) if meta.get("author") else "",
                                     meta.get("date", ""), meta.get("site", "")) if v)
    if byline:
        lines[1:1] = [byline]
    lines += [f"Major claim: {report['major_claim'] or '(none found)'}",
             f"Units: {report['units']} ({roles.get('major_claim', 0)} major claim, "
             f"{roles.get('claim', 0)} claims, {roles.get('premise', 0)} premises, "
             f"{roles.get('none', 0)} other); {report['supports']} supports, "
             f"{report['attacks']} attacks", "", "### Entities" if markdown else "Entities:"]
    lines += _table(["id", "label", "kind", "country", "mentions"],
                    [[e["id"], e["label"], e["kind"], e["country"], e["mentions"]]
                     for e in report["entities"]], markdown)
    lines += ["", "### Author stance" if markdown else "Author stance:"]
    lines += _table(["target", "polarity", "score", "pro", "con", "neutral"],
                    [[s["target"], s["polarity"], f"{s['score']:+.2f}", s["n_pro"], s["n_con"],
                      s["n_neutral"]] for s in report["stances"]], markdown)
    return "\n".join(lines)
