"""Summaries of argument graphs as plain dicts.

:func:`report_graph` ranks an article's targets by :func:`salience` and
keeps, per author stance, its strongest evidence sentence.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

__all__ = ["summarize_graph", "format_summary", "report_graph", "format_report", "salience",
           "shorten", "major_claim_text"]


def major_claim_text(G: nx.Graph) -> str:
    """Text of the graph's major claim: the most confident unit with that role
    (the earliest on a tie), as :attr:`argmap.records.Article.major_claim`.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a:9", kind="unit", role="major_claim", text="Restated.", confidence=0.6, start=9)
    >>> G.add_node("a:0", kind="unit", role="major_claim", text="Thesis.", confidence=0.8, start=0)
    >>> major_claim_text(G)
    'Thesis.'
    """
    best = None
    for _, d in G.nodes(data=True):
        if d.get("kind") == "unit" and d.get("role") == "major_claim":
            key = (float(d.get("confidence", 0.0) or 0.0), -int(d.get("start", 0) or 0))
            if best is None or key > best[0]:
                best = (key, str(d.get("text", "")))
    return best[1] if best else ""


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
    for _, data in G.nodes(data=True):
        if data.get("kind") == "entity" and data.get("mention_count", 1) == 0:
            continue  # a country reached only through located_in is not mentioned
        kinds[data.get("kind", "")] += 1
        if data.get("kind") == "unit":
            roles[data.get("role", "none")] += 1
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
        "major_claim": major_claim_text(G),
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


#: Largest salience bonus for position: a target first mentioned at the very
#: start of the text gets all of it, one first mentioned at the end none.
POSITION_WEIGHT = 0.5
#: Salience bonus for a target mentioned in the major claim.
MAJOR_CLAIM_BONUS = 1.0
#: Weight of the author's stance strength ``|score|`` (``score`` in [-1, 1]).
STANCE_WEIGHT = 2.0


def shorten(text: str, limit: int = 90, *, focus: tuple[int, int] | None = None) -> str:
    """Shorten ``text`` to at most ``limit`` characters at word boundaries.

    With ``focus`` (character offsets into ``text``, e.g. the target's
    mention) the kept window is centred on it; cut ends become ``…``.

    Examples
    --------
    >>> shorten("Short enough.")
    'Short enough.'
    >>> shorten("Rankings are a blunt tool, but QS gets one thing right about teaching.",
    ...         40, focus=(31, 33))
    '… a blunt tool, but QS gets one thing …'
    """
    text = " ".join(text.split()) if focus is None else text
    if len(text) <= limit:
        return text
    if focus is None:
        focus = (0, 0)
    centre = (focus[0] + focus[1]) // 2
    lo = max(0, min(centre - limit // 2, len(text) - limit))
    hi = min(len(text), lo + limit)
    if lo > 0:
        cut = text.find(" ", lo, min(focus[0], hi) + 1)
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(text):
        cut = text.rfind(" ", max(focus[1], lo), hi)
        hi = cut if cut > lo else hi
    body = " ".join(text[lo:hi].split())
    return ("… " if lo > 0 else "") + body + (" …" if hi < len(text) else "")


def salience(mentions: int, score: float, *, first: int, length: int,
             in_major_claim: bool) -> float:
    """Return how central a target is to an article (higher is more central).

    ``salience = mentions + 2·|score| + 1 (if in the major claim)
    + 0.5·(1 − first/length)``: every mention counts one, a strong author
    stance up to two, and an early first mention up to half a point.

    >>> salience(3, -0.5, first=0, length=100, in_major_claim=True)
    5.5
    """
    position = POSITION_WEIGHT * (1.0 - first / length) if length > 0 and first >= 0 else 0.0
    value = (mentions + STANCE_WEIGHT * abs(score) + position
             + (MAJOR_CLAIM_BONUS if in_major_claim else 0.0))
    return round(value, 3)


def _folded(target: dict[str, Any]) -> bool:
    """Long tail: mentioned at most once and no pro/con/mixed author stance."""
    return target["mentions"] <= 1 and target["polarity"] in ("", "neutral")


def report_graph(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return :func:`summarize_graph` plus targets ranked by salience.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph of one article from :func:`argmap.graph.build_graph`.

    Returns
    -------
    dict
        The summary, with ``title``; ``entities`` (id, label, kind, country,
        mentions, salience; entities never mentioned and without a stance,
        such as a country reached only through ``located_in``, are left out); ``stances`` (target, label, polarity, score,
        n_pro, n_con, n_neutral, salience, ``evidence``: unit ids strongest
        first, ``evidence_text``: the strongest evidence sentence,
        ``evidence_short``: it shortened around the target); both lists most
        salient first (see :func:`salience`). ``folded`` is, per list, how
        many rows are long tail (at most one mention, neutral or no stance);
        :func:`format_report` hides those unless asked for all.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("article:a", kind="article", title="A")
    >>> G.add_node("org:qs", kind="entity", label="QS", entity_kind="org", country="", mention_count=2)
    >>> report_graph(G)["entities"][0]["id"]
    'org:qs'
    """
    out = summarize_graph(G)
    length = 0
    for _, d in G.nodes(data=True):
        if d.get("kind") == "article":
            out.setdefault("title", d.get("title", ""))
            length = max(length, int(d.get("end", 0) or 0))
    out.setdefault("title", "")
    art = next((d for _, d in G.nodes(data=True) if d.get("kind") == "article"), {})
    out["source"] = {k: art.get(k, "") for k in ("author", "date", "site", "url")}
    major = {n for n, d in G.nodes(data=True)
             if d.get("kind") == "unit" and d.get("role") == "major_claim"}
    first: dict[str, int] = {}
    in_major: set[str] = set()
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for u, v, d in G.edges(data=True):
        if d.get("kind") != "mentions":
            continue
        start = int(d.get("start", -1))
        if start >= 0 and (v not in first or start < first[v]):
            first[v] = start
        if u in major:
            in_major.add(v)
        spans.setdefault((u, v), (start, int(d.get("end", -1))))
    author = {v: d for _, v, d in G.edges(data=True)
              if d.get("kind") == "stance" and d.get("level") == "article"}

    def score_of(target: str) -> float:
        return float(author[target].get("score", 0.0)) if target in author else 0.0

    def sal(target: str) -> float:
        return salience(int(G.nodes[target].get("mention_count", 0) or 0), score_of(target),
                        first=first.get(target, -1), length=length,
                        in_major_claim=target in in_major)

    out["entities"] = sorted(
        ({"id": n, "label": d.get("label", n), "kind": d.get("entity_kind", ""),
          "country": d.get("country", ""), "mentions": d.get("mention_count", 0),
          "polarity": author[n].get("polarity", "") if n in author else "",
          "salience": sal(n)}
         for n, d in G.nodes(data=True) if d.get("kind") == "entity"
         # a country reached only through located_in is not a mentioned entity
         and (int(d.get("mention_count", 0) or 0) > 0 or n in author)),
        key=lambda r: (-r["salience"], -r["mentions"], r["id"]))
    stances = []
    for v, d in author.items():
        evidence = [e for e in str(d.get("evidence", "") or "").split("|") if e and e in G]
        text = str(G.nodes[evidence[0]].get("text", "")) if evidence else ""
        focus = None
        if evidence and (evidence[0], v) in spans:
            s, e = spans[(evidence[0], v)]
            base = int(G.nodes[evidence[0]].get("start", 0) or 0)
            focus = (s - base, e - base) if 0 <= s - base <= e - base <= len(text) else None
        stances.append({
            "target": v, "label": G.nodes[v].get("label", v), "polarity": d.get("polarity", ""),
            "score": d.get("score", 0.0), "n_pro": d.get("n_pro", 0), "n_con": d.get("n_con", 0),
            "n_neutral": d.get("n_neutral", 0),
            "mentions": int(G.nodes[v].get("mention_count", 0) or 0), "salience": sal(v),
            "evidence": evidence, "evidence_text": text,
            "evidence_short": shorten(text, focus=focus) if text else ""})
    out["stances"] = sorted(stances, key=lambda r: (-r["salience"], r["target"]))
    out["folded"] = {"entities": sum(_folded(e) for e in out["entities"]),
                     "stances": sum(_folded(s) for s in out["stances"])}
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


