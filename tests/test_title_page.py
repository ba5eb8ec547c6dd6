"""An HTML page's title feeds the title rule as a plain-text title line does.

The page in tests/data/title_page/ was written for this test; its title ends
with a full stop, which the plain-text rule alone would not take for a title.
"""
from pathlib import Path

import pytest

from argmap.extract import extract_article
from argmap.io.web import reduce_html

PAGE = Path(__file__).parent / "data" / "title_page" / "bus-lanes-title.html"
TITLE = "Bus lanes pay for themselves. The council should paint more of them."


@pytest.mark.parametrize("title, thesis", [
    ("Voting Should Be Compulsory", True),
    ("The Levy Worked. Now Extend It", True),
    ("Beyond the League Table", False),
    ("Why Cities Need Buses", False),
    ("Should the Levy Stay?", False),
])
def test_thesis_like_titles(nlp, title, thesis):
    from argmap.pipeline.units import thesis_title

    doc = nlp.make_doc(title)
    assert thesis_title(doc, 0, len(doc)) is thesis


def test_thesis_title_restates_the_major_claim(nlp):
    text = ("Cities Should Build Bus Lanes\n\nTraffic crawls in every centre. "
            "Cities should build bus lanes on their main roads.\n\nLanes are cheap to paint. "
            "Buses run on time.\n\nCritics say that lanes slow cars. However, cars already crawl.\n\n"
            "Bus lanes are the cheapest fix we have.")
    doc = nlp(text)
    roles = [(u.text, r) for u, (r, _, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)]
    assert roles[0] == ("Cities Should Build Bus Lanes", "major_claim")
    targets = {doc.spans["argmap_units"][t].text for _, t, *_ in doc._.argmap_relations}
    assert "Cities Should Build Bus Lanes" not in targets  # the body's thesis anchors the tree
    assert "Cities should build bus lanes on their main roads." in targets


def test_given_title_is_a_title_line_on_a_blank_pipeline(nlp):
    from argmap.pipeline.units import segment, title_units

    text = TITLE + "\n\nThe bus is slow. Cars block it.\n\nLanes are cheap.\n\nPaint them."
    doc = nlp.make_doc(text)
    assert title_units(doc, segment(doc)) == 0  # two sentences with a final stop: no title
    doc._.argmap_title = TITLE
    assert title_units(doc, segment(doc)) == 2


@pytest.mark.model
def test_html_title_is_the_title_and_the_thesis_closes_the_introduction(nlp_model):
    page = reduce_html(PAGE.read_text(encoding="utf-8"))
    assert page.title == TITLE
    art = extract_article(page.text, article_id="bus", nlp=nlp_model, meta={"title": page.title})
    assert art.title == TITLE
    title_units = [u for u in art.units if u.paragraph == 0]
    # a thesis-like title is the major claim (its last unit carries the role); the
    # body's thesis and its restatement restate it
    assert [u.role for u in title_units] == ["none", "major_claim"]
    assert art.major_claim.text == "The council should paint more of them."
    assert [u.text for u in art.restatements] == ["The council should paint bus lanes on every main road this year.",
                                                  "The council should stop reviewing and start painting."]
    assert not [r for r in art.relations if r.source == title_units[-1].id]
