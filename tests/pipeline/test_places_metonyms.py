"""Demonyms, places, capitals and seats of government as metonyms, people typed as organisations.

Docs are built by hand (words, heads, dependency labels, entity labels) on
``spacy.blank("en")``'s vocab, so the rules are tested without a trained
model; one test at the end runs ``en_core_web_sm`` on sentences written for it.
"""
from __future__ import annotations

import logging

import pytest
import spacy
from spacy.tokens import Doc, Span

from argmap.extract import extract_article
from argmap.pipeline.entities import canonical_id, governmental_context
from argmap.pipeline.extensions import register_extensions
from argmap.pipeline.gazetteer import DEMONYMS


@pytest.fixture(scope="module")
def vocab():
    register_extensions()
    return spacy.blank("en").vocab


def parsed(vocab, rows, ents):
    """A Doc from ``(word, head index, dep)`` rows and ``(start, end, label)`` entities."""
    words = [w for w, _, _ in rows]
    doc = Doc(vocab, words=words, heads=[h for _, h, _ in rows], deps=[d for _, _, d in rows])
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def ids(doc):
    return [(e.text, canonical_id(e)) for e in doc.ents]


# -- demonyms ----------------------------------------------------------------

def test_demonym_table_covers_most_countries_with_plurals():
    assert len(DEMONYMS) >= 190
    assert DEMONYMS["AE"] == ["Emirati", "Emiratis"]
    assert DEMONYMS["CH"] == ["Swiss"]
    assert "Dutchmen" in DEMONYMS["NL"] and "Filipinos" in DEMONYMS["PH"]
    assert "New Zealanders" in DEMONYMS["NZ"]
    forms = [f for v in DEMONYMS.values() for f in v]
    assert len(forms) == len(set(forms))  # each form names one country
    assert not {"Congolese", "Korean", "Guinean"} & set(forms)  # ambiguous ones left out


def test_demonyms_name_their_country(nlp):
    a = extract_article("Emirati and Norwegian firms run the terminals, while Ghanaians and "
                        "Swiss banks pay for them.", article_id="t", nlp=nlp)
    assert sorted(e.id for e in a.entities if e.kind == "country") == [
        "country:AE", "country:CH", "country:GH", "country:NO"]


def test_a_demonym_that_begins_a_name_is_left_to_the_ner(nlp):
    a = extract_article("The flight was run by British Airways, not by British crews.",
                        article_id="t", nlp=nlp)
    # only "British crews" is a pattern match; "British Airways" goes to the NER (none here)
    assert [(e.id, e.surface_forms, e.mention_count) for e in a.entities] == [
        ("country:GB", ("British",), 1)]


# -- capitals and seats of government -----------------------------------------

@pytest.mark.parametrize("rows,ents,expected", [
    # Washington insists .
    ([("Washington", 1, "nsubj"), ("insists", 1, "ROOT"), (".", 1, "punct")],
     [(0, 1, "GPE")], [("Washington", "country:US")]),
    # Washington 's tariffs hurt .
    ([("Washington", 2, "poss"), ("'s", 0, "case"), ("tariffs", 3, "nsubj"), ("hurt", 3, "ROOT"),
      (".", 3, "punct")], [(0, 1, "GPE")], [("Washington", "country:US")]),
    # Trade fell in Washington .
    ([("Trade", 1, "nsubj"), ("fell", 1, "ROOT"), ("in", 1, "prep"), ("Washington", 2, "pobj"),
      (".", 1, "punct")], [(3, 4, "GPE")], [("Washington", "")]),
    # talks with Moscow failed .
    ([("talks", 3, "nsubj"), ("with", 0, "prep"), ("Moscow", 1, "pobj"), ("failed", 3, "ROOT"),
      (".", 3, "punct")], [(2, 3, "GPE")], [("Moscow", "country:RU")]),
    # Moscow is a city .
    ([("Moscow", 1, "nsubj"), ("is", 1, "ROOT"), ("a", 3, "det"), ("city", 1, "attr"),
      (".", 1, "punct")], [(0, 1, "GPE")], [("Moscow", "")]),
    # Brussels insists .
    ([("Brussels", 1, "nsubj"), ("insists", 1, "ROOT"), (".", 1, "punct")],
     [(0, 1, "GPE")], [("Brussels", "org:european-union")]),
    # bread in Cairo and Beirut rose : a conjunct in a place phrase is a place too
    ([("bread", 5, "nsubj"), ("in", 0, "prep"), ("Cairo", 1, "pobj"), ("and", 2, "cc"),
      ("Beirut", 2, "conj"), ("rose", 5, "ROOT")], [(2, 3, "GPE"), (4, 5, "GPE")],
     [("Cairo", ""), ("Beirut", "")]),
])
def test_capitals_stand_for_their_government_only_in_a_governmental_context(vocab, rows, ents,
                                                                            expected):
    assert ids(parsed(vocab, rows, ents)) == expected


