import spacy

from argmap.pipeline.entities import EntityPatterns, canonical_id


def ids(doc):
    return [(e.text, e._.argmap_id) for e in doc.ents]


def test_institutions_countries_and_orgs(nlp):
    doc = nlp("Harvard, Oxford and Karolinska Institutet lead the QS list; "
              "the United States, the UK and Sweden dominate.")
    assert ids(doc) == [
        ("Harvard", "institution:harvard"),
        ("Oxford", "institution:oxford"),
        ("Karolinska Institutet", "institution:karolinska-institutet"),
        ("QS", "org:qs"),
        ("United States", "country:US"),
        ("UK", "country:GB"),
        ("Sweden", "country:SE"),
    ]
    info = doc._.argmap_entity_info
    assert info["institution:karolinska-institutet"][2] == "country:SE"
    assert info["institution:oxford"][2] == "country:GB"


def test_demonyms_and_abbreviations_share_an_id(nlp):
    doc = nlp("American schools and the U.S. system and the USA.")
    assert {i for _, i in ids(doc)} == {"country:US"}


def test_pronoun_us_is_not_a_country(nlp):
    doc = nlp("Let us think about it.")
    assert ids(doc) == []


def test_longest_match_wins(nlp):
    doc = nlp("Harvard Medical School trains doctors.")
    assert ids(doc) == [("Harvard Medical School", "institution:harvard")]


def test_concepts_are_case_insensitive_and_not_entities(nlp):
    doc = nlp("Rankings reward prestige and research funding.")
    concepts = [(c.text, c.id_) for c in doc.spans["argmap_concepts"]]
    assert concepts == [("Rankings", "concept:rankings"), ("prestige", "concept:prestige"),
                        ("research funding", "concept:research-funding")]
    assert list(doc.ents) == []


def test_canonical_id_falls_back_on_ner_labels():
    nlp = spacy.blank("en")
    doc = nlp("Uppsala University and Norway and the Acme Trust")
    doc.ents = [doc.char_span(0, 18, label="ORG"), doc.char_span(23, 29, label="GPE"),
                doc.char_span(34, 48, label="ORG")]
    assert [canonical_id(e) for e in doc.ents] == [
        "institution:uppsala-university", "country:NO", "org:acme-trust"]


def test_short_unknown_codes_are_not_countries():
    nlp = spacy.blank("en")
    doc = nlp("AI helps")
    doc.ents = [doc.char_span(0, 2, label="GPE")]
    assert canonical_id(doc.ents[0]) == ""


def test_custom_patterns_and_save_load(tmp_path):
    nlp = spacy.blank("en")
    comp = EntityPatterns(nlp, use_defaults=False)
    comp.add_patterns([{"id": "institution:acme", "label": "Acme University", "kind": "institution",
                        "country": "country:NL", "patterns": ["Acme", "Acme University"]}])
    comp.to_disk(tmp_path / "ents")
    other = EntityPatterns(spacy.blank("en"), use_defaults=False).from_disk(tmp_path / "ents")
    assert other.entity_patterns == comp.entity_patterns
    doc = other(nlp.make_doc("Acme University is small."))
    assert [(e.text, e.id_) for e in doc.ents] == [("Acme University", "institution:acme")]
    assert other.from_bytes(comp.to_bytes()).info == comp.info


def test_factory_via_add_pipe():
    nlp = spacy.blank("en")
    nlp.add_pipe("argmap_entities")
    assert [e.id_ for e in nlp("Stanford").ents] == ["institution:stanford"]


def test_acronyms_used_without_a_definition_join_the_full_name():
    # written for this test
    from argmap.pipeline.entities import implied_acronyms

    doc = spacy.blank("en")("The National Institute for Harbour Care and Excellence met . "
                            "NICE was slow . The Confederation of Marine Traders and the CMT "
                            "objected . The NCE and the API changed .")
    got = [(s.text, s.id_) for s in implied_acronyms(doc)]
    assert got == [
        ("National Institute for Harbour Care and Excellence",
         "institution:national-institute-for-harbour-care-and-excellence"),
        ("NICE", "institution:national-institute-for-harbour-care-and-excellence"),
        ("Confederation of Marine Traders", "org:confederation-of-marine-traders"),
        ("CMT", "org:confederation-of-marine-traders")]
