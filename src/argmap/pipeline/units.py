"""Argumentative units: segmentation and roles.

:class:`ArgumentUnits` cuts a Doc into units and gives each a role,
``major_claim``, ``claim``, ``premise`` or ``none``, with a confidence. It
picks at most one major claim per Doc.

Segmentation: sentences, split at paragraph breaks and semicolons, before
``, but``/``, because``/``, unless``/``, even if``..., after a fronted
subordinate clause ("Although X, | Y") and, with a dependency parse, before
``, and``/``, as``/``, so``... and ``and``/``but`` when a full clause (its own
subject and verb) follows. Both sides keep at least ``min_words`` words.

Roles come from transparent cues (see :mod:`argmap.pipeline.cues` and the
discourse-marker lists here): thesis markers ("my takeaway", "in
conclusion"), opinion, modal and epistemic cues, conclusion openers
("therefore", "that's why"), evidence markers ("because", "for example",
numbers), concession and contrast openers (which count against the major
claim) and position in the paragraph and the text. ``claim`` and ``premise``
are provisional here: ``argmap_relations`` sets them from the depth of each
unit in the argument tree.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .cues import CLAIM_CUES, MAJOR_CUES, PREMISE_CUES, cue_score, find_cues
from .extensions import UNITS_KEY, register_extensions

__all__ = [
    "ArgumentUnits",
    "segment",
    "sentence_bounds",
    "starts_with",
    "ROLES",
    "CONCESSION_STARTS",
    "CONCESSION_INSIDE",
    "CONTRAST_OPENERS",
    "CAUSAL_STARTS",
    "EXAMPLE_STARTS",
    "ADDITION_STARTS",
    "CONTINUATION_STARTS",
    "CONCLUSION_STARTS",
    "THESIS_CUES",
    "THESIS_BOOSTERS",
]

ROLES = ("major_claim", "claim", "premise", "none")

_SENT_END = frozenset({".", "!", "?", "…"})
#: Conjunctions that open a new unit after a comma or dash.
_CLAUSE_SPLIT = frozenset({"but", "yet", "although", "though", "whereas", "because", "since",
                           "while", "as", "for", "unless", "so", "and", "or", "which",
                           "otherwise", "even", "especially", "particularly"})
#: Of those, the ones that only open a unit when a full clause (subject + verb) follows.
_NEEDS_CLAUSE = frozenset({"and", "or", "as", "for", "so", "which", "even", "while",
                           "especially", "particularly"})
#: Openings of a fronted subordinate clause ("Although X, Y").
_FRONTED = frozenset({"although", "though", "since", "because", "while", "whereas", "despite",
                      "even", "as", "unless"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})

#: Discourse markers at the start of a unit, used for the major claim here
#: and for relations in :mod:`argmap.pipeline.relations`.
CONCESSION_STARTS = ("of course", "admittedly", "granted", "sure", "certainly", "naturally",
                     "it is true", "it's true", "true", "yes", "indeed", "some may", "some might",
                     "some say", "some argue", "some people", "many people", "critics",
                     "opponents", "one could", "one might", "one may", "it may be", "even if",
                     "although", "though", "while", "on the one hand", "it is in fact")
CONCESSION_INSIDE = ("of course", "admittedly", "granted", "some may", "it may be that")
CONTRAST_OPENERS = ("but", "yet", "however", "nevertheless", "nonetheless", "still", "even so",
                    "that said", "on the other hand", "in contrast", "by contrast",
                    "on the contrary", "conversely", "having said that")
CAUSAL_STARTS = ("because", "since", "for", "as", "after all", "given that", "as long as")
EXAMPLE_STARTS = ("for example", "for instance", "e.g.", "such as", "take")
ADDITION_STARTS = ("besides", "moreover", "furthermore", "in addition", "additionally", "plus",
                   "also", "what's more", "on top of that", "apart from that", "another")
CONTINUATION_STARTS = ("and", "or", "nor")
CONCLUSION_STARTS = ("for these reasons", "for this reason", "for all these reasons",
                     "which is why", "which means", "therefore", "thus", "hence",
                     "consequently", "that's why", "that is why", "this is why", "so",
                     "as a result", "in conclusion", "all in all", "in short", "to sum up")
#: Modal and opinion cues of a thesis (weights; the sum is capped).
THESIS_CUES: dict[str, float] = {
    "should": 1.0, "must": 1.0, "ought": 1.0, "have to": 0.5, "has to": 0.5, "need to": 0.6,
    "needs to": 0.6, "we need": 0.6, "i think": 0.5, "i believe": 0.5, "in my opinion": 1.0,
    "in my view": 1.0, "i find": 0.6, "would be wise": 0.8,
}
#: Boosters and evaluations that mark a committed position.
THESIS_BOOSTERS = ("definitely", "certainly", "absolutely", "by all means", "urgently",
                   "categorically", "it would be fair", "would be wise", "is desirable",
                   "irresponsible", "unacceptable", "pointless", "is wrong", "is right")


def starts_with(text: str, openers: Iterable[str]) -> str:
    """Return the first of ``openers`` that ``text`` starts with (as whole words), or ``""``.

    >>> starts_with("However, it rains.", CONTRAST_OPENERS)
    'however'
    >>> starts_with("Butter is fine.", ("but",))
    ''
    """
    low = text.lower().lstrip("\"'(\u201c\u2018 ").replace("\u2019", "'")
    m = _opener_pattern(openers if isinstance(openers, tuple) else tuple(openers)).match(low)
    return m.group(0) if m else ""


@lru_cache(maxsize=64)
def _opener_pattern(openers: tuple[str, ...]) -> re.Pattern[str]:
    """Longest opener first, as a whole word (not followed by a letter or digit)."""
    alts = "|".join(re.escape(op) for op in sorted(openers, key=len, reverse=True))
    return re.compile(rf"(?:{alts})(?![^\W_])")


_POINT_OF_VIEW = re.compile(r"\bmy point of view\b", re.IGNORECASE)


def _major_cue_score(text: str) -> float:
    """``MAJOR_CUES`` score; "my point of view" is an opinion cue, not "my point"."""
    return cue_score(_POINT_OF_VIEW.sub("my view", text), MAJOR_CUES)[0]


def _thesis_score(text: str, i: int, n: int, single_paragraph: bool) -> float:
    """Extra evidence that a unit states the thesis (added to the major-claim score)."""
    # Long essays state claims with modals everywhere; there, explicit thesis
    # markers (MAJOR_CUES) should decide, so modals count half.
    score = (1.0 if single_paragraph else 0.5) * min(cue_score(text, THESIS_CUES)[0], 1.5)
    score += min(0.3 * len(find_cues(text, THESIS_BOOSTERS)), 0.6)
    if _major_cue_score(text) > 0:
        pass  # "in conclusion", "my takeaway": already counted by MAJOR_CUES
    elif starts_with(text, CONCLUSION_STARTS):
        score += 1.2
    elif find_cues(text, ("therefore", "thus", "hence")):
        score += 0.8
    if single_paragraph and i == 0:
        score += 0.7  # a one-paragraph text states its thesis first ...
    if starts_with(text, CONCESSION_STARTS) or find_cues(text, CONCESSION_INSIDE):
        score -= 1.2
    if starts_with(text, CONTRAST_OPENERS):
        score -= 0.4
    if starts_with(text, CAUSAL_STARTS) or starts_with(text, EXAMPLE_STARTS):
        score -= 1.0
    if starts_with(text, CONTINUATION_STARTS) or starts_with(text, ADDITION_STARTS):
        score -= 0.6
    return score


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


def _has_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` holds a subject with its own verb (needs a parser)."""
    for tok in doc[start:end]:
        if tok.dep_ in _SUBJECTS and start <= tok.head.i < end and tok.head.pos_ in ("VERB", "AUX"):
            return True
    return False


