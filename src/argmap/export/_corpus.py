"""Self-contained, offline HTML view of a corpus: stance matrix and agreement network.

One page for several articles (``argmap compare --format html``):

* a **stance matrix**, articles as rows and targets as columns, each cell
  coloured (and marked ``+ − ± ○``) by the author's stance and linking to
  its strongest evidence sentence further down the page;
* an **agreement network** of the articles, one edge per pair that shares
  polar stances, weighted by the targets they agree and disagree on, laid
  out by a deterministic spring layout (:func:`network_layout`) in which
  articles that agree pull together: solid edges for agreement, dashed for
  disagreement, dotted for a tie;
* the **evidence** sentences the cells link to.

The page renders ``payload["sections"]`` in order.  Besides the built-in
kinds (``matrix``, ``network``, ``evidence``) a section may be a generic
``table`` (``columns``, ``rows``, optional ``row_ids`` and ``note``; see
:data:`TABLE_CELLS` for what a cell may be): pass such sections as
``extra_sections`` (the key-point panel goes in that way, see
:func:`argmap.keypoint_tables.keypoints_section`), or alone to
:func:`to_sections_html`.  Every page is built by
:func:`argmap.export._html.page_html`: data as escaped JSON, rendered with
``textContent`` only, under the same Content Security Policy.

>>> from argmap.records import Article, AuthorStance
>>> from argmap.graph.build import build_graph
>>> arts = [Article(a, a.upper(), "", "", "x", author_stances=(
...     AuthorStance(a, "org:qs", p, s, 1, 0, 0),)) for a, p, s in
...     (("a", "pro", 0.5), ("b", "con", -0.5))]
>>> p = corpus_payload([build_graph(x) for x in arts])
>>> [c["polarity"] for c in p["cells"]], p["network"]["edges"][0]["disagree"]
(['pro', 'con'], 1)
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np

from ..graph.compare import Agreement, article_id_of, stance_agreements
from ..graph.summary import major_claim_text
from ..io import write_text
from ..types import PathLike
from ._common import POLARITY_COLOURS
from ._html import page_body, page_html

__all__ = ["corpus_payload", "to_corpus_html", "write_corpus_html", "to_sections_html",
           "network_layout", "CORPUS_SECTIONS", "CORPUS_SCRIPTS", "TABLE_CELLS", "MAX_TARGETS",
           "MAX_EDGES"]

#: The sections the page shows, in order; ``extra_sections`` come after them.
CORPUS_SECTIONS = (
    {"id": "matrix", "kind": "matrix", "title": "Stance matrix"},
    {"id": "network", "kind": "network", "title": "Agreement network"},
    {"id": "evidence", "kind": "evidence", "title": "Evidence"},
)
#: Scripts inlined into the corpus view, in order (Cytoscape.js only with a network).
CORPUS_SCRIPTS = ("cytoscape.min.js", "argmap_corpus.js")
#: What a generic ``table`` cell may be; anything else is shown as its text.
TABLE_CELLS = {
    "str": "plain text",
    '{"text", "href"}': "a link inside the page (href must start with #)",
    '{"text", "unit"}': "a unit's sentence: a link to it when the page's evidence lists it",
    '{"summary", "items": [cell, ...]}': "a collapsed list (<details>) of cells",
    '{"split": [{"label", "n"}, ...]}': "a bar of pro/con/mixed/neutral counts, with the "
                                        "counts and symbols as text (not colour alone)",
}
#: Matrix columns at most: the targets most articles take a stance on.
MAX_TARGETS = 40
#: Network edges at most: the pairs sharing the most polar targets.
MAX_EDGES = 300

_BODY = page_body('<nav id="nav"></nav>', '<main id="sections"></main>')


def _article_info(G: nx.MultiDiGraph) -> dict[str, Any]:
    aid = article_id_of(G)
    node = G.nodes.get(f"article:{aid}", {})
    major = major_claim_text(G)
    return {"id": aid, "title": str(node.get("title") or node.get("label") or aid),
            "source": str(node.get("source", "")), "date": str(node.get("date", "") or ""),
            "major_claim": major}


def network_layout(n: int, edges: Sequence[tuple[int, int, float]], *,
                   iterations: int = 200) -> list[tuple[float, float]]:
    """Deterministic spring layout of ``n`` nodes: ``(x, y)`` in pixels, rounded to 0.1.

    ``edges`` are ``(i, j, weight)``; a positive weight pulls ``i`` and ``j``
    together (articles that agree), zero or negative ones are left out of
    the pull, so disagreeing articles drift apart under the repulsion that
    every pair feels.  Starts from a (slightly uneven) circle and runs networkx's
    Fruchterman-Reingold with a fixed seed, so the same corpus always gets
    the same picture.

    >>> pos = network_layout(3, [(0, 1, 3.0)])
    >>> d01 = math.dist(pos[0], pos[1]); d02 = math.dist(pos[0], pos[2])
    >>> d01 < d02, network_layout(3, [(0, 1, 3.0)]) == pos
    (True, True)
    """
    if n == 0:
        return []
    # a circle, slightly uneven so that a symmetric start cannot stall the layout
    start = {i: ((1.0 + 0.07 * (i % 3)) * math.cos(2 * math.pi * i / n - math.pi / 2 + 0.05 * i),
                 (1.0 + 0.07 * (i % 3)) * math.sin(2 * math.pi * i / n - math.pi / 2 + 0.05 * i))
             for i in range(n)}
    if n == 1:
        return [(0.0, 0.0)]
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for i, j, w in edges:
        if w > 0:
            G.add_edge(i, j, weight=float(w))
    pos = nx.spring_layout(G, pos=start, k=1.6 / math.sqrt(n), iterations=iterations,
                           weight="weight", seed=0, scale=1.0)
    P = _spread(np.array([pos[i] for i in range(n)], dtype=np.float64), 0.5 / math.sqrt(n))
    size = 90.0 * math.sqrt(n) + 120.0
    return [(round(float(x) * size, 1), round(float(y) * size, 1)) for x, y in P]


def _spread(P: np.ndarray, gap: float, *, rounds: int = 60) -> np.ndarray:
    """Push apart points closer than ``gap`` (so node labels do not pile up), then
    rescale into [-1, 1]; deterministic (coincident points part along a fixed angle)."""
    n = len(P)
    fixed = np.stack([np.cos(np.arange(n) * 2.399963), np.sin(np.arange(n) * 2.399963)], axis=1)
    for _ in range(rounds):
        D = P[:, None, :] - P[None, :, :]
        dist = np.sqrt((D ** 2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        close = dist < gap
        if not close.any():
            break
        unit = np.where((dist > 1e-9)[:, :, None], D / np.maximum(dist, 1e-9)[:, :, None],
                        (fixed[:, None, :] - fixed[None, :, :]))
        push = np.where(close[:, :, None], unit * ((gap - np.minimum(dist, gap)) / 2)[:, :, None], 0)
        P = P + push.sum(axis=1)
    span = np.abs(P).max() or 1.0
    return P / span


def corpus_payload(graphs: Sequence[nx.MultiDiGraph], *, title: str | None = None,
                   extra_sections: Sequence[dict[str, Any]] = (),
                   sections: Sequence[str] | None = None,
                   max_targets: int = MAX_TARGETS, max_edges: int = MAX_EDGES
                   ) -> dict[str, Any]:
    """Return the JSON data that :func:`to_corpus_html` embeds in the page.

    Parameters
    ----------
    graphs : sequence of networkx.MultiDiGraph
        One graph per article, from :func:`argmap.graph.build_graph`.
    title : str, optional
        Page title; ``"N articles"`` by default.
    extra_sections : sequence of dict, keyword-only
        More sections, rendered after :data:`CORPUS_SECTIONS`; a generic
        one is ``{"id", "title", "kind": "table", "columns": [...],
        "rows": [[cell, ...], ...], "row_ids": [...], "note": "..."}``
        (cells as in :data:`TABLE_CELLS`, always shown as text).
    sections : sequence of str, keyword-only
        Ids of the sections to show, in order: built-in ones (all of
        :data:`CORPUS_SECTIONS` by default) and extra ones, which are placed
        where their id is listed (extra sections not listed come last).
    max_targets : int, keyword-only
        Matrix columns kept (most articles with a stance first); the rest
        are counted in ``targets_folded``.
    max_edges : int, keyword-only
        Network edges kept (most shared polar targets first); the rest are
        counted in ``network["edges_folded"]``.

    Returns
    -------
    dict
        ``title``, ``articles``, ``targets``, ``cells`` (article and target
        index, polarity, score, counts, ``evidence`` index or -1),
        ``evidence`` (article index, unit id, text), ``network``
        (``nodes``, ``edges`` with ``agree``/``disagree`` target counts),
        ``colours`` and ``sections``.
    """
    articles = [_article_info(G) for G in graphs]
    index = {a["id"]: i for i, a in enumerate(articles)}
    stances: dict[tuple[int, str], dict[str, Any]] = {}
    labels: dict[str, str] = {}
    for i, G in enumerate(graphs):
        for _, target, d in G.edges(data=True):
            if d.get("kind") == "stance" and d.get("level") == "article":
                stances[(i, target)] = d
                labels.setdefault(target, str(G.nodes[target].get("label", target)))
    coverage: dict[str, list[int]] = {}
    for (i, target), d in stances.items():
        polar = d.get("polarity") in ("pro", "con", "mixed")
        count = coverage.setdefault(target, [0, 0])
        count[0] += int(polar)
        count[1] += 1
    ranked = sorted(coverage, key=lambda t: (-coverage[t][0], -coverage[t][1], t))
    kept = [t for t in ranked if coverage[t][0] > 0 or coverage[t][1] > 1][:max_targets]
    column = {t: j for j, t in enumerate(kept)}
    evidence: list[dict[str, Any]] = []
    cells = []
    for (i, target), d in sorted(stances.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if target not in column:
            continue
        G = graphs[i]
        ids = [e for e in str(d.get("evidence", "") or "").split("|") if e and e in G]
        ev = -1
        if ids:
            ev = len(evidence)
            evidence.append({"article": i, "unit": ids[0],
                             "text": str(G.nodes[ids[0]].get("text", "")),
                             "target": column[target]})
        cells.append({"article": i, "target": column[target],
                      "polarity": str(d.get("polarity", "")),
                      "score": round(float(d.get("score", 0.0)), 3),
                      "n_pro": int(d.get("n_pro", 0)), "n_con": int(d.get("n_con", 0)),
                      "n_neutral": int(d.get("n_neutral", 0)), "evidence": ev})
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for row in stance_agreements(graphs):
        key = (row["article_a"], row["article_b"])
        edge = pairs.setdefault(key, {"agree": 0, "disagree": 0, "agree_on": [],
                                      "disagree_on": []})
        if row["agreement"] == Agreement.AGREE.value:
            edge["agree"] += 1
            edge["agree_on"].append(labels.get(row["target"], row["target"]))
        elif row["agreement"] == Agreement.DISAGREE.value:
            edge["disagree"] += 1
            edge["disagree_on"].append(labels.get(row["target"], row["target"]))
    edges = []
    for (a, b), e in sorted(pairs.items()):
        if e["agree"] + e["disagree"] == 0:
            continue
        edges.append({"source": f"a{index[a]}", "target": f"a{index[b]}", **e,
                      "net": e["agree"] - e["disagree"]})
    strongest = sorted(range(len(edges)), key=lambda k: -(edges[k]["agree"] + edges[k]["disagree"]))
    keep = sorted(strongest[:max_edges])
    edges_folded = len(edges) - len(keep)
    edges = [edges[k] for k in keep]
    pull = [(int(e["source"][1:]), int(e["target"][1:]), float(e["net"])) for e in edges]
    nodes = [{"id": f"a{i}", "label": a["title"], "article": i, "x": x, "y": y}
             for i, (a, (x, y)) in enumerate(zip(articles, network_layout(len(articles), pull)))]
    wanted = [s["id"] for s in CORPUS_SECTIONS] if sections is None else list(sections)
    builtin = {s["id"]: s for s in CORPUS_SECTIONS}
    extra = {str(s.get("id", "")): s for s in extra_sections}
    unknown = sorted(set(wanted) - set(builtin) - set(extra))
    if unknown:
        raise ValueError(f"unknown corpus section(s): {', '.join(unknown)}")
    links = {e["unit"]: k for k, e in enumerate(evidence)} if "evidence" in wanted else {}
    shown = [dict(builtin[i]) if i in builtin else _table_section(extra[i], links) for i in wanted]
    shown += [_table_section(s, links) for s in extra_sections if str(s.get("id", "")) not in wanted]
    return {
        "title": title or f"{len(articles)} articles",
        "articles": articles,
        "targets": [{"id": t, "label": labels[t], "n_polar": coverage[t][0],
                     "n_stance": coverage[t][1]} for t in kept],
        "targets_folded": len(coverage) - len(kept),
        "cells": cells,
        "evidence": evidence,
        "network": {"nodes": nodes, "edges": edges, "edges_folded": edges_folded},
        "colours": dict(POLARITY_COLOURS),
        "sections": shown,
    }


def _cell(value: Any, links: dict[str, int]) -> Any:
    """A table cell as :data:`TABLE_CELLS` allows; anything else becomes its text."""
    if isinstance(value, dict):
        if "href" in value and str(value["href"]).startswith("#"):
            return {"text": str(value.get("text", "")), "href": str(value["href"])}
        if "unit" in value:
            k = links.get(str(value["unit"]))
            text = str(value.get("text", ""))
            return text if k is None else {"text": text, "href": f"#ev-{k}"}
        if "items" in value:
            return {"summary": str(value.get("summary", "")),
                    "items": [_cell(v, links) for v in value.get("items", ())]}
        if "split" in value:
            return {"split": [{"label": str(p.get("label", "")), "n": int(p.get("n", 0))}
                              for p in value["split"] if isinstance(p, dict)]}
        return str(value.get("text", ""))
    return "" if value is None else str(value)


def _table_section(section: dict[str, Any], links: dict[str, int]) -> dict[str, Any]:
    out = {k: str(section.get(k, "")) for k in ("id", "title", "note")}
    out["kind"] = str(section.get("kind", "table"))
    if out["kind"] == "table":
        out["columns"] = [str(c) for c in section.get("columns", ())]
        out["rows"] = [[_cell(c, links) for c in row] for row in section.get("rows", ())]
        if section.get("row_ids"):
            out["row_ids"] = [str(r) for r in section["row_ids"]]
    return out


def to_corpus_html(graphs: Sequence[nx.MultiDiGraph], *, title: str | None = None,
                   extra_sections: Sequence[dict[str, Any]] = (),
                   sections: Sequence[str] | None = None) -> str:
    """Return one self-contained HTML page: stance matrix, agreement network, evidence.

    Parameters
    ----------
    graphs : sequence of networkx.MultiDiGraph
        One graph per article, from :func:`argmap.graph.build_graph`.
    title : str, optional
        Page title.
    extra_sections : sequence of dict, keyword-only
        Generic sections appended to the page (see :func:`corpus_payload`).
    sections : sequence of str, keyword-only
        Section ids in page order (see :func:`corpus_payload`).

    Returns
    -------
    str
        HTML5 with no external references.
    """
    payload = corpus_payload(graphs, title=title, extra_sections=extra_sections,
                             sections=sections)
    return _page(payload)


def _page(payload: dict[str, Any]) -> str:
    network = any(s["kind"] == "network" for s in payload["sections"])
    scripts = CORPUS_SCRIPTS if network else tuple(s for s in CORPUS_SCRIPTS
                                                   if not s.startswith("cytoscape"))
    return page_html(title=payload["title"], body=_BODY, payload=payload,
                     scripts=scripts, css=("argmap_corpus.css",))


def to_sections_html(title: str, sections: Sequence[dict[str, Any]]) -> str:
    """Return a page of generic sections only (no matrix, network or evidence).

    Same page, script and Content Security Policy as :func:`to_corpus_html`;
    ``argmap keypoints --format html`` writes its key points this way.

    >>> page = to_sections_html("Key points", [{"id": "kp", "kind": "table", "title": "Key points",
    ...                                         "columns": ["key point"], "rows": [["<b>x</b>"]]}])
    >>> "<b>x</b>" in page, page.count("<script")  # the data and the view script
    (False, 2)
    """
    return _page(corpus_payload([], title=title, extra_sections=sections, sections=()))


def write_corpus_html(graphs: Sequence[nx.MultiDiGraph], path: PathLike, *,
                      title: str | None = None,
                      extra_sections: Sequence[dict[str, Any]] = ()) -> None:
    """Write :func:`to_corpus_html` output to ``path``."""
    write_text(path, to_corpus_html(graphs, title=title, extra_sections=extra_sections))
