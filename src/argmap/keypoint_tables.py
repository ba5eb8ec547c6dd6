"""The pandas API of key points: ``argmap.keypoints(...) -> KeyPoints`` and its reports.

:func:`keypoints` takes texts (extracted on the fly), extraction outputs or
:class:`~argmap.records.Article` records, groups their argument units into key
points with :func:`argmap.graph.keypoints.key_points` (sentence embeddings
and the ArgKP match head; TF-IDF when the encoder file is absent; embeddings
cached in ``embeddings.npz`` beside each extracted article) and returns
DataFrames. :func:`format_keypoints` renders text, Markdown, JSON or one
self-contained HTML page; :func:`keypoints_section` is the key-point panel
as a table section of the corpus HTML view (``argmap compare --format
html`` shows it; the key-point page is the same view with that section only).

Example::

    import argmap
    kp = argmap.keypoints(["outputs/"])
    kp.table[["name", "n_articles", "n_pro", "n_con"]].head()
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .compare_tables import (_fit, _short, load_articles_with_folders, prepare_backend,
                             save_embedding_cache)
from .graph.build import build_graph
from .graph.compare import SimilarityBackend
from .graph.keypoints import KEYPOINT_ROLES, claim_units, key_points
from .records import Article
from .types import NodeKind, PathLike, _Label

__all__ = ["KeyPoints", "KeyPointFormat", "keypoints", "keypoints_of_articles", "format_keypoints",
           "keypoints_section", "keypoints_page", "KEYPOINT_COLUMNS"]

KEYPOINT_COLUMNS = ["key_point", "name", "central_unit", "n_articles", "n_units", "articles",
                    "units", "main_target", "n_pro", "n_con", "n_neutral", "cohesion"]


class KeyPointFormat(_Label):
    """Formats of :func:`format_keypoints`."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


@dataclass
class KeyPoints:
    """Key points of a corpus.

    Attributes
    ----------
    table : DataFrame
        One row per key point (:data:`KEYPOINT_COLUMNS`), most articles first.
    members : DataFrame
        One row per grouped unit: ``key_point``, ``unit``, ``article_id``,
        ``role``, ``text`` (the named unit first within a key point).
    n_claims : int
        Units considered (grouped or not; major claims, claims and premises).
    n_articles : int
        Articles read.
    backend : str
        How units were compared (``embedding+head``, ``embedding`` or ``tfidf``).
    notes : list of str
        One-line remarks for the user.
    titles : dict
        Article id -> title, for reports.
    labels : dict
        Target id -> its label (``concept:patient-care`` -> ``patient care``), for reports.
    """

    table: pd.DataFrame
    members: pd.DataFrame
    n_claims: int
    n_articles: int
    backend: str
    notes: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


def keypoints_of_articles(articles: Sequence[Article], *,
                          folders: Sequence[Path | None] | None = None,
                          backend: SimilarityBackend | None = None, threshold: float | None = None,
                          roles: Sequence[str] | None = KEYPOINT_ROLES, min_units: int = 2
                          ) -> KeyPoints:
    """Key points of article records; see :func:`keypoints`."""
    graphs = [build_graph(a) for a in articles]
    backend = prepare_backend(articles, folders, backend)
    rows = key_points(graphs, backend=backend, threshold=threshold, roles=roles,
                      min_units=min_units)
    notes = save_embedding_cache(articles, folders, backend)
    claims = {c["id"]: c for c in claim_units(graphs, roles=roles)}
    members = [{"key_point": r["key_point"], "unit": u, "article_id": claims[u]["article_id"],
                "role": claims[u]["role"], "text": claims[u]["text"]}
               for r in rows for u in r["units"].split("|")]
    return KeyPoints(
        table=pd.DataFrame(rows, columns=KEYPOINT_COLUMNS),
        members=pd.DataFrame(members, columns=["key_point", "unit", "article_id", "role", "text"]),
        n_claims=len(claims), n_articles=len(articles), backend=backend.name, notes=notes,
        titles={a.id: a.title or a.id for a in articles},
        labels={str(n): str(d.get("label") or n) for G in graphs for n, d in G.nodes(data=True)
                if d.get("kind") in (NodeKind.ENTITY.value, NodeKind.CONCEPT.value)})


