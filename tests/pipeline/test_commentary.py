"""Major claim on news-style commentary (issue 9, session 22): labelled headlines,
"So do X" inversions, reported facts and author lines.

Every sentence here was written for these tests.
"""
import pytest

from argmap.extract import extract_article
from argmap.pipeline.units import conclusion_start, thesis_title


def roles(art):
    return [(u.text, u.role) for u in art.units]


@pytest.mark.model
@pytest.mark.parametrize("title, thesis", [
    ("Editorial: Keep the ferry running", True),
    ("Leader | Keep the ferry running", True),
    ("Comment: Save the island ferry", True),
    ("Editorial: The ferry contract", False),
    ("Keep the ferry running", True),
])
def test_a_label_before_the_headline_does_not_hide_an_imperative(nlp_model, title, thesis):
    doc = nlp_model(title)
    assert thesis_title(doc, 0, len(doc)) is thesis


def test_so_plus_auxiliary_is_likewise_not_therefore():
    assert conclusion_start("So do small islands.") == ""
    assert conclusion_start("So is the harbour master.") == ""
    assert conclusion_start("So the ferry should stay.") == "so"
    assert conclusion_start("Therefore the ferry should stay.") == "therefore"


FERRY = (
    "Editorial: Keep the island ferry running\n\n"
    "The ferry to Holm is the only link its 900 residents have to the mainland. "
    "The council should not cut it.\n\n"
    "The operator says the route loses money every winter. "
    "The losses are small next to the cost of flying patients out.\n\n"
    "A harbour needs boats to stay alive. So do small islands.\n\n"
    "Cutting the ferry would save little and cost the island everything."
)


@pytest.mark.model
def test_so_do_sentence_is_whole_and_no_major_claim(nlp_model):
    art = extract_article(FERRY, article_id="f", nlp=nlp_model)
    units = dict(roles(art))
    assert "So do small islands." in units and units["So do small islands."] != "major_claim"
    assert "do small islands." not in units
    assert units["Editorial: Keep the island ferry running"] == "major_claim"
