"""Self-contained, offline HTML view of an argument graph.

The page inlines Cytoscape.js (vendored in ``argmap/data/cytoscape.min.js``,
MIT licence kept in its header), cytoscape-dagre 4.0.1 with the dagre layout
it bundles (``cytoscape-dagre.min.js``; ``THIRD_PARTY_NOTICES.txt``), a small
view script and a stylesheet.  The view draws the argument top down (major
claim on top) and slices the essay with UTF-16 offsets (:func:`utf16_offsets`).  All
data goes into one ``<script type="application/json">`` block whose ``<``,
``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026``; the
view script builds the page with ``textContent`` only.  A Content Security
Policy allows just the page's own scripts (by hash), so inline event
handlers smuggled into the text could not run even if they reached the DOM.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
import string
from importlib import resources
from typing import Any, Callable

import networkx as nx

from ..io import write_text
from ..types import EdgeKind, NodeKind, PathLike, Role
from ._common import EDGE_COLOURS, NODE_COLOURS, POLARITY_COLOURS, ROLE_COLOURS
from ._cytoscape import cytoscape_style, to_cytoscape

__all__ = ["to_html", "write_html", "html_payload", "script_json", "essay_text", "view_style",
           "utf16_offsets", "page_html", "page_body", "PAGE_CSS", "LABEL_PX"]

#: Edge kinds hidden until the reader ticks them.
HIDDEN_KINDS = (EdgeKind.CONTAINS.value, EdgeKind.MENTIONS.value, EdgeKind.LOCATED_IN.value)

_PAGE = string.Template("""<!DOCTYPE html>
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
${body}
<script type="application/json" id="argmap-data">${payload}</script>
${scripts}
</body>
</html>
""")

#: Stylesheet every page starts with (the views add their own after it).
PAGE_CSS = "argmap_page.css"


def page_body(header: str, main: str) -> str:
    """The body markup every view shares: a header with the page title (``${title}``,
    filled in escaped by :func:`page_html`) and ``header``'s extra markup, then ``main``.

    >>> page_body('<nav id="nav"></nav>', "<main></main>").splitlines()
    ['<header><h1 id="title">${title}</h1><nav id="nav"></nav></header>', '<main></main>']
    """
    return f'<header><h1 id="title">${{title}}</h1>{header}</header>\n{main}'


_ARTICLE_BODY = page_body('<div id="legend"></div><div id="toggles"></div>', """<main>
<div id="graph" aria-label="argument graph"></div>
<aside><div id="info"><div class="k">hover a node or edge</div></div><article id="essay"></article></aside>
</main>""")

#: Scripts inlined into the article view, in order.
ARTICLE_SCRIPTS = ("cytoscape.min.js", "cytoscape-dagre.min.js", "argmap_view.js")


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


def _legend() -> dict[str, list[dict[str, Any]]]:
    nodes = [{"label": "major claim", "colour": ROLE_COLOURS[Role.MAJOR_CLAIM.value]},
             {"label": "claim", "colour": ROLE_COLOURS[Role.CLAIM.value]},
             {"label": "premise", "colour": ROLE_COLOURS[Role.PREMISE.value]},
             {"label": "entity", "colour": NODE_COLOURS[NodeKind.ENTITY.value]},
             {"label": "concept", "colour": NODE_COLOURS[NodeKind.CONCEPT.value]},
             {"label": "article", "colour": NODE_COLOURS[NodeKind.ARTICLE.value]}]
    # Line style tells the kinds apart without colour: solid support, dashed
    # attack, dotted stance (whose colour then gives the polarity).
    edges = [{"label": "supports ▶", "colour": EDGE_COLOURS[EdgeKind.SUPPORTS.value],
              "line": "solid"},
             {"label": "attacks ⊣", "colour": EDGE_COLOURS[EdgeKind.ATTACKS.value],
              "line": "dashed"},
             {"label": "stance pro", "colour": POLARITY_COLOURS["pro"], "line": "dotted"},
             {"label": "stance con", "colour": POLARITY_COLOURS["con"], "line": "dotted"},
             {"label": "mixed", "colour": POLARITY_COLOURS["mixed"], "line": "dotted"},
             {"label": "neutral", "colour": POLARITY_COLOURS["neutral"], "line": "dotted"}]
    return {"nodes": nodes, "edges": edges}


#: Text colour on each unit fill (white on the dark fills).
_UNIT_INK = {Role.MAJOR_CLAIM.value: "#ffffff", Role.CLAIM.value: "#ffffff",
             Role.PREMISE.value: "#10243f", Role.NONE.value: "#10243f"}
#: Smallest label size in the page, in CSS pixels at zoom 1; the view never
#: opens below the zoom that keeps it at 12 px on screen.
LABEL_PX = 13


def view_style() -> list[dict[str, Any]]:
    """Return the Cytoscape.js stylesheet of the article view.

    :func:`~argmap.export.cytoscape_style` plus readable unit boxes (the
    first words, wrapped, at :data:`LABEL_PX`), and edge kinds told apart by
    line style and arrow shape, not colour alone.
    """
    style = cytoscape_style(unit_label="label")
    unit = f'node[kind = "{NodeKind.UNIT.value}"]'
    style.append({"selector": unit, "style": {
        "shape": "round-rectangle", "width": 190, "height": 66, "font-size": LABEL_PX,
        "font-weight": "normal", "text-valign": "center", "text-halign": "center",
        "text-wrap": "wrap", "text-max-width": 176, "text-margin-y": 0,
        "border-width": 1, "border-color": "#33475b"}})
    for role, ink in _UNIT_INK.items():
        style.append({"selector": f'{unit}[role = "{role}"]', "style": {"color": ink}})
    style.append({"selector": 'node[role = "major_claim"]', "style": {
        "width": 230, "height": 78, "border-width": 4, "border-color": "#0b1a33",
        "font-size": LABEL_PX + 2, "font-weight": "bold"}})
    style.append({"selector": f'node[kind = "{NodeKind.ENTITY.value}"], '
                              f'node[kind = "{NodeKind.CONCEPT.value}"]',
                  "style": {"font-size": LABEL_PX, "text-wrap": "wrap", "text-max-width": 110,
                            "width": 26, "height": 26}})
    style.append({"selector": f'node[kind = "{NodeKind.ARTICLE.value}"]', "style": {
        "font-size": LABEL_PX, "text-valign": "bottom", "text-margin-y": 4,
        "text-wrap": "wrap", "text-max-width": 220}})
    style.append({"selector": f'edge[kind = "{EdgeKind.SUPPORTS.value}"]', "style": {
        "line-style": "solid", "target-arrow-shape": "triangle", "width": 3,
        "curve-style": "bezier", "opacity": 1}})
    style.append({"selector": f'edge[kind = "{EdgeKind.ATTACKS.value}"]', "style": {
        "line-style": "dashed", "line-dash-pattern": [10, 5], "target-arrow-shape": "tee",
        "width": 3, "curve-style": "bezier", "opacity": 1}})
    style.append({"selector": f'edge[kind = "{EdgeKind.STANCE.value}"]',
                  "style": {"line-style": "dotted"}})
    # Edges of stacked leaves: out sideways into the gap between the two
    # columns, then up to the parent.
    style.append({"selector": "edge.stacked", "style": {
        "curve-style": "taxi", "taxi-direction": "horizontal", "taxi-turn": "50%",
        "taxi-turn-min-distance": 5, "source-endpoint": "inside-to-node"}})
    style.append({"selector": ".hidden", "style": {"display": "none"}})
    return style


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Return a function from code-point offsets in ``text`` to UTF-16 offsets.

    Records hold Python (code-point) offsets; JavaScript strings index UTF-16
    code units, where each character outside the Basic Multilingual Plane
    (most emoji) takes two.  Every offset the page slices goes through here.

    Examples
    --------
    >>> to16 = utf16_offsets("a😀b")
    >>> [to16(i) for i in range(4)]
    [0, 1, 3, 4]
    """
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    if not astral:
        return lambda i: i
    return lambda i: i + bisect.bisect_left(astral, i)


