"""Stance of each unit toward the entities and concepts it mentions.

:class:`StanceTagger` scores every (unit, target) pair from a sentiment
lexicon (VADER's, extended with argument-evaluation words), with

* negation: a valence word within ``window`` tokens after a negator flips;
* contrast: in "X is powerful, but Y", a target only in the conceded clause
  before the contrast word gets the opposite of that clause's praise;
* limitation: "not just prestige", "rankings ... don't guarantee",
  "a name alone", "critics of rankings" play the target down;
* clause scope: with a dependency parse, valence words in the target's own
  clause count fully and the rest of the unit only ``outside_weight``, so
  "prestige is scarce and rankings are public, ..., I learn best" does not
  praise rankings;
* predicates: when the target is the subject of a copula, a negated copula
  flips its whole predicate ("Prestige isn't evidence of a good idea") and a
  relative clause on the predicate noun counts as part of it;
* comparison: a target after "than" gets the opposite of the comparison's
  valence ("results say more about quality than any league table");
* concession blocks: a unit that opens with a concession cue
  ("Admittedly", "Critics say", "Of course") and the units after it in the
  same paragraph, up to a contrast ("However"), report a view the author
  goes on to answer; their scores are damped by ``concession_weight``.

The result is a score in [-1, 1] and a polarity (pro / con / neutral).
:func:`aggregate` turns unit stances into an author-level stance per target,
averaging per sentence first so a long text is not one bag of words.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from .cues import (ARGUMENT_LEXICON, CONCESSION_STARTS, CONTRAST_STARTS, CONTRAST_WORDS,
                   LIMITERS_AFTER, LIMITERS_BEFORE, NEGATIONS)
from .extensions import CONCEPTS_KEY, UNITS_KEY, register_extensions

__all__ = ["StanceTagger", "load_lexicon", "polarity_of", "aggregate"]


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, float]:
    """Return VADER's word valences (-4..4) merged with :data:`ARGUMENT_LEXICON`."""
    import vaderSentiment

    lex: dict[str, float] = {}
    path = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0].isalpha():
                lex[parts[0]] = float(parts[1])
    lex.update(ARGUMENT_LEXICON)
    return lex


def polarity_of(score: float, threshold: float = 0.15) -> str:
    """Map a score in [-1, 1] to ``pro``, ``con`` or ``neutral``.

    >>> polarity_of(0.4), polarity_of(-0.2), polarity_of(0.05)
    ('pro', 'con', 'neutral')
    """
    if score > threshold:
        return "pro"
    if score < -threshold:
        return "con"
    return "neutral"


# "like" as a preposition ("aspects like employability") carries no praise.
_NO_VALENCE_POS = frozenset({"ADP", "SCONJ", "DET", "PRON"})
#: "than any league table", "than other rankings".
_QUANTIFIERS = frozenset({"any", "other", "most", "many", "some", "all"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their",
                          "his", "her", "our", "your", "my"})


def _concedes(unit: Span, nxt: Span | None) -> bool:
    """True when the next unit continues the same sentence with a contrast ("..., but")."""
    if nxt is None or nxt.start - unit.end > 1:
        return False
    return nxt[0].lower_ in CONTRAST_WORDS


def _norm(raw: float, alpha: float = 4.0) -> float:
    return raw / math.sqrt(raw * raw + alpha)


