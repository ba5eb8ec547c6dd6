"""Whose voice a unit stance is in, and how much it counts for the author.

Every sentence here was written for these tests.
"""
from __future__ import annotations

import pytest
import spacy

from argmap.extract import extract_doc
from argmap.pipeline import add_argmap_pipes
from argmap.pipeline.reference import resolve_references
from argmap.pipeline.speech import verdict_of
from argmap.pipeline.stance import aggregate, evaluates, load_lexicon


def run(nlp, text, targets=()):
    doc = nlp.make_doc(text)
    doc._.argmap_targets = list(targets)
    return nlp(doc)


@pytest.mark.parametrize("text,expected", [
    ("Edinburgh deserves real credit.", True),
    ("The council should accept the offer.", True),
    ("I think the plan is sound.", True),
    ("Rankings are fine.", True),
    ("The council voted on Tuesday to close six libraries.", False),
    ("We saw the list on Monday.", False),
    ("Its vice-chancellor spoke to staff on Monday.", False),
    ('He called the ruling "a wrong and unfair decision".', False),
])
def test_evaluates(text, expected):
    nlp = spacy.blank("en")
    doc = nlp(text)
    quoted = [(doc.text.index('"') + 1, doc.text.rindex('"'))] if '"' in text else []
    assert evaluates(doc[:], load_lexicon(), quoted) is expected


@pytest.mark.parametrize("text,sign", [
    ("What nonsense.", -1),
    ("It is a powerful line, and it is misleading.", -1),
    ("Caution is a virtue, but it becomes a vice when the talks are over.", -1),
    ("Quite right.", 1),
    ("The talks resumed on Monday.", 0),
])
def test_verdict_reads_the_point_of_the_sentence(text, sign):
    nlp = add_argmap_pipes(spacy.blank("en"), fast=True)
    doc = nlp(text)
    tagger = nlp.get_pipe("argmap_stance")
    v = verdict_of(doc[:], tagger._valences(doc[:], set()))
    assert (v > 0) - (v < 0) == sign


def test_a_description_counts_less_than_an_evaluation(nlp):
    # the unit stance stays as scored; the author's stance takes 0.15 of it
    text = ("The dairy lost its licence after a scandal over dirty milk. "
            "Strict inspections are good for everyone.")
    doc = run(nlp, text, ["the dairy"])
    (row,) = [r for r in doc._.argmap_stances if r[1] == "concept:the-dairy"]
    assert (row[4], row[10]) == ("con", 0.15)
    author = {a.target: a.polarity for a in extract_doc(doc, article_id="t").author_stances}
    assert author["concept:the-dairy"] == "neutral"
    doc = run(nlp, text.replace("Strict inspections are good for everyone.",
                                "The dairy deserves to lose it."), ["the dairy"])
    author = {a.target: a.polarity for a in extract_doc(doc, article_id="t").author_stances}
    assert author["concept:the-dairy"] == "con"


def test_a_report_with_few_evaluations_is_scaled_down(nlp):
    # one evaluating unit of seven: 1/7 of the units, under opinion_share 0.2
    text = ("The dairy opened in 1990. It employs forty people. It sells milk in six towns. "
            "The owners bought a second farm in May. The farm has two hundred cows. "
            "The herd moved in June. The dairy is a disgrace.")
    doc = run(nlp, text, ["the dairy"])
    last = [r for r in doc._.argmap_stances if r[1] == "concept:the-dairy"][-1]
    assert last[4] == "con" and last[10] == pytest.approx(5 / 7)


def test_weights_are_in_the_factory_config_and_reach_the_author_stance():
    nlp = add_argmap_pipes(spacy.blank("en"), fast=True)
    cfg = nlp.config["components"]["argmap_stance"]
    assert (cfg["speech_weight"], cfg["description_weight"], cfg["opinion_share"]) == (0.1, 0.15, 0.2)
    assert dict(cfg["role_weights"]) == {"major_claim": 2.0, "claim": 1.5, "premise": 1.0, "none": 0.5}
    zero = {"major_claim": 0.0, "claim": 0.0, "premise": 0.0, "none": 0.0}
    nlp.replace_pipe("argmap_stance", "argmap_stance",
                     config={"backend": "lexicon", "role_weights": zero})
    art = extract_doc(nlp("Rankings are a poor guide."), article_id="t")
    assert [(a.polarity, a.score) for a in art.author_stances] == [("neutral", 0.0)]


