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

* consequences: "reduces the risk of disease" praises its subject, because
  a "down" verb flips the valence of what it affects and loses its own
  (lists in :mod:`argmap.pipeline.stance_lexicon`);
* scope negators: "none of", "no", "never" before the target reach every
  valence word after it in the clause;
* names and events: valence words inside names ("Affordable Care Act") and
  event words ("victims") count for nothing, and a negative verb whose
  patient is the target ("X was attacked") is not a stance against it.

Two backends score the pairs: ``"model"`` (the target-aware classifier of
:mod:`argmap.pipeline.stance_model`, run with onnxruntime; score = p_pos -
p_neg, confidence = the largest probability) and ``"lexicon"`` (the rules
above). The model is the default when its file loads; the lexicon is the
fallback and ``--fast``. Both write the same rows; the lexicon's cues
(negation, concession, ...) are kept with either.

Context applies to both backends: units in reported speech are given to
their speaker (:mod:`argmap.pipeline.speech`) and damped in the author's
stance by ``speech_weight``, units in the author's voice that describe
rather than evaluate (:func:`evaluates`) by ``description_weight``, and a
whole text that seldom evaluates (a news report) by ``opinion_share``; a short verdict of the author on a report
("What a load of old baloney.") adds the report's stances with the
verdict's sign; pronouns and short definite references ("they", "the
university") count for the target they point back to
(:mod:`argmap.pipeline.reference`).

