"""Author stance on realistic commentary and news: the BLIND set.

``tests/data/stance_realistic_heldout/`` holds ten texts (op-eds, editorials,
straight news with reported speech, analysis) written in session 15 with
``expectations.json`` committed before argmap first ran on them. Nothing is
tuned on them (the tuning set is ``tests/data/stance_realistic/``); a rule or
word added because of a miss here makes them no longer held out, and README
"Author stance on realistic commentary" must then say so.
``bench/author_stance.py --set heldout`` prints the figures with intervals and baselines.
"""
import json
from pathlib import Path

import pytest

from argmap import extract_article

DATA = Path(__file__).resolve().parents[1] / "data" / "stance_realistic_heldout"
EXPECT = json.loads((DATA / "expectations.json").read_text(encoding="utf-8"))["texts"]
LABELS = {"pro", "con", "mixed", "neutral"}
ID_KINDS = {"country", "institution", "org", "person", "concept"}

#: Floors per stance backend: exactly what en_core_web_sm 3.8.0 scored with the
#: finished s15 rules merged with main at eb42780 (bench/author_stance.py --set
#: heldout): (hits of 73, non-neutral hits of 28); all neutral scores 45 of 73,
#: main without the rules 45/10 (lexicon) and 37/10 (model). The model floor is
#: the shipped NewsMTSC + Claim Stance model, chosen before this set was run with
#: it (the NewsMTSC-only model scored 50/7).
FLOORS = {"lexicon": (52, 9), "model": (51, 10)}


def _text(text_id: str) -> str:
    return (DATA / f"{text_id}.txt").read_text(encoding="utf-8")


def test_every_text_has_expectations_and_every_expectation_a_text():
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(EXPECT)
    assert len(EXPECT) == 10


def test_expectations_are_well_formed():
    n_all = n_non_neutral = 0
    for text_id, info in EXPECT.items():
        assert info["genre"] in {"op-ed", "editorial", "news", "analysis"}, text_id
        words = len(_text(text_id).split())
        assert 400 <= words <= 600, (text_id, words)
        for target, j in info["targets"].items():
            kind, _, slug = target.partition(":")
            assert kind in ID_KINDS and slug, target
            assert j["stance"] in LABELS, (text_id, target)
            assert j["why"].strip(), (text_id, target)
            assert all(a.partition(":")[0] in ID_KINDS for a in j.get("also", [])), target
            n_all += 1
            n_non_neutral += j["stance"] != "neutral"
    assert (n_all, n_non_neutral) == (73, 28)


def test_each_justification_quote_occurs_in_its_text():
    for text_id, info in EXPECT.items():
        text = _text(text_id)
        for target, j in info["targets"].items():
            assert j["quote"] in text, (text_id, target, j["quote"])


@pytest.mark.model
def test_heldout_author_stance_floor_lexicon(nlp_model):
    _check_floor(nlp_model, *FLOORS["lexicon"])


@pytest.mark.model
def test_heldout_author_stance_floor_model(nlp_stance_model):
    _check_floor(nlp_stance_model, *FLOORS["model"])


def _check_floor(nlp, min_hits: int, min_non_neutral: int) -> None:
    checks = []
    for text_id, info in EXPECT.items():
        art = extract_article(_text(text_id), article_id=text_id, nlp=nlp)
        got = {s.target: s.polarity for s in art.author_stances}
        mentions = {e.id: e.mention_count for e in art.entities}
        for target, j in info["targets"].items():
            # an acronym argmap lists apart: the id with the most mentions speaks
            ids = [i for i in [target, *j.get("also", [])] if i in got]
            best = max(ids, key=lambda i: (mentions.get(i, 0), -ids.index(i))) if ids else None
            pol = got[best] if best else "neutral"
            checks.append((text_id, target, j["stance"], pol))
    hits = sum(want == pol for _, _, want, pol in checks)
    nn_hits = sum(want == pol for _, _, want, pol in checks if want != "neutral")
    misses = [c for c in checks if c[2] != c[3]]
    assert hits >= min_hits, misses
    assert nn_hits >= min_non_neutral, misses
