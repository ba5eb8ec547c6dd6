"""The blind microtext set (``microtexts_heldout``) is well-formed arggraph gold.

Only the gold is read here (argmap's microtext reader and the XML itself);
the pipeline never runs on ``microtexts_heldout`` in the test suite: the set
is blind, and it is run once, by the lead, with ``argmap evaluate``.
"""
import re
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from argmap.evaluate import parse_microtext, read_microtexts
from argmap.evaluate.gold import GoldWarning

SET = Path(__file__).parent / "data" / "microtexts_heldout"
STEMS = [f"mtx_h{k:02d}" for k in range(1, 31)]
ARGUMENT_EDGES = {"sup", "exa", "reb", "und", "add"}
# the topics of arg-microtexts part 1: the new set must not reuse any
PART1_TOPICS = {
    "higher_dog_poo_fines", "introduce_capital_punishment", "health_insurance_cover_complementary_medicine",
    "allow_shops_to_open_on_holidays_and_sundays", "public_broadcasting_fees_on_demand",
    "over_the_counter_morning_after_pill", "keep_retirement_at_63", "charge_tuition_fees", "cap_rent_increases",
    "stricter_regulation_of_intelligence_services", "increase_weight_of_BA_thesis_in_final_grade", "school_uniforms",
    "make_video_games_olympic", "TXL_airport", "EU_influence_Ukraine", "Tempelhofer_Feld", "buy_tax_evader_data",
    "waste_separation",
}


def tree_problems(xml_text):
    """Return what keeps an arggraph from being one argument tree over its ADUs.

    Every ADU but the central claim has exactly one outgoing argumentative
    edge; ``sup``/``exa``/``reb`` point at an ADU, ``und``/``add`` at an
    argumentative edge; following the edges from any ADU (an edge as target
    leads on to the ADU that edge starts from) reaches the one central claim
    without a cycle. An empty list means the graph is a tree.
    """
    root = ET.fromstring(xml_text)
    adus = [a.get("id") for a in root.iter("adu")]
    edges = {e.get("id"): (e.get("src"), e.get("trg"), e.get("type")) for e in root.iter("edge")}
    argumentative = {k: v for k, v in edges.items() if v[2] in ARGUMENT_EDGES}
    problems = []
    out = Counter(src for src, _, _ in argumentative.values())
    centrals = [a for a in adus if not out[a]]
    if len(centrals) != 1:
        problems.append(f"central claims: {centrals}")
    problems += [f"{a}: {n} outgoing edges" for a, n in out.items() if n > 1]
    problems += [f"{src}: outgoing edge from a non-ADU" for src, _, _ in argumentative.values() if src not in adus]
    for ident, (_, trg, label) in argumentative.items():
        wanted = argumentative if label in {"und", "add"} else adus
        if trg not in wanted:
            problems.append(f"{ident}: {label} edge to {trg}")
    if problems:
        return problems
    parent = {}
    for src, trg, _ in argumentative.values():
        parent[src] = argumentative[trg][0] if trg in argumentative else trg
    for adu in adus:
        node, seen = adu, set()
        while node in parent:
            if node in seen:
                return [f"{adu}: cycle through {sorted(seen)}"]
            seen.add(node)
            node = parent[node]
        if node != centrals[0]:
            problems.append(f"{adu}: leads to {node}, not to the central claim")
    return problems


def _xml(stem):
    return (SET / f"{stem}.xml").read_text(encoding="utf-8")


def _text(stem):
    return (SET / f"{stem}.txt").read_text(encoding="utf-8")


def test_the_set_has_thirty_texts_and_reads_without_a_warning():
    assert sorted(p.stem for p in SET.glob("*.xml")) == STEMS
    assert sorted(p.stem for p in SET.glob("*.txt")) == STEMS
    skipped = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", GoldWarning)
        docs = read_microtexts(SET, on_error=skipped.append)
    assert skipped == []
    assert [d.id for d in docs] == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_edus_are_the_text_in_order(stem):
    root = ET.fromstring(_xml(stem))
    assert root.get("id") == stem
    edus = [e.text for e in root.iter("edu")]
    assert " ".join(" ".join(edus).split()) == " ".join(_text(stem).split())
    # every EDU is its own ADU (no joints, no restatements in this set)
    assert not list(root.iter("joint"))
    assert len(edus) == len(list(root.iter("adu")))