def keypoints(inputs: Iterable[Article | PathLike] | PathLike, *, nlp: Any = None,
              model: str | None = None, backend: SimilarityBackend | None = None,
              threshold: float | None = None, roles: Sequence[str] | None = KEYPOINT_ROLES,
              min_units: int = 2) -> KeyPoints:
    """Group the argument units of several articles into key points.

    Args:
        inputs: Texts, extraction outputs or :class:`Article` records (see
            :func:`argmap.compare_tables.load_articles`); one path may be given alone.
        nlp: A loaded pipeline for texts (else loaded from ``model``).
        model: spaCy model name for texts.
        backend: Similarity backend; embeddings + match head by default.
        threshold: Lowest match score (chosen on ArgKP train by default).
        roles: Unit roles grouped (major claims, claims and premises).
        min_units: Smallest group reported.

    Example:
        >>> from argmap.records import Article, Unit
        >>> from argmap.graph.compare import TfidfBackend
        >>> def art(aid, text):
        ...     return Article(aid, aid, "", "", text, units=(
        ...         Unit(f"{aid}:0", aid, 0, len(text), text, "claim", 1.0, 0, 0),))
        >>> kp = keypoints([art("a", "Rankings mislead many students."),
        ...                 art("b", "Rankings mislead many applicants.")], backend=TfidfBackend())
        >>> kp.table[["n_articles", "units"]].values.tolist()
        [[2, 'a:0|b:0']]
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    loaded = load_articles_with_folders(inputs, nlp=nlp, model=model)
    return keypoints_of_articles([a for a, _ in loaded], folders=[f for _, f in loaded],
                                 backend=backend, threshold=threshold, roles=roles,
                                 min_units=min_units)


# -- reports -------------------------------------------------------------------
def _records(kp: KeyPoints, limit: int | None) -> list[dict[str, Any]]:
    rows = kp.table.head(limit) if limit else kp.table
    texts = {(r.key_point, r.unit): r.text for r in kp.members.itertuples()}
    out = []
    for r in rows.to_dict(orient="records"):
        r = {k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
        r["evidence"] = [{"unit": u, "text": texts.get((r["key_point"], u), "")}
                         for u in str(r["units"]).split("|")]
        out.append(r)
    return out


def _split(r: dict[str, Any]) -> str:
    return f"{r['n_pro']} pro / {r['n_con']} con / {r['n_neutral']} neutral"


def format_keypoints(kp: KeyPoints, fmt: str = KeyPointFormat.TEXT.value, *, limit: int = 20,
                     evidence: int = 3) -> str:
    """Render key points as ``text`` (at most 120 columns), ``markdown``, ``json`` or ``html``.

    Shows the ``limit`` biggest key points (0 for all) with up to
    ``evidence`` member units each (JSON and HTML list them all).
    """
    fmt = KeyPointFormat(str(fmt))
    rows = _records(kp, limit or None)
    head = (f"{len(kp.table)} key points from {kp.n_claims} units in {kp.n_articles} articles "
            f"(backend: {kp.backend})")
    if fmt is KeyPointFormat.JSON:
        return json.dumps({"summary": head, "backend": kp.backend, "n_claims": kp.n_claims,
                           "n_articles": kp.n_articles, "key_points": rows},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt is KeyPointFormat.HTML:
        return keypoints_page(kp, limit=limit)
    md = fmt is KeyPointFormat.MARKDOWN
    lines = ["## Key points", "", head, ""] if md else ["Key points", "-" * 10, head, ""]
    for r in rows:
        target = (f" toward {kp.labels.get(r['main_target'], r['main_target'])}"
                  if r["main_target"] else "")
        stats = (f"{r['n_articles']} articles, {r['n_units']} units; {_split(r)}{target}; "
                 f"cohesion {r['cohesion']:.2f}")
        if md:
            lines += [f"### {r['key_point']}: {_short(r['name'], 200)}", "", stats, ""]
            lines += [f"- `{e['unit']}` {_short(e['text'], 200)}" for e in r["evidence"][:evidence]]
            lines += _more_md(len(r["evidence"]), evidence) + [""]
        else:
            lines += [_fit(f"{r['key_point']:>4}  {_short(r['name'], 112)}"), _fit("      " + stats)]
            for e in r["evidence"][:evidence]:
                lines.append(_fit(f"      - {e['unit']}: {_short(e['text'], 80)}"))
            if len(r["evidence"]) > evidence:
                lines.append(f"      ... {len(r['evidence']) - evidence} more units")
            lines.append("")
    if limit and len(kp.table) > limit:
        lines.append(f"... {len(kp.table) - limit} more key points (--limit 0 or --format json)")
    return "\n".join(lines).rstrip() + "\n"


def _more_md(total: int, shown: int) -> list[str]:
    return [f"- ... {total - shown} more units"] if total > shown else []


def keypoints_section(kp: KeyPoints, *, limit: int = 0, section_id: str = "keypoints"
                      ) -> dict[str, Any]:
    """The key points as a ``table`` section of the corpus HTML view.

    One row per key point (anchored ``#<section_id>-kp1`` ...): its name, the
    articles (titles, collapsed), the unit count, the pro/con/neutral split
    toward its main target (a bar with the counts as text) and its evidence
    units (collapsed; each links to the page's evidence list when the page
    shows that sentence there). Pass it to
    :func:`argmap.export.to_corpus_html` as one of ``extra_sections``. All
    text is data: the page renders it with ``textContent``.

    >>> from argmap.graph.compare import TfidfBackend
    >>> from argmap.records import Article, Unit
    >>> def art(aid, text):
    ...     return Article(aid, aid.upper(), "", "", text, units=(
    ...         Unit(f"{aid}:0", aid, 0, len(text), text, "claim", 1.0, 0, 0),))
    >>> kp = keypoints_of_articles([art("a", "Rankings mislead many students."),
    ...                             art("b", "Rankings mislead many young students.")],
    ...                            backend=TfidfBackend())
    >>> s = keypoints_section(kp)
    >>> s["columns"][:3], s["rows"][0][1], s["row_ids"]
    (['', 'key point', 'articles'], 'Rankings mislead many students.', ['kp1'])
    """
    rows, ids = [], []
    for r in _records(kp, limit or None):
        titles = [kp.titles.get(a, a) for a in str(r["articles"]).split("|")]
        article_of = {u: a for u, a in zip(kp.members["unit"], kp.members["article_id"])}
        evidence = [{"text": f"{kp.titles.get(article_of.get(e['unit'], ''), '')}: {e['text']}"
                             .lstrip(": "), "unit": e["unit"]} for e in r["evidence"]]
        rows.append([
            r["key_point"], r["name"],
            {"summary": f"{r['n_articles']} articles", "items": titles},
            str(r["n_units"]),
            {"split": [{"label": "pro", "n": r["n_pro"]}, {"label": "con", "n": r["n_con"]},
                       {"label": "neutral", "n": r["n_neutral"]}]},
            kp.labels.get(r["main_target"], r["main_target"]) or "-",
            {"summary": f"{len(evidence)} units", "items": evidence},
        ])
        ids.append(str(r["key_point"]))
    note = (f"{len(kp.table)} key points from {kp.n_claims} units in {kp.n_articles} articles "
            f"(backend: {kp.backend}); most articles first. Each unit joins the key point of "
            "another article it matches best; the split counts the units' stances toward the "
            "key point's main target.")
    if limit and len(kp.table) > limit:
        note += f" {len(kp.table) - limit} smaller key points are in keypoints.csv."
    return {"id": section_id, "kind": "table", "title": "Key points", "note": note,
            "columns": ["", "key point", "articles", "units", "pro / con / neutral", "toward",
                        "evidence"],
            "rows": rows, "row_ids": ids}


def keypoints_page(kp: KeyPoints, *, limit: int = 0) -> str:
    """One self-contained offline HTML page of the key points: the corpus view with the
    key-point section only (same script, styles and Content Security Policy)."""
    from .export import to_sections_html

    return to_sections_html(f"Key points of {kp.n_articles} articles",
                            [keypoints_section(kp, limit=limit)])
