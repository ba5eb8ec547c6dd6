"""AIF export: I-nodes for units, RA/CA scheme nodes, no direct I->I edges."""
from __future__ import annotations

import json
from collections import Counter

from argmap.export import to_aif, write_aif


def test_aif_node_types(article, graph):
    aif = to_aif(graph)
    types = Counter(n["type"] for n in aif["nodes"])
    kinds = Counter(r.kind for r in article.relations)
    assert types == {"I": len(article.units), "RA": kinds["support"], "CA": kinds["attack"]}
    by_argmap = {n["argmap_id"]: n for n in aif["nodes"] if n["type"] == "I"}
    for unit in article.units:
        node = by_argmap[unit.id]
        assert node["text"] == unit.text
        assert (node["start"], node["end"], node["role"]) == (unit.start, unit.end, unit.role)


def test_aif_edges_go_through_scheme_nodes(article, graph):
    aif = to_aif(graph)
    nodes = {n["nodeID"]: n for n in aif["nodes"]}
    assert len(nodes) == len(aif["nodes"]), "node ids are unique"
    edge_ids = [e["edgeID"] for e in aif["edges"]]
    assert len(set(edge_ids)) == len(edge_ids)
    for e in aif["edges"]:
        kinds = {nodes[e["fromID"]]["type"], nodes[e["toID"]]["type"]}
        assert "I" in kinds and kinds != {"I"}, "no I->I edge"
    for sid, node in nodes.items():
        if node["type"] in ("RA", "CA"):
            ins = [e for e in aif["edges"] if e["toID"] == sid]
            outs = [e for e in aif["edges"] if e["fromID"] == sid]
            assert len(ins) == 1 and len(outs) == 1


def test_aif_keeps_relation_direction(article, graph):
    aif = to_aif(graph)
    nodes = {n["nodeID"]: n for n in aif["nodes"]}
    found = set()
    for sid, node in nodes.items():
        if node["type"] in ("RA", "CA"):
            src = next(nodes[e["fromID"]] for e in aif["edges"] if e["toID"] == sid)
            dst = next(nodes[e["toID"]] for e in aif["edges"] if e["fromID"] == sid)
            kind = "support" if node["type"] == "RA" else "attack"
            found.add((src["argmap_id"], dst["argmap_id"], kind))
    assert found == {(r.source, r.target, r.kind) for r in article.relations}


def test_aif_keeps_entities_and_stances(article, graph, tmp_path):
    aif = to_aif(graph)
    extra = aif["argmap"]
    assert {e["id"] for e in extra["entities"]} >= {e.id for e in article.entities}
    unit_level = [s for s in extra["stances"] if s["level"] == "unit"]
    assert {(s["source"], s["target"], s["polarity"]) for s in unit_level} == {
        (s.unit_id, s.target, s.polarity) for s in article.stances}
    assert len([s for s in extra["stances"] if s["level"] == "article"]) == len(
        article.author_stances)
    assert len(extra["mentions"]) == len(article.mentions)
    write_aif(graph, tmp_path / "a.json")
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8")) == aif
