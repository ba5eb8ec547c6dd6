"""Who is speaking: reported speech and the author's verdicts on it.

:func:`speakers_of` gives each unit its speaker: ``""`` for the author, or
the one whose view the sentence reports –

* "according to QS, ..." (the speaker is what follows "according to");
* "Critics argue that ...", "Some people claim ...", "Officials said ..."
  (a reporting verb whose subject is not "I"/"we");
* "..., the minister said." (the reporting verb after the content);
* a quotation of four words or more, attributed in the same sentence or,
  failing that, to ``"quoted"``.

The speaker is an entity id when the speaker phrase names a target
("org:qs"), else the lower-cased phrase ("critics").

:func:`verdict_of` finds a short unit in which the author judges what was
just reported ("What a load of old baloney.", "Nonsense."): it returns the
verdict's sign, so the reported stances can count against (or for) the
author's view.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp("Critics argue that rankings mislead. I disagree.")
>>> speakers_of(doc, [doc[0:6], doc[6:9]], [])
['critics', '']
"""
from __future__ import annotations

import re
from typing import Collection, Sequence

from spacy.tokens import Doc, Span

from .doctext import span_text, token_strings
from .units import SUBJECT_DEPS

__all__ = ["speakers_of", "verdict_of", "denies", "points_back", "quote_spans", "REPORT_VERBS", "GROUP_SPEAKERS",
           "SPEAKER_NOUNS"]

#: Reporting verbs (word forms) that attribute what follows to their subject.
REPORT_VERBS = frozenset({
    "say", "says", "said", "argue", "argues", "argued", "claim", "claims", "claimed",
    "insist", "insists", "insisted", "contend", "contends", "contended", "warn", "warns",
    "warned", "told", "tells", "state", "states", "stated", "believe", "believes", "believed",
    "maintain", "maintains", "maintained", "assert", "asserts", "asserted", "allege",
    "alleges", "alleged", "complain", "complains", "complained", "suggest", "suggested",
    "accuse", "accuses", "accused", "declare", "declares", "declared", "announce",
    "announced", "announces", "write", "writes", "wrote", "tweeted", "added", "noted",
    # reactions that give the subject's view, not the author's ("X welcomed the ruling")
    "welcome", "welcomes", "welcomed", "describe", "describes", "described", "call", "calls",
    "called", "urge", "urges", "urged", "praise", "praises", "praised", "criticise",
    "criticises", "criticised", "criticize", "criticizes", "criticized", "condemn", "condemns",
    "condemned", "dismiss", "dismisses", "dismissed", "reject", "rejects", "rejected",
    "hail", "hails", "hailed", "blame", "blames", "blamed", "predict", "predicts", "predicted",
})
#: Group nouns that open a reported view ("Critics argue ...", "Some say ...").
GROUP_SPEAKERS = ("critics", "opponents", "sceptics", "skeptics", "supporters", "proponents",
                  "defenders", "commentators", "observers", "officials", "experts", "analysts",
                  "people", "others", "some", "many", "advocates", "detractors", "activists")
#: Passive reports: "X was accused of ...", "X has been attacked by ...".
_PASSIVE_REPORTS = frozenset({"accused", "criticised", "criticized", "attacked", "blamed",
                              "condemned", "faulted", "praised", "hailed", "described"})
_FIRST_PERSON = frozenset({"i", "we", "i'm", "we're"})
#: Nouns for people who speak ("the minister said"); named subjects count too.
SPEAKER_NOUNS = frozenset(GROUP_SPEAKERS) | frozenset({
    "critic", "opponent", "supporter", "proponent", "official", "expert", "analyst", "minister",
    "president", "spokesman", "spokeswoman", "spokesperson", "author", "authors", "researcher",
    "researchers", "scientist", "scientists", "economist", "economists", "leader", "leaders",
    "chief", "director", "professor", "commentator", "senator", "lawmakers", "campaigners",
    "residents", "parents", "students", "doctors", "teachers", "voters", "he", "she",
    "executive", "secretary", "chair", "chairman", "chairwoman", "principal", "governor",
    "spokespeople", "representative", "representatives", "campaigner", "adviser", "head",
    "manager", "councillor", "mayor", "lawyer", "lawyers", "union", "group", "they"})
#: Subjects of "says"/"suggests" that are evidence, not speakers ("this suggests").
_NOT_SPEAKERS = frozenset({"this", "that", "it", "which", "what", "evidence", "data",
                           "research", "study", "studies", "history", "experience"})
_QUOTE_RE = re.compile(r"\"([^\"\n]{3,}?)\"")
_ACCORDING = re.compile(r"\b(?i:according to) ((?:the )?[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*)*|[a-z]+)")
_GROUP_START = re.compile(
    r"^(?:(?:some|many|most|other|several|few)\s+)?(?:of\s+(?:the|its|their)\s+)?(?:\w+\s+)?"
    r"(" + "|".join(GROUP_SPEAKERS) + r")\b(?:\s+\w+){0,2}?\s+(" + "|".join(sorted(REPORT_VERBS))
    + r")\b", re.I)