The result is a score in [-1, 1] and a polarity (pro / con / neutral).
:func:`aggregate` turns unit stances into an author-level stance per target,
averaging per sentence first so a long text is not one bag of words.
"""
from __future__ import annotations

import logging
import math
import os
import re
from functools import lru_cache
from pathlib import Path
from bisect import bisect_right
from typing import Any, Container, Iterable, Iterator, Sequence

from spacy.attrs import IS_ALPHA, IS_TITLE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from .cues import (ARGUMENT_LEXICON, CONCESSION_STARTS, CONTRAST_STARTS, CONTRAST_WORDS,
                   LIMITERS_AFTER, LIMITERS_BEFORE, NEGATIONS)
from .extensions import CONCEPTS_KEY, UNITS_KEY, register_extensions
from .doctext import doc_text, span_text, token_columns, token_strings
from .entities import entity_ids
from .units import SUBJECT_DEPS, sentence_bounds, with_prefixes
from .reference import resolve_references
from .speech import (REPORT_VERBS, SPEAKER_NOUNS, denies, points_back, quote_spans,
                     speakers_of, verdict_of)
from .stance_lexicon import (BIGRAM_VALENCE, CONSEQUENCES, DEONTIC_WORDS, EVENT_WORDS,
                             EXTRA_VALENCE, FIRST_PERSON, HARM_EVENTS, JUDGEMENT_WORDS,
                             OPINION_WORDS, SCOPE_NEGATORS)

__all__ = ["StanceTagger", "load_lexicon", "polarity_of", "aggregate", "evaluates", "BACKENDS",
           "ROLE_WEIGHTS"]

log = logging.getLogger(__name__)

#: The scoring backends of :class:`StanceTagger`.
BACKENDS = ("model", "lexicon")

#: Default weight of a unit's stance in the author's stance, by the unit's role
#: (``role_weights`` in the factory config).
ROLE_WEIGHTS = {"major_claim": 2.0, "claim": 1.5, "premise": 1.0, "none": 0.5}

#: Valence words that judge only as adjectives ("X is right", not "the right to").
_ADJECTIVE_ONLY = frozenset({"right"})
#: Judgement words that are other words when a noun or in a compound
#: ("the right of", "vice-chancellor", "best-known").
_AMBIGUOUS_JUDGEMENTS = frozenset({"right", "good", "well", "fair", "vice", "best", "better"})
#: Copulas: "Rankings are fine." predicates a valenced adjective of its subject.
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "seems", "seem", "seemed",
                      "remains", "remain", "looks", "sounds", "'s"})


def evaluates(unit: Span, lexicon: dict[str, float], quoted: Sequence[tuple[int, int]] = (),
              muted: Container[int] = (), lower: Sequence[str] | None = None) -> bool:
    """Whether ``unit`` carries an evaluation in its writer's own words, not a description.

    Marks: a judgement word ("deserves", "credit", "wrong", "feeble"), a modal
    of obligation ("should", "must"), an opinion in the first person ("I
    think", "in my view"), or a copula followed in its clause by a valenced
    adjective ("Rankings are fine.", "It is an excellent school"). Words
    inside a quotation (``quoted``: sorted character ranges), in a
    hyphenated compound or among ``muted`` token indices (names: "the Online
    Safety Act") do not count. ``lower`` is :func:`~argmap.pipeline.doctext.token_strings` of the Doc,
    when the caller has it.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> evaluates(nlp("Edinburgh deserves real credit.")[:], {})
    True
    >>> evaluates(nlp("The council voted on Tuesday to close six libraries.")[:], {})
    False
    >>> evaluates(nlp("When we see Harvard at the top, I think it says little.")[:], {})
    True
    """
    raw = [t.lower_ for t in unit] if lower is None else lower[unit.start:unit.end]
    lows = [w.replace("’", "'") for w in raw]
    if not any(w in DEONTIC_WORDS or w in FIRST_PERSON or w in _COPULAS or w in JUDGEMENT_WORDS
               for w in lows):
        return False  # none of the words that the marks below start from
    toks = list(unit)
    copula = False
    starts = [a for a, _ in quoted]
    for k, tok in enumerate(toks):
        q = bisect_right(starts, tok.idx) - 1
        if (q >= 0 and tok.idx < quoted[q][1]) or tok.i in muted:
            continue
        low = lows[k]
        if tok.is_punct:
            copula = False
        if low in DEONTIC_WORDS:
            return True
        if low in FIRST_PERSON and any(t.lower_ in OPINION_WORDS for t in toks[k + 1:k + 4]):
            return True
        if low in _COPULAS:
            copula = True
        elif copula and tok.pos_ in ("ADJ", "") and lexicon.get(low, 0.0):
            return True
        nxt = toks[k + 1].text if k + 1 < len(toks) else ""
        if nxt == "-" or (k and toks[k - 1].text == "-"):
            continue
        if low in JUDGEMENT_WORDS:
            if low in _AMBIGUOUS_JUDGEMENTS and (tok.pos_ in ("NOUN", "PROPN") or (
                    low == "well" and k and toks[k - 1].lower_ == "as")):
                continue
            return True
    return False


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
    lex.update(EXTRA_VALENCE)
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


def _opens_clause(tok) -> bool:
    if tok.dep_ == "ROOT":  # (``tok.head is tok`` never held: each Token access is a new object)
        return True
    if tok.dep_ not in _CLAUSE_DEPS:
        return False
    return tok.pos_ in ("VERB", "AUX") or any(c.dep_ in SUBJECT_DEPS for c in tok.children)


def _clause_of(span: Span, unit: Span) -> set[int]:
    """Token indices of the clause holding ``span`` (its head's subtree minus
    embedded clauses that do not hold the target), limited to ``unit``."""
    root = head = span.root
    start, end = unit.start, unit.end
    chain = {head.i}
    while not _opens_clause(head) and start <= head.head.i < end:
        head = head.head
        chain.add(head.i)
    chain.update(t.i for t in root.ancestors)
    out = set()
    stack = [head]
    while stack:
        tok = stack.pop()
        if not start <= tok.i < end:
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


def _concession_blocks(doc: Doc, units: Sequence[Span],
                       speakers: Sequence[str] = (), text: str | None = None) -> list[bool]:
    """Per unit: does it belong to a concession block?

    A block opens at a unit that starts with a concession cue and runs over
    the following units of the same paragraph until one opens with a
    contrast ("However", "But"). A unit in reported speech ("Critics argue
    ...") opens no block: it is the speaker's view, damped as speech.
    """
    flags, inside = [], False
    if text is None:
        text = doc_text(doc)  # Doc.text joins every token: build it once, not per unit
    for k, unit in enumerate(units):
        head = span_text(unit).lower().replace("’", "'").lstrip(" \"'(")
        if k and "\n" in text[units[k - 1].end_char:unit.start_char]:
            inside = False
        if any(head.startswith(c) for c in CONTRAST_STARTS):
            inside = False
        elif any(head.startswith(c) for c in CONCESSION_STARTS):
            inside = not (k < len(speakers) and speakers[k])
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


#: Stance models per (process id, path): an onnxruntime session is never
#: shared across a fork; each worker process loads its own on first use.
_MODELS: dict[tuple[int, str], Any] = {}


def _load_model(path: str) -> Any:
    key = (os.getpid(), path)
    if key not in _MODELS:
        try:
            from .stance_model import ModelUnavailable, StanceModel
        except ImportError:
            _MODELS[key] = None
        else:
            try:
                _MODELS[key] = StanceModel.load(path or None)
            except ModelUnavailable as exc:
                log.info("stance model unavailable (%s); using the lexicon backend", exc)
                _MODELS[key] = None
    return _MODELS[key]


_LIST_GAP = re.compile(r"^\s*(?:,|and|or|&|, and|, or)?\s*$")


def _listed(mentions: Sequence[tuple[Span, str]], text: str, min_len: int = 3) -> set[str]:
    """Targets named in a list of ``min_len`` or more ("Harvard, Oxford and
    Stanford top the list"): a list describes, it does not judge each name."""
    out: set[str] = set()
    run: list[tuple[Span, str]] = []
    for span, tid in sorted(mentions, key=lambda x: x[0].start):
        if tid.startswith("concept:"):
            continue
        if run and not _LIST_GAP.match(text[run[-1][0].end_char:span.start_char]):
            if len(run) >= min_len:
                out.update(t for _, t in run)
            run = []
        run.append((span, tid))
    if len(run) >= min_len:
        out.update(t for _, t in run)
    return out


def _token_flags(doc: Doc) -> tuple[list[int], list[int], list[int]]:
    """``IS_ALPHA``, ``IS_TITLE`` and ``SENT_START`` of every token of ``doc``,
    read from one array (for :func:`_name_tokens`, which reads them for every unit)."""
    alpha, title, start = token_columns(doc, [IS_ALPHA, IS_TITLE, SENT_START])
    return alpha, title, start


def _name_tokens(unit: Span, ent_tokens: set[int] | None = None,
                 flags: tuple[list[int], list[int], list[int]] | None = None) -> set[int]:
    """Tokens inside names: entities of any label, and capitalised words
    inside a run of capitalised words ("Affordable Care Act", "Justice Sotomayor").

    ``flags`` are :func:`_token_flags` of the Doc, when the caller has them.
    """
    if ent_tokens is None:
        ent_tokens = {t.i for e in unit.doc.ents for t in e}
    if flags is None:
        flags = _token_flags(unit.doc)
    alpha, title, sent_start = flags
    a, b = unit.start, unit.end
    words = sum(alpha[a:b])
    if words and sum(1 for i in range(a, b) if alpha[i] and title[i]) >= 0.6 * words:
        return set()  # a headline in Title Case is not a run of names
    out = {i for i in range(a, b) if i in ent_tokens}
    for i in range(a, b - 1):
        # a capitalised word followed by one that does not start a sentence
        if title[i] and title[i + 1] and sent_start[i + 1] != 1:
            out.update((i, i + 1))
    return out


#: :data:`LIMITERS_AFTER` with a space on each side, to find them as whole words.
_LIMITERS_AFTER_SPACED = tuple((c, f" {c} ") for c in LIMITERS_AFTER)


#: Lexicon cues about argument structure that the model cannot see in one
#: sentence: with ``cue_override`` they keep the lexicon's score.
_STRUCTURAL_CUES = frozenset({"concession", "comparison", "judged", *LIMITERS_BEFORE,
                              *LIMITERS_AFTER})


#: Lexicon cues by which the author argues about the target: such a unit is
#: the author's evaluation even without a judgement word.
_ARGUING_CUES = _STRUCTURAL_CUES - {"concession"}


#: Negated in the first person, these verbs deny what they govern: a negated
#: belief ("I don't think X is good") turns it around; a negated saying ("I do
#: not say that X is bad") only sets it aside, as a concession.
_DENYING_VERBS = {"think": -0.5, "believe": -0.5, "say": 0.0, "claim": 0.0, "suggest": 0.0,
                  "argue": 0.0, "pretend": 0.0, "mean": 0.0}


def _denial(span: Span) -> float | None:
    """The factor on the target's score when it sits in a clause the author
    denies ("I do not say that X is bad": 0), or None (needs a parse)."""
    for tok in span.root.ancestors:
        factor = _DENYING_VERBS.get(tok.lemma_.lower())
        if factor is not None and tok.pos_ in ("VERB", "AUX"):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in FIRST_PERSON and any(
                    c.dep_ == "neg" for c in tok.children):
                return factor
            return None
    return None


def _judged(span: Span) -> bool:
    """Whether the target is the subject of an explicit judgement: "India
    deserves credit", "On this the WHO is right", "Mr X is wrong" (a
    judgement word as the verb or in its predicate; needs a parse)."""
    root = span.root
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head is root:
        return False
    head = root.head
    if head.lower_ in JUDGEMENT_WORDS:
        return True
    return any(c.lower_ in JUDGEMENT_WORDS or any(g.lower_ in JUDGEMENT_WORDS for g in c.children)
               for c in head.children if c.dep_ in ("acomp", "attr", "dobj", "oprd", "advmod"))


#: Saying nothing is no stance: "declined to comment", "did not respond to a
#: request for comment", "could not be reached".
_NO_COMMENT = re.compile(
    r"\b(?:declin|refus)\w*\s+to\s+(?:comment|say|respond|discuss)"
    r"|\b(?:did|does|do|would|could|has|have)\s*(?:not|n't|n’t)\s+(?:immediately\s+)?"
    r"(?:respond|reply|replied|responded|comment|commented|be\s+reached)\b"
    r"|\bno\s+comment\b|\bnot\s+(?:immediately\s+)?available\s+for\s+comment", re.I)


#: Tokens of a sentence read for a verdict on the author's sentence before it.
_VERDICT_TOKENS = 24


def _same_paragraph(plan: "_Plan", back: int) -> bool:
    """Whether unit ``back`` exists and no line break parts it from the unit after it."""
    return back >= 0 and "\n" not in plan.text[plan.units[back].end_char:plan.units[back + 1].start_char]


class _Plan:
    """The (unit, target) pairs of one Doc and their context, before scoring."""

    __slots__ = ("doc", "units", "pairs", "lexicon", "speakers", "conceding", "items", "probs",
                 "listed", "text", "evaluative", "opinion", "names", "flags", "lower",
                 "ent_tokens")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.units: list[Span] = []
        self.pairs: list[tuple[int, str, list[tuple[Span, bool]]]] = []
        self.lexicon: list[tuple[float, bool, str]] = []
        self.speakers: list[str] = []
        self.conceding: list[bool] = []
        self.items: list[tuple[str, int, int] | None] = []  # None: the lexicon's score stays
        self.probs: Any = None
        self.listed: set[tuple[int, str]] = set()
        self.text = ""
        self.evaluative: dict[int, bool] = {}
        self.opinion = 1.0
        self.names: dict[int, set[int]] = {}  # unit index -> _name_tokens of the unit
        self.flags = _token_flags(doc)
        self.lower = token_strings(doc)
        self.ent_tokens = {i for e in doc.ents for i in range(e.start, e.end)}


class StanceTagger:
    """Tag the stance of each argumentative unit toward its targets.

    Args:
        nlp (Language): The pipeline.
        name (str): The component name.
        backend (str): ``"model"`` (the default; falls back on the lexicon
            when the model file cannot be loaded) or ``"lexicon"``.
        model_path (str): Path of the stance model; ``""`` = the packaged one.
        batch_size (int): (unit, target) pairs per model call.
        threshold (float): Scores beyond ±threshold are pro/con, for unit
            stances and for the author's stance (:func:`aggregate`).
        window (int): Tokens after a negator whose valence it flips.
        outside_weight (float): Weight of valence words outside the target's
            clause (only with a dependency parse).
        concession_weight (float): Factor on scores inside a concession block.
        modifier_weight (float): Factor on the clause valence when the target
            only modifies the noun that is evaluated ("reputation surveys").
        subject_boost (float): Factor on the valence of a unit whose target is
            the subject of a copula ("Rankings are a poor guide"), the most
            direct way to evaluate it (only with a dependency parse).
        speech_weight (float): Factor on the score of reported speech in the
            author's stance.
        description_weight (float): Factor on the score of a unit in the
            author's voice that describes rather than evaluates (no judgement
            word, modal of obligation, opinion in the first person or valenced
            predicate: :func:`evaluates`; no negation or arguing cue at the
            target; a name in a list) in the author's stance: "MedRight was
            fined" is news, not the author's view of MedRight.
        opinion_share (float): Share of a text's units that evaluate in the
            author's voice at which the text reads as commentary; below it
            (a news report quoting others), every unit's score in the
            author's stance is scaled by share / ``opinion_share``.
        role_weights (dict): Weight of a unit in the author's stance by its
            role (``major_claim``, ``claim``, ``premise``, ``none``).
        neutral_weight (float): Factor on the weight of neutral sentences in
            the author's stance.
        list_weight (float): Factor on the score of a name in a list of three
            or more ("Harvard, Oxford and Stanford top the list" describes).
        cue_override (bool): With the model backend, keep the lexicon's score
            where it found a structural cue (a concession "X is powerful,
            but ...", a limiter "not just X", "X doesn't guarantee", a
            comparison "than X") or an explicit judgement of the target as
            subject ("X deserves credit", "X is right").
        resolve_references (bool): Count pronouns and short definite
            references for the target they point back to.
        follow_weight (float): Factor on a short verdict in the author's voice
            that names no target ("That is wishful thinking.") when it
            follows the author's own sentence: it judges that sentence's
            subject (0 turns this off; after a report the verdict always
            counts against the speaker).
        denial_weight (float): Strength of a bare denial after a report ("He
            says it would work. It would not."), against the speaker.
    """

    def __init__(self, nlp: Language, name: str = "argmap_stance", *,
                 backend: str = "model", model_path: str = "", batch_size: int = 64,
                 threshold: float = 0.15, window: int = 3, outside_weight: float = 0.1,
                 concession_weight: float = 0.3, modifier_weight: float = 0.3,
                 subject_boost: float = 1.5, speech_weight: float = 0.1,
                 description_weight: float = 0.15, opinion_share: float = 0.2,
                 role_weights: dict | None = None,
                 neutral_weight: float = 0.25, list_weight: float = 0.3,
                 cue_override: bool = True, resolve_references: bool = True,
                 follow_weight: float = 1.0, denial_weight: float = 0.8) -> None:
        register_extensions()
        if backend not in BACKENDS:
            raise ValueError(f"argmap_stance backend must be one of {', '.join(BACKENDS)}, "
                             f"not {backend!r}")
        self.name = name
        self.backend = backend
        self.model_path = model_path
        self.batch_size = batch_size
        self.threshold = threshold
        self.window = window
        self.outside_weight = outside_weight
        self.concession_weight = concession_weight
        self.modifier_weight = modifier_weight
        self.subject_boost = subject_boost
        self.speech_weight = speech_weight
        self.description_weight = description_weight
        self.opinion_share = opinion_share
        self.role_weights = {**ROLE_WEIGHTS, **(role_weights or {})}
        self.neutral_weight = neutral_weight
        self.list_weight = list_weight
        self.cue_override = cue_override
        self.resolve_references = resolve_references
        self.follow_weight = follow_weight
        self.denial_weight = denial_weight
        self.lexicon = load_lexicon()
        self._model: Any = None  # set_model() for a model given by hand

    # -- the model -----------------------------------------------------
    def set_model(self, model: Any) -> None:
        """Use ``model`` (anything with ``predict(items, batch_size=)``) for the model backend."""
        self._model = model

    @property
    def model(self) -> Any:
        """The stance model this process uses, or None (lexicon backend)."""
        if self.backend != "model":
            return None
        if self._model is not None:
            return self._model
        return _load_model(self.model_path)

    @property
    def active_backend(self) -> str:
        """``"model"`` when the model scores the pairs, else ``"lexicon"``."""
        return "model" if self.model is not None else "lexicon"

    # -- running -------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find_stances(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Tag Docs in batches: the model scores the pairs of a whole batch at once."""
        for docs in minibatch(stream, size=batch_size):
            for doc, rows in zip(docs, self.find_stances_batch(docs)):
                self.set_annotations(doc, rows)
            yield from docs

    def _keeps_lexicon(self, cue: str, score: float) -> bool:
        """Whether a pair keeps the lexicon's score with the model backend
        (``cue_override``: a structural cue, or a clear explicit judgement)."""
        return self.cue_override and cue in _STRUCTURAL_CUES and (
            cue != "judged" or abs(score) > self.threshold)

    # -- finding -------------------------------------------------------
    def _targets(self, doc: Doc) -> list[tuple[Span, str]]:
        out = entity_ids(doc)
        out += [(c, c.id_) for c in doc.spans.get(CONCEPTS_KEY, [])]
        return sorted(((s, t) for s, t in out if t), key=lambda x: x[0].start)

    def _valences(self, unit: Span, skip: set[int], reported: bool = False,
                  ent_tokens: set[int] | None = None, names: set[int] | None = None,
                  lower: Sequence[str] | None = None) -> list[float]:
        """Valence of each token of ``unit``; ``names`` is ``_name_tokens(unit, ent_tokens)``
        and ``lower`` :func:`~argmap.pipeline.doctext.token_strings` of the Doc, when the caller has them."""
        vals = []
        doc, start = unit.doc, unit.start
        lows = [t.lower_ for t in unit] if lower is None else lower[start:unit.end]
        muted = skip | (_name_tokens(unit, ent_tokens) if names is None else names)
        if reported:  # "Critics argue that ...": the frame is not the view reported
            muted |= {start + k for k, w in enumerate(lows)
                      if w in REPORT_VERBS or w in SPEAKER_NOUNS or w == "according"}
        for k in range(len(lows)):
            low = lows[k].replace("’", "'")
            if low not in self.lexicon and not (k and (lows[k - 1], low) in BIGRAM_VALENCE):
                vals.append(0.0)  # every branch below gives 0: no valence to find
                continue
            tok = doc[start + k]  # built only for the words that may carry valence
            if tok.i in muted or tok.pos_ in _NO_VALENCE_POS or low in EVENT_WORDS:
                v = 0.0
            elif low in _ADJECTIVE_ONLY and tok.pos_ not in ("ADJ", ""):
                v = 0.0  # "the right to vote", "right now"
            elif k and (lows[k - 1], low) in BIGRAM_VALENCE:
                v = BIGRAM_VALENCE[(lows[k - 1], low)]
            else:
                v = self.lexicon.get(low, 0.0)
            if v:
                before = lows[max(0, k - self.window):k]
                if any(w.replace("’", "'") in NEGATIONS for w in before):
                    v *= -0.74
            vals.append(v)
        if any(w in CONSEQUENCES for w in lows):  # else composing changes nothing
            self._compose_consequences(list(unit), vals, skip)
        return vals

    def _compose_consequences(self, toks: Sequence, vals: list[float], skip: set[int]) -> None:
        """"X reduces the risk of disease": what a consequence verb affects
        carries the valence, flipped for "down" verbs; the verb's own goes.
        Left alone when the target is what is affected."""
        for k, tok in enumerate(toks):
            sign = CONSEQUENCES.get(tok.lower_)
            if sign is None or tok.pos_ in ("NOUN", "PROPN", "ADJ"):
                continue
            if tok.dep != 0 and tok.pos_:
                region = sorted({t.i - toks[0].i for c in tok.rights
                                 if c.dep_ not in ("punct", "cc", "conj", "advcl", "parataxis")
                                 for t in c.subtree if toks[0].i <= t.i <= toks[-1].i})
            else:
                region = []
                for j in range(k + 1, min(len(toks), k + 9)):
                    if toks[j].is_punct or toks[j].lower_ in CONTRAST_WORDS:
                        break
                    region.append(j)
            if not region or any(toks[j].i in skip for j in region):
                continue
            if not any(vals[j] for j in region):
                continue
            vals[k] = 0.0
            if sign < 0:
                for j in region:
                    vals[j] = -vals[j]

    def find_stances(self, doc: Doc) -> list[tuple]:
        """Return ``(unit_idx, target, start_char, end_char, polarity, score,
        confidence, negated, cue, speaker, voice)`` for each unit and target it
        mentions; ``voice`` is the factor on the score in the author's stance
        (``speech_weight``, ``description_weight`` or 1)."""
        return self.find_stances_batch([doc])[0]

    def find_stances_batch(self, docs: Sequence[Doc]) -> list[list[tuple]]:
        """:meth:`find_stances` for several Docs, scoring all their pairs in one model call."""
        plans = [self._plan(doc) for doc in docs]
        model = self.model
        if model is not None:
            # each distinct (sentence, target span) goes to the model once
            unique = list(dict.fromkeys(it for plan in plans for it in plan.items if it is not None))
            probs = model.predict(unique, batch_size=self.batch_size) if unique else []
            row_of = {it: k for k, it in enumerate(unique)}
            for plan in plans:
                plan.probs = [None if it is None else probs[row_of[it]] for it in plan.items]
        return [self._rows(plan) for plan in plans]

    def _plan(self, doc: Doc) -> _Plan:
        plan = _Plan(doc)
        units = plan.units = list(doc.spans.get(UNITS_KEY, [])) or [doc[:]]
        named = self._targets(doc)
        text = plan.text = doc_text(doc)  # Doc.text joins every token: build it once
        refs = resolve_references(doc, named) if self.resolve_references and named else []
        # "..., she said", "The council says": the target a reference points to speaks
        plan.speakers = speakers_of(doc, units, sorted(named + refs, key=lambda x: x[0].start),
                                    text, plan.lower)
        # cues are read with each unit's discourse prefix ("But", "However,")
        opened = with_prefixes(doc, units)
        plan.conceding = _concession_blocks(doc, opened, plan.speakers, text)
        self._voice(plan)
        targets = sorted([(s, t, False) for s, t in named] + [(s, t, True) for s, t in refs],
                         key=lambda x: x[0].start)
        if not targets:
            return plan
        skip = {i for span, _, _ in targets for i in range(span.start, span.end)}
        ent_tokens = plan.ent_tokens
        sents = None
        ti = 0
        for ui, unit in enumerate(units):
            while ti < len(targets) and targets[ti][0].start < unit.start:
                ti += 1
            per_target: dict[str, list[tuple[Span, bool]]] = {}
            k = ti
            while k < len(targets) and targets[k][0].start < unit.end:
                span, tid, is_ref = targets[k]
                if span.end <= unit.end:
                    per_target.setdefault(tid, []).append((span, is_ref))
                elif not is_ref:
                    # a target running over the unit's end still counts, cut at the end
                    per_target.setdefault(tid, []).append((unit.doc[span.start:unit.end], False))
                k += 1
            if not per_target:
                continue
            if len(per_target) >= 3:
                plan.listed.update((ui, t) for t in _listed(
                    [(span, tid) for tid, ms in per_target.items() for span, _ in ms], text))
            names = plan.names.get(ui)
            if names is None:
                names = plan.names[ui] = _name_tokens(unit, ent_tokens, plan.flags)
            vals = self._valences(unit, skip, bool(plan.speakers[ui]), ent_tokens, names,
                                  plan.lower)
            conceded = _concedes(unit, opened[ui + 1] if ui + 1 < len(units) else None)
            for tid, mentions in per_target.items():
                scores = [self._score(*_scope(unit, vals, span), span, conceded, plan.lower)
                          for span, _ in mentions]
                plan.pairs.append((ui, tid, mentions))
                cue = next((c for _, _, c in scores if c), "")
                if not cue and not plan.speakers[ui] and _parsed(unit) \
                        and any(_judged(span) for span, _ in mentions):
                    cue = "judged"  # the lexicon reads explicit judgement words well
                score = sum(s for s, _, _ in scores) / len(scores)
                plan.lexicon.append((score, any(n for _, n, _ in scores), cue))
                if self.backend == "model" and self._keeps_lexicon(cue, score):
                    plan.items.append(None)  # the model's probabilities would not be used
                elif self.backend == "model":
                    if sents is None:
                        sents = sentence_bounds(doc)
                    first = mentions[0][0]
                    a, b = next(((doc[x].idx, doc[y - 1].idx + len(doc[y - 1]))
                                 for x, y in sents if x <= first.start < y),
                                (unit.start_char, unit.end_char))
                    plan.items.append((text[a:b], first.start_char - a, first.end_char - a))
        return plan

    def _voice(self, plan: _Plan) -> None:
        """Which units of the author's evaluate (:func:`evaluates`), and how
        much the text is commentary: ``plan.opinion`` is the share of
        evaluating units over ``opinion_share``, at most 1 (a news report
        that mostly quotes others stays near 0)."""
        if not plan.units:
            return
        quoted = quote_spans(plan.text)
        ents = plan.ent_tokens
        for ui, unit in enumerate(plan.units):
            if not plan.speakers[ui]:
                names = plan.names[ui] = _name_tokens(unit, ents, plan.flags)
                plan.evaluative[ui] = evaluates(unit, self.lexicon, quoted, names, plan.lower) \
                    or (len(unit) <= 8 and denies(unit))  # "It would not." judges too
        share = sum(plan.evaluative.values()) / len(plan.units)
        plan.opinion = min(1.0, share / self.opinion_share) if self.opinion_share > 0 else 1.0

    def _rows(self, plan: _Plan) -> list[tuple]:
        results = []
        by_unit: dict[int, list[tuple]] = {}
        no_comment: dict[int, Any] = {}
        for i, (ui, target, mentions) in enumerate(plan.pairs):
            score, negated, cue = plan.lexicon[i]
            conf = None
            if plan.probs is not None and plan.probs[i] is not None:
                p_neg, _, p_pos = (float(x) for x in plan.probs[i])
                score, conf = p_pos - p_neg, max(float(x) for x in plan.probs[i])
            speaker = plan.speakers[ui]
            if speaker and speaker == target:
                score, cue = 0.0, "speaker"  # the source of a report is not judged by it
            elif plan.conceding[ui] and not speaker:
                score *= self.concession_weight
                cue = cue or "conceded"
            denial = _denial(mentions[0][0]) if not speaker else None
            if denial is not None:
                # "I do not say that X is a bad university": the author denies it
                score, cue = denial * score + 0.0, "denied"  # + 0.0: never -0.0
            if ui not in no_comment:
                u = plan.units[ui]
                no_comment[ui] = _NO_COMMENT.search(plan.text, u.start_char, u.end_char)
            m = no_comment[ui]
            if m is not None and mentions[0][0].start_char < m.start():
                # "The agency, which is investigating, declined to comment": no stance
                score, cue = 0.0, "no comment"
            if all(is_ref for _, is_ref in mentions):
                cue = cue or "reference"
            if (ui, target) in plan.listed:
                score *= self.list_weight
                cue = cue or "listed"
            if conf is None:  # the lexicon's confidence grows with the final score
                conf = min(1.0, 0.4 + abs(score))
            first = mentions[0][0]
            # the author evaluates in this unit, or argues about the target ("not
            # just X", "than X", "X deserves credit", "X doesn't help"); a list of
            # names describes
            evaluated = (plan.evaluative.get(ui, True) or plan.lexicon[i][2] in _ARGUING_CUES
                         or plan.lexicon[i][1]) and (ui, target) not in plan.listed
            voice = plan.opinion * (self.speech_weight if speaker else (
                1.0 if evaluated else self.description_weight))
            row = (ui, target, first.start_char, first.end_char,
                   polarity_of(score, self.threshold), round(score, 4), round(conf, 3),
                   negated, cue, speaker, voice)
            results.append(row)
            by_unit.setdefault(ui, []).append(row)
        merged = {(r[0], r[1]): r for r in results}
        for row in self._verdicts(plan, by_unit):
            old = merged.get((row[0], row[1]))
            if old is not None:  # the verdict and the unit's own words about the target
                s = round(max(-1.0, min(1.0, old[5] + row[5])), 4)
                row = (*old[:4], polarity_of(s, self.threshold), s,
                       round(min(1.0, 0.4 + abs(s)), 3), old[7], "verdict", old[9], plan.opinion)
            merged[(row[0], row[1])] = row
        return sorted(merged.values(), key=lambda r: (r[0], r[2], r[1]))

    def _verdicts(self, plan: _Plan, by_unit: dict[int, list[tuple]]) -> list[tuple]:
        """Rows for the author's verdicts on what was said just before them.

        After a report ("X says ... . That is wishful thinking.", "It would
        not."), the verdict counts for or against the speaker and flips or
        keeps the reported stances. After the author's own sentence, a verdict
        that names no target ("Ofgem let it trade. That is not regulation.")
        judges the subject of that sentence, with ``follow_weight``.
        """
        out = []
        sents = None
        starts = {span.start for _, _, mentions in plan.pairs for span, _ in mentions}
        parsed = plan.doc.has_annotation("DEP")
        subjects: dict[int, set[str]] = {}  # unit index -> targets that are its subject
        for u, tid, mentions in plan.pairs:
            if parsed and any(span.root.dep_ in ("nsubj", "nsubjpass") for span, _ in mentions):
                subjects.setdefault(u, set()).add(tid)
        for ui, unit in enumerate(plan.units):
            if plan.speakers[ui] or not ui:
                continue
            reported = bool(plan.speakers[ui - 1])
            if not reported and (self.follow_weight <= 0 or ui in subjects
                                 or (by_unit.get(ui) and not parsed)):
                continue  # the unit's subject is a target: its own row judges it
            if sents is None:
                sents = sentence_bounds(plan.doc)
                sent_starts = [x for x, _ in sents]
            # the verdict is the rest of the sentence, over units split at ", and"
            k = bisect_right(sent_starts, unit.start) - 1
            end = sents[k][1] if k >= 0 and unit.start < sents[k][1] else unit.end
            span = plan.doc[unit.start:max(end, unit.end)]
            if not reported:
                # only an opening clause can be a verdict: the valences of a
                # long sentence are not read
                span = span[:_VERDICT_TOKENS]
                if not points_back(span):
                    continue  # "The work was slow": a sentence about something else
            if reported and denies(span):
                v = -self.denial_weight  # "He says it would work. It would not."
            else:
                names = _name_tokens(span, plan.ent_tokens, plan.flags)
                vals = self._valences(span, set(), False, plan.ent_tokens, names, plan.lower)
                v = verdict_of(span, vals, starts)
            if not v:
                continue
            if not reported:
                out.extend(self._followed(plan, by_unit, subjects, ui, v * self.follow_weight))
                continue
            seen: set[str] = set()
            for back in (ui - 1, ui - 2):
                if not _same_paragraph(plan, back):
                    break
                speaker = plan.speakers[back]
                if not speaker:
                    break
                for row in by_unit.get(back, []):
                    if row[1] in seen:
                        continue
                    seen.add(row[1])
                    s = v if row[1] == speaker else math.copysign(abs(row[5]), row[5] * v)
                    s = round(s if row[5] or row[1] == speaker else 0.0, 4)
                    out.append(self._verdict_row(plan, ui, row, s))
        return out

    def _verdict_row(self, plan: _Plan, ui: int, row: tuple, s: float) -> tuple:
        """The row of a verdict in unit ``ui`` with score ``s`` on the target of ``row``."""
        return (ui, row[1], row[2], row[3], polarity_of(s, self.threshold), s,
                round(min(1.0, 0.4 + abs(s)), 3), False, "verdict", "", plan.opinion)

    def _followed(self, plan: _Plan, by_unit: dict[int, list[tuple]],
                  subjects: dict[int, set[str]], ui: int, v: float) -> list[tuple]:
        """Verdict rows for the subject of the author's sentence before unit ``ui``
        (the nearest earlier unit of the paragraph that names a target);
        ``subjects`` maps a unit to its subject targets (empty without a parse)."""
        for back in (ui - 1, ui - 2):
            if not _same_paragraph(plan, back) or plan.speakers[back]:
                return []
            if not by_unit.get(back):
                continue
            if plan.doc.has_annotation("DEP"):
                heads = subjects.get(back, set())
            else:  # no parse: the first target of the sentence
                heads = {by_unit[back][0][1]}
            s = round(v, 4)
            return [self._verdict_row(plan, ui, row, s) for row in by_unit[back] if row[1] in heads]
        return []

    def _score(self, unit: Span, vals: Sequence[float], span: Span,
               conceded: bool = False, lower: Sequence[str] | None = None
               ) -> tuple[float, bool, str]:
        start = unit.start
        # each token's lower-case form once (Token objects are built on every access)
        low = [t.lower_ for t in unit] if lower is None else lower[start:unit.end]
        rel_s, rel_e = span.start - start, span.end - start
        # clause boundaries at contrast words inside the unit
        cuts = [0] + [k for k in range(1, len(low)) if low[k] in CONTRAST_WORDS] + [len(low)]
        clause = next(((a, b) for a, b in zip(cuts, cuts[1:]) if a <= rel_s < b), (0, len(low)))
        neg_at = next((k for k in range(rel_s - 1, clause[0] - 1, -1)
                       if low[k] in SCOPE_NEGATORS), None)
        if neg_at is not None:
            # "none of the rankings are, on any reading, useful": the negator
            # reaches past its window to the end of the clause
            vals = [v * -0.74 if rel_e <= k < clause[1] and k - neg_at > self.window else v
                    for k, v in enumerate(vals)]
        parsed = _parsed(unit)
        if parsed and not any(vals):
            # no valence anywhere in the unit: every sum below is 0, so the
            # target's clause (a walk over the parse) is not needed
            root = span.root
            head = root.head
            raw = 0.0
        elif parsed:
            root = span.root
            own = _clause_of(span, unit)
            inside = sum(v for k, v in enumerate(vals[clause[0]:clause[1]], start=clause[0])
                         if start + k in own)
            outside = sum(vals[clause[0]:clause[1]]) - inside
            head = root.head
            if root.dep_ in _OBJECT_DEPS and _has_neg(head) and head.i in own \
                    and start <= head.i < unit.end:
                # "they don't guarantee outcomes": the negated verb judges its
                # subject, not the outcomes
                inside -= vals[head.i - start]
            patient = head.head if root.dep_ == "pobj" else head
            if root.dep_ in ("dobj", "obj", "nsubjpass", "pobj") and patient.i in own \
                    and start <= patient.i < unit.end and vals[patient.i - start] < 0 \
                    and patient.lemma_.lower() in HARM_EVENTS and not _has_neg(patient):
                # "the city was attacked", "attacks on the city": what happens to
                # the target is not a stance against it
                inside -= vals[patient.i - start]
            if _is_predicated(span):
                bounds = (start + clause[0], start + clause[1])
                inside = self._predicate_valence(unit, vals, span, own, inside, bounds)
                inside *= self.subject_boost
            elif root.dep_ in _MODIFIER_DEPS and not span.start <= head.i < span.end:
                inside *= self.modifier_weight
            raw = inside + outside * self.outside_weight
        else:
            raw = sum(vals[clause[0]:clause[1]])
        score = _norm(raw)
        negated = any(w.replace("’", "'") in NEGATIONS for w in low[clause[0]:clause[1]])
        cue = ""
        later_contrast = conceded or any(c > rel_s for c in cuts[1:-1])
        if later_contrast and score > 0:
            score, cue = -0.5 * score, "concession"
        window = low[max(0, rel_s - 5):rel_s]
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
        after = " ".join(low[rel_e:min(clause[1], rel_e + 8)]).replace("’", "'")
        lim_b = next((c for c in LIMITERS_BEFORE if before.endswith(c)), "")
        padded = f" {after} "
        lim_a = next((c for c, spaced in _LIMITERS_AFTER_SPACED if spaced in padded), "")
        if lim_b or lim_a:
            score = min(score, 0.0) - 0.4
            negated, cue = True, lim_b or lim_a
        elif parsed and root.dep_ not in _OBJECT_DEPS:
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
        """Store stances in ``doc._.argmap_stances`` and the settings the
        author-level aggregation needs in ``doc._.argmap_stance_settings``."""
        doc._.argmap_stances = list(stances)
        doc._.argmap_stance_settings = {"threshold": self.threshold,
                                        "speech_weight": self.speech_weight,
                                        "description_weight": self.description_weight,
                                        "opinion_share": self.opinion_share,
                                        "neutral_weight": self.neutral_weight,
                                        "role_weights": dict(self.role_weights),
                                        "backend": self.active_backend}


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
        mean = sum(s * v for s, v in vals) / w if w > 0 else sum(s for s, _ in vals) / len(vals)
        by_target.setdefault(target, []).append((mean, max(v for _, v in vals)))
    out = {}
    for target, vals in by_target.items():
        pols = [polarity_of(s, threshold) for s, _ in vals]
        vals = [(s, w * (neutral_weight if p == "neutral" else 1.0)) for (s, w), p in zip(vals, pols)]
        total = sum(w for _, w in vals)
        mean = sum(s * w for s, w in vals) / total if total > 0 else 0.0
        n_pro, n_con, n_neu = pols.count("pro"), pols.count("con"), pols.count("neutral")
        pol = polarity_of(mean, threshold)
        if n_pro and n_con and pol == "neutral":
            pol = "mixed"
        out[target] = (pol, round(mean, 4), n_pro, n_con, n_neu)
    return out
