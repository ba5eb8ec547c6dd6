import dataclasses

from argmap.extract import extract_article, extract_doc, title_of
from argmap.records import Article, article_from_dict, article_to_dict
from argmap.text import normalize_quotes


def test_records_are_simple_and_offsets_match(nlp, essay):
    art = extract_article(essay, article_id="e1", nlp=nlp)
    assert art.title == "Why rankings mislead"
    for unit in art.units:
        assert unit.id == f"e1:{unit.start}"
        assert essay[unit.start:unit.end] == unit.text
    for m in art.mentions:
        assert essay[m.start:m.end] == m.text
        assert m.unit_id in {u.id for u in art.units}
    for rec in art.units + art.entities + art.mentions + art.relations + art.stances:
        for f in dataclasses.fields(rec):
            value = getattr(rec, f.name)
            assert isinstance(value, (str, int, float, bool, tuple)), (f.name, value)


def test_entities_merge_mentions_with_counts(nlp):
    text = "The US leads. The United States and American schools dominate. Harvard too."
    art = extract_article(text, article_id="e2", nlp=nlp)
    ents = {e.id: e for e in art.entities}
    assert ents["country:US"].mention_count == 3
    assert ents["country:US"].surface_forms == ("American", "US", "United States")
    assert ents["institution:harvard"].country == "country:US"


def test_exactly_one_major_claim(nlp, essay):
    art = extract_article(essay, article_id="e3", nlp=nlp)
    assert [u.role for u in art.units].count("major_claim") == 1
    assert art.major_claim.text.startswith("students should look at outcomes")
    assert art.major_claim.prefix == "In conclusion"


def test_curly_quotes_keep_original_text_and_negate(nlp):
    text = "Rankings don’t help students."
    art = extract_article(text, article_id="q", nlp=nlp)
    assert art.text == text and art.units[0].text == text
    assert [(s.target, s.polarity, s.negated) for s in art.stances] == [
        ("concept:rankings", "con", True)]
    assert normalize_quotes(text) != text


def test_author_stance_aggregates(nlp, essay):
    art = extract_article(essay, article_id="e4", nlp=nlp)
    author = {a.target: a for a in art.author_stances}
    assert author["concept:prestige"].polarity in ("con", "mixed")
    assert {s.target for s in art.stances} == set(author)


def test_article_dict_round_trip(nlp, essay):
    art = extract_article(essay, article_id="e5", nlp=nlp)
    back = article_from_dict(article_to_dict(art))
    assert back == art
    assert isinstance(back, Article)


def test_article_json_round_trip_keeps_tuples(nlp, essay, tmp_path):
    from argmap import io

    art = extract_article(essay, article_id="e6", nlp=nlp)
    assert any(a.evidence for a in art.author_stances)
    folder = io.write_article(tmp_path, art, {})
    assert io.read_article(folder) == art


def test_ids_are_stable(nlp, essay):
    a = extract_article(essay, article_id="x", nlp=nlp)
    b = extract_doc(nlp(normalize_quotes(essay)), article_id="x", text=essay)
    assert a.units == b.units and a.relations == b.relations


def test_title_of():
    assert title_of("A plain title\n\nBody.") == "A plain title"
    assert title_of("This is a sentence.") == "This is a sentence."


def test_enums_are_plain_strings():
    from argmap.types import EdgeKind, Polarity, Role

    assert str(Role.MAJOR_CLAIM) == "major_claim" and f"{EdgeKind.STANCE}" == "stance"
    assert Polarity("con") is Polarity.CON and Polarity.CON == "con"
