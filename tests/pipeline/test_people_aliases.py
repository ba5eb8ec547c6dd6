"""People, aliases, split names, the junk filter and the institutions table."""
from __future__ import annotations

import logging

import pytest
import spacy
from spacy.tokens import Span

from argmap.extract import extract_article
from argmap.pipeline import add_argmap_pipes
from argmap.pipeline.entities import (canonical_id, entity_ids, find_acronyms, junk_reason,
                                      mention_bounds, mention_bounds_of, person_id)
from argmap.pipeline.extensions import register_extensions


@pytest.fixture(scope="module")
def blank():
    register_extensions()
    return spacy.blank("en")


def _doc(nlp, text, ents):
    """A Doc with hand-set entities: ents are (start token, end token, label)."""
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def _ids(doc):
    return [(e.text, canonical_id(e)) for e in doc.ents]


@pytest.mark.parametrize("text,expected", [
    ("The Federal Reserve (Fed) held rates.", [(1, 3, "Fed")]),
    ("Data from U.S. News & World Report (USNWR) differ.", [(2, 7, "USNWR")]),
    ("The European Central Bank (ECB) met.", [(1, 4, "ECB")]),
    ("She joined the Royal College of Nursing (RCN) in May.", [(3, 7, "RCN")]),
    ("Results rose (2024) and fell (see below).", []),
    ("The Central Bank (XYZ) met.", []),  # initials do not spell it
])
def test_find_acronyms(blank, text, expected):
    assert find_acronyms(blank(text)) == expected


def test_acronym_and_long_form_share_one_id(nlp):
    a = extract_article("The Oceanic Fisheries Board (OFB) sets quotas. Critics say the OFB "
                        "ignores small boats.", article_id="t", nlp=nlp)
    assert [(e.id, e.mention_count, e.surface_forms) for e in a.entities] == [
        ("org:oceanic-fisheries-board", 3, ("OFB", "Oceanic Fisheries Board"))]
    assert a.entities[0].label == "Oceanic Fisheries Board"


def test_known_abbreviation_defined_in_text_keeps_the_curated_id(nlp):
    a = extract_article("The World Health Organization (WHO) warned ministers. The WHO was "
                        "right.", article_id="t", nlp=nlp)
    assert [(e.id, e.mention_count) for e in a.entities] == [("org:who", 3)]


@pytest.mark.parametrize("form", ["U.S.", "U.S", "US", "United States"])
def test_us_forms(nlp, form):
    a = extract_article(f"The {form} can afford transparency.", article_id="t", nlp=nlp)
    assert [e.id for e in a.entities] == ["country:US"]


def test_person_ids_and_titles():
    assert person_id("Dr Aisha Rahman") == "person:aisha-rahman"
    assert person_id("President Recep Tayyip Erdogan") == "person:recep-tayyip-erdogan"
    assert person_id("Napoleon") == "person:napoleon"
    assert person_id("Powell's") == "person:powell"


def test_surname_folds_into_the_full_name_whatever_the_label(blank):
    doc = _doc(blank, "David Cameron promised insurance . Cameron went quiet . Cameron 's plan failed .",
               [(0, 2, "PERSON"), (5, 6, "ORG"), (9, 11, "PERSON")])
    assert _ids(doc) == [("David Cameron", "person:david-cameron"),
                         ("Cameron", "person:david-cameron"),
                         ("Cameron 's", "person:david-cameron")]


