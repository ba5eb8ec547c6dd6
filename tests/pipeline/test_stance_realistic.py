"""Author stance on realistic commentary and news: the TUNING set.

``tests/data/stance_realistic/`` holds ten texts (op-eds, news reports,
analysis) written blind in session 14. Since session 15 the author-level
rules (voice weights, speakers, verdicts, references) are tuned on them, so
their figures are "tuned on" (README "Author stance on realistic
commentary"); the blind set is ``tests/data/stance_realistic_heldout/``
(tests/pipeline/test_stance_realistic_heldout.py).
``bench/author_stance.py`` prints the figures with intervals and baselines.
"""
import json
from pathlib import Path

import pytest

from argmap import extract_article

DATA = Path(__file__).resolve().parents[1] / "data" / "stance_realistic"
EXPECT = json.loads((DATA / "expectations.json").read_text(encoding="utf-8"))["texts"]
LABELS = {"pro", "con", "mixed", "neutral"}
ID_KINDS = {"country", "institution", "org", "person", "concept"}

#: Floors per stance backend: exactly what en_core_web_sm 3.8.0 scored after
#: the s15 author-stance rules, tuned on this set, merged with main at eb42780
#: (bench/author_stance.py): (hits of 65, non-neutral hits of 30); main without
#: them: 36/10 (lexicon), 36/11 (model). A target argmap does not list counts as
#: neutral. Raise them when the figure rises. The model floor is the shipped
#: NewsMTSC + Claim Stance model (s15-model); the NewsMTSC-only model scored 51/16.
FLOORS = {"lexicon": (47, 12), "model": (50, 15)}


def _text(text_id: str) -> str:
    return (DATA / f"{text_id}.txt").read_text(encoding="utf-8")


def test_every_text_has_expectations_and_every_expectation_a_text():
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(EXPECT)
    assert len(EXPECT) == 10


def test_expectations_are_well_formed():
    n_all = n_non_neutral = 0
    for text_id, info in EXPECT.items():
        assert info["genre"] in {"op-ed", "news", "analysis"}, text_id
        for target, j in info["targets"].items():
            kind, _, slug = target.partition(":")
            assert kind in ID_KINDS and slug, target
            assert j["stance"] in LABELS, (text_id, target)
            assert j["why"].strip(), (text_id, target)
            assert all(a.partition(":")[0] in ID_KINDS for a in j.get("also", [])), target
            n_all += 1
            n_non_neutral += j["stance"] != "neutral"
    assert (n_all, n_non_neutral) == (65, 30)


def test_each_justification_quote_occurs_in_its_text():
    for text_id, info in EXPECT.items():
        text = _text(text_id)
        for target, j in info["targets"].items():
            assert j["quote"] in text, (text_id, target, j["quote"])


@pytest.mark.model
def test_realistic_author_stance_floor_lexicon(nlp_model):
    _check_floor(nlp_model, *FLOORS["lexicon"])


@pytest.mark.model
def test_realistic_author_stance_floor_model(nlp_stance_model):
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
