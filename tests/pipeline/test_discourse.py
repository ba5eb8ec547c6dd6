"""Discourse-marker rules of ``argmap_units`` (segmentation, major claim) and
``argmap_relations`` (attachment, attack, roles by depth), on spacy.blank.

All sentences are made up for these tests (school uniforms).
"""
from __future__ import annotations

import pytest

from argmap.pipeline.units import segment, starts_with, CONTRAST_OPENERS


def units(doc):
    return [(s.text, r) for s, (r, _, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)]


def rels(doc):
    texts = [s.text for s in doc.spans["argmap_units"]]
    return {(texts[s], texts[t], k) for s, t, k, _, _ in doc._.argmap_relations}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pupils should wear what they like, unless the school has a strict rule.",
         ["Pupils should wear what they like,", "unless the school has a strict rule."]),
        ("Uniforms cost a lot of money; parents on low incomes struggle with them.",
         ["Uniforms cost a lot of money;", "parents on low incomes struggle with them."]),
        ("It is good, but costly.", ["It is good, but costly."]),
    ],
)
def test_clause_splits_without_parser(nlp, text, expected):
    doc = nlp.make_doc(text)
    assert [doc[s:e].text for s, e, _ in segment(doc)] == expected


def test_starts_with_whole_words():
    assert starts_with("But still, it rains.", CONTRAST_OPENERS) == "but"
    assert starts_with("Butter is fine.", CONTRAST_OPENERS) == ""
    assert starts_with("\u201cHowever,\u201d she said.", CONTRAST_OPENERS) == "however"


def test_one_paragraph_text_takes_first_modal_unit_as_major_claim(nlp):
    doc = nlp("Schools should drop compulsory uniforms. "
              "Pupils learn to express themselves through their clothes. "
              "Of course, uniforms can reduce teasing about brands. "
              "But teasing simply moves to shoes and phones.")
    got = dict(units(doc))
    assert got["Schools should drop compulsory uniforms."] == "major_claim"


def test_conclusion_marker_wins_over_position(nlp):
    doc = nlp("Uniforms are expensive for many families. "
              "They also hide the personality of pupils. "
              "Therefore schools should make uniforms optional.")
    assert dict(units(doc))["Therefore schools should make uniforms optional."] == "major_claim"


def test_concession_rebuttal_and_roles_by_depth(nlp):
    doc = nlp("Schools should drop compulsory uniforms. "
              "Of course, uniforms can reduce teasing about brands. "
              "But teasing simply moves to shoes and phones. "
              "Pupils learn to express themselves through their clothes.")
    major = "Schools should drop compulsory uniforms."
    concession = "Of course, uniforms can reduce teasing about brands."
    rebuttal = "But teasing simply moves to shoes and phones."
    other = "Pupils learn to express themselves through their clothes."
    assert rels(doc) == {
        (concession, major, "attack"),
        (rebuttal, concession, "attack"),
        (other, major, "support"),
    }
    roles = dict(units(doc))
    assert (roles[concession], roles[rebuttal], roles[other]) == ("claim", "premise", "claim")


def test_implicit_concession_before_a_contrast(nlp):
    doc = nlp("Schools should drop compulsory uniforms. "
              "Uniforms look smart on school trips. "
              "However, looking smart does not help anyone learn.")
    assert rels(doc) == {
        ("Uniforms look smart on school trips.", "Schools should drop compulsory uniforms.", "attack"),
        ("However, looking smart does not help anyone learn.", "Uniforms look smart on school trips.",
         "attack"),
    }


def test_reason_example_and_continuation(nlp):
    doc = nlp("Schools should drop compulsory uniforms. "
              "Uniforms are a burden for poor families. "
              "For example, a blazer costs more than a week of food. "
              "And many pupils outgrow them every year.")
    burden = "Uniforms are a burden for poor families."
    got = rels(doc)
    assert ("For example, a blazer costs more than a week of food.", burden, "support") in got
    # "And" continues the unit before: same target, same kind.
    assert ("And many pupils outgrow them every year.", burden, "support") in got
    roles = dict(units(doc))
    assert roles["For example, a blazer costs more than a week of food."] == "premise"


def test_conclusion_start_takes_the_unit_before_as_support(nlp):
    doc = nlp("Uniforms should be optional. "
              "Pupils grow quickly. "
              "So parents buy new uniforms every year. "
              "Clothes are a way to show who you are.")
    got = rels(doc)
    assert ("Pupils grow quickly.", "So parents buy new uniforms every year.", "support") in got
    assert ("So parents buy new uniforms every year.", "Uniforms should be optional.", "support") in got


def test_paragraph_heads_anchor_their_paragraph(nlp):
    doc = nlp("Uniforms must fit every budget. Many families buy them second hand. "
              "Prices rose sharply last year.\n\n"
              "In conclusion, uniforms should be optional.")
    head = "Uniforms must fit every budget."
    got = rels(doc)
    assert (head, "uniforms should be optional.", "support") in got
    assert ("Many families buy them second hand.", head, "support") in got
    assert dict(units(doc))["Many families buy them second hand."] == "premise"


def test_contrast_after_a_reason_attacks_the_reason(nlp):
    doc = nlp("Schools should drop compulsory uniforms. "
              "Uniforms are a burden for poor families. "
              "For example, a blazer costs more than a week of food. "
              "But second-hand shops sell blazers for very little.")
    example = "For example, a blazer costs more than a week of food."
    assert ("But second-hand shops sell blazers for very little.", example, "attack") in rels(doc)
