"""Reader cases written for these tests: implicit central claims, restated
units, and gold documents that are skipped (with the line that says why)."""
from __future__ import annotations

import warnings

import pytest

from argmap.evaluate import GoldWarning, parse_microtext, read_brat, read_microtexts, score_document
from argmap.records import Article, Relation, Unit

BIKES_TEXT = ("Bikes are cheap to run. Roads get safer with fewer cars. "
              "But winters are hard on cyclists. CITIES SHOULD BUILD MORE BIKE LANES.")


def _bikes_xml(*, on_adu: bool) -> str:
    edu_flag, adu_flag = ("", ' implicit="true"') if on_adu else (' implicit="true"', "")
    return f"""<arggraph id="bikes">
      <edu id="e1">Bikes are cheap to run.</edu>
      <edu id="e2">Roads get safer with fewer cars.</edu>
      <edu id="e3">But winters are hard on cyclists.</edu>
      <edu id="e4"{edu_flag}>Cities should build more bike lanes.</edu>
      <adu id="a1" type="pro"/><adu id="a2" type="pro"/><adu id="a3" type="opp"/>
      <adu id="a4" type="pro"{adu_flag}/>
      <edge id="s1" src="e1" trg="a1" type="seg"/><edge id="s2" src="e2" trg="a2" type="seg"/>
      <edge id="s3" src="e3" trg="a3" type="seg"/><edge id="s4" src="e4" trg="a4" type="seg"/>
      <edge id="c1" src="a1" trg="a4" type="sup"/><edge id="c2" src="a2" trg="a4" type="sup"/>
      <edge id="c3" src="a3" trg="a4" type="reb"/>
    </arggraph>"""


@pytest.mark.parametrize("on_adu", [False, True])
@pytest.mark.parametrize("text", [BIKES_TEXT, None])
def test_implicit_central_claim_is_cut_from_the_text(on_adu, text):
    doc = parse_microtext(_bikes_xml(on_adu=on_adu), text)
    assert doc.text == "Bikes are cheap to run. Roads get safer with fewer cars. But winters are hard on cyclists."
    assert [(u.id, u.role, u.side) for u in doc.units] == [
        ("a1", "claim", "pro"), ("a2", "claim", "pro"), ("a3", "claim", "con")]
    assert doc.central == () and doc.relations == ()
    assert [(r.source, r.target, r.kind) for r in doc.implicit] == [
        ("a1", "a4", "support"), ("a2", "a4", "support"), ("a3", "a4", "attack")]


def test_implicit_central_claim_is_not_scored():
    doc = parse_microtext(_bikes_xml(on_adu=False), BIKES_TEXT)
    unit = Unit("b:0", "b", 0, 23, doc.text[:23], "major_claim", 1.0, 0, 0)
    counts = score_document(doc, Article("b", "", "", "", doc.text, units=(unit,)))
    assert (counts["central"]["correct"], counts["central"]["scored"]) == (0, 0)


TRAMS_TEXT = "Towns need trams. Buses are slow. Trams carry more people. So towns need trams."
TRAMS_XML = """<arggraph id="trams">
  <edu id="e1">Towns need trams.</edu><edu id="e2">Buses are slow.</edu>
  <edu id="e3">Trams carry more people.</edu><edu id="e4">So towns need trams.</edu>
  <adu id="a1" type="pro"/><adu id="a2" type="pro"/><adu id="a3" type="pro"/>
  <edge id="s1" src="e1" trg="a1" type="seg"/><edge id="s2" src="e2" trg="a2" type="seg"/>
  <edge id="s3" src="e3" trg="a3" type="seg"/><edge id="s4" src="e4" trg="a1" type="seg"/>
  <edge id="c1" src="a2" trg="a1" type="sup"/><edge id="c2" src="a3" trg="a1" type="sup"/>
</arggraph>"""


def test_non_adjacent_edus_become_restating_stretches():
    doc = parse_microtext(TRAMS_XML, TRAMS_TEXT)
    assert [(u.id, u.start, u.end, u.role) for u in doc.units] == [
        ("a1", 0, 17, "major_claim"), ("a2", 18, 33, "claim"), ("a3", 34, 58, "claim"),
        ("a1~2", 59, 79, "major_claim")]
    assert doc.central == ("a1", "a1~2")
    assert [(r.source, r.target, r.kind) for r in doc.relations] == [
        ("a2", "a1", "support"), ("a3", "a1", "support"), ("a1~2", "a1", "restatement")]


def test_a_relation_to_the_restatement_counts_for_the_unit():
    doc = parse_microtext(TRAMS_XML, TRAMS_TEXT)
    buses = Unit("t:18", "t", 18, 33, "Buses are slow.", "claim", 1.0, 1, 0)
    so = Unit("t:59", "t", 59, 79, "So towns need trams.", "major_claim", 1.0, 3, 0)
    rel = Relation("r", "t", buses.id, so.id, "support", 1.0, "")
    counts = score_document(doc, Article("t", "", "", "", doc.text, units=(buses, so), relations=(rel,)))
    assert counts["central"]["correct"] == 1
    assert (counts["relations"]["labeled"]["tp"], counts["relations"]["labeled"]["gold"]) == (1, 2)