def format_report(report: dict[str, Any], *, markdown: bool = False,
                  show_all: bool = False) -> str:
    """Render :func:`report_graph` output as plain text or Markdown.

    Unless ``show_all``, long-tail rows (at most one mention and a neutral
    or no author stance) are folded into one line with their count.
    """
    roles = report["roles"]
    head = "## " if markdown else ""
    entities = [e for e in report["entities"] if show_all or not _folded(e)]
    stances = [s for s in report["stances"] if show_all or not _folded(s)]
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
             f"{report['attacks']} attacks", "",
             "### Entities (most salient first)" if markdown else "Entities (most salient first):"]
    lines += _table(["id", "label", "kind", "country", "mentions", "salience"],
                    [[e["id"], e["label"], e["kind"], e["country"], e["mentions"],
                      f"{e['salience']:.2f}"] for e in entities], markdown)
    lines += _folded_line(len(report["entities"]) - len(entities), "entity", "entities")
    lines += ["", "### Author stance (most salient first)" if markdown
              else "Author stance (most salient first):"]
    lines += _table(["target", "polarity", "score", "pro", "con", "neutral", "evidence"],
                    [[s["target"], s["polarity"], f"{s['score']:+.2f}", s["n_pro"], s["n_con"],
                      s["n_neutral"], _cell(s.get("evidence_short", ""), markdown)]
                     for s in stances], markdown)
    lines += _folded_line(len(report["stances"]) - len(stances), "target", "targets")
    return "\n".join(lines)


def _cell(text: str, markdown: bool) -> str:
    text = text.replace("\n", " ")
    return text.replace("|", "\\|") if markdown else text


def _folded_line(n: int, one: str, many: str) -> list[str]:
    if n <= 0:
        return []
    return [f"(+ {_count(n, one, many)} mentioned at most once with no stance; --all lists them)"]