def _first_words(text: str, *, limit: int = 64) -> str:
    """The unit's first words, at most ``limit`` characters, ``…`` if cut.

    >>> _first_words("Rankings reward real excellence at Harvard.", limit=24)
    'Rankings reward real …'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[:cut if cut > 0 else limit - 1].rstrip(",;:") + " …"


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


#: Element data the page never reads, or whose value is the page's default;
#: dropped to keep the seed essay's page small.
_DEFAULTS = {"start": -1, "end": -1, "confidence": 1.0}


def _slim(data: dict[str, Any], drop: set[str]) -> None:
    for key in [k for k in data if k in drop or (k in _DEFAULTS and data[k] == _DEFAULTS[k])]:
        del data[key]
    if data.get("kind") == EdgeKind.MENTIONS.value:
        data.pop("text", None)  # the mention is underlined in the essay itself


def _shorten_unit_ids(article_id: str, elements: dict[str, list[dict[str, Any]]],
                      units: list[dict[str, Any]], mentions: list[dict[str, Any]]) -> None:
    """In a one-article page, unit ids ``<article_id>:<start>`` become ``:<start>``
    wherever the page uses them (the full id stays in the node's ``ref``)."""
    if not article_id:
        return
    prefix = f"{article_id}:"

    def short(value: Any) -> Any:
        if isinstance(value, str) and value.startswith(prefix):
            return value[len(article_id):]
        return value

    for item in elements["nodes"]:
        data = item["data"]
        if short(data["id"]) != data["id"]:
            data["ref"], data["id"] = data["id"], short(data["id"])
    for item in elements["edges"]:
        data = item["data"]
        data["source"], data["target"] = short(data["source"]), short(data["target"])
        if data.get("evidence"):
            data["evidence"] = "|".join(short(x) for x in str(data["evidence"]).split("|"))
    for u in units:
        u["id"] = short(u["id"])
    for m in mentions:
        m["unit"] = short(m["unit"])


def html_payload(G: nx.Graph, *, text: str | None = None,
                 title: str | None = None) -> dict[str, Any]:
    """Return the JSON data that :func:`to_html` embeds in the page.

    ``units`` and ``mentions`` offsets are UTF-16 code units into ``text``
    (see :func:`utf16_offsets`), ready for JavaScript's ``slice``; node and
    edge ``start``/``end`` stay the records' code-point offsets.  In a
    one-article page unit ids are written ``:<start>`` (the full id is the
    node's ``ref``), which keeps the seed essay's page under 600 KB.
    """
    text, shifts = _essays(G, text)
    articles = [n for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.ARTICLE.value]
    if title is None:
        labels = [str(G.nodes[n].get("label") or n) for n in articles]
        if len(labels) == 1:
            title = labels[0]
        else:
            title = f"{G.graph.get('name') or 'argmap'} ({len(labels)} articles)"
    drop = {"value", "name", "key"} | ({"article_id"} if len(articles) <= 1 else set())
    elements = to_cytoscape(G)["elements"]
    if len(articles) <= 1:
        # One article holds every unit: its ``contains`` edges say nothing.
        elements["edges"] = [e for e in elements["edges"]
                             if e["data"].get("kind") != EdgeKind.CONTAINS.value]
    tags = _unit_tags(G)
    for item in elements["nodes"] + elements["edges"]:
        _slim(item["data"], drop)
    for item in elements["nodes"]:
        data = item["data"]
        if data["id"] in tags:
            data["tag"] = tags[data["id"]]
            data["label"] = f"{tags[data['id']]} · {_first_words(str(data.get('text', '')))}"
    to16 = utf16_offsets(text)
    units = []
    for node, d in G.nodes(data=True):
        if d.get("kind") == NodeKind.UNIT.value and d.get("start", -1) >= 0:
            shift = shifts.get(str(d.get("article_id", "")), 0)
            units.append({"id": str(node), "start": to16(d["start"] + shift),
                          "end": to16(d["end"] + shift),
                          "role": str(d.get("role", "none")), "tag": tags[str(node)]})
    units.sort(key=lambda u: (u["start"], u["end"]))
    mentions = []
    for u, v, d in G.edges(data=True):
        if d.get("kind") == EdgeKind.MENTIONS.value and d.get("start", -1) >= 0:
            shift = shifts.get(str(d.get("article_id", "")), 0)
            mentions.append({"unit": str(u), "target": str(v),
                             "start": to16(d["start"] + shift), "end": to16(d["end"] + shift)})
    mentions.sort(key=lambda m: (m["start"], m["end"], m["target"]))
    if len(articles) == 1:
        _shorten_unit_ids(str(G.nodes[articles[0]].get("article_id", "")), elements, units,
                          mentions)
    kinds = sorted({str(d.get("kind", "")) for _, _, d in G.edges(data=True)})
    return {
        "title": title,
        "text": text,
        "elements": elements,
        "style": view_style(),
        "label_px": LABEL_PX,
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


def page_html(*, title: str, body: str, payload: dict[str, Any], scripts: tuple[str, ...],
              css: tuple[str, ...] = ("argmap_view.css",)) -> str:
    """Return a self-contained page: ``body`` markup, the JSON ``payload``,
    the packaged ``scripts`` and ``css`` (names under ``argmap/data``, after
    :data:`PAGE_CSS`) inlined.  The one page template of every HTML view.

    The Content Security Policy allows exactly these scripts, by hash.
    ``body`` may use ``${title}`` (inserted escaped).
    """
    sources = [(name, _asset(name)) for name in scripts]
    for name, script in sources:
        if "</script" in script.lower() or "<!--" in script:
            raise ValueError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    csp = ("default-src 'none'; "
           f"script-src {' '.join(_sha256(script) for _, script in sources)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    safe_title = html.escape(title)
    return _PAGE.substitute(
        csp=csp,
        title=safe_title,
        css="\n".join(_asset(name) for name in (PAGE_CSS, *css)),
        body=string.Template(body).substitute(title=safe_title),
        payload=script_json(payload),
        scripts="\n".join(f"<script>{script}</script>" for _, script in sources),
    )


def to_html(G: nx.Graph, *, text: str | None = None, title: str | None = None) -> str:
    """Return one self-contained HTML page showing ``G`` and its essay.

    The argument is drawn top down (major claim at the top, then claims,
    then premises) by the dagre layout; entities and concepts sit under it.

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
    payload = html_payload(G, text=text, title=title)
    return page_html(title=payload["title"], body=_ARTICLE_BODY, payload=payload,
                     scripts=ARTICLE_SCRIPTS)


def write_html(G: nx.Graph, path: PathLike, *, text: str | None = None,
               title: str | None = None) -> None:
    """Write :func:`to_html` output to ``path``."""
    write_text(path, to_html(G, text=text, title=title))