def test_a_capital_without_a_parse_is_a_place(vocab):
    doc = Doc(vocab, words=["Washington", "insists", "."])
    doc.ents = [doc.char_span(0, 10, label="GPE")]
    assert ids(doc) == [("Washington", "")]


def test_seats_of_government(nlp, vocab):
    a = extract_article("Downing Street has said little. The Kremlin is watching.",
                        article_id="t", nlp=nlp)  # no parser: a seat is the government
    assert [(e.id, e.label, e.surface_forms) for e in a.entities] == [
        ("country:GB", "United Kingdom", ("Downing Street",)),
        ("country:RU", "Russian Federation", ("Kremlin",))]
    doc = nlp.make_doc("Crowds gathered outside Downing Street .")
    doc = Doc(doc.vocab, words=[t.text for t in doc], heads=[1, 1, 1, 4, 2, 1],
              deps=["nsubj", "ROOT", "prep", "compound", "pobj", "punct"])
    doc = nlp.get_pipe("argmap_entities")(doc)
    (seat,) = doc.ents
    assert seat.id_ == "seat:downing-street" and not governmental_context(seat, seat=True)
    assert canonical_id(seat) == ""


# -- places -------------------------------------------------------------------

@pytest.mark.parametrize("rows,ents,expected", [
    # Marzouki told supporters in Sfax : the NER called the city an organisation
    ([("He", 1, "nsubj"), ("told", 1, "ROOT"), ("supporters", 1, "dobj"), ("in", 1, "prep"),
      ("Sfax", 3, "pobj")], [(4, 5, "ORG")], [("Sfax", "")]),
    # doctors go to Manchester : the NER called the city a person; a known subdivision
    ([("doctors", 1, "nsubj"), ("go", 1, "ROOT"), ("to", 1, "prep"), ("Manchester", 2, "pobj")],
     [(3, 4, "PERSON")], [("Manchester", "")]),
    # she wrote to Cameron : a person after "to" is still a person
    ([("she", 1, "nsubj"), ("wrote", 1, "ROOT"), ("to", 1, "prep"), ("Cameron", 2, "pobj")],
     [(3, 4, "PERSON")], [("Cameron", "person:cameron")]),
    # a vote in Congress : an organisation word keeps it an organisation
    ([("a", 1, "det"), ("vote", 1, "ROOT"), ("in", 1, "prep"), ("Congress", 2, "pobj")],
     [(3, 4, "ORG")], [("Congress", "org:congress")]),
    # she works at Google : "at" is not enough for an unknown name
    ([("she", 1, "nsubj"), ("works", 1, "ROOT"), ("at", 1, "prep"), ("Google", 2, "pobj")],
     [(3, 4, "ORG")], [("Google", "org:google")]),
    # a stake in Tesla : nor is "in"
    ([("a", 1, "det"), ("stake", 1, "ROOT"), ("in", 1, "prep"), ("Tesla", 2, "pobj")],
     [(3, 4, "ORG")], [("Tesla", "org:tesla")]),
])
def test_places_the_ner_calls_people_or_organisations_are_dropped(vocab, rows, ents, expected):
    assert ids(parsed(vocab, rows, ents)) == expected


