"""Argumentative units: segmentation and roles.

:class:`ArgumentUnits` cuts a Doc into units (sentences, split further at
paragraph breaks, semicolons and contrastive or causal conjunctions) and
gives each a role, ``major_claim``, ``claim``, ``premise`` or ``none``, with
a confidence. It picks at most one major claim per Doc.

Roles come from transparent cues (see :mod:`argmap.pipeline.cues`): thesis
markers ("my takeaway", "in conclusion"), opinion, modal and epistemic cues,
evidence markers ("because", "for example", numbers) and position in the
paragraph and the text.
"""
from __future__ import annotations

import math
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .cues import CLAIM_CUES, MAJOR_CUES, PREMISE_CUES, cue_score
from .extensions import UNITS_KEY, register_extensions

__all__ = ["ArgumentUnits", "segment", "sentence_bounds", "ROLES"]

ROLES = ("major_claim", "claim", "premise", "none")

_SENT_END = frozenset({".", "!", "?", "…"})
_CLAUSE_SPLIT = frozenset({"but", "yet", "although", "though", "whereas", "because",
                           "since", "while"})


def _has_newline(token) -> bool:
    return token.is_space and "\n" in token.text or "\n" in token.whitespace_


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Sentence token ranges; a rule fallback when nothing set sentence starts."""
    if doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents]
    bounds, start = [], 0
    for i, tok in enumerate(doc):
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is None:
            break
        if tok.text in _SENT_END and (nxt.is_title or nxt.is_upper or nxt.is_space
                                      or nxt.is_quote or nxt.like_num):
            bounds.append((start, i + 1))
            start = i + 1
    bounds.append((start, len(doc)))
    return [b for b in bounds if b[0] < b[1]]


def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_space or doc[start].is_punct and doc[start].text in "\"'"):
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def _words(doc: Doc, start: int, end: int) -> int:
    return sum(1 for t in doc[start:end] if t.is_alpha)


def segment(doc: Doc, *, split_clauses: bool = True, min_words: int = 4) -> list[tuple[int, int, int]]:
    """Return units as ``(start_token, end_token, paragraph)`` triples.

    Sentences are split at line breaks; with ``split_clauses`` also after
    ``;`` and before ``, but``/``, because``/... when both sides keep at
    least ``min_words`` words.
    """
    pieces: list[tuple[int, int]] = []
    for s, e in sentence_bounds(doc):
        cut = s
        for i in range(s, e):
            if _has_newline(doc[i]) and i + 1 < e:
                pieces.append((cut, i + 1))
                cut = i + 1
        pieces.append((cut, e))
    para = _paragraph_index(doc)
    units: list[tuple[int, int, int]] = []
    for s, e in pieces:
        s, e = _strip(doc, s, e)
        for a, b in (_split_clauses(doc, s, e, min_words) if split_clauses and s < e else [(s, e)]):
            a, b = _strip(doc, a, b)
            if a < b:
                units.append((a, b, para[a]))
    # renumber paragraphs densely from 0
    dense = {p: k for k, p in enumerate(sorted({p for _, _, p in units}))}
    return [(a, b, dense[p]) for a, b, p in units]


def _paragraph_index(doc: Doc) -> list[int]:
    """Paragraph number of each token: a line break starts a new paragraph."""
    out, para, pending = [], 0, False
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            pending = True
            out.append(para)
            continue
        if pending:
            para += 1
            pending = False
        out.append(para)
        if "\n" in tok.whitespace_:
            pending = True
    return out


def _split_clauses(doc: Doc, s: int, e: int, min_words: int) -> list[tuple[int, int]]:
    cuts = [s]
    for i in range(s + 1, e - 1):
        tok = doc[i]
        if tok.text == ";" and i + 1 < e:
            cand = i + 1
        elif tok.lower_ in _CLAUSE_SPLIT and doc[i - 1].text == ",":
            cand = i
        else:
            continue
        if _words(doc, cuts[-1], cand) >= min_words and _words(doc, cand, e) >= min_words:
            cuts.append(cand)
    cuts.append(e)
    return [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]


def _squash(x: float) -> float:
    return 0.5 + 0.5 * math.tanh(x)


class ArgumentUnits:
    """Segment a Doc into argumentative units and assign roles.

    Args:
        nlp (Language): The pipeline.
        name (str): The component name.
        split_clauses (bool): Split sentences at clause boundaries.
        min_words (int): Fewest words either side of a clause split.
    """

    def __init__(self, nlp: Language, name: str = "argmap_units", *,
                 split_clauses: bool = True, min_words: int = 4) -> None:
        register_extensions()
        self.name = name
        self.split_clauses = split_clauses
        self.min_words = min_words

    def __call__(self, doc: Doc) -> Doc:
        units = self.find_units(doc)
        roles = self.assign_roles(doc, units)
        self.set_annotations(doc, units, roles)
        return doc

    def find_units(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Return ``(start, end, paragraph)`` for each unit."""
        return segment(doc, split_clauses=self.split_clauses, min_words=self.min_words)

    def assign_roles(self, doc: Doc, units: list[tuple[int, int, int]]) -> list[tuple[str, float]]:
        """Return ``(role, confidence)`` for each unit."""
        if not units:
            return []
        n = len(units)
        paragraphs = [p for _, _, p in units]
        first_p, last_p = paragraphs[0], paragraphs[-1]
        texts = [doc[s:e].text for s, e, _ in units]
        title = _is_title(doc, units[0], texts[0], n)
        scores = []
        for i, ((s, e, p), text) in enumerate(zip(units, texts)):
            major, _ = cue_score(text, MAJOR_CUES)
            claim, _ = cue_score(text, CLAIM_CUES)
            premise, _ = cue_score(text, PREMISE_CUES)
            if any(t.like_num for t in doc[s:e]):
                premise += 0.4
            same_p = [k for k, q in enumerate(paragraphs) if q == p]
            if len(same_p) >= 3 and i == same_p[0]:
                claim += 0.6
            elif len(same_p) >= 3 and i == same_p[-1]:
                claim += 0.3
            if p in (first_p + (1 if title else 0), last_p):
                major += 0.5
            if i == n - 1:
                major += 0.3
            major += 0.5 * claim
            if text.rstrip().endswith("?"):
                major -= 1.0
            premise += 0.2
            scores.append((major, claim, premise))
        roles: list[tuple[str, float]] = []
        for i, ((major, claim, premise), (s, e, _)) in enumerate(zip(scores, units)):
            if (i == 0 and title) or _words(doc, s, e) < 3:
                roles.append(("none", 0.9))
            elif claim > premise:
                roles.append(("claim", round(_squash(claim - premise), 3)))
            else:
                roles.append(("premise", round(_squash(premise - claim), 3)))
        candidates = [i for i, (r, _) in enumerate(roles) if r != "none"]
        if candidates:
            best = max(candidates, key=lambda i: (scores[i][0], -i))
            others = sorted((scores[i][0] for i in candidates if i != best), reverse=True)
            margin = scores[best][0] - (others[0] if others else 0.0)
            roles[best] = ("major_claim", round(_squash(0.5 + margin), 3))
        return roles

    def set_annotations(self, doc: Doc, units: list[tuple[int, int, int]],
                        roles: Iterable[tuple[str, float]]) -> None:
        """Store units in ``doc.spans`` and roles in ``doc._.argmap_roles``."""
        roles = list(roles)
        doc.spans[UNITS_KEY] = [Span(doc, s, e, label=r) for (s, e, _), (r, _) in zip(units, roles)]
        doc._.argmap_roles = [(r, c, p) for (_, _, p), (r, c) in zip(units, roles)]


def _is_title(doc: Doc, unit: tuple[int, int, int], text: str, n: int) -> bool:
    s, e, p = unit
    if n < 2 or text.rstrip()[-1:] in ".!?:;\"'":
        return False
    ends_line = e >= len(doc) or _has_newline(doc[e - 1]) or _has_newline(doc[e])
    return ends_line and _words(doc, s, e) <= 15
