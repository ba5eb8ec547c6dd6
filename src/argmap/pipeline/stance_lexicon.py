"""Word lists of the lexicon stance backend, kept apart from its rules.

* :data:`EXTRA_VALENCE` – debate and insult words VADER lacks ("rubbish",
  "baloney", "counterproductive", "coercive", ...), valence -4..4;
* :data:`CONSEQUENCE_UP` / :data:`CONSEQUENCE_DOWN` – verbs whose own valence
  is dropped; the valence of what they affect counts instead, kept for "up"
  verbs ("encourages corruption" is bad) and flipped for "down" verbs
  ("reduces the risk of disease" is good);
* :data:`SCOPE_NEGATORS` – negators that reach every valence word after them
  in the clause ("none of the rankings are ... useful");
* :data:`EVENT_WORDS` – words that report what happened (to someone) rather
  than judge it ("victims", "funeral"): no valence;
* :data:`JUDGEMENT_WORDS`, :data:`DEONTIC_WORDS`, :data:`FIRST_PERSON` with
  :data:`OPINION_WORDS` – marks of the author's own evaluation ("deserves
  credit", "should", "I think"): a unit without any of them (nor a valenced
  predicate adjective) describes.

>>> CONSEQUENCE_DOWN["reduces"], CONSEQUENCE_UP["encourages"]
(-1.0, 1.0)
"""
from __future__ import annotations

__all__ = ["EXTRA_VALENCE", "BIGRAM_VALENCE", "CONSEQUENCE_UP", "CONSEQUENCE_DOWN", "CONSEQUENCES",
           "SCOPE_NEGATORS", "EVENT_WORDS", "HARM_EVENTS", "REPORT_VERDICTS", "JUDGEMENT_WORDS",
           "DEONTIC_WORDS", "FIRST_PERSON", "OPINION_WORDS"]

#: Debate, insult and policy-evaluation words missing from VADER (-4..4).
EXTRA_VALENCE: dict[str, float] = {
    "rubbish": -2.5, "baloney": -2.5, "nonsense": -2.3, "claptrap": -2.5, "hogwash": -2.5,
    "drivel": -2.3, "bunk": -2.0, "absurd": -2.0, "absurdity": -2.0, "ludicrous": -2.3,
    "counterproductive": -2.0, "coercive": -1.8, "coercion": -1.8, "draconian": -2.0,
    "oppressive": -2.3, "discriminatory": -2.2, "discrimination": -1.8, "exploitative": -2.2,
    "exploitation": -2.0, "wasteful": -1.8, "ineffective": -1.8, "inefficient": -1.5,
    "unjust": -2.2, "injustice": -2.2, "immoral": -2.3, "unethical": -2.2, "unconstitutional": -1.8,
    "dangerous": -2.0, "detrimental": -2.0, "damaging": -1.8, "deplorable": -2.5,
    "inhumane": -2.5, "irresponsible": -2.0, "reckless": -2.0, "unsustainable": -1.6,
    "addictive": -1.2, "corrupt": -2.4, "corruption": -2.2, "bribery": -2.0,
    "beneficial": 2.0, "effective": 1.6, "efficient": 1.4,
    "ethical": 1.5, "moral": 1.0, "humane": 1.5, "sustainable": 1.3, "legitimate": 1.3,
    "necessary": 1.0, "constructive": 1.5, "empower": 1.6, "empowers": 1.6,
    "false": -1.8, "untrue": -1.8, "incorrect": -1.6, "inaccurate": -1.6, "baseless": -2.0,
    "unfounded": -1.8, "vice": -1.5, "right": 1.5, "disagree": -1.5, "agree": 1.5, "prosperity": 1.8, "wellbeing": 1.6, "well-being": 1.6, "welfare": 0.8,
}

#: Two-word phrases with a valence of their own (on the second word).
BIGRAM_VALENCE: dict[tuple[str, str], float] = {
    ("rent", "seeking"): -1.8, ("red", "tape"): -1.2, ("brain", "drain"): -1.5,
    ("moral", "hazard"): -1.5, ("level", "playing"): 1.0,
}

