"""Cue lexicons shared by the unit, relation and stance components.

Every cue list is plain data so that users can read and extend it; matching
is done on lower-cased, quote-normalised text with word boundaries.
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "MAJOR_CUES",
    "CLAIM_CUES",
    "PREMISE_CUES",
    "CONCESSION_CUES",
    "CONTRAST_STARTS",
    "CONCESSION_STARTS",
    "CONCLUSION_STARTS",
    "NEGATIONS",
    "LIMITERS_BEFORE",
    "LIMITERS_AFTER",
    "CONTRAST_WORDS",
    "ARGUMENT_LEXICON",
    "OPPOSING_VOICE",
    "ANAPHORIC_STARTS",
    "cue_score",
    "find_cues",
    "opposing_voice",
]

#: Phrases that announce the author's thesis.
MAJOR_CUES: dict[str, float] = {
    "my takeaway": 3.0, "i argue": 3.0, "i'd argue": 2.5, "i would argue": 2.5, "i will argue": 3.0, "i contend": 3.0,
    "i'm here to argue": 2.5, "i am here to argue": 2.5, "my argument": 2.5,
    "the bottom line": 2.5, "in conclusion": 2.0, "to conclude": 2.0, "to sum up": 2.0,
    "in short": 1.5, "in sum": 1.5, "my point": 2.0, "i maintain": 2.0,
    "i firmly believe": 2.0, "the point is": 1.5, "this essay": 1.5, "ultimately": 1.0,
    "all in all": 1.5, "overall": 0.8, "in the end": 1.0,
}

#: Opinion, modal and epistemic cues typical of claims.
CLAIM_CUES: dict[str, float] = {
    "i think": 1.0, "i believe": 1.0, "in my view": 1.2, "in my opinion": 1.2,
    "from my perspective": 1.0, "from my point of view": 1.0, "personally": 0.8,
    "should": 1.0, "must": 1.0, "ought": 1.0, "need to": 0.8, "needs to": 0.8,
    "have to": 0.5, "has to": 0.5, "clearly": 0.5, "suggests": 0.6, "means": 0.4,
    "underscores": 0.6, "shows that": 0.5, "i suspect": 0.8, "i find": 0.6,
    "it is clear": 0.8, "therefore": 0.8, "thus": 0.8, "hence": 0.8,
    "consequently": 0.8, "better": 0.4, "worse": 0.4, "the real": 0.5, "really": 0.3,
    "it's about": 0.5, "is about": 0.3, "what matters": 0.8, "the question is": 0.6,
}

#: Evidence and justification cues typical of premises.
PREMISE_CUES: dict[str, float] = {
    "because": 1.2, "since": 0.8, "for example": 1.5, "for instance": 1.5,
    "such as": 0.5, "according to": 1.2, "studies": 1.0, "study": 0.8,
    "research shows": 1.2, "evidence": 0.8, "data": 0.8, "percent": 1.0, "%": 1.0,
    "often": 0.4, "after all": 1.0, "given that": 1.0, "in fact": 0.8, "indeed": 0.5,
    "as a result": 0.6, "correlates": 0.6, "survey": 0.8, "report": 0.5, "figures": 0.5,
    "when": 0.3, "if": 0.3, "last year": 0.6, "in 20": 0.4,
}

#: Cues of a conceded or opposing view (candidate attacks).
CONCESSION_CUES: dict[str, float] = {
    "admittedly": 1.5, "of course": 1.0, "granted": 1.2, "it is true that": 1.2,
    "it's true that": 1.2, "critics": 1.2, "opponents": 1.2, "some argue": 1.5,
    "some say": 1.2, "some people": 1.0, "skeptics": 1.2, "sceptics": 1.2,
    "defenders": 1.0, "one might": 1.2, "one could": 1.0, "proponents": 1.0,
    "it may be": 0.8, "may seem": 0.8, "to be fair": 1.0, "although": 0.6,
    "though": 0.5, "while it": 0.8,
}

#: Unit openings that contrast with what came before.
CONTRAST_STARTS = ("however", "but", "yet", "nevertheless", "nonetheless", "still",
                   "on the other hand", "in contrast", "by contrast", "even so",
                   "that said", "instead", "on the contrary", "conversely")

#: Unit openings that report a view the author concedes or goes on to answer.
CONCESSION_STARTS = ("admittedly", "granted", "of course", "to be fair", "it is true that",
                     "it's true that", "critics", "opponents", "skeptics", "sceptics",
                     "some argue", "some say", "some people", "some critics", "defenders",
                     "proponents", "one might", "one could argue", "true,", "sure,")

#: Unit openings that draw a conclusion from what came before.
CONCLUSION_STARTS = ("therefore", "thus", "hence", "so", "consequently", "as a result",
                     "that is why", "this is why", "which is why", "for this reason")

#: An explicit opposing voice: who holds the view, then a reporting verb
#: ("critics say", "some people argue that", "some dog owners assume",
#: "it is often claimed").
OPPOSING_VOICE = re.compile(
    r"^(?:[a-z]+ )?(?:(?:critics|opponents|sceptics|skeptics|supporters|proponents|defenders|"
    r"advocates|detractors|campaigners|activists|(?:[a-z']+ )?(?:groups|unions|lobbies|lobbyists)|"
    r"some(?: people| critics| commentators| observers)?|others|many(?: people)?"
    r"|(?:some|many) [a-z]+(?: [a-z]+)?s)"
    r"(?: of [\w' -]{1,40}?)?(?: also| often| sometimes| still| rightly| will)?"
    r" (?:argue|argues|claim|claims|say|says|insist|insists|contend|contends|point out|points out|"
    r"suggest|suggests|warn|warns|object|objects|complain|complains|maintain|maintains|believe|"
    r"believes|worry|worries|fear|fears|would say|might say|may say|will say|think|assume|feel)\b"
    r"|it is (?:often |sometimes |commonly |frequently |widely |also )*(?:claimed|said|argued|"
    r"suggested|objected|assumed|believed)\b"
    r"|(?:the|a|an|one|another)(?: [a-z]+){0,2}? (?:objection|criticism|complaint|counterargument|"
    r"counter-argument)(?: to [\w' -]{1,40}?)? is that\b)")

#: Openers that refer back to the unit before ("This matters", "Such rules ...").
ANAPHORIC_STARTS = ("this", "these", "such", "those")

NEGATIONS = frozenset({
    "not", "n't", "no", "never", "none", "nobody", "nothing", "neither", "nor",
    "cannot", "without", "hardly", "rarely", "dont", "don't", "doesn't", "isn't",
    "aren't", "wasn't", "weren't", "won't", "can't", "shouldn't", "wouldn't", "n’t",
})

#: "not just prestige": the target that follows is being played down.
LIMITERS_BEFORE = ("not just", "not only", "not simply", "not merely", "rather than",
                   "instead of", "more than", "beyond", "not", "n't chase", "not chase",
                   "critics of", "critical of", "sceptical of", "skeptical of", "against",
                   "opposed to", "wary of", "obsession with", "fixation on", "dependence on",
                   "overreliance on", "over-reliance on", "looks good on", "look good on",
                   "looking good on")

#: "rankings ... don't guarantee": the target before is being limited.
LIMITERS_AFTER = ("not necessarily", "not automatically", "n't automatically",
                  "n't guarantee", "no guarantee", "not guarantee", "n't mean",
                  "does not mean", "is not enough", "isn't enough", "aren't enough",
                  "are not enough", "alone", "fail to", "fails to", "cannot", "can't",
                  "n't tell", "not tell", "overlook", "overlooks", "ignore", "ignores",
                  "mislead", "misleads", "distort", "distorts", "never measure",
                  "never measures", "never capture", "never captures", "n't capture",
                  "not capture", "n't measure", "not measure", "miss", "misses")

CONTRAST_WORDS = frozenset({"but", "however", "yet", "although", "though", "whereas",
                            "nevertheless", "nonetheless"})

#: Argument-evaluation words added to the VADER lexicon (valence -4..4).
ARGUMENT_LEXICON: dict[str, float] = {
    "mislead": -2.0, "misleads": -2.0, "misleading": -2.0, "overrated": -1.8,
    "flawed": -2.0, "distort": -1.6, "distorts": -1.6, "distorted": -1.6,
    "arbitrary": -1.2, "narrow": -0.8, "gamed": -1.5, "inequality": -1.5,
    "inequalities": -1.5, "unequal": -1.5, "outdated": -1.5, "cling": -1.0,
    "obsession": -1.2, "obsessed": -1.2, "superficial": -1.5, "crude": -1.2,
    "shallow": -1.2, "opaque": -1.2, "biased": -1.8, "bias": -1.2, "harmful": -2.0,
    "unfair": -2.0, "entrench": -1.2, "entrenches": -1.2, "concentrated": -0.6,
    "hollow": -1.5, "noise": -0.8, "fixation": -1.2, "myth": -1.2,
    "reliable": 1.5, "rigorous": 1.5, "robust": 1.2, "transparent": 1.2,
    "deserved": 1.5, "deserve": 1.0, "earn": 1.0, "earned": 1.2, "rational": 1.2,
    "useful": 1.6, "valuable": 1.9, "informative": 1.3, "accurate": 1.5,
    "genuine": 1.2, "genuinely": 1.0, "excellence": 2.0, "quality": 1.0,
    "predict": 0.6, "predicts": 0.6, "invaluable": 2.0, "essential": 1.2,
    "thrive": 1.8, "opportunity": 1.2, "opportunities": 1.2, "advantage": 1.0,
    "dominance": -0.3, "lure": -0.4, "chase": -0.3, "popularity": 0.3,
    "chasing": -0.3, "costly": -1.2, "unreliable": -1.8, "exaggerated": -1.2,
    "inflated": -1.0, "simplistic": -1.2, "reductive": -1.2, "sensible": 1.2,
    "sensibly": 1.0, "credible": 1.3, "meaningful": 1.3, "meaningless": -1.5,
}


@lru_cache(maxsize=64)
def _pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for ``cues``: longest first, word boundaries where a cue starts
    or ends with a letter or digit.

    The cues that start with a letter or digit share one leading ``\\b``, so
    each alternative begins with a literal that ``re`` rejects in one step (with
    a ``\\b`` in front of each, ``re`` entered every alternative at every word
    boundary: 2.6 times slower). The matches are the same: a cue that starts
    with a letter and one that starts with, say, ``%`` never match at the same
    place, and the alternatives keep their order.
    """
    alts = sorted(cues, key=len, reverse=True)

    def body(cue: str) -> str:
        return re.escape(cue) + (r"\b" if cue[-1].isalnum() else "")

    words = [body(cue) for cue in alts if cue[0].isalnum()]
    parts = [r"\b(?:" + "|".join(words) + ")"] if words else []
    parts += [body(cue) for cue in alts if not cue[0].isalnum()]
    return re.compile("|".join(parts))


