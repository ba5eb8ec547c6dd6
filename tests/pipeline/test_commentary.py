"""Major claim on news-style commentary (issue 9, session 22): labelled headlines,
"So do X" inversions, reported facts and author lines.

Every sentence here was written for these tests.
"""
import pytest

from argmap.extract import extract_article
from argmap.pipeline.units import (author_line, conclusion_start, is_fragment, prefix_end, reports_fact,
                                   thesis_title)


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


@pytest.mark.model
@pytest.mark.parametrize("title, thesis", [
    ("Analysis: Why the ferry lost money", False),
    ("Opinion | What the island owes its ferry crews", False),
    ("'We will not sail at a loss,' says ferry boss", False),
    ("Ferry boss warns: \u201cWe will not sail at a loss\u201d", False),
    ("\u201cWe will not sail at a loss\u201d", False),
    ("'Smart' fares are a con on the island ferry", True),
    ("Opinion | The island owes its ferry crews a raise", True),
])
def test_a_quoted_or_wh_headline_after_a_label_is_no_thesis(nlp_model, title, thesis):
    doc = nlp_model(title)
    assert thesis_title(doc, 0, len(doc)) is thesis


QUOTED = (
    "'We will not sail at a loss,' says ferry boss\n\n"
    "The ferry company told the council on Monday that the winter crossings lose money. "
    "The council should pay for the winter crossings rather than let Holm lose its only link.\n\n"
    "The subsidy would cost less than flying patients to the mainland hospital.\n\n"
    "The council should fund the winter ferry."
)


@pytest.mark.model
@pytest.mark.parametrize("headline", ["'We will not sail at a loss,' says ferry boss",
                                      "\u201cWe will not sail at a loss\u201d"])
def test_a_quoted_headline_is_not_the_major_claim(nlp_model, headline):
    art = extract_article(QUOTED.replace(QUOTED.split("\n")[0], headline), article_id="q",
                          nlp=nlp_model)
    assert art.units[0].role != "major_claim"
    assert art.major_claim is not None and "sail at a loss" not in art.major_claim.text


def test_so_plus_auxiliary_is_likewise_not_therefore():
    assert conclusion_start("So do small islands.") == ""
    assert conclusion_start("So is the harbour master.") == ""
    assert conclusion_start("So the ferry should stay.") == "so"
    assert conclusion_start("Therefore the ferry should stay.") == "therefore"


@pytest.mark.parametrize("sentence", ["So do not cut the ferry before the winter.",
                                      "So don't cut the ferry before the winter."])
def test_so_plus_auxiliary_and_not_is_a_conclusion(nlp, sentence):
    # an imperative drawn from what came before, not "likewise"
    assert conclusion_start(sentence) == "so"
    doc = nlp(sentence)
    assert doc[prefix_end(doc, 0, len(doc), connectives=True)].lower_ == "do"


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


@pytest.mark.model
@pytest.mark.parametrize("sentence, fact", [
    ("The harbour board raised berth fees by 14 per cent last spring.", True),
    ("The ports minister has called the figures proof that the plan is working.", True),
    ("Ferry crossings fell to 310 in 2025, according to the operator.", True),
    ("The board was wrong to raise the fees in 2025.", False),          # judges
    ("The council should restore the 2019 timetable.", False),          # a modal
    ("The ferry carries 900 passengers a day.", False),                 # present, no past event
    ("The operator cut the timetable.", False),                         # past, but no date, figure or source
])
def test_a_reported_fact_is_dated_or_sourced_and_judges_nothing(nlp_model, sentence, fact):
    doc = nlp_model(sentence)
    assert reports_fact(doc, 0, len(doc)) is fact


HARBOUR = (
    "The harbour fees are a tax on the islands\n\n"
    "Island hauliers have complained for years about the cost of the crossing. "
    "The harbour board raised berth fees by 14 per cent last spring.\n\n"
    "The board says the money pays for the new breakwater. "
    "The breakwater was finished in 2023 and cost less than planned.\n\n"
    "Hauliers pass the fees on to the island shops. "
    "A crate of milk now costs a third more on Holm than in the port town.\n\n"
    "The board should cut the fees back and ask the ministry to pay for what it built."
)


@pytest.mark.model
def test_a_news_lede_closing_the_introduction_is_not_the_thesis(nlp_model):
    art = extract_article(HARBOUR, article_id="h", nlp=nlp_model)
    assert art.major_claim.text == "The harbour fees are a tax on the islands"  # the headline states it
    body = [u.text for u in art.restatements]
    assert body[0] == "The board should cut the fees back and ask the ministry to pay for what it built."
    assert not any("raised berth fees" in t for t in body)


@pytest.mark.parametrize("line, foot", [
    ("Rhona Keir is a columnist for the Island Courier.", True),
    ("Dr Sam Obi is a senior fellow at the Coastal Policy Institute.", True),
    ("Ana Ruiz writes about transport for the Courier.", True),
    ("The minister is a keen sailor, which may explain the timing.", False),
    ("Holm is a small island with a big problem.", False),
    ("Tom Reid, a former port inspector, writes on trade.", True),
    # a closing sentence that names a trade is no author's line
    ("The answer is a simple one, and every economist knows it.", False),
    ("This is a tax that every economist hates.", False),
    ("Everyone who writes about ferries should ride the night boat once.", False),
    ("Our island is a magnet for every young writer and painter.", False),
])
def test_author_line(line, foot):
    assert author_line(line) is foot


@pytest.mark.parametrize("sentence", [
    "The question now is whether the board will listen.",
    "After a year of rows it is worth asking plainly who was right.",
])
def test_a_question_framed_as_a_statement_is_no_thesis(nlp, sentence):
    doc = nlp(sentence)
    assert is_fragment(doc, 0, len(doc))


FOOTED = (
    "Harbour fees\n\n"
    "The harbour board met on Monday to review the fees it charges island hauliers.\n\n"
    "Hauliers pass the fees on to the island shops, and prices on Holm have risen.\n\n"
    "The board says the money pays for the new breakwater.\n\n"
    "The fees should be cut before the winter timetable starts.\n\n"
    "Rhona Keir is a columnist for the Island Courier."
)


@pytest.mark.model
def test_the_author_line_is_none_and_the_conclusion_is_the_paragraph_before(nlp_model):
    art = extract_article(FOOTED, article_id="f", nlp=nlp_model)
    assert art.units[-1].text == "Rhona Keir is a columnist for the Island Courier."
    assert art.units[-1].role == "none"
    assert art.major_claim.text == "The fees should be cut before the winter timetable starts."


BYLINED = (
    "Ferries are the island's lifeline\n\n"
    "By Ann Lee\n\n"
    "The council voted on Monday to cut the winter ferry. That was a mistake, and it should be reversed.\n\n"
    "The ferry carries nurses and pupils every day. Without it the island empties.\n\n"
    "Critics say the route loses money. It does, but far less than the cost of flying patients out.\n\n"
    "The council should restore the winter ferry before December.\n"
)


@pytest.mark.model
def test_a_byline_paragraph_is_not_the_introduction(nlp_model):
    art = extract_article(BYLINED, article_id="b", nlp=nlp_model)
    roles = dict((u.text, u.role) for u in art.units)
    assert roles["By Ann Lee"] == "none"
    # the introduction is the paragraph after the byline: its closing judgement restates the headline
    assert roles["That was a mistake, and it should be reversed."] == "major_claim"
