"""Project-written microtext sets are well-formed arggraph gold.

Every folder under ``tests/data/`` or ``training/data/`` that holds a
``SET.json`` is a set: ``{"texts": 30, "id_prefix": "mtx_h", "first": 1,
"use": "heldout"}`` (``use`` is ``heldout`` or ``training``; optional keys
pin the set's counts). Only the gold is read here (argmap's microtext
reader and the XML itself): the pipeline never runs on a held-out set in the
test suite; the lead runs it once, with ``argmap evaluate``.
"""
import json
import re
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from argmap.evaluate import parse_microtext, read_microtexts
from argmap.evaluate.gold import GoldWarning

ROOT = Path(__file__).resolve().parent.parent
SETS = {p.parent.name: p.parent for p in sorted([*ROOT.glob("tests/data/*/SET.json"),
                                                  *ROOT.glob("training/data/*/SET.json")])}
ARGUMENT_EDGES = {"sup", "exa", "reb", "und", "add"}
# the topics of arg-microtexts part 1: no project set may reuse any
PART1_TOPICS = {
    "higher_dog_poo_fines", "introduce_capital_punishment", "health_insurance_cover_complementary_medicine",
    "allow_shops_to_open_on_holidays_and_sundays", "public_broadcasting_fees_on_demand",
    "over_the_counter_morning_after_pill", "keep_retirement_at_63", "charge_tuition_fees", "cap_rent_increases",
    "stricter_regulation_of_intelligence_services", "increase_weight_of_BA_thesis_in_final_grade", "school_uniforms",
    "make_video_games_olympic", "TXL_airport", "EU_influence_Ukraine", "Tempelhofer_Feld", "buy_tax_evader_data",
    "waste_separation",
}


def manifest(name):
    """The set's ``SET.json`` (its size, id prefix, first number and use)."""
    return json.loads((SETS[name] / "SET.json").read_text(encoding="utf-8"))


def stems(name):
    """The text ids of a set, from its XML files."""
    return sorted(p.stem for p in SETS[name].glob("*.xml"))


STEMS = [(name, stem) for name in SETS for stem in stems(name)]


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


def _xml(name, stem):
    return (SETS[name] / f"{stem}.xml").read_text(encoding="utf-8")


def _text(name, stem):
    return (SETS[name] / f"{stem}.txt").read_text(encoding="utf-8")


def _topics(name):
    topics = {}
    for stem in stems(name):
        root = ET.fromstring(_xml(name, stem))
        topics.setdefault(root.get("topic_id"), []).append(root.get("stance"))
    return topics


def test_the_first_blind_set_is_found():
    # the set discovery cannot pass by finding nothing
    assert "microtexts_heldout" in SETS and manifest("microtexts_heldout")["texts"] == 30


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_set_has_its_texts_and_reads_without_a_warning(name):
    meta = manifest(name)
    assert meta["use"] in ("heldout", "training")
    names = stems(name)
    assert sorted(p.stem for p in SETS[name].glob("*.txt")) == names
    widths = {len(s) - len(meta["id_prefix"]) for s in names}
    assert len(widths) == 1 and all(re.fullmatch(re.escape(meta["id_prefix"]) + r"[0-9]+", s) for s in names)
    assert [int(s[len(meta["id_prefix"]):]) for s in names] == list(range(meta["first"], meta["first"] + meta["texts"]))
    skipped = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", GoldWarning)
        docs = read_microtexts(SETS[name], on_error=skipped.append)
    assert skipped == []
    assert [d.id for d in docs] == names


def test_text_ids_are_unique_across_sets():
    ids = Counter(stem for _, stem in STEMS)
    assert [s for s, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("name,stem", STEMS)
def test_edus_are_the_text_in_order(name, stem):
    root = ET.fromstring(_xml(name, stem))
    assert root.get("id") == stem
    edus = [e.text for e in root.iter("edu")]
    assert " ".join(" ".join(edus).split()) == " ".join(_text(name, stem).split())
    # every EDU is its own ADU (no joints, no restatements in these sets)
    assert not list(root.iter("joint"))
    assert len(edus) == len(list(root.iter("adu")))


@pytest.mark.parametrize("name,stem", STEMS)
def test_the_graph_is_a_tree_with_one_central_claim(name, stem):
    meta = manifest(name)
    assert tree_problems(_xml(name, stem)) == []
    gold = parse_microtext(_xml(name, stem), _text(name, stem), doc_id=stem)
    assert len(gold.central) == 1 and gold.implicit == ()
    assert len(gold.units) == len(list(ET.fromstring(_xml(name, stem)).iter("adu")))
    assert [u.role for u in gold.units].count("major_claim") == 1
    # a short text of one paragraph: a few argumentative units, some dozens of words
    low, high = meta.get("units", [3, 8])
    assert low <= len(gold.units) <= high, stem
    low, high = meta.get("words", [40, 140])
    assert low <= len(_text(name, stem).split()) <= high, stem
    assert "\n" not in _text(name, stem).strip()


@pytest.mark.parametrize("name", sorted(SETS))
def test_topics_are_new_and_each_is_argued_both_ways(name):
    topics = _topics(name)
    assert all(re.fullmatch(r"[a-z0-9_]+", t or "") for t in topics), sorted(topics, key=str)
    assert not set(topics) & PART1_TOPICS
    assert len(topics) == manifest(name)["texts"] // 2
    assert all(sorted(stances) == ["con", "pro"] for stances in topics.values())


def test_held_out_sets_share_no_topic_with_training_sets_or_each_other():
    seen = {}
    for name in SETS:
        for topic in _topics(name):
            seen.setdefault(topic, []).append(name)
    assert {t: names for t, names in seen.items() if len(names) > 1} == {}


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_set_mixes_positions_sides_and_relation_types(name):
    meta = manifest(name)
    positions, sides, labels = Counter(), Counter(), Counter()
    for stem in stems(name):
        gold = parse_microtext(_xml(name, stem), _text(name, stem), doc_id=stem)
        ids = [u.id for u in gold.units]
        k = ids.index(gold.central[0])
        positions["first" if k == 0 else "last" if k == len(ids) - 1 else "middle"] += 1
        sides.update(u.side for u in gold.units)
        labels.update(e.get("type") for e in ET.fromstring(_xml(name, stem)).iter("edge"))
    # the counts its README gives, where the manifest pins them
    for key, found in (("positions", positions), ("sides", sides), ("labels", labels)):
        if key in meta:
            assert found == meta[key], key
    # any set: the central claim is not always first, objections are there, and attacks of both kinds
    assert positions["first"] < meta["texts"] and positions["last"] > 0
    assert 0.10 <= sides["con"] / sum(sides.values()) <= 0.35
    assert labels["sup"] and labels["reb"] and labels["und"]


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
