"""Trivial baseline predictors for :mod:`argmap.evaluate`.

Every figure argmap reports stands next to what a position rule gets on the
same documents. The baselines keep the units the pipeline's segmenter found
(so segmentation is held equal and the difference is in the roles and
relations) and throw away everything the pipeline decided about them:

* **first unit** (:func:`first_unit_baseline`): the first unit is the major
  claim, every other unit is a premise that supports it.
* **title** (:func:`title_baseline`): where the text opens with a title line
  (see :func:`title_span`), the title is the major claim (a unit spanning
  that line replaces the units on it) and every other unit supports it.
  Without a title it is the first-unit baseline.
* **paragraph position** (:func:`paragraph_baseline`), the essay
  convention: the last sentence of the introduction (the first paragraph
  after the title) is the major claim; the first unit of each body paragraph
  is a claim supporting it and the paragraph's other units are premises
  supporting that claim; in a conclusion (the last paragraph, when there are
  at least three) the first unit restates the major claim (role
  ``major_claim``, no relation) and the other units are claims supporting
  the major claim. The introduction's other units are
  background (role ``none``). A text with one paragraph (a microtext) gets
  its last sentence as the major claim and every other unit supports it.

No baseline ever predicts an attack, so its proponent/opponent side is
"all pro". Paragraphs and sentences come from the text alone (blank-line
separated blocks, or lines when there is no blank line; sentence ends at
``.``, ``!`` or ``?`` before white space), never from the pipeline, so the
baselines do not move when the pipeline's rules do.

>>> from argmap.records import Article, Unit
>>> text = "Title here\\n\\nA b. C d.\\n\\nE f. G h.\\n\\nI j. K l."
>>> units = tuple(Unit(f"a:{i}", "a", i, i + 4, text[i:i + 4], "none", 1.0, 0, 0)
...               for i in (12, 17, 23, 28, 34, 39))
>>> base = paragraph_baseline(Article("a", "", "", "", text, units=units))
>>> [(u.text, u.role) for u in base.units]
[('A b.', 'none'), ('C d.', 'major_claim'), ('E f.', 'claim'), ('G h.', 'premise'), ('I j.', 'major_claim'), ('K l.', 'claim')]
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from ..records import Article, Relation, Unit
from ..types import RelationKind, Role

__all__ = [
    "BASELINES",
    "baseline_article",
    "first_unit_baseline",
    "paragraph_baseline",
    "paragraph_spans",
    "sentence_spans",
    "title_baseline",
    "title_span",
]

_TITLE_MAX_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s)")


def _support(article: Article, source: Unit, target: Unit) -> Relation:
    return Relation(id=f"{source.id}->{target.id}", article_id=article.id, source=source.id,
                    target=target.id, kind=RelationKind.SUPPORT.value, confidence=1.0, marker="")


def _with_role(unit: Unit, role: Role) -> Unit:
    return replace(unit, role=role.value, confidence=1.0)


def first_unit_baseline(article: Article) -> Article:
    """Return ``article`` with the first unit as major claim and all others supporting it.

    Examples:
        >>> units = tuple(Unit(f"a:{i}", "a", i, i + 1, "x", "none", 1.0, i, 0) for i in (0, 2))
        >>> base = first_unit_baseline(Article("a", "", "", "", "x x", units=units))
        >>> [u.role for u in base.units], [(r.source, r.target) for r in base.relations]
        (['major_claim', 'premise'], [('a:2', 'a:0')])
    """
    units = sorted(article.units, key=lambda u: (u.start, u.end))
    if not units:
        return replace(article, relations=())
    head, rest = units[0], units[1:]
    new_units = (_with_role(head, Role.MAJOR_CLAIM),) + tuple(_with_role(u, Role.PREMISE) for u in rest)
    return replace(article, units=new_units, relations=tuple(_support(article, u, head) for u in rest))


#: The name the first baseline had before there were several.
baseline_article = first_unit_baseline


def title_span(text: str) -> tuple[int, int] | None:
    """Return the character span of a title line, or ``None``.

    A title is a first line (markdown ``#`` marks stripped) of at most 20
    words that does not end with ``.``, ``:`` or ``;`` and is followed by more
    text on later lines.

    >>> text = "Why Uniforms Fail\\n\\nSchools should drop them."
    >>> span = title_span(text); text[span[0]:span[1]]
    'Why Uniforms Fail'
    >>> title_span("Schools should drop uniforms. They cost money.") is None
    True
    """
    first, newline, rest = text.lstrip().partition("\n")
    offset = len(text) - len(text.lstrip())
    if not newline or not rest.strip():
        return None
    line = first.rstrip()
    marks = re.match(r"#+\s*", line)
    start = offset + (marks.end() if marks else 0)
    title = text[start:offset + len(line)]
    words = title.split()
    if not words or len(words) > _TITLE_MAX_WORDS or title.endswith((".", ":", ";")):
        return None
    return start, start + len(title)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text``: blocks between blank lines, or
    single lines when the text has no blank line.

    >>> paragraph_spans("a\\nb\\n\\nc")
    [(0, 3), (5, 6)]
    >>> paragraph_spans("a\\nb")
    [(0, 1), (2, 3)]
    >>> paragraph_spans("a\\r\\nb\\r\\n\\r\\nc")
    [(0, 4), (8, 9)]
    """
    # a blank line may hold a carriage return (Windows line endings: "\r\n\r\n")
    splitter = r"\n[ \t\r]*\n\s*" if re.search(r"\n[ \t\r]*\n", text) else r"\n\s*"
    spans, cursor = [], 0
    for match in list(re.finditer(splitter, text)) + [None]:
        end = match.start() if match else len(text)
        block = text[cursor:end]
        if block.strip():
            lead = len(block) - len(block.lstrip())
            spans.append((cursor + lead, cursor + len(block.rstrip())))
        cursor = match.end() if match else end
    return spans


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text[start:end]`` (one paragraph).

    >>> sentence_spans("One. Two! Three")
    [(0, 4), (5, 9), (10, 15)]
    """
    end = len(text) if end is None else end
    spans, cursor = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((cursor, match.end()))
        cursor = match.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if text[cursor:end].strip():
        spans.append((cursor, end))
    return spans


def title_baseline(article: Article) -> Article:
    """Return ``article`` with its title line as major claim and every other unit supporting it.

    Without a title line (:func:`title_span`) this is :func:`first_unit_baseline`.

    Examples:
        >>> text = "Uniforms Fail\\nThey cost money."
        >>> units = (Unit("a:14", "a", 14, 30, text[14:], "claim", 1.0, 1, 1),)
        >>> base = title_baseline(Article("a", "", "", "", text, units=units))
        >>> [(u.text, u.role) for u in base.units], [r.target for r in base.relations]
        ([('Uniforms Fail', 'major_claim'), ('They cost money.', 'premise')], ['a:0'])
    """
    span = title_span(article.text)
    if span is None:
        return first_unit_baseline(article)
    start, end = span
    head = Unit(id=f"{article.id}:{start}", article_id=article.id, start=start, end=end,
                text=article.text[start:end], role=Role.MAJOR_CLAIM.value, confidence=1.0,
                sentence=0, paragraph=0)
    rest = [_with_role(u, Role.PREMISE) for u in sorted(article.units, key=lambda u: (u.start, u.end))
            if u.start >= end and u.id != head.id]
    return replace(article, units=(head, *rest),
                   relations=tuple(_support(article, u, head) for u in rest))


def _locate(units: list[Unit], spans: list[tuple[int, int]]) -> list[list[Unit]]:
    """Group units by the span their first character falls into."""
    groups: list[list[Unit]] = [[] for _ in spans]
    for unit in units:
        for k, (start, end) in enumerate(spans):
            if start <= unit.start < end:
                groups[k].append(unit)
                break
    return groups


def paragraph_baseline(article: Article) -> Article:
    """Return ``article`` with roles and relations from paragraph and sentence position.

    See the module docstring for the rule; the example there is exact.
    """
    text = article.text
    units = sorted(article.units, key=lambda u: (u.start, u.end))
    title = title_span(text)
    paragraphs = [p for p in paragraph_spans(text) if title is None or p[0] >= title[1]]
    groups = [g for g in _locate(units, paragraphs) if g]
    paragraphs = [p for p, g in zip(paragraphs, _locate(units, paragraphs)) if g]
    roles: dict[str, Role] = {u.id: Role.NONE for u in units}
    relations: list[tuple[Unit, Unit]] = []
    if not groups:
        return replace(article, units=tuple(_with_role(u, Role.NONE) for u in units), relations=())
    intro = groups[0]
    sentences = [g for g in _locate(intro, sentence_spans(text, *paragraphs[0])) if g]
    major = sentences[-1][0] if sentences else intro[-1]
    roles[major.id] = Role.MAJOR_CLAIM
    if len(groups) == 1:
        for unit in intro:
            if unit is not major:
                roles[unit.id] = Role.PREMISE
                relations.append((unit, major))
    conclusion = groups[-1] if len(groups) >= 3 else []
    for group in groups[1:len(groups) - (1 if conclusion else 0)]:
        claim = group[0]
        roles[claim.id] = Role.CLAIM
        relations.append((claim, major))
        for unit in group[1:]:
            roles[unit.id] = Role.PREMISE
            relations.append((unit, claim))
    if conclusion:
        roles[conclusion[0].id] = Role.MAJOR_CLAIM
        for unit in conclusion[1:]:
            roles[unit.id] = Role.CLAIM
            relations.append((unit, major))
    return replace(article, units=tuple(_with_role(u, roles[u.id]) for u in units),
                   relations=tuple(_support(article, s, t) for s, t in relations))


#: Baselines by report name, in report order.
BASELINES: dict[str, Callable[[Article], Article]] = {
    "first_unit": first_unit_baseline,
    "title": title_baseline,
    "paragraph": paragraph_baseline,
}