def test_bad_microtext_is_skipped_with_a_line_naming_it(tmp_path):
    (tmp_path / "good.xml").write_text(TRAMS_XML, encoding="utf-8")
    (tmp_path / "good.txt").write_text(TRAMS_TEXT, encoding="utf-8")
    (tmp_path / "lost.xml").write_text(TRAMS_XML, encoding="utf-8")
    (tmp_path / "lost.txt").write_text("A text about something else.", encoding="utf-8")
    lines: list[str] = []
    docs = read_microtexts(tmp_path, on_error=lines.append)
    assert [d.id for d in docs] == ["good"]
    assert lines == [f"{tmp_path / 'lost.xml'}: segment not found in text: 'Towns need trams.'; document skipped"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [d.id for d in read_microtexts(tmp_path)] == ["good"]
    assert [(w.category, str(w.message)) for w in caught] == [(GoldWarning, lines[0])]


BRAT_TEXT = "Uniforms help. Really."


@pytest.mark.parametrize("ann, problem", [
    ("\ufeffT1\tMajorClaim 0 13\tUniforms help\n",
     "starts with a byte-order mark (U+FEFF); save it as UTF-8 without BOM"),
    ("T1\tMajorClaim 0 99\tUniforms help\n", "line 1: T1: offsets 0 99 outside the text (22 characters)"),
    ("T1\tMajorClaim -1 13\tUniforms help\n", "line 1: T1: negative offset -1 13"),
    ("T1\tMajorClaim 0 8\tUniforms\nT2\tClaim 13 9\thelp\n", "line 2: T2: reversed span 13 9"),
    ("T1\tMajorClaim 0 0\t\n", "line 1: T1: empty unit at 0 0"),
    ("T1\tClaim 14 15\t \n", "line 1: T1: empty unit at 14 15"),
    ("T1\tMajorClaim 0 8\tUniforms help\n",
     "line 1: T1: quoted text 'Uniforms help' is not the text at 0 8 ('Uniforms')"),
    ("T1\tMajorClaim 0 8\tUniforms\nT1\tClaim 9 13\thelp\n", "line 2: T1: defined twice"),
    ("T1\tMajorClaim 0 8\tUniforms\nR1\tsupports Arg1:T2 Arg2:T1\n",
     "R1: argument T2 is not an annotation of this file"),
    ("T1\tMajorClaim 0 8\tUniforms\nT2\tClaim 9 13\thelp\nA1\tStance T3 For\n",
     "A1: argument T3 is not an annotation of this file"),
    ("T1\tMajorClaim 0 8\tUniforms\nT2\tClaim 9 13\thelp\nA1\tStance T2 Maybe\n",
     "line 3: A1: a Stance is For or Against, not 'Maybe'"),
    ("T1\tMajorClaim 0 8\tUniforms\nT2\tClaim 9 13\thelp\nA1\tStance T2\n",
     "line 3: A1: a Stance is For or Against, not 'missing'"),
    ("", "no MajorClaim, Claim or Premise annotation"),
    ("# a note only\nT1\tTopic 0 8\tUniforms\n", "no MajorClaim, Claim or Premise annotation"),
])
def test_untrusted_brat_is_skipped_with_file_and_annotation(tmp_path, ann, problem):
    (tmp_path / "a_bad.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (tmp_path / "a_bad.ann").write_bytes(ann.encode("utf-8"))
    (tmp_path / "b_good.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (tmp_path / "b_good.ann").write_text("T1\tMajorClaim 0 13\tUniforms help\n", encoding="utf-8")
    lines: list[str] = []
    docs = read_brat(tmp_path, on_error=lines.append)
    assert [d.id for d in docs] == ["b_good"]
    assert lines == [f"{tmp_path / 'a_bad.ann'}: {problem}; document skipped"]


def test_a_gold_file_name_with_a_line_break_is_reported_on_one_line(tmp_path):
    (tmp_path / "a\nbad.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (tmp_path / "a\nbad.ann").write_text("T1\tMajorClaim 0 99\tUniforms help\n", encoding="utf-8")
    lines: list[str] = []
    assert read_brat(tmp_path, on_error=lines.append) == []
    assert lines == [f"{tmp_path}/a\\nbad.ann: line 1: T1: offsets 0 99 outside the text "
                     "(22 characters); document skipped"]


def test_brat_without_txt_is_skipped(tmp_path):
    (tmp_path / "alone.ann").write_text("T1\tMajorClaim 0 13\tUniforms help\n", encoding="utf-8")
    lines: list[str] = []
    assert read_brat(tmp_path, on_error=lines.append) == []
    assert len(lines) == 1 and lines[0].startswith(f"{tmp_path / 'alone.ann'}: ")
    assert lines[0].endswith(f"{tmp_path / 'alone.txt'}: no such file or directory; document skipped")


@pytest.mark.parametrize("change, problem", [
    (('<edu id="e2">Buses are slow.</edu>', '<edu id="e2">  </edu>'), "e2: empty EDU"),
    (('<adu id="a3" type="pro"/>', '<adu id="a2" type="pro"/>'), "a2: id used twice"),
    (('src="a3" trg="a1" type="sup"', 'src="a9" trg="a1" type="sup"'),
     "edge c2: source 'a9' is not an EDU, joint, ADU or edge"),
    (('src="a3" trg="a1" type="sup"', 'src="a3" trg="a1" type="support"'), "edge c2: unknown type 'support'"),
    (('<edge id="s3" src="e3" trg="a3" type="seg"/>', ''), "a3: no EDU is segmented into this ADU"),
    (('</arggraph>', '<edge id="c3" src="a1" trg="a2" type="sup"/></arggraph>'),
     "no central claim: every ADU has an outgoing edge"),
])
def test_untrusted_microtext_is_skipped_naming_the_element(tmp_path, change, problem):
    old, new = change
    assert old in TRAMS_XML
    (tmp_path / "bad.xml").write_text(TRAMS_XML.replace(old, new), encoding="utf-8")
    (tmp_path / "bad.txt").write_text(TRAMS_TEXT, encoding="utf-8")
    lines: list[str] = []
    assert read_microtexts(tmp_path, on_error=lines.append) == []
    assert lines == [f"{tmp_path / 'bad.xml'}: {problem}; document skipped"]