def find_cues(text: str, cues: dict[str, float] | tuple[str, ...]) -> list[str]:
    """Return the cues (lower-case) found in ``text``, in order of appearance.

    >>> find_cues("For example, I think so.", CLAIM_CUES)
    ['i think']
    """
    return [m.group(0) for m in _pattern(tuple(cues)).finditer(_lowered(text))]


@lru_cache(maxsize=256)
def _lowered(text: str) -> str:
    """``text`` lower-cased with straight apostrophes (cached: a unit's text is
    searched for several cue lists in a row)."""
    return text.lower().replace("’", "'")


def opposing_voice(text: str) -> str:
    """Return the words that report an opposing view at the start of ``text``, or ``""``.

    >>> opposing_voice("Critics of the levy argue that it hurts shops.")
    'critics of the levy argue'
    >>> opposing_voice("It is often claimed that fares will rise.")
    'it is often claimed'
    >>> opposing_voice("The critics were wrong.")
    ''
    """
    m = OPPOSING_VOICE.match(text.lower().lstrip("\"'( ").replace("’", "'"))
    return m.group(0) if m else ""


def cue_score(text: str, cues: dict[str, float]) -> tuple[float, list[str]]:
    """Return the summed weight of distinct ``cues`` in ``text`` and the cues found."""
    found = list(dict.fromkeys(find_cues(text, cues)))
    return sum(cues[c] for c in found), found