def _fronted_cut(doc: Doc, s: int, e: int, min_words: int) -> int | None:
    """Cut after a fronted subordinate clause: "Although X, Y" -> "Although X," | "Y"."""
    k = s
    while k < e and (doc[k].is_punct or doc[k].lower_ in ("and", "but", "yet", "so")):
        k += 1
    if k >= e or doc[k].lower_ not in _FRONTED:
        return None
    for i in range(k + 1, e - 1):
        if (doc[i].text == "," and _words(doc, s, i) >= min_words
                and _words(doc, i + 1, e) >= min_words and _has_clause(doc, i + 1, e)):
            return i + 1
    return None


def _cut_candidate(doc: Doc, i: int, e: int) -> bool:
    tok, prev = doc[i], doc[i - 1]
    low = tok.lower_
    if prev.text == ";":
        return True
    if prev.text in (",", "-", "–", "—") and low in _CLAUSE_SPLIT:
        if low == "even" and (i + 1 >= e or doc[i + 1].lower_ not in ("if", "though")):
            return False
        return low not in _NEEDS_CLAUSE or _has_clause(doc, i + 1, e)
    if low in ("and", "but") and tok.dep_ == "cc" and tok.head.pos_ in ("VERB", "AUX"):
        # "X and Y" where Y is a full clause with its own subject
        conj = [c for c in tok.head.children if c.dep_ == "conj" and c.i > i]
        return bool(conj) and any(ch.dep_ in _SUBJECTS for ch in conj[0].children)
    return False


def _split_clauses(doc: Doc, s: int, e: int, min_words: int) -> list[tuple[int, int]]:
    cuts = [s]
    fronted = _fronted_cut(doc, s, e, min_words)
    if fronted is not None:
        cuts.append(fronted)
    for i in range(s + 1, e - 1):
        if i <= cuts[-1] or not _cut_candidate(doc, i, e):
            continue
        if _words(doc, cuts[-1], i) >= min_words and _words(doc, i, e) >= min_words:
            cuts.append(i)
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
        first = 1 if title else 0
        single = len(set(paragraphs[first:])) == 1
        # first unit, last unit and unit count of each paragraph (one pass: linear in units)
        bounds: dict[int, list[int]] = {}
        for k, q in enumerate(paragraphs):
            b = bounds.setdefault(q, [k, k, 0])
            b[1], b[2] = k, b[2] + 1
        scores = []
        for i, ((s, e, p), text) in enumerate(zip(units, texts)):
            major = _major_cue_score(text)
            claim, _ = cue_score(text, CLAIM_CUES)
            premise, _ = cue_score(text, PREMISE_CUES)
            if any(t.like_num for t in doc[s:e]):
                premise += 0.4
            p_first, p_last, p_count = bounds[p]
            if p_count >= 3 and i == p_first:
                claim += 0.6
            elif p_count >= 3 and i == p_last:
                claim += 0.3
            if p in (first_p + (1 if title else 0), last_p):
                major += 0.5
            if i == n - 1:
                major += 0.3
            major += 0.5 * claim
            major += _thesis_score(text, i - first, n - first, single)
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
