"""Pronouns and short definite references that point back to a target.

:func:`resolve_references` links "they", "it", "its", "he", "she" and short
definite noun phrases ("the university", "the list", "the regulator") to the
most recent compatible target within ``window`` tokens before them, and a
bare distinctive name ("Edinburgh" after "the University of Edinburgh") to
the one institution or organisation named with it (none when two share it). A
compatible antecedent must also be the nearest candidate of its kind: when
the nearest plural noun before "they" is not a target ("students"), the
pronoun is left alone instead of jumping to an older target.

Kinds are the id prefixes: ``person``, ``institution``, ``org``,
``country``, ``region``, ``concept`` (see :mod:`argmap.pipeline.entities`).

>>> import spacy
>>> from spacy.tokens import Span
>>> doc = spacy.blank("en")("Harvard is old. It is also rich.")
>>> [(s.text, t) for s, t in resolve_references(doc, [(doc[0:1], "institution:harvard")])]
[('It', 'institution:harvard')]
"""
from __future__ import annotations

import re
from typing import Sequence

from spacy.tokens import Doc, Span

from .doctext import find_tokens

__all__ = ["resolve_references", "PRONOUN_KINDS", "DEFINITE_KINDS"]

_GROUPS = ("institution", "org", "country", "region")
#: Which target kinds each pronoun may refer to; the second item is the number.
PRONOUN_KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "he": (("person",), "sg"), "him": (("person",), "sg"), "his": (("person",), "sg"),
    "she": (("person",), "sg"), "her": (("person",), "sg"),
    "it": (_GROUPS + ("concept",), "sg"), "its": (_GROUPS + ("concept",), "sg"),
    "they": (_GROUPS + ("concept",), "pl"), "them": (_GROUPS + ("concept",), "pl"),
    "their": (_GROUPS + ("concept",), "pl"),
}
#: Head nouns of short definite references and the kinds they can name.
DEFINITE_KINDS: dict[str, tuple[str, ...]] = {
    "university": ("institution",), "school": ("institution",), "college": ("institution",),
    "institute": ("institution",), "hospital": ("institution",),
    "country": ("country",), "nation": ("country",),
    "organisation": ("org",), "organization": ("org",), "company": ("org",),
    "agency": ("org",), "group": ("org",), "firm": ("org",), "party": ("org",),
    "council": ("org",), "regulator": ("org",), "authority": ("org",), "union": ("org",),
    "commission": ("org",), "charity": ("org",), "association": ("org",),
    "federation": ("org",), "court": ("org",), "watchdog": ("org",), "board": ("org",),
    "department": ("org",), "ministry": ("org",),
    "list": ("concept", "org"), "ranking": ("concept", "org"), "rankings": ("concept", "org"),
    "table": ("concept", "org"), "president": ("person",), "minister": ("person",),
    "senator": ("person",), "governor": ("person",), "candidate": ("person",),
    "justice": ("person",), "judge": ("person",), "leader": ("person",),
}
_EXPLETIVE = re.compile(r"^(?:is|was|'s|seems|seemed|would|will|has|had|remains|may|might|"
                        r"can|could|should|must)\b", re.I)
_PERSON_LABELS = frozenset({"PERSON"})


def _kind(tid: str) -> str:
    return tid.split(":", 1)[0]


def _plural(tok) -> bool:
    if tok.tag_:
        return tok.tag_ in ("NNS", "NNPS")
    return tok.lower_.endswith("s") and not tok.lower_.endswith("ss") and len(tok) > 3


def _is_expletive(doc: Doc, i: int) -> bool:
    """'It is clear that', 'it seems': an 'it' that points at nothing."""
    tok = doc[i]
    if tok.dep_ == "expl":
        return True
    rest = doc[i + 1:i + 6].text
    return bool(_EXPLETIVE.match(rest)) and bool(re.search(r"\b(that|to|whether|how|why)\b",
                                                            rest + " " + doc[i + 6:i + 9].text))


def resolve_references(doc: Doc, targets: Sequence[tuple[Span, str]], *, window: int = 60
                       ) -> list[tuple[Span, str]]:
    """Return ``(reference span, target id)`` for every pronoun or short
    definite reference that points back to one of ``targets``.

    Args:
        doc: A Doc (POS tags and NER help but are not needed).
        targets: ``(span, target id)`` pairs, the possible antecedents.
        window: How many tokens back an antecedent may be.
    """
    if not targets:
        return []
    ordered = sorted(targets, key=lambda x: x[0].start)
    covered = {i for s, _ in ordered for i in range(s.start, s.end)}
    persons = [e for e in doc.ents if e.label_ in _PERSON_LABELS]
    out = []
    names: dict[str, set[str]] = {}  # distinctive word -> institutions/orgs named with it
    k = 0
    # only pronouns, definite nouns and distinctive words of names can refer:
    # the other tokens are never built
    distinctive = {w for span, tid in ordered if _kind(tid) in ("institution", "org")
                   for w in _distinctive(span)}
    found = find_tokens(doc, {*PRONOUN_KINDS, *DEFINITE_KINDS}, lower=True)
    for i in sorted({*found, *find_tokens(doc, distinctive)}):
        tok = doc[i]
        while k < len(ordered) and ordered[k][0].end <= tok.i:
            span, tid = ordered[k]
            if _kind(tid) in ("institution", "org"):
                for w in _distinctive(span):
                    names.setdefault(w, set()).add(tid)
            k += 1
        if tok.i in covered:
            continue
        if len(names.get(tok.text, ())) == 1 and tok.is_title and tok.pos_ in ("PROPN", ""):
            # one name only: "Sheffield" after both "Sheffield City Council" and
            # "Friends of Sheffield Libraries" points to neither
            out.append((doc[tok.i:tok.i + 1], next(iter(names[tok.text]))))
            continue
        low = tok.lower_
        if low in PRONOUN_KINDS:
            kinds, number = PRONOUN_KINDS[low]
            if low == "it" and _is_expletive(doc, tok.i):
                continue
            span = doc[tok.i:tok.i + 1]
        elif low in DEFINITE_KINDS and tok.i > 0 and doc[tok.i - 1].lower_ == "the" \
                and not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of") \
                and not (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title
                         and tok.i + 1 not in covered):
            kinds, number = DEFINITE_KINDS[low], ""
            span = doc[tok.i - 1:tok.i + 1]
        else:
            continue
        best = _antecedent(doc, tok.i, span.start, kinds, number, ordered, persons, window)
        if best:
            out.append((span, best))
    return out