@pytest.mark.parametrize("stem", STEMS)
def test_the_graph_is_a_tree_with_one_central_claim(stem):
    assert tree_problems(_xml(stem)) == []
    gold = parse_microtext(_xml(stem), _text(stem), doc_id=stem)
    assert len(gold.central) == 1 and gold.implicit == ()
    assert len(gold.units) == len(list(ET.fromstring(_xml(stem)).iter("adu")))
    assert [u.role for u in gold.units].count("major_claim") == 1
    # four to six argumentative units, about 60 to 120 words, one paragraph
    assert 4 <= len(gold.units) <= 6, stem
    assert 55 <= len(_text(stem).split()) <= 120, stem
    assert "\n" not in _text(stem).strip()


def test_topics_are_new_and_each_is_argued_both_ways():
    topics = {}
    for stem in STEMS:
        root = ET.fromstring(_xml(stem))
        assert root.get("stance") in ("pro", "con"), stem
        assert re.fullmatch(r"[a-z0-9_]+", root.get("topic_id")), stem
        topics.setdefault(root.get("topic_id"), []).append(root.get("stance"))
    assert not set(topics) & PART1_TOPICS
    assert len(topics) == 15
    assert all(sorted(stances) == ["con", "pro"] for stances in topics.values())


def test_the_set_mixes_positions_sides_and_relation_types():
    positions, sides, labels = Counter(), Counter(), Counter()
    for stem in STEMS:
        gold = parse_microtext(_xml(stem), _text(stem), doc_id=stem)
        ids = [u.id for u in gold.units]
        k = ids.index(gold.central[0])
        positions["first" if k == 0 else "last" if k == len(ids) - 1 else "middle"] += 1
        sides.update(u.side for u in gold.units)
        labels.update(e.get("type") for e in ET.fromstring(_xml(stem)).iter("edge"))
    assert positions == {"first": 14, "last": 10, "middle": 6}
    assert sides == {"pro": 134, "con": 32}
    assert labels == {"seg": 166, "sup": 64, "reb": 35, "und": 22, "add": 8, "exa": 7}


@pytest.mark.parametrize("edges,problem", [
    # a1 -> a2 -> a1 and a3 -> a1: no central claim
    ('<edge id="c1" src="a1" trg="a2" type="sup"/><edge id="c2" src="a2" trg="a1" type="sup"/>'
     '<edge id="c3" src="a3" trg="a1" type="sup"/>', "central claims: []"),
    # a3 is central, but a1 -> a2 -> a1 is a cycle that never reaches it
    ('<edge id="c1" src="a1" trg="a2" type="sup"/><edge id="c2" src="a2" trg="a1" type="sup"/>', "a1: cycle"),
    # a3 has two outgoing edges
    ('<edge id="c2" src="a2" trg="a1" type="sup"/><edge id="c3" src="a3" trg="a1" type="sup"/>'
     '<edge id="c4" src="a3" trg="a2" type="reb"/>', "a3: 2 outgoing edges"),
    # an undercutter aimed at an ADU instead of an edge
    ('<edge id="c2" src="a2" trg="a1" type="sup"/><edge id="c3" src="a3" trg="a2" type="und"/>', "c3: und edge to a2"),
    # a support aimed at an edge instead of an ADU
    ('<edge id="c2" src="a2" trg="a1" type="sup"/><edge id="c3" src="a3" trg="c2" type="sup"/>', "c3: sup edge to c2"),
])
def test_tree_problems_finds_a_broken_graph(edges, problem):
    xml = ('<arggraph id="t">' + "".join(f'<edu id="e{k}">Unit {k}.</edu><adu id="a{k}" type="pro"/>'
                                          f'<edge id="s{k}" src="e{k}" trg="a{k}" type="seg"/>' for k in (1, 2, 3))
           + edges + "</arggraph>")
    found = tree_problems(xml)
    assert any(p.startswith(problem) for p in found), found


def test_tree_problems_accepts_an_undercut_and_a_linked_premise():
    xml = ('<arggraph id="t">' + "".join(f'<edu id="e{k}">Unit {k}.</edu><adu id="a{k}" type="pro"/>'
                                          f'<edge id="s{k}" src="e{k}" trg="a{k}" type="seg"/>' for k in (1, 2, 3, 4))
           + '<edge id="c2" src="a2" trg="a1" type="reb"/><edge id="c3" src="a3" trg="c2" type="und"/>'
             '<edge id="c4" src="a4" trg="c3" type="add"/></arggraph>')
    assert tree_problems(xml) == []