def quote_spans(text: str, min_words: int = 1) -> list[tuple[int, int]]:
    """Character ranges inside straight double quotes (of ``min_words`` or more words).

    >>> quote_spans('He called it "a slap on the wrist" and left.')
    [(14, 33)]
    """
    return [(m.start(1), m.end(1)) for m in _QUOTE_RE.finditer(text)
            if len(m.group(1).split()) >= min_words]


def _sentences(doc: Doc, units: Sequence[Span]) -> list[tuple[int, int]]:
    from .units import sentence_bounds

    return sentence_bounds(doc)


_PRONOUNS = frozenset({"it", "its", "they", "their", "them", "he", "his", "him", "she", "her"})


def _target_at(start: int, end: int, targets: Sequence[tuple[Span, str]]) -> str:
    """The first target between ``start`` and ``end``; a name before a pronoun
    ("Its chief executive, Helen Marsh, ...": Helen Marsh speaks)."""
    hits = [(span, tid) for span, tid in targets if span.start_char < end and start < span.end_char]
    named = [tid for span, tid in hits if span_text(span).lower() not in _PRONOUNS]
    return named[0] if named else hits[0][1] if hits else ""


def _speaker_in(sent: Span, targets: Sequence[tuple[Span, str]], lower: Sequence[str],
                parsed: bool) -> str:
    """The speaker a sentence reports, or ``""`` when the author speaks; ``lower`` is
    :func:`~argmap.pipeline.doctext.token_strings` of the Doc, ``parsed`` whether it has
    a dependency parse."""
    text = span_text(sent)
    m = _ACCORDING.search(text)
    if m:
        a, b = sent.start_char + m.start(1), sent.start_char + m.end(1)
        return _target_at(a, b, targets) or m.group(1).lower().removeprefix("the ")
    m = _GROUP_START.search(text.lstrip(" \"'(\n"))
    if m:
        return m.group(1).lower()
    if parsed:
        for i in range(sent.start, sent.end):
            if lower[i] not in REPORT_VERBS and lower[i] not in _PASSIVE_REPORTS:
                continue  # a Token is built only for a report verb
            tok = sent.doc[i]
            if lower[i] in _PASSIVE_REPORTS and tok.dep_ in ("ROOT", "conj") \
                    and any(c.dep_ == "nsubjpass" for c in tok.children) \
                    and any(c.dep_ == "auxpass" for c in tok.children):
                # "X was accused of ...", "X has been attacked by the industry":
                # the view is the accusers', not the author's
                agent = next((g for c in tok.children if c.dep_ == "agent"
                              for g in c.children if g.dep_ == "pobj"), None)
                if agent is None:
                    return "others"
                whole = sent.doc[agent.left_edge.i:agent.right_edge.i + 1]
                return _target_at(whole.start_char, whole.end_char, targets) or \
                    whole.text.lower().removeprefix("the ")
            if lower[i] not in REPORT_VERBS or tok.pos_ not in ("VERB", "AUX"):
                continue
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or subj.lower_ in _FIRST_PERSON or subj.lower_ in _NOT_SPEAKERS:
                continue
            if not (subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                    or subj.lower_ in SPEAKER_NOUNS):
                continue
            if tok.dep_ not in ("ROOT", "parataxis", "ccomp", "conj"):
                continue
            phrase = sent.doc[subj.left_edge.i:subj.i + 1]
            # "Its chief executive, Helen Marsh, argues": the name in apposition speaks
            whole = sent.doc[subj.left_edge.i:min(subj.right_edge.i + 1, sent.end)]
            return _target_at(whole.start_char, whole.end_char, targets) or \
                phrase.text.lower().removeprefix("the ")
    else:
        # "..., the minister said." without a parse
        m = re.search(r",\s+((?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?)\s+(said|says|argued|added|"
                      r"warned|claimed|insisted)\s*[.!?\"]*\s*$", text, re.I)
        if m and m.group(1).lower() not in _FIRST_PERSON:
            a, b = sent.start_char + m.start(1), sent.start_char + m.end(1)
            return _target_at(a, b, targets) or m.group(1).lower().removeprefix("the ")
    return ""


def speakers_of(doc: Doc, units: Sequence[Span], targets: Sequence[tuple[Span, str]],
                text: str | None = None, lower: Sequence[str] | None = None) -> list[str]:
    """Return the speaker of each unit (``""`` = the author).

    Args:
        doc: The Doc.
        units: Its argumentative units, in order.
        targets: ``(span, target id)`` pairs, to name a speaker by its id.
        text: ``doc.text``, if the caller has it already.
        lower: :func:`~argmap.pipeline.doctext.token_strings` of the Doc, if the
            caller has it already.
    """
    out = []
    bounds = _sentences(doc, units)
    quotes = quote_spans(doc.text if text is None else text, 4)
    cache: dict[tuple[int, int], str] = {}
    if lower is None:
        lower = token_strings(doc)
    parsed = doc.has_annotation("DEP")  # a scan of the Doc: once, not per sentence
    k = 0
    for unit in units:
        while k + 1 < len(bounds) and bounds[k][1] <= unit.start:
            k += 1
        b = bounds[k] if bounds else (0, len(doc))
        if b not in cache:
            cache[b] = _speaker_in(doc[b[0]:b[1]], targets, lower, parsed)
        speaker = cache[b]
        if not speaker and any(a <= unit.start_char and unit.end_char <= z + 1 for a, z in quotes):
            speaker = "quoted"
        out.append(speaker)
    return out


