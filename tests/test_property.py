"""Property tests: random text through the pipeline, the records and the graph builder."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from argmap.extract import extract_article  # noqa: E402
from argmap.graph import build_graph  # noqa: E402
from argmap.records import article_from_dict, article_to_dict  # noqa: E402
from argmap.screen import english_ratio, html_to_text  # noqa: E402

WORDS = [
    "Rankings", "rankings", "mislead", "students", "Harvard", "Oxford", "Stanford", "QS",
    "the United States", "US", "UK", "American", "Sweden", "Karolinska Institutet", "prestige",
    "research", "funding", "However", "Admittedly", "because", "but", "not", "don\u2019t",
    "should", "must", "In conclusion", "For example", "critics say", "I think", "outcomes",
    "is", "are", "good", "bad", "excellent", "useless", "a name alone", "not just prestige",
    "teaching", "employers", "\u201cquoted\u201d", "\u00e9cole", "\u4e2d\u6587", "\U0001f600",
]
SEPARATORS = [" ", " ", " ", ", ", ". ", "; ", "! ", "? ", "\n", "\n\n", " \u2014 ", ": ", "\t"]

essays = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS),
              st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                      max_size=8)),
    max_size=120,
).map("".join)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.function_scoped_fixture])
SIMPLE = (str, int, float, bool)


@PROPERTY_SETTINGS
@given(text=essays)
def test_records_have_valid_offsets_and_one_major_claim(nlp, text):
    article = extract_article(text, article_id="p", nlp=nlp)
    n = len(text)
    for unit in article.units:
        assert 0 <= unit.start < unit.end <= n
        assert text[unit.start:unit.end] == unit.text
        assert unit.id == f"p:{unit.start}"
    starts = [u.start for u in article.units]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for m in article.mentions:
        assert 0 <= m.start < m.end <= n and text[m.start:m.end] == m.text
    # one thesis; a restatement (a thesis-like title, the conclusion) is also major_claim
    majors = [u for u in article.units if u.role == "major_claim"]
    assert len(majors) == (article.major_claim is not None) + len(article.restatements)
    assert all(u.role == "major_claim" for u in article.restatements)
    unit_ids = {u.id for u in article.units}
    for r in article.relations:
        assert r.source in unit_ids and r.target in unit_ids and r.source != r.target
    for s in article.stances:
        assert s.polarity in {"pro", "con", "neutral", "mixed"}
    assert article_from_dict(article_to_dict(article)) == article


@PROPERTY_SETTINGS
@given(text=essays)
def test_graph_attributes_are_simple(nlp, text):
    article = extract_article(text, article_id="g", nlp=nlp)
    G = build_graph(article)
    majors = 0
    for _, data in G.nodes(data=True):
        assert all(isinstance(v, SIMPLE) for v in data.values()), data
        majors += data.get("role") == "major_claim"
    # one thesis; a restatement (a thesis-like title, the conclusion) is also major_claim
    assert majors == (article.major_claim is not None) + len(article.restatements)
    for u, v, key, data in G.edges(keys=True, data=True):
        assert u in G and v in G
        assert isinstance(key, (str, int))
        assert all(isinstance(val, SIMPLE) for val in data.values()), data
    assert sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "unit") == len(article.units)


@settings(max_examples=200, deadline=None)
@given(html=st.text(max_size=300) | essays.map(lambda t: f"<html><body><p>{t}</p></body></html>"))
def test_html_to_text_never_raises(html):
    text = html_to_text(html)
    assert isinstance(text, str) and text.endswith("\n")
    assert "\n\n\n" not in text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400))
def test_english_ratio_is_a_share(text):
    ratio, n = english_ratio(text)
    assert 0.0 <= ratio <= 1.0 and n >= 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(data=json_values)
def test_dumps_json_matches_the_stdlib(data):
    import json

    from argmap.io import dumps_json

    assert dumps_json(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@PROPERTY_SETTINGS
@given(text=essays)
def test_rendered_article_json_matches_article_to_dict(nlp, text):
    import json

    from argmap.io import render_article

    article = extract_article(text, article_id="r", nlp=nlp)
    got, _ = render_article(article, {})
    assert got == json.dumps(article_to_dict(article), ensure_ascii=False, indent=2) + "\n"