#: Verbs that raise what they affect: its valence carries over to the subject.
CONSEQUENCE_UP: dict[str, float] = {w: 1.0 for w in (
    "increase", "increases", "increased", "increasing", "cause", "causes", "caused", "causing",
    "encourage", "encourages", "encouraged", "encouraging", "allow", "allows", "allowed",
    "allowing", "promote", "promotes", "promoted", "promoting", "fuel", "fuels", "fuelled",
    "fueled", "raise", "raises", "raised", "boost", "boosts", "boosted", "foster", "fosters",
    "fostered", "create", "creates", "created", "produce", "produces", "spread", "spreads",
    "enable", "enables", "enabled", "lead", "leads", "led", "worsen", "worsens",
)}
#: Verbs that lower what they affect: its valence is flipped for the subject.
CONSEQUENCE_DOWN: dict[str, float] = {w: -1.0 for w in (
    "reduce", "reduces", "reduced", "reducing", "prevent", "prevents", "prevented",
    "preventing", "curb", "curbs", "curbed", "undermine", "undermines", "undermined",
    "undermining", "lower", "lowers", "lowered", "cut", "cuts", "decrease", "decreases",
    "decreased", "limit", "limits", "limited", "combat", "combats", "fight", "fights",
    "eliminate", "eliminates", "eliminated", "end", "ends", "stop", "stops", "stopped",
    "avoid", "avoids", "weaken", "weakens", "weakened", "erode", "erodes", "eroded",
    "damage", "damages", "hinder", "hinders", "hindered", "discourage", "discourages",
    "diminish", "diminishes", "alleviate", "alleviates", "mitigate", "mitigates", "ease",
    "eases", "tackle", "tackles",
)}
CONSEQUENCES: dict[str, float] = {**CONSEQUENCE_UP, **CONSEQUENCE_DOWN}

#: Negators whose scope runs to the end of the clause.
SCOPE_NEGATORS = frozenset({"no", "none", "never", "neither", "nobody", "nothing", "nor"})

#: Words that report an event rather than evaluate anyone.
EVENT_WORDS = frozenset({
    "victim", "victims", "funeral", "funerals", "mourners", "mourning", "grieving", "bereaved",
    "injured", "wounded", "casualties", "survivors", "hostage", "hostages", "refugees",
})

#: Lemmas of verbs and nouns of harm done to someone: when the target is
#: their patient ("the city was attacked", "attacks on the city") they say
#: nothing against it.
HARM_EVENTS = frozenset({
    "attack", "kill", "injure", "wound", "hit", "bomb", "shoot", "threaten", "harm", "hurt",
    "damage", "destroy", "abuse", "assault", "murder", "victimize", "victimise", "target",
    "invade", "invasion", "sanction", "punish", "bully", "harass", "persecute", "torture",
    "massacre", "violence", "strike",
})

#: Short author reactions that reject (negative) or endorse a report just made.
REPORT_VERDICTS = ("what a load of", "nonsense", "rubbish", "baloney", "not so", "hardly",
                   "quite right", "exactly", "indeed", "true enough", "wrong")

#: Words by which an author judges ("X deserves credit", "X is wrong", "its
#: defence has been feeble"): a unit in the author's voice with one of them, a
#: word of :data:`DEONTIC_WORDS`, an opinion in the first person or a valenced
#: predicate adjective evaluates; a unit with none describes.
JUDGEMENT_WORDS = frozenset({
    "deserve", "deserves", "deserved", "deserving", "credit", "blame", "blamed", "praise",
    "fault", "right", "wrong", "wrongly", "mistake", "mistaken", "error", "failure", "failed",
    "fails", "fail", "nonsense", "rubbish", "baloney", "theatre", "feeble", "weak", "well",
    "badly", "poor", "poorly", "good", "bad", "better", "worse", "best", "worst", "sensible",
    "fair", "unfair", "unfairly", "welcome", "earned", "misleading", "responsible",
    "irresponsible", "honest", "dishonest", "shame", "shameful", "disgrace", "admirable",
    "impressive", "excellent", "superb", "remarkable", "rightly", "sadly", "regrettably",
    "unfortunately", "fortunately", "plainly", "convincing", "unconvincing", "persuasive",
    "virtue", "vice",
})
#: Modal verbs of obligation: "the council should accept it".
DEONTIC_WORDS = frozenset({"should", "must", "ought", "shouldn't", "mustn't", "needs", "need"})
#: The author speaking in the first person ("I do not say", "we should").
FIRST_PERSON = frozenset({"i", "we", "my", "our", "me", "us", "i'm", "i've", "we're"})
#: Words that make the first person an opinion: "I think", "in my view", "we must".
OPINION_WORDS = frozenset({
    "think", "believe", "argue", "suspect", "find", "say", "doubt", "agree", "disagree", "fear",
    "hope", "contend", "maintain", "suggest", "view", "opinion", "takeaway", "point", "argument",
    "perspective", "judgement", "judgment", "should", "must", "need", "would", "do", "don't",
    "am", "'m", "not",
})
