from argmap.pipeline.units import segment


def units(doc):
    return [(s.text, r) for s, (r, _, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)]


def test_segments_sentences_paragraphs_and_clauses(nlp):
    doc = nlp.make_doc("Title here\n\nFirst point is clear, but the second point is not clear. "
                       "Next one.\nNew paragraph starts here.")
    got = [(doc[s:e].text, p) for s, e, p in segment(doc)]
    assert got == [
        ("Title here", 0),
        ("First point is clear,", 1),
        ("but the second point is not clear.", 1),
        ("Next one.", 1),
        ("New paragraph starts here.", 2),
    ]


def test_no_clause_split_when_a_side_is_short(nlp):
    doc = nlp.make_doc("It is good, but costly.")
    assert [doc[s:e].text for s, e, _ in segment(doc)] == ["It is good, but costly."]


def test_roles_title_major_claim_claim_premise(nlp, essay):
    got = units(nlp(essay))
    roles = dict(got)
    assert roles["Why rankings mislead"] == "none"
    assert roles["students should look at outcomes, not just prestige."] == "major_claim"
    assert roles["For example, Harvard and Oxford rank high because of research funding."] == "premise"
    assert [r for _, r in got].count("major_claim") == 1


def test_offsets_cover_unit_text(nlp, essay):
    doc = nlp(essay)
    for span in doc.spans["argmap_units"]:
        assert essay[span.start_char:span.end_char] == span.text


def test_empty_doc_has_no_units(nlp):
    doc = nlp("")
    assert list(doc.spans["argmap_units"]) == [] and doc._.argmap_roles == []


def test_confidence_in_range(nlp, essay):
    for _, conf, _ in nlp(essay)._.argmap_roles:
        assert 0.0 <= conf <= 1.0
