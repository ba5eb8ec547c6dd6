"""Author stance on realistic commentary and news: the tuning sets and the blind set.

* ``tests/data/stance_realistic/`` (TUNING): ten texts (op-eds, news
  reports, analysis) written blind in session 14. Since session 15 the
  author-level rules (voice weights, speakers, verdicts, references) are
  tuned on them, so their figures are "tuned on".
* ``tests/data/stance_realistic_heldout/``: ten texts (op-eds, editorials,
  straight news with reported speech, analysis) written in session 15 with
  ``expectations.json`` committed before argmap first ran on them; held out
  in sessions 15-16, TUNING data since session 17 (its misses were read).
* ``tests/data/stance_realistic_heldout2/``: ten texts on new topics
  written in session 17, committed before argmap first ran on them, run once
  after the s17 rules; blind in session 17, TUNING data since session 18
  (its errors were read).
* ``tests/data/stance_realistic_heldout3/``: twelve texts written in
  session 18 and committed before argmap first ran on them; blind in
  session 18 (run once with main's code and once with the s18-author
  branch), TUNING data since session 19 (its errors were read).
* ``tests/data/stance_realistic_heldout4/`` (BLIND): twelve texts written in
  session 19 and committed before argmap first ran on them; run once with
  main's code and once with the s19-clear branch, whose rules lost there and
  were not merged (figures only; its answers were not read). Nothing is
  tuned on them; a rule or word added because of a miss there makes them
  no longer held out, and README "Author stance on realistic commentary"
  must then say so.

``bench/author_stance.py [--set heldout|heldout2|heldout3|heldout4]`` prints the figures with intervals
and baselines; the floors below are its counts.
"""
import json
from pathlib import Path

import pytest

from argmap import extract_article

DATA = Path(__file__).resolve().parents[1] / "data"
LABELS = {"pro", "con", "mixed", "neutral"}
ID_KINDS = {"country", "institution", "org", "person", "concept"}

#: Per set: its folder, the genres and sizes its texts were written to, the
#: (judgements, non-neutral judgements) it holds, and floors per stance
#: backend, (hits, non-neutral hits): exactly what en_core_web_sm 3.8.0 scored
#: with the s15 author-stance rules and the shipped NewsMTSC + Claim Stance
#: model (since s16 the late-marking model). A target argmap does not list
#: counts as neutral. Raise a floor when its figure rises.
#:
#: * tuning set: main without the s15 rules scored 36/10 (lexicon) and 36/11
#:   (model); the NewsMTSC-only model scored 51/16 with them.
#: * blind set: all neutral scores 45 of 73; main without the rules 45/10
#:   (lexicon) and 37/10 (model); the NewsMTSC-only model 50/7. The shipped
#:   model was chosen before this set was run with it.
#: * s16, late-marking model (chosen on NewsMTSC dev and speed, before either
#:   set was run with it): tuning set 52/17 (marked-input model 50/15),
#:   blind set 52/10 (51/10).
#: * s17 rules (verdicts on the author's own sentence, bare denials, no
#:   comment, short names, undefined acronyms, "the regulator", passive
#:   reports), tuned on the first two sets: stance_realistic lexicon 47/12 ->
#:   49/14, model 52/17 -> 54/19; stance_realistic_heldout lexicon 52/9 ->
#:   55/12, model 52/10 -> 56/13. The new blind set, run once: main 47/11
#:   (lexicon), 44/8 (model); all neutral 39 of 74.
#: * s17 stance model (claims stage also fine-tunes the lower layers; chosen
#:   on Claim Stance CV folds 1-4, none of these sets involved), model
#:   backend: stance_realistic 54/19 -> 54/19 (one stance won, one lost),
#:   stance_realistic_heldout 56/13 -> 55/12 (the Independent Football
#:   Regulator, pro, now read mixed: lowered, as tuning data of rules tuned
#:   with the previous model, inside the interval), stance_realistic_heldout2
#:   (blind) 49/13 -> 50/14 (two won, one lost).
#: * s18: the blind set stance_realistic_heldout3 (12 texts), main 3dd75b7:
#:   lexicon 57/13, model 62/19. The s18-author branch's rules (entity gaps,
#:   short names, lexicon_margin, verdict and reference rules) gained 11 on
#:   the tuning sets but lost there (lexicon 55/12, model 59/17), so they
#:   were not merged; heldout2 is tuning data from s18 on.
#: * s19: the blind set stance_realistic_heldout4 (12 texts), main 54965bc:
#:   lexicon 56/11, model 54/13 (all neutral 47 of 87). The s19-clear
#:   branch's rules gained 13 (model) on the four tuning sets and lost there
#:   (lexicon 55/10, model 50/11), so they were not merged; heldout3 is
#:   tuning data from s19 on.
SETS = {
    "realistic": {
        "folder": "stance_realistic", "genres": {"op-ed", "news", "analysis"},
        "words": None, "judgements": (65, 30),
        "floors": {"lexicon": (49, 14), "model": (54, 19)},
    },
    "heldout": {
        "folder": "stance_realistic_heldout", "genres": {"op-ed", "editorial", "news", "analysis"},
        "words": (400, 600), "judgements": (73, 28),
        "floors": {"lexicon": (55, 12), "model": (55, 12)},
    },
    "heldout2": {
        "folder": "stance_realistic_heldout2", "genres": {"op-ed", "editorial", "news", "analysis"},
        "words": (400, 600), "judgements": (74, 35),
        "floors": {"lexicon": (54, 18), "model": (50, 14)},
    },
    "heldout3": {
        "folder": "stance_realistic_heldout3", "genres": {"op-ed", "editorial", "news", "analysis"},
        "words": None, "judgements": (89, 44), "texts": 12,
        "floors": {"lexicon": (57, 13), "model": (62, 19)},
    },
    "heldout4": {
        "folder": "stance_realistic_heldout4", "genres": {"op-ed", "editorial", "news", "analysis"},
        "words": (450, 800), "judgements": (87, 40), "texts": 12,
        "floors": {"lexicon": (56, 11), "model": (54, 13)},
    },
}


