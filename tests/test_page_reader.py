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