#: Words of a name that do not identify it alone ("University of Edinburgh": only "Edinburgh").
_GENERIC_NAME_WORDS = frozenset({
    "university", "college", "institute", "school", "academy", "hospital", "national", "royal",
    "council", "agency", "commission", "authority", "association", "federation", "court",
    "office", "department", "ministry", "union", "trust", "fund", "foundation", "bank",
    "group", "company", "society", "city", "state", "county", "european", "british",
    "american", "international", "world", "global", "health", "data", "protection", "north",
    "south", "east", "west", "new", "united", "general", "central", "public", "research",
    "technology", "science", "sciences", "medical", "medicine", "business", "markets",
    "competition", "education", "quality", "assurance", "network", "league", "party",
    "church", "forum", "centre", "center", "board", "service", "services", "committee",
})


def _distinctive(span: Span) -> list[str]:
    """The words of a multi-word name that identify it alone ("Edinburgh" in
    "the University of Edinburgh"); none for a one-word name or an acronym."""
    words = [t for t in span if t.is_alpha]
    if len(words) < 2:
        return []
    return [t.text for t in words if t.is_title and len(t) >= 4
            and t.lower_ not in _GENERIC_NAME_WORDS]


_MALE = frozenset({"he", "him", "his", "mr", "mr.", "sir", "lord", "king"})
_FEMALE = frozenset({"she", "her", "hers", "mrs", "mrs.", "ms", "ms.", "miss", "lady", "queen"})


def _gender(span: Span) -> str:
    """"m"/"f" from a title before or in a person's name ("Mrs. Clinton"), else ""."""
    words = [t.lower_ for t in span[:1]]
    if span.start > 0:
        words.append(span.doc[span.start - 1].lower_)
    if any(w in _MALE for w in words):
        return "m"
    return "f" if any(w in _FEMALE for w in words) else ""


_LIST_NOUNS = frozenset({"list", "ranking", "rankings", "table"})


def _salient(span: Span, tid: str, word: str) -> bool:
    """A concept is an antecedent only as a subject ("Rankings ... they"),
    and "the list" / "the table" only names a ranking-like concept."""
    if word in _LIST_NOUNS:
        return any(k in tid for k in ("rank", "table", "list"))
    if not span.doc.has_annotation("DEP"):
        return True
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


_PRONOUN_WORDS = frozenset(PRONOUN_KINDS)
#: How far back "the regulator" finds an organisation with "Regulator" in its name.
_NAMED_WINDOW = 1000


def _antecedent(doc: Doc, i: int, start: int, kinds: tuple[str, ...], number: str,
                targets: Sequence[tuple[Span, str]], persons: Sequence[Span], window: int) -> str:
    word = doc[i].lower_  # a pronoun or a definite reference's noun ("regulator")
    gender = "m" if word in _MALE else "f" if word in _FEMALE else ""

    def fits(span: Span) -> bool:
        g = _gender(span)
        return not (gender and g and g != gender)

    if kinds == ("org",) and word not in _PRONOUN_WORDS:
        # "the regulator" is the Independent Football Regulator named earlier in
        # the text, even when another organisation was named since
        named = [t for s, t in targets if s.end <= start and start - s.end <= _NAMED_WINDOW
                 and _kind(t) == "org" and word in (w.lower_ for w in s)]
        if named:
            return named[-1]
    before = [(s, t) for s, t in targets if s.end <= start and start - s.end <= window
              and _kind(t) in kinds and (_kind(t) != "person" or fits(s))
              and (_kind(t) != "concept" or _salient(s, t, word))]
    if not before:
        return ""
    span, tid = before[-1]
    if kinds == ("person",):
        # the nearest person of the right gender named before the pronoun must be the target
        near = [p for p in persons if p.end <= start and start - p.end <= window and fits(p)]
        if near and near[-1].end > span.end:
            return ""
        return tid
    if number:
        # the nearest noun of the pronoun's number must belong to the target
        for j in range(start - 1, max(-1, start - window - 1), -1):
            t = doc[j]
            if t.pos_ in ("NOUN", "PROPN") or (not t.pos_ and t.is_alpha and len(t) > 2
                                               and not t.is_stop):
                if span.start <= j < span.end:
                    return tid
                if t.pos_ == "PROPN" or (t.pos_ == "NOUN" and (_plural(t) == (number == "pl"))):
                    return ""
        return ""
    return tid