def _expect(name: str) -> dict:
    path = DATA / SETS[name]["folder"] / "expectations.json"
    return json.loads(path.read_text(encoding="utf-8"))["texts"]


def _text(name: str, text_id: str) -> str:
    return (DATA / SETS[name]["folder"] / f"{text_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SETS)
def test_every_text_has_expectations_and_every_expectation_a_text(name):
    folder = DATA / SETS[name]["folder"]
    assert sorted(p.stem for p in folder.glob("*.txt")) == sorted(_expect(name))
    assert len(_expect(name)) == SETS[name].get("texts", 10)


@pytest.mark.parametrize("name", SETS)
def test_expectations_are_well_formed(name):
    spec = SETS[name]
    n_all = n_non_neutral = 0
    for text_id, info in _expect(name).items():
        assert info["genre"] in spec["genres"], text_id
        if spec["words"]:
            words = len(_text(name, text_id).split())
            assert spec["words"][0] <= words <= spec["words"][1], (text_id, words)
        for target, j in info["targets"].items():
            kind, _, slug = target.partition(":")
            assert kind in ID_KINDS and slug, target
            assert j["stance"] in LABELS, (text_id, target)
            assert j["why"].strip(), (text_id, target)
            assert all(a.partition(":")[0] in ID_KINDS for a in j.get("also", [])), target
            n_all += 1
            n_non_neutral += j["stance"] != "neutral"
    assert (n_all, n_non_neutral) == spec["judgements"]


@pytest.mark.parametrize("name", SETS)
def test_each_justification_quote_occurs_in_its_text(name):
    for text_id, info in _expect(name).items():
        text = _text(name, text_id)
        for target, j in info["targets"].items():
            assert j["quote"] in text, (text_id, target, j["quote"])


@pytest.mark.model
@pytest.mark.parametrize("name", SETS)
def test_author_stance_floor_lexicon(nlp_model, name):
    _check_floor(nlp_model, name, *SETS[name]["floors"]["lexicon"])


@pytest.mark.model
@pytest.mark.parametrize("name", SETS)
def test_author_stance_floor_model(nlp_stance_model, name):
    _check_floor(nlp_stance_model, name, *SETS[name]["floors"]["model"])


def _check_floor(nlp, name: str, min_hits: int, min_non_neutral: int) -> None:
    checks = []
    for text_id, info in _expect(name).items():
        art = extract_article(_text(name, text_id), article_id=text_id, nlp=nlp)
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