def test_place_rejections_are_logged(vocab, caplog):
    doc = parsed(vocab, [("rallies", 0, "ROOT"), ("in", 0, "prep"), ("Sfax", 1, "pobj")],
                 [(2, 3, "ORG")])
    with caplog.at_level(logging.DEBUG, logger="argmap.entities"):
        assert canonical_id(doc.ents[0]) == ""
    assert "'Sfax' (ORG) rejected: a place" in caplog.text


# -- people the NER calls organisations ----------------------------------------

@pytest.mark.parametrize("words,ents,expected", [
    (["Mr", "Alausa", "is", "right"], [(1, 2, "ORG")], [("Alausa", "person:alausa")]),
    (["Prof.", "Ama", "Boateng", "disagreed"], [(0, 3, "ORG")], [("Prof. Ama Boateng", "person:ama-boateng")]),
    (["Helena", "Brandt", "warned"], [(0, 2, "ORG")], [("Helena Brandt", "person:helena-brandt")]),
    (["Helena", "Holdings", "grew"], [(0, 2, "ORG")], [("Helena Holdings", "org:helena-holdings")]),
    (["Maria", "University", "grew"], [(0, 2, "ORG")], [("Maria University", "institution:maria-university")]),
    (["the", "Victor", "Group", "grew"], [(1, 3, "ORG")], [("Victor Group", "org:victor-group")]),
])
def test_person_like_names_are_never_organisations(vocab, words, ents, expected):
    doc = Doc(vocab, words=words)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    assert ids(doc) == expected


def test_a_lone_given_name_is_a_person_only_as_a_subject(vocab):
    said = parsed(vocab, [("Napoleon", 1, "nsubj"), ("said", 1, "ROOT"), ("so", 1, "advmb")],
                  [(0, 1, "ORG")])
    bought = parsed(vocab, [("they", 1, "nsubj"), ("bought", 1, "ROOT"), ("Napoleon", 1, "dobj")],
                    [(2, 3, "ORG")])
    assert ids(said) == [("Napoleon", "person:napoleon")]
    assert ids(bought) == [("Napoleon", "org:napoleon")]


def test_surname_particles_join_the_name(vocab):
    doc = Doc(vocab, words=["Ursula", "von", "der", "Leyen", "spoke", ".", "Leyen", "left"])
    doc.ents = [Span(doc, 0, 3, label="PERSON"), Span(doc, 3, 4, label="GPE"),
                Span(doc, 6, 7, label="PERSON")]
    assert ids(doc) == [("Ursula von der", "person:ursula-von-der-leyen"),
                        ("Leyen", "person:ursula-von-der-leyen"),
                        ("Leyen", "person:ursula-von-der-leyen")]


def test_a_one_word_later_mention_folds_into_the_organisation(vocab):
    doc = Doc(vocab, words=["The", "Fishery", "Commission", "met", ".", "The", "Commission", "left"])
    doc.ents = [Span(doc, 1, 3, label="ORG"), Span(doc, 6, 7, label="ORG")]
    assert ids(doc) == [("Fishery Commission", "org:fishery-commission"),
                        ("Commission", "org:fishery-commission")]


