"""Build an argument graph from an :class:`~argmap.records.Article`.

The graph is an ``nx.MultiDiGraph`` whose node and edge attributes are all
simple values (``str``, ``int``, ``float``, ``bool``), so that every export
format can write it.

Nodes (attribute ``kind``):

* ``article`` – id ``article:<article_id>``; ``title``, ``source``, ``sha256``,
  ``author``, ``date``, ``site``, ``url`` (``""`` where unknown).
* ``unit`` – id ``<article_id>:<char_start>``; ``role``, ``text``,
  ``sentence``, ``paragraph``.
* ``entity`` – canonical id (``country:US``); ``entity_kind``, ``country``,
  ``mention_count``.
* ``concept`` – id ``concept:<name>``; ``mention_count``.

Every node has ``label``, ``article_id``, ``start``, ``end`` and
``confidence`` (provenance; ``-1`` offsets where a node spans no text).

Edges (attribute ``kind``, also used as the edge key prefix):

* ``contains`` article → unit;
* ``supports`` / ``attacks`` unit → unit (``marker``);
* ``mentions`` unit → entity/concept, one per mention (``text``);
* ``stance`` unit → target (``level="unit"``) and article → target
  (``level="article"``), with ``polarity`` and ``score``;
* ``located_in`` institution → country.

Every edge has ``article_id``, ``start``, ``end`` and ``confidence``.
"""
from __future__ import annotations

import networkx as nx

from ..records import Article
from ..types import EdgeKind, EntityKind, NodeKind

__all__ = ["build_graph", "article_node_id"]


def article_node_id(article_id: str) -> str:
    """Return the graph node id of an article."""
    return f"article:{article_id}"


def _target_kind(target: str) -> str:
    if target.startswith(f"{EntityKind.CONCEPT.value}:"):
        return NodeKind.CONCEPT.value
    return NodeKind.ENTITY.value


def _concept_label(target: str) -> str:
    return target.split(":", 1)[1].replace("-", " ")


def build_graph(article: Article) -> nx.MultiDiGraph:
    """Return the argument graph of one article.

    Parameters
    ----------
    article : Article
        Records produced by :func:`argmap.extract.extract_article`.

    Returns
    -------
    networkx.MultiDiGraph
        Graph with article, unit, entity and concept nodes.

    Examples
    --------
    >>> from argmap.records import Article, Unit
    >>> u = Unit("a:0", "a", 0, 5, "Hello", "major_claim", 0.9, 0, 0)
    >>> G = build_graph(Article("a", "A", "a.txt", "", "Hello", units=(u,)))
    >>> sorted(G.nodes)
    ['a:0', 'article:a']
    >>> G.nodes["a:0"]["role"]
    'major_claim'
    """
    aid = article.id
    G = nx.MultiDiGraph(name=aid)
    art = article_node_id(aid)
    G.add_node(
        art,
        kind=NodeKind.ARTICLE.value,
        label=article.title or aid,
        article_id=aid,
        title=article.title,
        source=article.source,
        sha256=article.sha256,
        author=article.author,
        date=article.date,
        site=article.site,
        url=article.url,
        start=0,
        end=len(article.text),
        confidence=1.0,
    )
    for unit in article.units:
        G.add_node(
            unit.id,
            kind=NodeKind.UNIT.value,
            label=unit.text if len(unit.text) <= 60 else unit.text[:57] + "...",
            text=unit.text,
            role=unit.role,
            article_id=aid,
            start=unit.start,
            end=unit.end,
            sentence=unit.sentence,
            paragraph=unit.paragraph,
            confidence=float(unit.confidence),
        )
        G.add_edge(
            art,
            unit.id,
            key=EdgeKind.CONTAINS.value,
            kind=EdgeKind.CONTAINS.value,
            article_id=aid,
            start=unit.start,
            end=unit.end,
            confidence=1.0,
        )

    counts: dict[str, int] = {}
    for m in article.mentions:
        counts[m.target] = counts.get(m.target, 0) + 1
    for ent in article.entities:
        _add_target(G, ent.id, aid, label=ent.label, entity_kind=ent.kind,
                    country=ent.country, mention_count=ent.mention_count)
    for target in sorted({m.target for m in article.mentions} |
                         {s.target for s in article.stances}):
        if target not in G:
            _add_target(G, target, aid, label=_concept_label(target),
                        entity_kind=target.split(":", 1)[0], country="",
                        mention_count=counts.get(target, 0))

    for ent in article.entities:
        if ent.country and ent.country != ent.id:
            if ent.country not in G:
                _add_target(G, ent.country, aid, label=ent.country.split(":", 1)[1],
                            entity_kind=EntityKind.COUNTRY.value, country=ent.country,
                            mention_count=0)
            G.add_edge(
                ent.id,
                ent.country,
                key=EdgeKind.LOCATED_IN.value,
                kind=EdgeKind.LOCATED_IN.value,
                article_id=aid,
                start=-1,
                end=-1,
                confidence=1.0,
            )

    for m in article.mentions:
        G.add_edge(
            m.unit_id or art,  # a mention outside every unit belongs to the article
            m.target,
            key=f"{EdgeKind.MENTIONS.value}:{m.start}",
            kind=EdgeKind.MENTIONS.value,
            text=m.text,
            article_id=aid,
            start=m.start,
            end=m.end,
            confidence=1.0,
        )

    units = {u.id: u for u in article.units}
    for rel in article.relations:
        kind = EdgeKind.SUPPORTS if rel.kind == "support" else EdgeKind.ATTACKS
        src = units.get(rel.source)
        G.add_edge(
            rel.source,
            rel.target,
            key=kind.value,
            kind=kind.value,
            marker=rel.marker,
            article_id=aid,
            start=src.start if src else -1,
            end=src.end if src else -1,
            confidence=float(rel.confidence),
        )

    for st in article.stances:
        src = units.get(st.unit_id)
        G.add_edge(
            st.unit_id,
            st.target,
            key=f"{EdgeKind.STANCE.value}:{st.id}",
            kind=EdgeKind.STANCE.value,
            level="unit",
            polarity=st.polarity,
            score=float(st.score),
            negated=bool(st.negated),
            cue=st.cue,
            speaker=st.speaker,
            article_id=aid,
            start=src.start if src else -1,
            end=src.end if src else -1,
            confidence=float(st.confidence),
        )
    for ast in article.author_stances:
        n = ast.n_pro + ast.n_con + ast.n_neutral
        G.add_edge(
            art,
            ast.target,
            key=EdgeKind.STANCE.value,
            kind=EdgeKind.STANCE.value,
            level="article",
            polarity=ast.polarity,
            score=float(ast.score),
            n_pro=ast.n_pro,
            n_con=ast.n_con,
            n_neutral=ast.n_neutral,
            evidence="|".join(ast.evidence),
            article_id=aid,
            start=-1,
            end=-1,
            confidence=round(min(1.0, n / 5.0), 3),
        )
    return G


def _add_target(G: nx.MultiDiGraph, node: str, aid: str, *, label: str,
                entity_kind: str, country: str, mention_count: int) -> None:
    G.add_node(
        node,
        kind=_target_kind(node),
        label=label,
        entity_kind=entity_kind,
        country=country,
        mention_count=int(mention_count),
        article_id=aid,
        start=-1,
        end=-1,
        confidence=1.0,
    )
