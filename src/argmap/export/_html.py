"""Self-contained, offline HTML view of an argument graph.

The page inlines Cytoscape.js (vendored in ``argmap/data/cytoscape.min.js``,
MIT licence kept in its header), a small view script and a stylesheet.  All
data goes into one ``<script type="application/json">`` block whose ``<``,
``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026``; the
view script builds the page with ``textContent`` only.  A Content Security
Policy allows just the page's own scripts (by hash), so inline event
handlers smuggled into the text could not run even if they reached the DOM.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import string
from importlib import resources
from typing import Any

import networkx as nx

from ..io import write_text
from ..types import EdgeKind, NodeKind, PathLike, Role
from ._common import EDGE_COLOURS, NODE_COLOURS, POLARITY_COLOURS, ROLE_COLOURS
from ._cytoscape import cytoscape_style, to_cytoscape

__all__ = ["to_html", "write_html", "html_payload", "script_json", "essay_text"]

#: Edge kinds hidden until the reader ticks them.
HIDDEN_KINDS = (EdgeKind.CONTAINS.value, EdgeKind.MENTIONS.value)

_TEMPLATE = string.Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="argmap">
<title>argmap: ${title}</title>
<style>
${css}
</style>
</head>
<body>
<header><h1 id="title">${title}</h1><div id="legend"></div><div id="toggles"></div></header>
<main>
<div id="graph" aria-label="argument graph"></div>
<aside><div id="info"><div class="k">hover a node or edge</div></div><article id="essay"></article></aside>
</main>
<script type="application/json" id="argmap-data">${payload}</script>
<script>${library}</script>
<script>${view}</script>
</body>
</html>
""")