@pytest.mark.model
def test_places_metonyms_and_people_with_the_model(nlp_model):
    text = ("Moscow has offered cheaper gas to Hungary. Talks in Beijing ended early. "
            "Downing Street said little, and reporters waited outside Downing Street. "
            "Dr Ama Boateng, who teaches in Kumasi, said Emirati investors were nervous.")
    a = extract_article(text, article_id="t", nlp=nlp_model)
    got = {e.id: e.surface_forms for e in a.entities}
    assert got["country:RU"] == ("Moscow",)
    assert got["country:GB"] == ("Downing Street",)
    assert got["country:AE"] == ("Emirati",)
    assert got["person:ama-boateng"]
    assert "country:CN" not in got
    assert not [i for i in got if "kumasi" in i or "beijing" in i or "downing" in i]


# -- institutions and organisations ----------------------------------------------

@pytest.mark.parametrize("name,kind", [
    ("Karolinska University Hospital", "institution"), ("University of Lagos", "institution"),
    ("Royal College of Nursing", "org"), ("American College of Physicians", "org"),
    ("Oxford University Press", "org"), ("Fishery Commission", "org"),
    ("Commission for University Education", "org"), ("Institute of Tropical Medicine", "institution"),
])
def test_name_kind(name, kind):
    from argmap.pipeline.entities import name_kind

    assert name_kind(name) == kind


def test_a_known_short_name_before_an_institution_word_is_another_institution(nlp):
    # "Karolinska" is curated (Karolinska Institutet), but not inside a longer name
    a = extract_article("The Karolinska University Hospital cut vacancies. Karolinska grew.",
                        article_id="t", nlp=nlp)
    assert [e.id for e in a.entities] == ["institution:karolinska-institutet"]
    assert a.entities[0].surface_forms == ("Karolinska",)


def test_a_lower_case_phrase_is_not_a_name(vocab):
    from argmap.pipeline.entities import junk_reason

    doc = Doc(vocab, words=["the", "health", "ministry", "said", "so"])
    doc.ents = [Span(doc, 0, 3, label="ORG")]
    assert junk_reason(doc.ents[0]) == "a lower-case phrase, not a name"
    assert canonical_id(doc.ents[0]) == ""


def test_more_capitals_stand_for_their_country(vocab):
    doc = parsed(vocab, [("Lilongwe", 1, "nsubj"), ("asked", 1, "ROOT"), ("donors", 1, "dobj")],
                 [(0, 1, "PERSON")])
    assert ids(doc) == [("Lilongwe", "country:MW")]


def test_titled_surname_and_middle_initials_fold_into_the_person(vocab):
    doc = Doc(vocab, words=["Tunji", "Alausa", "spoke", ".", "Mr", "Alausa", "is", "right", ".",
                            "Jerome", "H.", "Powell", "met", "Dr", "Powell"])
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 4, 6, label="PERSON"),
                Span(doc, 9, 12, label="PERSON"), Span(doc, 13, 15, label="PERSON")]
    assert ids(doc) == [("Tunji Alausa", "person:tunji-alausa"), ("Mr Alausa", "person:tunji-alausa"),
                        ("Jerome H. Powell", "person:jerome-powell"), ("Dr Powell", "person:jerome-powell")]


@pytest.mark.parametrize("words,ent,reason", [
    (["imports", "of", "LNG", "rose"], (2, 3), "a common abbreviation, not a name"),
    (["after", "Cyclone", "Gita", "hit"], (1, 3), "a storm"),
])
def test_abbreviations_and_storms_are_junk(vocab, words, ent, reason):
    from argmap.pipeline.entities import junk_reason

    doc = Doc(vocab, words=words)
    doc.ents = [Span(doc, *ent, label="ORG")]
    assert junk_reason(doc.ents[0]) == reason


def test_a_one_word_person_in_apposition_with_an_organisation_noun_is_an_organisation(vocab):
    doc = parsed(vocab, [("the", 1, "det"), ("watchdog", 1, "ROOT"), (",", 1, "punct"),
                         ("Finwatch", 1, "appos"), (",", 1, "punct"), ("and", 1, "cc"),
                         ("Clara", 1, "conj")], [(3, 4, "PERSON"), (6, 7, "PERSON")])
    assert ids(doc) == [("Finwatch", "org:finwatch"), ("Clara", "person:clara")]