def test_two_people_with_one_surname_leave_the_surname_unresolved(blank):
    doc = _doc(blank, "Stuart Jones met Carla Jones . Jones spoke .",
               [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON")])
    assert _ids(doc) == [("Stuart Jones", "person:stuart-jones"),
                         ("Carla Jones", "person:carla-jones"), ("Jones", "person:jones")]


def test_a_person_is_never_an_organisation(blank):
    doc = _doc(blank, "Maria Okafor warned that Okafor Holdings grew .",
               [(0, 2, "PERSON"), (4, 6, "ORG")])
    assert _ids(doc) == [("Maria Okafor", "person:maria-okafor"),
                         ("Okafor Holdings", "org:okafor-holdings")]


@pytest.mark.parametrize("text,span,reason", [
    ("Stuart Jones said let 's go", (0, 5), "contains the verb 'said'"),
    ("across the Black Seas to Africa", (2, 5), "ends in 'to'"),
    ("the reforms failed", (1, 2), "a single lower-case word"),
    ("Smith , Jones and Brown", (0, 3), "crosses a clause at ','"),
    ("Congress for the Republic", (0, 4), ""),
])
def test_junk_reason(blank, text, span, reason):
    doc = _doc(blank, text, [(*span, "ORG")])
    assert junk_reason(doc.ents[0]) == reason


def test_junk_spans_get_no_id_and_are_logged(blank, caplog):
    doc = _doc(blank, "Stuart Jones said let 's go", [(0, 5, "ORG")])
    with caplog.at_level(logging.DEBUG, logger="argmap.entities"):
        assert canonical_id(doc.ents[0]) == ""
    assert "rejected: contains the verb 'said'" in caplog.text


def test_split_names_stay_one_entity(blank):
    doc = _doc(blank, "The Bank of England cut rates . Congress for the Republic walked out .",
               [(0, 3, "ORG"), (3, 4, "GPE"), (7, 8, "ORG"), (10, 11, "ORG")])
    assert _ids(doc) == [("The Bank of", "org:bank-of-england"), ("England", ""),
                         ("Congress", "org:congress-for-the-republic"), ("Republic", "")]


def test_entity_ids_and_bounds_of_a_whole_doc_are_those_of_each_span(blank):
    doc = _doc(blank, "Maria Okafor left the Bank of Ireland . The European Commission and Okafor "
               "disagreed ; the Commission said so . Okafor 's plan stalled .",
               [(0, 2, "PERSON"), (4, 6, "ORG"), (6, 7, "GPE"), (8, 11, "ORG"), (12, 13, "ORG"),
                (16, 17, "ORG"), (20, 21, "PERSON")])
    expected = [("Maria Okafor", "person:maria-okafor"), ("Bank of", "org:bank-of-ireland"),
                ("Ireland", ""), ("The European Commission", "org:european-commission"),
                ("Okafor", "person:maria-okafor"), ("Commission", "org:european-commission"),
                ("Okafor", "person:maria-okafor")]
    assert _ids(doc) == expected
    assert [(e.text, tid) for e, tid in entity_ids(doc)] == expected
    ents = list(doc.ents)
    assert mention_bounds_of(doc, ents) == [mention_bounds(e) for e in ents]
    assert doc.text[slice(*mention_bounds_of(doc, ents)[1])] == "Bank of Ireland"


def test_head_word_without_a_following_name_is_left_alone(blank):
    doc = _doc(blank, "Congress for the first time agreed .", [(0, 1, "ORG")])
    assert _ids(doc) == [("Congress", "org:congress")]


@pytest.mark.parametrize("text,expected", [
    ("Students at the University of Reading protested.",
     [("institution:university-of-reading", "country:GB")]),
    ("Reading the report, I disagreed with Union leaders.", []),
    ("Union College and Makerere University admitted more students.",
     [("institution:makerere", "country:UG"), ("institution:union-college", "country:US")]),
    ("the university of reading is lower-case here.", []),
])
def test_institutions_table_is_case_sensitive_and_multiword(nlp, text, expected):
    a = extract_article(text, article_id="t", nlp=nlp)
    assert [(e.id, e.country) for e in a.entities if e.kind == "institution"] == expected


def test_institutions_table_is_large_and_has_countries():
    from argmap.pipeline.gazetteer import institution_table

    table = institution_table()
    assert len(table) > 6000
    assert ("University of Ghana", "GH", ("University", "of", "Ghana")) in table
    assert all(len(tokens) >= 2 for _, _, tokens in table)


def test_user_patterns_win_over_the_table():
    nlp = add_argmap_pipes(spacy.blank("en"))
    nlp.get_pipe("argmap_entities").add_patterns(
        [{"id": "institution:reading", "label": "Reading", "kind": "institution",
          "country": "country:GB", "patterns": ["University of Reading"]}])
    a = extract_article("The University of Reading grew.", article_id="t", nlp=nlp)
    assert [e.id for e in a.entities] == ["institution:reading"]


@pytest.mark.model
def test_people_capitals_and_acronyms_with_the_model(nlp_model):
    text = ("Washington insists the tariffs work. Helena Brandt, an analyst at the Atlantic "
            "Trade Council (ATC), said the ATC disagrees. Brandt added that Ankara has objected. "
            "Trade fell in Washington last year.")
    a = extract_article(text, article_id="t", nlp=nlp_model)
    got = {e.id: e.surface_forms for e in a.entities}
    assert got["person:helena-brandt"] == ("Helena Brandt",)  # NER labels it ORG; the role noun says person
    assert got["org:atlantic-trade-council"] == ("ATC", "Atlantic Trade Council")
    assert got["country:US"] == ("Washington",)
    assert got["country:TR"] == ("Ankara",)
    assert not [i for i in got if i.startswith("org:") and "brandt" in i]


def test_split_name_mentions_cover_the_whole_name(blank):
    from argmap.pipeline.entities import mention_bounds

    doc = _doc(blank, "The Bank of England cut rates .", [(0, 3, "ORG"), (3, 4, "GPE")])
    start, end = mention_bounds(doc.ents[0])
    assert doc.text[start:end] == "The Bank of England"
    assert mention_bounds(doc.ents[1]) == (12, 19)
