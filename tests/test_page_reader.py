"""What the HTML reader keeps of a news or opinion page (issue 9, real inputs).

The pages in tests/data/pages_s22/ were written for these tests in the markup
real sites use (section labels, headlines repeated in a header and in the
body, deks, bylines, date lines, captions, pull quotes, share and read-more
leftovers, author bios); their expected reduced text was committed before the
reducer was changed. Expected: the headline once, as the first line; the dek
as the first body paragraph; the article paragraphs in order; a closing author
bio kept; no label, byline, date, caption or share line.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.io.web import reduce_html, trafilatura_available

HERE = Path(__file__).parent / "data" / "pages_s22"
GOLD = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["pages"]
REDUCERS = [False] + ([True] if trafilatura_available() else [])
_ID = {False: "html.parser", True: "trafilatura"}


@pytest.mark.parametrize("use_trafilatura", REDUCERS, ids=lambda v: _ID[v])
@pytest.mark.parametrize("name", sorted(GOLD))
def test_page_reduces_to_headline_dek_and_paragraphs(name, use_trafilatura):
    gold = GOLD[name]
    page = reduce_html((HERE / name).read_text(encoding="utf-8"), use_trafilatura=use_trafilatura)
    assert page.reducer == _ID[use_trafilatura]
    assert page.text.rstrip("\n").split("\n\n") == gold["text"]
    got = {k: getattr(page, k) for k in ("title", "author", "date", "site", "url")}
    assert got == {k: gold[k] for k in got}


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


ARTICLE = ("<p>The council spends more on consultants than on street lighting, and nobody in "
           "the chamber seems to mind. That should change before the next budget.</p>"
           "<p>A published list of every contract would cost almost nothing to produce.</p>")


@pytest.mark.parametrize("use_trafilatura", REDUCERS, ids=lambda v: _ID[v])
def test_site_first_title_tag_gives_the_headline(use_trafilatura):
    html = _page("<title>The Riverside Post - Publish the council's contracts</title>"
                 "<meta property='og:site_name' content='The Riverside Post'>",
                 "<header><nav><a href='/'>Home</a></nav></header><h1>Publish the council's "
                 "contracts</h1><article>" + ARTICLE + "</article>")
    page = reduce_html(html, use_trafilatura=use_trafilatura)
    assert page.title == "Publish the council's contracts"
    assert page.text.startswith("Publish the council's contracts\n\nThe council spends")
    assert page.text.count("Publish the council") == 1


def test_site_first_title_tag_without_h1_skips_the_site_name():
    html = _page("<title>The Riverside Post | Publish the council's contracts</title>"
                 "<meta property='og:site_name' content='The Riverside Post'>",
                 "<article>" + ARTICLE + "</article>")
    assert reduce_html(html, use_trafilatura=False).title == "Publish the council's contracts"


@pytest.mark.parametrize("use_trafilatura", REDUCERS, ids=lambda v: _ID[v])
def test_a_label_that_is_part_of_the_headline_stays(use_trafilatura):
    html = _page("<title>Editorial: Publish the council's contracts | The Riverside Post</title>"
                 "<meta property='og:title' content=\"Editorial: Publish the council's contracts\">",
                 "<article><h1>Editorial: Publish the council's contracts</h1>" + ARTICLE + "</article>")
    page = reduce_html(html, use_trafilatura=use_trafilatura)
    assert page.title == "Editorial: Publish the council's contracts"
    assert page.text.count("Publish the council's contracts") == 1


@pytest.mark.parametrize("use_trafilatura", REDUCERS, ids=lambda v: _ID[v])
def test_body_lines_that_look_like_head_lines_are_kept(use_trafilatura):
    body = ["Opinion polls show that most residents want the lists published.",
            "By 2030 the council will have spent a billion pounds on outside advice.",
            "In March 2026 the council voted against publishing anything.",
            "Analysis of the last budget shows where the money went, line by line, to firms "
            "that also advise the council's neighbours.",
            "Publish the council's contracts, and the waste will shrink on its own."]
    html = _page("<title>Publish the council's contracts | Opinion | The Riverside Post</title>",
                 "<article><h1>Publish the council's contracts</h1>" + ARTICLE
                 + "".join(f"<p>{p}</p>" for p in body) + "</article>")
    page = reduce_html(html, use_trafilatura=use_trafilatura)
    assert [p for p in body if p not in page.text] == []
    assert page.text.startswith("Publish the council's contracts\n\nThe council spends")


@pytest.mark.parametrize("use_trafilatura", REDUCERS, ids=lambda v: _ID[v])
def test_a_short_opening_sentence_after_by_is_kept(use_trafilatura):
    html = _page("<title>Publish the council's contracts | Opinion | The Riverside Post</title>",
                 "<article><h1>Publish the council's contracts</h1>"
                 "<p>By Friday, ministers had backed down.</p>" + ARTICLE + "</article>")
    page = reduce_html(html, use_trafilatura=use_trafilatura)
    assert "By Friday, ministers had backed down." in page.text
    assert page.text.startswith("Publish the council's contracts\n\nBy Friday, ministers had backed down.\n\nThe council spends")


@pytest.mark.parametrize("use_trafilatura", REDUCERS, ids=lambda v: _ID[v])
def test_a_bio_in_an_author_box_at_the_end_is_kept(use_trafilatura):
    html = _page("<title>Publish the council's contracts | The Riverside Post</title>"
                 "<meta name='author' content='Ruth Abara'>",
                 "<article><h1>Publish the council's contracts</h1>"
                 "<div class='author-meta'>By Ruth Abara</div>" + ARTICLE
                 + "<div class='author-bio'><p>Ruth Abara is a former councillor in Riverside."
                   "</p></div></article>")
    page = reduce_html(html, use_trafilatura=use_trafilatura)
    assert page.text.rstrip().endswith("\n\nRuth Abara is a former councillor in Riverside.")
    assert "By Ruth Abara" not in page.text


@pytest.mark.parametrize("line, author, kind", [
    ("Tue 3 Mar 2026 06.00 GMT", "", "date"),
    ("Updated: 14 October 2026, 09:15 BST", "", "date"),
    ("Published March 3, 2026 at 6:00 a.m. ET", "", "date"),
    ("2026-03-03", "", "date"),
    ("By Ruth Abara", "", "byline"),
    ("By Ruth Abara and Femi Cole in Lagos", "", "byline"),
    ("Ruth Abara, Chief Political Correspondent", "", "byline"),
    ("Ruth Abara", "Ruth Abara", "byline"),
    ("Leader", "", "label"),
    ("Opinion | Housing", "", "label"),
    ("By Ruth Abara · 3 March 2026", "", "row"),
    ("In March 2026 the council voted.", "", None),
    ("By 2030 the council will be broke.", "", None),
    ("By any measure, Abara was right", "", None),
    # a date or a place after "By" is the article's sentence, not a byline
    ("By Friday, ministers had backed down.", "", None),
    ("By Tuesday the council had given in", "", None),
    ("Riverside, like every town, needs a writer", "", None),
    ("Ruth Abara", "", None),
    ("Housing", "", None),
    ("Analysis shows the money went to three firms.", "", None),
])
def test_head_line_kinds(line, author, kind):
    from argmap.io.web import _is_byline, _is_date, _is_head_line, _is_label

    got = {"date": _is_date(line), "byline": _is_byline(line, author), "label": _is_label(line)}
    assert _is_head_line(line, author) is (kind is not None)
    if kind in got:
        assert got[kind]


@pytest.mark.parametrize("line, furniture", [
    ("Read more", True), ("Read more: Rents rise for the ninth month", True),
    ("Share this article", True), ("Advertisement", True), ("More from Ruth Abara", True),
    ("Council offices in Riverside. Photograph: Sam Lee/Riverside Post", True),
    ("© 2026 The Riverside Post", True),
    ("Read more about the contracts in the council's own annual report, which it published "
     "last week after a long delay and a great deal of pressure from residents.", False),
    ("Share prices fell.", False), ("Subscribers to the council's list got the news first.", False),
])
def test_furniture_lines(line, furniture):
    from argmap.io.web import _is_furniture

    assert _is_furniture(line) is furniture


@pytest.mark.parametrize("line", ["Op-ed", "Guest essay", "Analysis: Housing"])
def test_labels(line):
    from argmap.io.web import _is_label

    assert _is_label(line)


@pytest.mark.parametrize("use_trafilatura", REDUCERS, ids=lambda v: _ID[v])
def test_a_site_tagline_above_the_headline_is_not_a_dek(use_trafilatura):
    html = _page("<title>Publish the council's contracts | The Riverside Post</title>",
                 "<header><h1 class='site-name'>The Riverside Post</h1><p class='site-description'>"
                 "News and views from the river towns since 1887</p></header><main><article>"
                 "<h1>Publish the council's contracts</h1><p class='standfirst'>Residents have a "
                 "right to know who the council pays</p>" + ARTICLE + "</article></main>")
    page = reduce_html(html, use_trafilatura=use_trafilatura)
    assert page.title == "Publish the council's contracts"
    assert page.text.startswith("Publish the council's contracts\n\nResidents have a right to know "
                                "who the council pays\n\nThe council spends")
    assert "river towns" not in page.text


def test_site_name_is_cut_from_a_title_whose_headline_is_in_the_body():
    from argmap.io.web import _tidy

    title, text = _tidy("Publish the contracts | The Riverside Post",
                        "Publish the contracts\nRuth Abara\n3 March 2026 \u2022 6 min read\n"
                        "Share on Facebook Share on X\nThe council spends too much on advice.",
                        site="The Riverside Post")
    assert title == "Publish the contracts"
    assert text == "Publish the contracts\n\nThe council spends too much on advice.\n"


@pytest.mark.parametrize("line, author, name", [
    ("Ruth Abara", "", True), ("Ruth Abara", "Dr Ruth Abara", True),
    ("Ruth Abara", "Femi Cole", False), ("Why it matters", "", False),
    ("Budget 2026", "", False), ("Abara", "", False),
])
def test_name_lines(line, author, name):
    from argmap.io.web import _is_name_line

    assert _is_name_line(line, author) is name