def test_what_the_ner_cut_off_a_person_or_an_organisation_is_put_back(vocab):
    doc = Doc(vocab, words=["her", "lawyer", ",", "Mehmet", "Demir", ",", "and", "(", "VDA", ")",
                            "met", "the", "Committee", "to", "Protect", "Journalists", "and", "JFK"],
              pos=["PRON", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "CCONJ", "PUNCT", "PROPN",
                   "PUNCT", "VERB", "DET", "PROPN", "PART", "VERB", "PROPN", "CCONJ", "PROPN"],
              tags=["PRP", "NN", ",", "NNP", "NNP", ",", "CC", "-LRB-", "NNP", "-RRB-", "VBD", "DT",
                    "NNP", "TO", "VB", "NNPS", "CC", "NNP"])
    assert doc.has_annotation("TAG")
    doc.ents = [Span(doc, 4, 5, label="PERSON"), Span(doc, 8, 9, label="PERSON"),
                Span(doc, 11, 16, label="ORG"), Span(doc, 17, 18, label="PERSON")]
    assert ids(doc) == [("Demir", "person:mehmet-demir"), ("VDA", "org:vda"),
                        ("the Committee to Protect Journalists", "org:committee-to-protect-journalists"),
                        ("JFK", "person:jfk")]


def test_a_region_adjective_that_begins_a_name_is_left_to_the_ner(nlp):
    a = extract_article("She went to the European Court of Human Rights, like other European "
                        "reporters.", article_id="t", nlp=nlp)
    assert [(e.id, e.surface_forms) for e in a.entities] == [("region:europe", ("European",))]


def test_user_seat_patterns_name_their_government():
    from argmap.pipeline import add_argmap_pipes

    nlp = add_argmap_pipes(spacy.blank("en"))
    nlp.get_pipe("argmap_entities").add_patterns(
        [{"id": "seat:quai-d-orsay", "label": "Quai d'Orsay", "kind": "seat", "country": "country:FR",
          "patterns": ["Quai d'Orsay"]}])
    a = extract_article("The Quai d'Orsay protested.", article_id="t", nlp=nlp)
    assert [(e.id, e.surface_forms) for e in a.entities] == [("country:FR", ("Quai d'Orsay",))]


def test_a_one_word_name_tagged_as_a_person_folds_into_the_university(vocab):
    # the small English model tags a bare "Warwick" as a person
    words = ["The", "University", "of", "Warwick", "bought", "a", "tool", ".", "Warwick",
             "regrets", "it", "."]
    doc = Doc(vocab, words=words)
    doc.ents = [Span(doc, 0, 4, label="ORG"), Span(doc, 8, 9, label="PERSON")]
    got = ids(doc)
    assert got[0][1].startswith("institution:") and got[1] == ("Warwick", got[0][1])
    # a person of that name in the text keeps the bare name
    doc = Doc(vocab, words=words + ["Sarah", "Warwick", "spoke", "."])
    doc.ents = [Span(doc, 0, 4, label="ORG"), Span(doc, 8, 9, label="PERSON"),
                Span(doc, 12, 14, label="PERSON")]
    assert [i for _, i in ids(doc)][1:] == ["person:sarah-warwick"] * 2


def test_a_body_named_like_a_title_is_an_organisation(vocab):
    # the small English model tags a new body's name as a work of art
    doc = Doc(vocab, words=["The", "Coastal", "Water", "Regulator", "starts", "today", ".",
                            "The", "Silent", "Harbour", "won", "a", "prize", "."])
    doc.ents = [Span(doc, 0, 4, label="WORK_OF_ART"), Span(doc, 7, 10, label="WORK_OF_ART")]
    assert ids(doc) == [("The Coastal Water Regulator", "org:coastal-water-regulator"),
                        ("The Silent Harbour", "")]
