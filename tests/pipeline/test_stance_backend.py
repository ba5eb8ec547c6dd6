"""The stance backends: a fake model stands in for the ONNX one."""
from __future__ import annotations

import numpy as np
import pytest
import spacy

from argmap.extract import extract_doc
from argmap.pipeline import add_argmap_pipes, load_pipeline
from argmap.pipeline.stance import StanceTagger


class FakeModel:
    """Positive when 'fine' is in the text, negative when 'poor' is; records its calls."""

    def __init__(self):
        self.calls = []

    def predict(self, items, *, batch_size=32):
        self.calls.append(list(items))
        out = []
        for text, a, b in items:
            assert 0 <= a < b <= len(text)
            if "fine" in text:
                out.append([0.1, 0.2, 0.7])
            elif "poor" in text:
                out.append([0.8, 0.15, 0.05])
            else:
                out.append([0.1, 0.8, 0.1])
        return np.asarray(out, dtype="float32")


@pytest.fixture()
def model_nlp():
    nlp = add_argmap_pipes(spacy.blank("en"))
    fake = FakeModel()
    nlp.get_pipe("argmap_stance").set_model(fake)
    return nlp, fake


def test_model_probabilities_become_score_and_confidence(model_nlp):
    nlp, fake = model_nlp
    doc = nlp("Rankings are a fine guide for students.")
    (row,) = doc._.argmap_stances
    assert row[1] == "concept:rankings"
    assert row[4:7] == ("pro", 0.6, 0.7)
    assert fake.calls[0][0] == ("Rankings are a fine guide for students.", 0, 8)
    assert doc._.argmap_stance_settings["backend"] == "model"


def test_pipe_scores_a_whole_batch_in_one_call(model_nlp):
    nlp, fake = model_nlp
    texts = ["Rankings are a fine guide.", "Prestige is a poor guide.", "Harvard is old."]
    docs = list(nlp.pipe(texts, batch_size=8))
    assert len(fake.calls) == 1 and len(fake.calls[0]) == 3
    assert [d._.argmap_stances[0][4] for d in docs] == ["pro", "con", "neutral"]


def test_lexicon_backend_never_calls_the_model():
    nlp = add_argmap_pipes(spacy.blank("en"), fast=True)
    fake = FakeModel()
    nlp.get_pipe("argmap_stance").set_model(fake)
    doc = nlp("Rankings are a fine guide for students.")
    assert fake.calls == [] and doc._.argmap_stance_settings["backend"] == "lexicon"


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="backend"):
        StanceTagger(spacy.blank("en"), backend="neural")


def test_missing_model_file_falls_back_on_the_lexicon(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("argmap_entities")
    nlp.add_pipe("argmap_units")
    tagger = nlp.add_pipe("argmap_stance", config={"model_path": str(tmp_path / "none.onnx")})
    doc = nlp("Rankings mislead students.")
    assert tagger.active_backend == "lexicon"
    assert [(r[1], r[4]) for r in doc._.argmap_stances] == [("concept:rankings", "con")]


def test_threshold_in_config_reaches_the_author_stance():
    # the lexicon scores "Rankings are fine." at +0.3313: pro at 0.15, neutral at 0.5
    got = {}
    for threshold in (0.15, 0.5):
        nlp = spacy.blank("en")
        for name in ("argmap_entities", "argmap_units"):
            nlp.add_pipe(name)
        nlp.add_pipe("argmap_stance", config={"backend": "lexicon", "threshold": threshold})
        art = extract_doc(nlp("Rankings are fine."), article_id="t")
        got[threshold] = (art.stances[0].polarity, art.author_stances[0].polarity)
    assert got == {0.15: ("pro", "pro"), 0.5: ("neutral", "neutral")}


def test_every_weight_is_in_the_factory_config():
    nlp = load_pipeline("blank", fast=True)
    cfg = nlp.config["components"]["argmap_stance"]
    for key in ("backend", "threshold", "window", "outside_weight", "concession_weight",
                "modifier_weight", "subject_boost", "speech_weight", "neutral_weight"):
        assert key in cfg
    assert cfg["backend"] == "lexicon"
    assert load_pipeline("blank").config["components"]["argmap_stance"]["backend"] == "model"


class AlwaysPositive(FakeModel):
    def predict(self, items, *, batch_size=32):
        return np.asarray([[0.05, 0.15, 0.8]] * len(items), dtype="float32")


@pytest.mark.parametrize("override,expected", [(True, ("con", "concession")),
                                               (False, ("pro", "concession"))])
def test_structural_cues_of_the_lexicon_override_the_model(override, expected):
    nlp = spacy.blank("en")
    for name in ("argmap_entities", "argmap_units"):
        nlp.add_pipe(name)
    tagger = nlp.add_pipe("argmap_stance", config={"cue_override": override})
    tagger.set_model(AlwaysPositive())
    doc = nlp("The lure of prestige is powerful, but the real story is outcomes.")
    row = next(r for r in doc._.argmap_stances if r[1] == "concept:prestige")
    assert (row[4], row[8]) == expected


def test_each_distinct_pair_goes_to_the_model_once(model_nlp):
    nlp, fake = model_nlp
    list(nlp.pipe(["Rankings are a fine guide.", "Rankings are a fine guide."], batch_size=8))
    assert fake.calls == [[("Rankings are a fine guide.", 0, 8)]]


def test_a_pair_that_keeps_the_lexicon_score_is_not_sent_to_the_model(model_nlp):
    nlp, fake = model_nlp
    doc = nlp("The charm of prestige is strong, but what counts is teaching. Rankings are fine.")
    row = next(r for r in doc._.argmap_stances if r[1] == "concept:prestige")
    assert row[8] == "concession"  # the lexicon's cue keeps its score: no model run for it
    sent = [text[a:b] for call in fake.calls for text, a, b in call]
    assert sent == ["Rankings"]
