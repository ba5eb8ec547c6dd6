"""Tests for the gold loaders of :mod:`argmap.evaluate` (microtext XML and brat)."""
from __future__ import annotations

from pathlib import Path

import pytest

from argmap.evaluate import parse_brat, parse_microtext, read_brat, read_microtexts

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def microtext():
    return read_microtexts(DATA / "uniforms.xml")[0]


@pytest.fixture(scope="module")
def essay():
    return read_brat(DATA / "uniforms_essay.ann")[0]


def test_microtext_units_follow_the_text(microtext):
    assert microtext.id == "uniforms"
    assert [u.id for u in microtext.units] == ["a1", "a2", "a3", "a4", "a5"]
    for unit in microtext.units:
        assert microtext.text[unit.start:unit.end] == unit.text
    assert microtext.units[3].text == "But bullies simply find other targets"


def test_microtext_central_claim_and_roles(microtext):
    assert microtext.central == ("a1",)
    roles = {u.id: u.role for u in microtext.units}
    assert roles == {
        "a1": "major_claim",
        "a2": "claim",
        "a3": "claim",
        "a4": "premise",
        "a5": "premise",
    }


def test_microtext_undercut_and_add_become_attacks(microtext):
    got = {(r.source, r.target, r.kind, r.label) for r in microtext.relations}
    assert got == {
        ("a2", "a1", "support", "sup"),
        ("a3", "a1", "attack", "reb"),
        ("a4", "a3", "attack", "und"),
        ("a5", "a3", "attack", "add"),
    }


def test_microtext_sides(microtext):
    assert [u.side for u in microtext.units] == ["pro", "pro", "con", "pro", "pro"]


def test_microtext_without_plain_text_joins_edus():
    xml = (DATA / "uniforms.xml").read_text(encoding="utf-8")
    doc = parse_microtext(xml)
    assert doc.text == (DATA / "uniforms.txt").read_text(encoding="utf-8")
    assert doc.id == "uniforms"


def test_microtext_tolerates_whitespace_differences():
    xml = (DATA / "uniforms.xml").read_text(encoding="utf-8")
    text = (DATA / "uniforms.txt").read_text(encoding="utf-8").replace("other targets", "other\n targets")
    doc = parse_microtext(xml, text)
    assert doc.units[3].text == "But bullies simply find other\n targets"


@pytest.mark.parametrize(
    "xml, message",
    [
        ("<graph id='x'/>", "not an arggraph"),
        ("<arggraph id='x'><edu id='e1'>Not here.</edu></arggraph>", "no argumentative unit"),
        ("<arggraph id='x'><edu id='e1'>Not here.</edu><adu id='a1' type='pro'/>"
         "<edge id='c1' src='e1' trg='a1' type='seg'/></arggraph>", "segment not found"),
    ],
)
def test_microtext_errors(xml, message):
    with pytest.raises(ValueError, match=message):
        parse_microtext(xml, "Some other text.")


def test_brat_roles_and_offsets(essay):
    assert essay.id == "uniforms_essay"
    assert [(u.id, u.role) for u in essay.units] == [
        ("T1", "major_claim"),
        ("T2", "claim"),
        ("T3", "premise"),
        ("T4", "claim"),
        ("T5", "premise"),
        ("T6", "major_claim"),
    ]
    for unit in essay.units:
        assert essay.text[unit.start:unit.end] == unit.text
    assert essay.central == ("T1", "T6")


def test_brat_relations_include_claim_stances(essay):
    got = {(r.source, r.target, r.kind, r.label) for r in essay.relations}
    assert got == {
        ("T3", "T2", "support", "supports"),
        ("T5", "T4", "attack", "attacks"),
        ("T2", "T1", "support", "stance:For"),
        ("T4", "T1", "attack", "stance:Against"),
    }


def test_brat_sides(essay):
    assert [u.side for u in essay.units] == ["pro", "pro", "pro", "con", "pro", "pro"]


def test_brat_discontinuous_span_and_unknown_types():
    ann = "T1\tMajorClaim 0 4;10 17\tWear them\nT2\tOther 5 9\tnot\nE1\tEvent:T2\n"
    doc = parse_brat("Wear not, them all", ann, doc_id="d")
    assert [(u.id, u.start, u.end) for u in doc.units] == [("T1", 0, 17)]


def test_brat_bad_line_names_the_line():
    with pytest.raises(ValueError, match=r"^line 2: cannot parse 'R1\\tsupports'$"):
        parse_brat("text", "T1\tClaim 0 4\ttext\nR1\tsupports\n", doc_id="d")


def test_read_brat_keeps_crlf_offsets(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"Intro line.\r\nUniforms are fair.\r\n")
    (tmp_path / "x.ann").write_bytes(b"T1\tMajorClaim 13 31\tUniforms are fair.\n")
    doc = read_brat(tmp_path)[0]
    assert doc.units[0].text == "Uniforms are fair."


def test_microtext_malformed_xml_is_a_value_error():
    with pytest.raises(ValueError, match="not well-formed"):
        parse_microtext("<arggraph id='x'>", "text", doc_id="x")
