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
from pathlib import Path
from typing import Any

import networkx as nx

from ..types import EdgeKind, NodeKind, PathLike, Role
from ._common import EDGE_COLOURS, NODE_COLOURS, POLARITY_COLOURS, ROLE_COLOURS
from ._cytoscape import cytoscape_style, to_cytoscape

__all__ = ["to_html", "write_html", "html_payload", "script_json", "essay_text"]

#: Edge kinds hidden until the reader ticks them.
HIDDEN_KINDS = (EdgeKind.CONTAINS.value,)

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


def essay_text(G: nx.Graph) -> str:
    """Rebuild the essay from unit texts at their offsets (gaps become spaces).

    Used when the original text is not passed to :func:`to_html`; a change of
    paragraph between two units starts a new line.
    """
    units = sorted((d for _, d in G.nodes(data=True)
                    if d.get("kind") == NodeKind.UNIT.value and d.get("start", -1) >= 0),
                   key=lambda d: d["start"])
    length = max([d["end"] for d in units] + [0])
    for _, d in G.nodes(data=True):
        if d.get("kind") == NodeKind.ARTICLE.value:
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


def _positions(G: nx.Graph) -> dict[str, dict[str, float]]:
    """Place units on a circle in text order, targets on an outer ring."""
    units = [n for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.UNIT.value]
    targets = [n for n, d in G.nodes(data=True)
               if d.get("kind") in (NodeKind.ENTITY.value, NodeKind.CONCEPT.value)]
    others = [n for n in G.nodes if n not in set(units) | set(targets)]
    r1 = max(220.0, 26.0 * len(units))
    r2 = r1 + max(160.0, 0.35 * r1)
    pos: dict[str, dict[str, float]] = {}
    angle: dict[Any, float] = {}
    for i, node in enumerate(units):
        a = 2 * math.pi * i / max(1, len(units)) - math.pi / 2
        angle[node] = a
        pos[str(node)] = {"x": round(r1 * math.cos(a), 2), "y": round(r1 * math.sin(a), 2)}
    wanted = []
    for j, node in enumerate(targets):
        angles = [angle[u] for u in G.predecessors(node) if u in angle]
        if angles:
            a = math.atan2(sum(math.sin(x) for x in angles), sum(math.cos(x) for x in angles))
        else:
            a = 2 * math.pi * j / max(1, len(targets))
        wanted.append((a, str(node)))
    wanted.sort()
    step = 2 * math.pi / max(1, len(wanted))
    for k, (a, node) in enumerate(wanted):
        # Spread targets evenly but keep the order of their preferred angles.
        b = wanted[0][0] + k * step
        pos[node] = {"x": round(r2 * math.cos(b), 2), "y": round(r2 * math.sin(b), 2)}
    for i, node in enumerate(others):
        pos[str(node)] = {"x": round(60.0 * i, 2), "y": 0.0}
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
             {"label": "stance con", "colour": POLARITY_COLOURS["con"], "dashed": True}]
    return {"nodes": nodes, "edges": edges}


def html_payload(G: nx.Graph, *, text: str | None = None,
                 title: str | None = None) -> dict[str, Any]:
    """Return the JSON data that :func:`to_html` embeds in the page."""
    if text is None:
        text = essay_text(G)
    if title is None:
        title = str(G.graph.get("name", "argmap"))
        for _, d in G.nodes(data=True):
            if d.get("kind") == NodeKind.ARTICLE.value and d.get("label"):
                title = str(d["label"])
                break
    pos = _positions(G)
    elements = to_cytoscape(G)["elements"]
    for item in elements["nodes"]:
        item["position"] = pos[item["data"]["id"]]
    units = []
    tags = {Role.MAJOR_CLAIM.value: "MC", Role.CLAIM.value: "C", Role.PREMISE.value: "P"}
    for node, d in G.nodes(data=True):
        if d.get("kind") == NodeKind.UNIT.value and d.get("start", -1) >= 0:
            units.append({"id": str(node), "start": d["start"], "end": d["end"],
                          "role": str(d.get("role", "none")),
                          "tag": tags.get(str(d.get("role")), "U")})
    units.sort(key=lambda u: (u["start"], u["end"]))
    mentions = []
    for u, v, d in G.edges(data=True):
        if d.get("kind") == EdgeKind.MENTIONS.value and d.get("start", -1) >= 0:
            mentions.append({"unit": str(u), "target": str(v),
                             "start": d["start"], "end": d["end"]})
    mentions.sort(key=lambda m: (m["start"], m["end"], m["target"]))
    kinds = sorted({str(d.get("kind", "")) for _, _, d in G.edges(data=True)})
    return {
        "title": title,
        "text": text,
        "elements": elements,
        "style": cytoscape_style(),
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
    Path(path).write_text(to_html(G, text=text, title=title), encoding="utf-8")
