"""A trivial baseline predictor for :mod:`argmap.evaluate`.

The baseline keeps the units the pipeline's segmenter found and throws away
everything the pipeline decided about them: the first unit is the major
claim, every other unit is a premise that supports it. Scoring it next to
the pipeline shows what the role and relation heuristics add.
"""
from __future__ import annotations

from dataclasses import replace

from ..records import Article, Relation
from ..types import RelationKind, Role

__all__ = ["baseline_article"]


def baseline_article(article: Article) -> Article:
    """Return ``article`` with baseline roles and relations.

    Args:
        article: An article as extracted by the pipeline (only its units,
            in text order, are used).

    Returns:
        A copy in which the first unit is the ``major_claim``, all others are
        ``premise`` and each premise ``support``\\ s the major claim.

    Examples:
        >>> from argmap.records import Unit
        >>> units = tuple(Unit(f"a:{i}", "a", i, i + 1, "x", "none", 1.0, i, 0) for i in (0, 2))
        >>> base = baseline_article(Article("a", "", "", "", "x x", units=units))
        >>> [u.role for u in base.units], [(r.source, r.target) for r in base.relations]
        (['major_claim', 'premise'], [('a:2', 'a:0')])
    """
    units = sorted(article.units, key=lambda u: (u.start, u.end))
    if not units:
        return replace(article, relations=())
    head, rest = units[0], units[1:]
    new_units = (replace(head, role=Role.MAJOR_CLAIM.value, confidence=1.0),) + tuple(
        replace(u, role=Role.PREMISE.value, confidence=1.0) for u in rest
    )
    relations = tuple(
        Relation(
            id=f"{u.id}->{head.id}",
            article_id=article.id,
            source=u.id,
            target=head.id,
            kind=RelationKind.SUPPORT.value,
            confidence=1.0,
            marker="",
        )
        for u in rest
    )
    return replace(article, units=new_units, relations=relations)
