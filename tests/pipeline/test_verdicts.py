"""Short verdicts that name no target: what they judge (lexicon backend).

Every sentence here was written for these tests.
"""
from __future__ import annotations

import pytest
import spacy

from argmap.extract import extract_doc
from argmap.pipeline.speech import denies, points_back


def author(nlp, text, targets=()):
    doc = nlp.make_doc(text)
    doc._.argmap_targets = list(targets)
    return {a.target: a.polarity for a in extract_doc(nlp(doc), article_id="t").author_stances}


@pytest.mark.parametrize("text,expected", [
    ("It would not.", True),
    ("It is not.", True),
    ("That isn't true.", True),
    ("They don't.", True),
    ("It is not clear.", False),
    ("It would not help the poor.", False),
    ("Harvard is not.", False),
])
def test_denies(text, expected):
    assert denies(spacy.blank("en")(text)[:]) is expected


@pytest.mark.parametrize("text,expected", [
    ("That was a disgrace from start to finish.", True),
    ("This is a mistake.", True),
    ("Neither has been abandoned by the industry.", True),
    ("The work was slow and unglamorous.", False),
    ("A larger country will not copy it by decree.", False),
])
def test_points_back(text, expected):
    assert points_back(spacy.blank("en")(text)[:]) is expected


def test_bare_denial_after_a_report_counts_against_the_speaker(nlp):
    text = "According to QS, Harvard is the best university in the world. It is not."
    assert author(nlp, text) == {"institution:harvard": "con", "org:qs": "con"}


def test_verdict_naming_no_target_judges_the_subject_before_it(nlp):
    text = ("The council closed six branch libraries in a single week. "
            "That was a disgrace from start to finish.")
    assert author(nlp, text, ["the council"])["concept:the-council"] == "con"


def test_a_sentence_about_something_else_is_no_verdict(nlp):
    text = ("The council closed six branch libraries in a single week. "
            "The work was slow and painful for everyone involved.")
    assert author(nlp, text, ["the council"]).get("concept:the-council", "neutral") == "neutral"


def test_follow_weight_zero_turns_the_rule_off():
    from argmap.pipeline import add_argmap_pipes

    nlp = add_argmap_pipes(spacy.blank("en"), fast=True)
    nlp.replace_pipe("argmap_stance", "argmap_stance",
                     config={"backend": "lexicon", "follow_weight": 0.0})
    text = ("The council closed six branch libraries in a single week. "
            "That was a disgrace from start to finish.")
    assert author(nlp, text, ["the council"]).get("concept:the-council", "neutral") == "neutral"


@pytest.mark.parametrize("text", [
    "The agency, at the centre of a shameful and disgraceful scandal, declined to comment.",
    "The agency, blamed for a terrible scandal, did not respond to a request for comment.",
    "The agency, caught up in an awful scandal, could not be reached on Friday.",
])
def test_no_comment_is_no_stance(nlp, text):
    assert author(nlp, text, ["the agency"]).get("concept:the-agency", "neutral") == "neutral"


def test_a_target_named_after_a_no_comment_keeps_its_stance(nlp):
    text = "The minister declined to comment on the disgraceful and shameful failures of the agency."
    assert author(nlp, text, ["the agency"])["concept:the-agency"] == "con"