#: Dependency labels that open a clause of their own.
_CLAUSE_DEPS = frozenset({"conj", "advcl", "ccomp", "relcl", "parataxis", "csubj", "acl"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _opens_clause(tok) -> bool:
    if tok.dep_ == "ROOT" or tok.head is tok:
        return True
    if tok.dep_ not in _CLAUSE_DEPS:
        return False
    return tok.pos_ in ("VERB", "AUX") or any(c.dep_ in _SUBJECTS for c in tok.children)


def _clause_of(span: Span, unit: Span) -> set[int]:
    """Token indices of the clause holding ``span`` (its head's subtree minus
    embedded clauses that do not hold the target), limited to ``unit``."""
    head = span.root
    chain = {head.i}
    while not _opens_clause(head) and unit.start <= head.head.i < unit.end:
        head = head.head
        chain.add(head.i)
    chain.update(t.i for t in span.root.ancestors)
    out = set()
    stack = [head]
    while stack:
        tok = stack.pop()
        if not unit.start <= tok.i < unit.end:
            continue
        if tok is not head and tok.i not in chain and _opens_clause(tok):
            continue
        out.add(tok.i)
        stack.extend(tok.children)
    out.update(t.i for t in span)
    return out


#: A target in one of these relations only modifies the noun that is evaluated
#: ("reputation surveys reward ...", "the QS rankings are ...").
_MODIFIER_DEPS = frozenset({"compound", "nmod", "poss", "amod"})


def _is_predicated(span: Span) -> bool:
    """True when the target is the subject of a copula: "Prestige is a weak signal"."""
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be"


def _parsed(unit: Span) -> bool:
    """Whether the parser ran, judged on ``unit``'s first token in O(1)
    (``doc.has_annotation`` scans the whole Doc: quadratic over many units)."""
    return len(unit) > 0 and unit[0].dep != 0


#: Longest stretch of a unit scored around one mention, in tokens. Units up
#: to this length are scored whole; in longer ones (a 200,000-character
#: sentence) each mention sees the tokens around it, so scoring stays linear.
MAX_SCOPE_TOKENS = 200


def _scope(unit: Span, vals: Sequence[float], span: Span) -> tuple[Span, Sequence[float]]:
    """The part of ``unit`` (and its valences) that scores the mention ``span``."""
    if len(unit) <= MAX_SCOPE_TOKENS:
        return unit, vals
    half = MAX_SCOPE_TOKENS // 2
    a, b = max(unit.start, span.start - half), min(unit.end, span.end + half)
    return unit.doc[a:b], vals[a - unit.start:b - unit.start]


def _concession_blocks(doc: Doc, units: Sequence[Span]) -> list[bool]:
    """Per unit: does it belong to a concession block?

    A block opens at a unit that starts with a concession cue and runs over
    the following units of the same paragraph until one opens with a
    contrast ("However", "But").
    """
    flags, inside = [], False
    text = doc.text  # Doc.text joins every token: build it once, not per unit
    for k, unit in enumerate(units):
        head = unit.text.lower().replace("’", "'").lstrip(" \"'(")
        if k and "\n" in text[units[k - 1].end_char:unit.start_char]:
            inside = False
        if any(head.startswith(c) for c in CONTRAST_STARTS):
            inside = False
        elif any(head.startswith(c) for c in CONCESSION_STARTS):
            inside = True
        flags.append(inside)
    return flags


_OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
#: The predicate of a copula: "Rankings are [a poor guide]", "is [useful]".
_PREDICATE_DEPS = frozenset({"attr", "acomp", "oprd"})


#: How far from its head a negator is looked for, in tokens.
NEG_REACH = 8


def _has_neg(token) -> bool:
    """Whether ``token`` has a ``neg`` child within :data:`NEG_REACH` tokens (bounded, so a
    head with thousands of children, as a parse of many short lines gives, stays cheap)."""
    doc, i = token.doc, token.i
    return any(t.dep_ == "neg" and t.head.i == i
               for t in doc[max(0, i - NEG_REACH):i + NEG_REACH + 1])


class StanceTagger:
    """Tag the stance of each argumentative unit toward its targets.

    Args:
        nlp (Language): The pipeline.
        name (str): The component name.
        threshold (float): Scores beyond ±threshold are pro/con.
        window (int): Tokens after a negator whose valence it flips.
        outside_weight (float): Weight of valence words outside the target's
            clause (only with a dependency parse).
        concession_weight (float): Factor on scores inside a concession block.
        modifier_weight (float): Factor on the clause valence when the target
            only modifies the noun that is evaluated ("reputation surveys").
        subject_boost (float): Factor on the valence of a unit whose target is
            the subject of a copula ("Rankings are a poor guide"), the most
            direct way to evaluate it (only with a dependency parse).
    """

    def __init__(self, nlp: Language, name: str = "argmap_stance", *,
                 threshold: float = 0.15, window: int = 3, outside_weight: float = 0.1,
                 concession_weight: float = 0.3, modifier_weight: float = 0.3,
                 subject_boost: float = 1.5) -> None:
        register_extensions()
        self.name = name
        self.threshold = threshold
        self.window = window
        self.outside_weight = outside_weight
        self.concession_weight = concession_weight
        self.modifier_weight = modifier_weight
        self.subject_boost = subject_boost
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find_stances(doc))
        return doc

    # -- finding -------------------------------------------------------
    def _targets(self, doc: Doc) -> list[tuple[Span, str]]:
        out = [(e, e._.argmap_id) for e in doc.ents]
        out += [(c, c.id_) for c in doc.spans.get(CONCEPTS_KEY, [])]
        return sorted(((s, t) for s, t in out if t), key=lambda x: x[0].start)

    def _valences(self, unit: Span, skip: set[int]) -> list[float]:
        vals = []
        toks = list(unit)
        for k, tok in enumerate(toks):
            v = 0.0 if tok.i in skip or tok.pos_ in _NO_VALENCE_POS else \
                self.lexicon.get(tok.lower_.replace("’", "'"), 0.0)
            if v:
                before = toks[max(0, k - self.window):k]
                if any(t.lower_.replace("’", "'") in NEGATIONS for t in before):
                    v *= -0.74
            vals.append(v)
        return vals

    def find_stances(self, doc: Doc) -> list[tuple]:
        """Return ``(unit_idx, target, start_char, end_char, polarity, score,
        confidence, negated, cue)`` for each unit and target it mentions."""
        units = list(doc.spans.get(UNITS_KEY, [])) or [doc[:]]
        targets = self._targets(doc)
        if not targets:
            return []
        skip = {t.i for span, _ in targets for t in span}
        conceding = _concession_blocks(doc, units)
        results = []
        ti = 0
        for ui, unit in enumerate(units):
            while ti < len(targets) and targets[ti][0].start < unit.start:
                ti += 1
            mentions = []
            k = ti
            while k < len(targets) and targets[k][0].start < unit.end:
                if targets[k][0].end <= unit.end:
                    mentions.append(targets[k])
                k += 1
            if not mentions:
                continue
            vals = self._valences(unit, skip)
            conceded = _concedes(unit, units[ui + 1] if ui + 1 < len(units) else None)
            per_target: dict[str, list[tuple[float, bool, str]]] = {}
            for span, target in mentions:
                scope, scope_vals = _scope(unit, vals, span)
                per_target.setdefault(target, []).append(
                    self._score(scope, scope_vals, span, conceded))
            for target, scores in per_target.items():
                score = sum(s for s, _, _ in scores) / len(scores)
                negated = any(n for _, n, _ in scores)
                cue = next((c for _, _, c in scores if c), "")
                if conceding[ui]:
                    score *= self.concession_weight
                    cue = cue or "conceded"
                first = next(s for s, t in mentions if t == target)
                results.append((ui, target, first.start_char, first.end_char,
                                polarity_of(score, self.threshold), round(score, 4),
                                round(min(1.0, 0.4 + abs(score)), 3), negated, cue))
        return results

    def _score(self, unit: Span, vals: Sequence[float], span: Span,
               conceded: bool = False) -> tuple[float, bool, str]:
        toks = list(unit)
        rel_s, rel_e = span.start - unit.start, span.end - unit.start
        # clause boundaries at contrast words inside the unit
        cuts = [0] + [k for k, t in enumerate(toks) if k > 0 and t.lower_ in CONTRAST_WORDS] + [len(toks)]
        clause = next(((a, b) for a, b in zip(cuts, cuts[1:]) if a <= rel_s < b), (0, len(toks)))
        if _parsed(unit):
            own = _clause_of(span, unit)
            inside = sum(v for k, v in enumerate(vals[clause[0]:clause[1]], start=clause[0])
                         if toks[k].i in own)
            outside = sum(vals[clause[0]:clause[1]]) - inside
            head = span.root.head
            if span.root.dep_ in _OBJECT_DEPS and _has_neg(head) and head.i in own \
                    and unit.start <= head.i < unit.end:
                # "they don't guarantee outcomes": the negated verb judges its
                # subject, not the outcomes
                inside -= vals[head.i - unit.start]
            if _is_predicated(span):
                bounds = (unit.start + clause[0], unit.start + clause[1])
                inside = self._predicate_valence(unit, vals, span, own, inside, bounds)
                inside *= self.subject_boost
            elif span.root.dep_ in _MODIFIER_DEPS and not span.start <= span.root.head.i < span.end:
                inside *= self.modifier_weight
            raw = inside + outside * self.outside_weight
        else:
            raw = sum(vals[clause[0]:clause[1]])
        score = _norm(raw)
        negated = any(t.lower_.replace("’", "'") in NEGATIONS for t in toks[clause[0]:clause[1]])
        cue = ""
        later_contrast = conceded or any(c > rel_s for c in cuts[1:-1])
        if later_contrast and score > 0:
            score, cue = -0.5 * score, "concession"
        window = [t.lower_ for t in toks[max(0, rel_s - 5):rel_s]]
        while window and window[-1] in _DETERMINERS:
            window.pop()
        if window and window[-1] in _QUANTIFIERS:
            window.pop()
        if window and window[-1] == "than" and score and not cue:
            # "exam results say more about quality than any league table": the
            # valence of the comparison goes to the other side
            score, cue = -0.5 * score, "comparison"
        before = " ".join(window[-3:]).replace("’", "'")
        before = before.replace(" n't", "n't")
        after = " ".join(t.lower_ for t in toks[rel_e:min(clause[1], rel_e + 8)]).replace("’", "'")
        lim_b = next((c for c in LIMITERS_BEFORE if before.endswith(c)), "")
        lim_a = next((c for c in LIMITERS_AFTER if f" {c} " in f" {after} "), "")
        if lim_b or lim_a:
            score = min(score, 0.0) - 0.4
            negated, cue = True, lim_b or lim_a
        elif _parsed(unit) and span.root.dep_ not in _OBJECT_DEPS:
            head = span.root.head
            if _has_neg(head) and abs(score) < 0.2:
                score -= 0.3
                negated, cue = True, "negated"
        return max(-1.0, min(1.0, score)), negated, cue

    def _predicate_valence(self, unit: Span, vals: Sequence[float], span: Span,
                           own: set[int], inside: float, bounds: tuple[int, int]) -> float:
        """Valence of the predicate when the target is the subject of a copula.

        A negated copula scopes over its whole predicate ("Prestige isn't
        evidence of a good idea"), beyond the negation window, and a relative
        clause on the predicate noun still describes the target ("Rankings
        are one of the few tools that give families a fair view"). Only
        tokens within ``bounds`` (the target's contrast clause) count.
        """
        cop = span.root.head
        pred: set[int] = set()
        stack = [(c, 0) for c in cop.children if c.dep_ in _PREDICATE_DEPS]
        while stack:  # the predicate and one level of clauses on it
            tok, depth = stack.pop()
            depth += _opens_clause(tok)
            if depth > 1 or not bounds[0] <= tok.i < bounds[1]:
                continue
            pred.add(tok.i)
            stack.extend((c, depth) for c in tok.children)
        inside += sum(vals[i - unit.start] for i in pred - own)
        neg = next((c for c in cop.children if c.dep_ == "neg"), None)
        if neg is not None:
            for i in pred:
                v = vals[i - unit.start]
                if v and i - neg.i > self.window:
                    inside -= v * 1.74  # v becomes -0.74 v, as under a near negator
        return inside

    def set_annotations(self, doc: Doc, stances: Iterable[tuple]) -> None:
        """Store stances in ``doc._.argmap_stances``."""
        doc._.argmap_stances = list(stances)


def aggregate(rows: Iterable[tuple[int, str, float, float]], threshold: float = 0.15,
              neutral_weight: float = 0.25) -> dict[str, tuple[str, float, int, int, int]]:
    """Aggregate unit stances into one stance per target.

    Parameters
    ----------
    rows : iterable of (sentence, target, score, weight)
        One row per unit stance; rows of the same sentence are averaged first.
    threshold : float
        Polarity threshold.
    neutral_weight : float
        Factor on the weight of neutral sentences: a passing mention ("Start
        with the rankings") says little about the author's stance, so many
        of them should not dilute a few clear evaluations into ``neutral``.

    Returns
    -------
    dict
        ``{target: (polarity, score, n_pro, n_con, n_neutral)}`` where the
        counts are sentences; polarity is ``mixed`` when pro and con
        sentences both occur and the weighted mean stays within ±threshold.

    Examples
    --------
    >>> aggregate([(0, "concept:x", -0.5, 1.0), (1, "concept:x", -0.3, 1.0)])["concept:x"][0]
    'con'
    """
    per_sent: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for sent, target, score, weight in rows:
        per_sent.setdefault((target, sent), []).append((score, weight))
    by_target: dict[str, list[tuple[float, float]]] = {}
    for (target, _), vals in sorted(per_sent.items()):
        w = sum(v for _, v in vals)
        # each sentence counts once, with the weight of its weightiest unit
        by_target.setdefault(target, []).append((sum(s * v for s, v in vals) / w,
                                                 max(v for _, v in vals)))
    out = {}
    for target, vals in by_target.items():
        pols = [polarity_of(s, threshold) for s, _ in vals]
        vals = [(s, w * (neutral_weight if p == "neutral" else 1.0)) for (s, w), p in zip(vals, pols)]
        total = sum(w for _, w in vals)
        mean = sum(s * w for s, w in vals) / total
        n_pro, n_con, n_neu = pols.count("pro"), pols.count("con"), pols.count("neutral")
        pol = polarity_of(mean, threshold)
        if n_pro and n_con and pol == "neutral":
            pol = "mixed"
        out[target] = (pol, round(mean, 4), n_pro, n_con, n_neu)
    return out