def script_json(data: Any) -> str:
    """Return ``data`` as JSON safe inside a ``<script>`` element.

    Examples
    --------
    >>> script_json({"t": "</script><b>&"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def essay_text(G: nx.Graph, *, article_id: str | None = None) -> str:
    """Rebuild an essay from unit texts at their offsets (gaps become spaces).

    Used when the original text is not passed to :func:`to_html`; a change of
    paragraph between two units starts a new line.  ``article_id`` limits the
    units to one article of a graph that holds several.
    """
    def wanted(d: dict[str, Any]) -> bool:
        return article_id is None or d.get("article_id") == article_id

    units = sorted((d for _, d in G.nodes(data=True)
                    if d.get("kind") == NodeKind.UNIT.value and d.get("start", -1) >= 0
                    and wanted(d)), key=lambda d: d["start"])
    length = max([d["end"] for d in units] + [0])
    for _, d in G.nodes(data=True):
        if d.get("kind") == NodeKind.ARTICLE.value and wanted(d):
            length = max(length, int(d.get("end", 0)))
    chars = [" "] * length
    previous = None
    for d in units:
        if previous is not None and d.get("paragraph") != previous and d["start"] > 0:
            gap_start = max(0, min(d["start"] - 1, length - 1))
            chars[gap_start] = "\n"
        text = str(d.get("text", ""))
        chars[d["start"]:d["start"] + len(text)] = list(text)
        previous = d.get("paragraph")
    return "".join(chars)


def _essays(G: nx.Graph, text: str | None) -> tuple[str, dict[str, int]]:
    """Return the essay pane text and, per article id, the shift of its offsets.

    A graph with several articles (a corpus graph) shows each rebuilt essay
    under its title, one after the other.
    """
    articles = [(str(d.get("article_id", "")), str(d.get("label", n)))
                for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.ARTICLE.value]
    if text is not None or len(articles) < 2:
        return (essay_text(G) if text is None else text), {}
    parts: list[str] = []
    shifts: dict[str, int] = {}
    size = 0
    for aid, label in articles:
        head = f"{label}\n\n"
        shifts[aid] = size + len(head)
        body = essay_text(G, article_id=aid).rstrip() + "\n\n\n"
        parts.extend((head, body))
        size += len(head) + len(body)
    return "".join(parts), shifts


def _unit_rings(G: nx.Graph, units: list[Any]) -> list[list[Any]]:
    """Group units by distance from the major claim along support/attack edges."""
    relation = (EdgeKind.SUPPORTS.value, EdgeKind.ATTACKS.value)
    unit_set = set(units)
    roots = [n for n in units if G.nodes[n].get("role") == Role.MAJOR_CLAIM.value][:1]
    roots = roots or units[:1]
    depth = {n: 0 for n in roots}
    frontier = list(roots)
    while frontier:
        nxt = []
        for node in frontier:
            for src, _dst, d in G.in_edges(node, data=True):
                if src in unit_set and src not in depth and d.get("kind") in relation:
                    depth[src] = depth[node] + 1
                    nxt.append(src)
        frontier = nxt
    rest = max(depth.values(), default=0) + 1
    rings: dict[int, list[Any]] = {}
    for node in units:
        rings.setdefault(depth.get(node, rest), []).append(node)
    return [rings[k] for k in sorted(rings)]


def _positions(G: nx.Graph) -> dict[str, dict[str, float]]:
    """Radial layout: the major claim in the middle, each ring one step further
    along support/attack edges, unlinked units next, targets outside."""
    def start(node: Any) -> int:
        return int(G.nodes[node].get("start", -1))

    units = sorted((n for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.UNIT.value),
                   key=start)
    targets = [n for n, d in G.nodes(data=True)
               if d.get("kind") in (NodeKind.ENTITY.value, NodeKind.CONCEPT.value)]
    pos: dict[str, dict[str, float]] = {}
    angle: dict[Any, float] = {}

    def put(node: Any, radius: float, a: float) -> None:
        angle[node] = a
        pos[str(node)] = {"x": round(radius * math.cos(a), 2),
                          "y": round(radius * math.sin(a), 2)}

    step = 150.0
    radius = 0.0
    for ring in _unit_rings(G, units):
        if radius == 0.0 and len(ring) == 1:
            put(ring[0], 0.0, -math.pi / 2)
            radius = step
            continue
        radius = max(radius, len(ring) * 34.0 / (2 * math.pi))

        def parent_angle(node: Any) -> float:
            outs = [angle[v] for _, v in G.out_edges(node) if v in angle]
            return (outs[0] + math.pi / 2) % (2 * math.pi) if outs else 7.0

        ring = sorted(ring, key=lambda n: (parent_angle(n), start(n)))
        for i, node in enumerate(ring):
            put(node, radius, 2 * math.pi * i / len(ring) - math.pi / 2)
        radius += step
    radius = max(radius, len(targets) * 60.0 / (2 * math.pi))
    wanted = []
    for j, node in enumerate(targets):
        angles = [angle[u] for u in G.predecessors(node) if u in angle]
        if angles:
            a = math.atan2(sum(math.sin(x) for x in angles), sum(math.cos(x) for x in angles))
        else:
            a = 2 * math.pi * j / max(1, len(targets))
        wanted.append((round(a, 6), str(node)))
    wanted.sort()
    for k, (a, node) in enumerate(wanted):
        # Spread targets evenly but keep the order of their preferred angles.
        put(node, radius, wanted[0][0] + 2 * math.pi * k / len(wanted))
    others = [n for n in G.nodes if str(n) not in pos]
    for i, node in enumerate(others):
        pos[str(node)] = {"x": round(-radius + 70.0 * i, 2), "y": round(-radius - 60.0, 2)}
    return pos


def _legend() -> dict[str, list[dict[str, Any]]]:
    nodes = [{"label": "major claim", "colour": ROLE_COLOURS[Role.MAJOR_CLAIM.value]},
             {"label": "claim", "colour": ROLE_COLOURS[Role.CLAIM.value]},
             {"label": "premise", "colour": ROLE_COLOURS[Role.PREMISE.value]},
             {"label": "entity", "colour": NODE_COLOURS[NodeKind.ENTITY.value]},
             {"label": "concept", "colour": NODE_COLOURS[NodeKind.CONCEPT.value]},
             {"label": "article", "colour": NODE_COLOURS[NodeKind.ARTICLE.value]}]
    edges = [{"label": "supports", "colour": EDGE_COLOURS[EdgeKind.SUPPORTS.value]},
             {"label": "attacks", "colour": EDGE_COLOURS[EdgeKind.ATTACKS.value]},
             {"label": "stance pro", "colour": POLARITY_COLOURS["pro"], "dashed": True},
             {"label": "stance con", "colour": POLARITY_COLOURS["con"], "dashed": True},
             {"label": "mixed", "colour": POLARITY_COLOURS["mixed"], "dashed": True},
             {"label": "neutral", "colour": POLARITY_COLOURS["neutral"], "dashed": True}]
    return {"nodes": nodes, "edges": edges}


def _unit_tags(G: nx.Graph) -> dict[str, str]:
    """Short unit names shared by graph and essay: ``MC``, ``C3``, ``P7`` (text order)."""
    letters = {Role.MAJOR_CLAIM.value: "MC", Role.CLAIM.value: "C", Role.PREMISE.value: "P"}
    order: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        if d.get("kind") == NodeKind.ARTICLE.value:
            order.setdefault(str(d.get("article_id", "")), len(order))
    units = sorted(((order.get(str(d.get("article_id", "")), 0), int(d.get("start", -1)),
                     str(n), str(d.get("role", "")))
                    for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.UNIT.value))
    tags = {}
    for i, (_article, _start, node, role) in enumerate(units, 1):
        letter = letters.get(role, "U")
        tags[node] = letter if letter == "MC" else f"{letter}{i}"
    return tags


def html_payload(G: nx.Graph, *, text: str | None = None,
                 title: str | None = None) -> dict[str, Any]:
    """Return the JSON data that :func:`to_html` embeds in the page."""
    text, shifts = _essays(G, text)
    if title is None:
        labels = [str(d.get("label") or n) for n, d in G.nodes(data=True)
                  if d.get("kind") == NodeKind.ARTICLE.value]
        if len(labels) == 1:
            title = labels[0]
        else:
            title = f"{G.graph.get('name') or 'argmap'} ({len(labels)} articles)"
    pos = _positions(G)
    elements = to_cytoscape(G)["elements"]
    for item in elements["nodes"]:
        item["position"] = pos[item["data"]["id"]]
    tags = _unit_tags(G)
    for item in elements["nodes"]:
        if item["data"]["id"] in tags:
            item["data"]["tag"] = tags[item["data"]["id"]]
    units = []
    for node, d in G.nodes(data=True):
        if d.get("kind") == NodeKind.UNIT.value and d.get("start", -1) >= 0:
            shift = shifts.get(str(d.get("article_id", "")), 0)
            units.append({"id": str(node), "start": d["start"] + shift,
                          "end": d["end"] + shift,
                          "role": str(d.get("role", "none")), "tag": tags[str(node)]})
    units.sort(key=lambda u: (u["start"], u["end"]))
    mentions = []
    for u, v, d in G.edges(data=True):
        if d.get("kind") == EdgeKind.MENTIONS.value and d.get("start", -1) >= 0:
            shift = shifts.get(str(d.get("article_id", "")), 0)
            mentions.append({"unit": str(u), "target": str(v),
                             "start": d["start"] + shift, "end": d["end"] + shift})
    mentions.sort(key=lambda m: (m["start"], m["end"], m["target"]))
    kinds = sorted({str(d.get("kind", "")) for _, _, d in G.edges(data=True)})
    return {
        "title": title,
        "text": text,
        "elements": elements,
        "style": cytoscape_style(unit_label="tag"),
        "units": units,
        "mentions": mentions,
        "edge_kinds": kinds,
        "hidden_kinds": list(HIDDEN_KINDS),
        "legend": _legend(),
    }


def _asset(name: str) -> str:
    return resources.files("argmap").joinpath("data", name).read_text(encoding="utf-8")


def _sha256(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def to_html(G: nx.Graph, *, text: str | None = None, title: str | None = None) -> str:
    """Return one self-contained HTML page showing ``G`` and its essay.

    Parameters
    ----------
    G : networkx.Graph
        An argument graph from :func:`argmap.graph.build.build_graph`.
    text : str, optional
        The essay text (``Article.text``); rebuilt from the units if omitted.
    title : str, optional
        Page title; the article node's label by default.

    Returns
    -------
    str
        HTML5 with no external references.
    """
    library = _asset("cytoscape.min.js")
    view = _asset("argmap_view.js")
    for name, script in (("cytoscape.min.js", library), ("argmap_view.js", view)):
        if "</script" in script.lower() or "<!--" in script:
            raise ValueError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    payload = html_payload(G, text=text, title=title)
    csp = ("default-src 'none'; "
           f"script-src {_sha256(library)} {_sha256(view)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    return _TEMPLATE.substitute(
        csp=csp,
        title=html.escape(payload["title"]),
        css=_asset("argmap_view.css"),
        payload=script_json(payload),
        library=library,
        view=view,
    )


def write_html(G: nx.Graph, path: PathLike, *, text: str | None = None,
               title: str | None = None) -> None:
    """Write :func:`to_html` output to ``path``."""
    write_text(path, to_html(G, text=text, title=title))