#: Words that open the clause carrying the point ("..., but it is misleading").
_CONTRASTS = frozenset({"but", "yet", "however"})
_CLAUSE_PUNCT = frozenset({";", ",", ":", ".", "!", "?"})


def verdict_of(unit: Span, valences: Sequence[float], target_starts: Collection[int] = (), *,
               max_words: int = 8) -> float:
    """The author's verdict a unit gives on what came before, in [-1, 1], or 0.

    A verdict is a short unit (at most ``2 * max_words`` words; or its opening
    clause of at most ``max_words``) carried by strong valence words ("What a
    load of old baloney.", "I don't agree;", "Nonsense."). Its clauses (cut at
    ``, ; :``) that name no target (no token index in ``target_starts``) count,
    the last one fully and the others half when it has valence of its own
    ("It is a powerful line, and it is misleading." is negative); after a contrast ("..., but it turns into a
    vice") only the clause after it counts. ``valences`` are the unit's token
    valences, negation applied.

    >>> import spacy
    >>> doc = spacy.blank("en")("What a load of old baloney.")
    >>> verdict_of(doc[:], [0, 0, 0, 0, 0, -2.5, 0]) < 0
    True
    >>> doc = spacy.blank("en")("It is a powerful line, and it is misleading.")
    >>> verdict_of(doc[:], [0, 0, 0, 1.8, 0, 0, 0, 0, 0, -2.0, 0]) < 0
    True
    """
    toks = list(unit)
    words = sum(t.is_alpha for t in toks)
    if not words:
        return 0.0
    clauses: list[tuple[int, int]] = []
    start = 0
    for k, t in enumerate(toks):
        if k and (t.text in _CLAUSE_PUNCT or t.lower_ in _CONTRASTS):
            if k > start:
                clauses.append((start, k))
            start = k + 1 if t.text in _CLAUSE_PUNCT else k
    if start < len(toks):
        clauses.append((start, len(toks)))
    contrast = [c for c in clauses if toks[c[0]].lower_ in _CONTRASTS]
    if contrast:  # "..., but it turns into a vice when ...": the point after the contrast
        a, b = contrast[-1]
        clauses = [(a, min(b, a + 2 * max_words))]
    elif words > 2 * max_words:
        clauses = clauses[:1]  # a long unit: only a short opening clause can be a verdict
    sums = [0.0 if any(t.i in target_starts for t in toks[a:b]) else sum(valences[a:b])
            for a, b in clauses]
    # the last clause carries the point; the ones before it count half, unless it is flat
    earlier = 0.5 if sums and sums[-1] else 1.0
    raw = sums[-1] + earlier * sum(sums[:-1]) if sums else 0.0
    if abs(raw) < 1.0:
        return 0.0
    return max(-1.0, min(1.0, raw / 2.5))


#: "It would not.", "That is not so.", "They don't.": a pronoun, an auxiliary
#: and a negation, with nothing else but "so", "true", "yet" or "now".
_DENIAL = re.compile(
    r"^(?:it|that|this|they|he|she|none of (?:this|that|it))\s+"
    r"(?:is|was|are|were|would|will|does|did|do|has|have|had|can|could|should|must)"
    r"(?:\s*n[o']t|\s+not)(?:\s+(?:so|true|yet|now|really|at all))?\s*[.!]?$", re.I)


def denies(unit: Span) -> bool:
    """A unit that only denies what was just said ("It would not.", "It is not.").

    It has no valence word for :func:`verdict_of` to read, but after a
    reported claim it is the author's verdict against it.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> denies(nlp("It would not.")[:]), denies(nlp("It is not true.")[:])
    (True, True)
    >>> denies(nlp("It is not clear.")[:]), denies(nlp("It would not help the poor.")[:])
    (False, False)
    """
    return bool(_DENIAL.match(span_text(unit).strip().replace("\u2019", "'")))


_BACK = frozenset({"that", "this", "it", "such", "which", "neither", "both", "each"})


def points_back(unit: Span) -> bool:
    """Whether a unit is about what came before: its subject is "that",
    "this", "it" ("That is wishful thinking.") or "neither"/"both" ("Neither
    has been abandoned."), or it has none ("What a
    mess."). A unit with a subject of its own ("The work was slow") is not.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> points_back(nlp("That is wishful thinking.")[:]), points_back(nlp("The work was slow.")[:])
    (True, False)
    """
    toks = [t for t in unit if not t.is_punct]
    if not toks:
        return False
    if unit.doc.has_annotation("DEP"):
        subj = [t for t in toks if t.dep_ in SUBJECT_DEPS
                and t.head.dep_ == "ROOT"]
        return all(t.lower_ in _BACK for t in subj)
    return toks[0].lower_ in _BACK or toks[0].lower_ in ("what", "how")
