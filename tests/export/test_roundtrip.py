"""Graphs written as JSON, GraphML and GEXF read back isomorphic, attributes intact."""
from __future__ import annotations


import networkx as nx
import pytest

from argmap.export import (
    from_gexf,
    from_graphml,
    from_json,
    read_graph,
    to_cytoscape,
    to_gexf,
    to_graphml,
    to_json,
    write_gexf,
    write_graphml,
    write_json,
)
from argmap.export._simple import check_simple


def _same(a, b) -> bool:
    return a == b


def _same_but(*ignored: str):
    """An attribute matcher that leaves out the keys a format adds of its own."""
    def match(a, b) -> bool:
        return ({k: v for k, v in a.items() if k not in ignored}
                == {k: v for k, v in b.items() if k not in ignored})
    return match


def _edges_same_but(*ignored: str):
    """Multigraph edge matcher: the same attribute dicts between two nodes, keys aside."""
    def strip(edges) -> list:
        return sorted(repr(sorted((k, v) for k, v in d.items() if k not in ignored)) for d in edges.values())

    def match(a, b) -> bool:
        return strip(a) == strip(b)
    return match


def assert_same_graph(G: nx.Graph, H: nx.Graph) -> None:
    assert type(H) is type(G)
    assert nx.is_isomorphic(G, H, node_match=_same, edge_match=_same)
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True), key=repr) == sorted(
        G.edges(keys=True, data=True), key=repr)
    assert H.graph == G.graph


@pytest.mark.parametrize("to, back", [
    (to_json, from_json),
    (to_graphml, from_graphml),
    (to_gexf, from_gexf),
], ids=["json", "graphml", "gexf"])
def test_round_trip_in_memory(graph, to, back):
    assert_same_graph(graph, back(to(graph)))


@pytest.mark.parametrize("write, suffix", [
    (write_json, ".json"),
    (write_graphml, ".graphml"),
    (write_gexf, ".gexf"),
], ids=["json", "graphml", "gexf"])
def test_round_trip_through_files(graph, tmp_path, write, suffix):
    path = tmp_path / f"graph{suffix}"
    write(graph, path)
    assert_same_graph(graph, read_graph(path))


def test_attribute_types_survive_graphml(graph):
    H = from_graphml(to_graphml(graph))
    unit = next(n for n, d in graph.nodes(data=True) if d["kind"] == "unit")
    for name, value in graph.nodes[unit].items():
        assert type(H.nodes[unit][name]) is type(value), name
    stance = next(e for e in graph.edges(keys=True, data=True) if e[3]["kind"] == "stance")
    for name, value in stance[3].items():
        assert type(H.edges[stance[:3]][name]) is type(value), name


def test_networkx_plain_readers_load_graphml_and_gexf(graph, tmp_path):
    write_graphml(graph, tmp_path / "g.graphml")
    write_gexf(graph, tmp_path / "g.gexf")
    G1 = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    G2 = nx.read_gexf(tmp_path / "g.gexf")
    assert nx.is_isomorphic(graph, G1, node_match=_same, edge_match=_edges_same_but("id", "edge_key"))
    # GEXF renames the offsets and adds labels; the rest reads back as written
    assert nx.is_isomorphic(graph, G2, node_match=_same_but("start", "end", "char_start", "char_end", "label"),
                            edge_match=_edges_same_but("start", "end", "char_start", "char_end", "id",
                                                       "label", "edge_key", "weight"))
    # Without argmap's reader, GEXF shows the offsets under their export names.
    unit = next(n for n, d in graph.nodes(data=True) if d["kind"] == "unit")
    assert G2.nodes[unit]["char_start"] == graph.nodes[unit]["start"]


@pytest.mark.parametrize("to", [to_graphml, to_gexf], ids=["graphml", "gexf"])
def test_xml_edge_ids_are_unique(graph, to):
    import re

    ids = re.findall(r'<edge [^>]*\bid="([^"]*)"', to(graph))
    assert len(ids) == graph.number_of_edges()
    assert len(set(ids)) == len(ids), "Gephi drops edges with a repeated id"


def test_gexf_is_static_for_gephi(graph):
    text = to_gexf(graph)
    assert 'mode="static"' in text
    assert "<spells" not in text
    assert " start=" not in text and " end=" not in text
    assert 'title="char_start"' in text


def test_cytoscape_loads_with_networkx(graph):
    H = nx.cytoscape_graph(to_cytoscape(graph))
    # cytoscape.js keeps node ids in data.id/name: compare everything else
    assert nx.is_isomorphic(graph, H, node_match=_same_but("id", "name", "value"),
                            edge_match=_edges_same_but("id", "source", "target", "key"))
    assert H.nodes["tiny:0"]["role"] == "major_claim"


def test_xml_writers_refuse_non_simple_attributes(graph):
    graph.nodes["tiny:0"]["bad"] = ["a", "list"]
    with pytest.raises(TypeError, match="bad"):
        check_simple(graph)
    with pytest.raises(TypeError):
        to_graphml(graph)
    with pytest.raises(TypeError):
        to_gexf(graph)