def test_aggregate_with_no_weight_is_neutral():
    assert aggregate([((0, 0), "concept:x", -0.8, 0.0)]) == {"concept:x": ("neutral", 0.0, 0, 1, 0)}


def test_a_bare_distinctive_name_points_back_to_the_institution():
    nlp = spacy.blank("en")
    doc = nlp("The University of Edinburgh redesigned its exams. Edinburgh deserves credit. "
              "University fees are high.")
    got = resolve_references(doc, [(doc[1:4], "institution:edinburgh")])
    assert [(s.text, t) for s, t in got] == [("its", "institution:edinburgh"),
                                            ("Edinburgh", "institution:edinburgh")]


def test_a_name_two_targets_share_points_to_neither():
    nlp = spacy.blank("en")
    doc = nlp("Leeds City Council met the Friends of Leeds Museums. Leeds must decide.")
    targets = [(doc[0:3], "org:leeds-city-council"), (doc[5:9], "org:friends-of-leeds-museums")]
    assert [s.text for s, _ in resolve_references(doc, targets)] == []


def test_short_institutional_references_but_not_the_government():
    nlp = spacy.blank("en")
    doc = nlp("Ofcom opened an inquiry. The regulator acted fast.")
    got = resolve_references(doc, [(doc[0:1], "org:ofcom")])
    assert [(s.text, t) for s, t in got] == [("The regulator", "org:ofcom")]
    doc = nlp("India made an offer. The government should accept it.")
    got = resolve_references(doc, [(doc[0:1], "country:IN")])
    assert "The government" not in [s.text for s, _ in got]


@pytest.fixture(scope="module")
def sm():
    from argmap.pipeline import ModelNotFound, load_pipeline

    try:
        return load_pipeline(fast=True)
    except ModelNotFound as exc:  # pragma: no cover - depends on install
        pytest.skip(str(exc))


def _speakers(doc):
    return [(r[1], r[8], r[9]) for r in doc._.argmap_stances]


@pytest.mark.model
def test_the_name_in_apposition_is_the_speaker(sm):
    doc = run(sm, "Its chief executive, Dana Reyes, argues that the levy is useless.", ["the levy"])
    assert ("concept:the-levy", "", "person:dana-reyes") in _speakers(doc)


@pytest.mark.model
def test_a_reaction_gives_the_subjects_view(sm):
    doc = run(sm, "The Greenfield Trust welcomed the ruling.", ["Greenfield Trust"])
    assert _speakers(doc) == [("concept:greenfield-trust", "speaker", "concept:greenfield-trust")]


@pytest.mark.model
def test_she_said_speaks_for_the_person_she_points_to(sm):
    text = ('Dana Reyes runs the county food bank. "The levy has failed every family in this '
            'county," she said.')
    doc = run(sm, text, ["the levy"])
    assert ("concept:the-levy", "", "person:dana-reyes") in _speakers(doc)


@pytest.mark.model
def test_the_authors_verdict_on_a_quoted_line(sm):
    text = ('Dana Reyes said the levy "has failed every family in this county". '
            "It is a memorable line, and it is false.")
    author = {a.target: a.polarity for a in extract_doc(run(sm, text), article_id="t").author_stances}
    assert author["person:dana-reyes"] == "con"


@pytest.mark.model
def test_an_explicit_judgement_of_the_subject_keeps_the_lexicons_score():
    import numpy as np

    from argmap.pipeline import load_pipeline

    class Flat:
        def predict(self, items, *, batch_size=32):
            return np.asarray([[0.1, 0.8, 0.1]] * len(items), dtype="float32")

    nlp = load_pipeline()
    nlp.get_pipe("argmap_stance").set_model(Flat())
    doc = run(nlp, "Rankings deserve credit for their clarity.")
    (row,) = doc._.argmap_stances
    assert (row[1], row[4], row[8]) == ("concept:rankings", "pro", "judged")


@pytest.mark.model
@pytest.mark.parametrize("text,polarity", [
    # a negated saying sets the claim aside; a negated belief turns it around
    ("I do not say that Harvard is a bad university.", "neutral"),
    ("I don't think Harvard is a good university.", "con"),
])
def test_what_the_author_denies(sm, text, polarity):
    (row,) = run(sm, text)._.argmap_stances
    assert (row[1], row[4], row[8]) == ("institution:harvard", polarity, "denied")
