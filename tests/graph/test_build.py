import networkx as nx
import pytest

from argmap.extract import extract_article
from argmap.graph import build_graph, summarize_graph

SIMPLE = (str, int, float, bool)


@pytest.fixture()
def graph(nlp, essay):
    return build_graph(extract_article(essay, article_id="e", nlp=nlp))


def test_node_and_edge_kinds(graph):
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert kinds == {"article", "unit", "entity", "concept"}
    ekinds = {d["kind"] for _, _, d in graph.edges(data=True)}
    assert {"contains", "supports", "attacks", "mentions", "stance", "located_in"} <= ekinds


def test_provenance_and_simple_attributes(graph):
    for _, data in graph.nodes(data=True):
        assert {"article_id", "start", "end", "confidence"} <= set(data)
        assert all(isinstance(v, SIMPLE) for v in data.values())
    for _, _, data in graph.edges(data=True):
        assert {"article_id", "start", "end", "confidence"} <= set(data)
        assert all(isinstance(v, SIMPLE) for v in data.values())


def test_located_in_links_institutions_to_countries(graph):
    located = {(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "located_in"}
    assert ("institution:harvard", "country:US") in located
    assert ("institution:oxford", "country:GB") in located


def test_article_level_stance_edges(graph):
    edges = [(v, d["polarity"]) for u, v, d in graph.edges(data=True)
             if d["kind"] == "stance" and d["level"] == "article"]
    assert ("concept:prestige", "con") in edges or ("concept:prestige", "mixed") in edges
    assert all(u == "article:e" for u, _, d in graph.edges(data=True)
               if d["kind"] == "stance" and d["level"] == "article")


def test_graphml_accepts_the_graph(graph, tmp_path):
    path = tmp_path / "g.graphml"
    nx.write_graphml(graph, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_summary(graph):
    s = summarize_graph(graph)
    assert s["roles"]["major_claim"] == 1
    assert s["major_claim"].startswith("students should look at outcomes")  # prefix stripped
    assert s["supports"] + s["attacks"] >= 3


def test_mention_outside_units_hangs_off_the_article():
    from argmap.records import Article, Entity, Mention

    art = Article("a", "A", "a.txt", "", "QS.", entities=(Entity("org:qs", "QS", "org", "", 1),),
                  mentions=(Mention("a:0", "a", "org:qs", "", 0, 2, "QS"),))
    G = build_graph(art)
    assert "" not in G
    assert G.has_edge("article:a", "org:qs")
