"""A country reached only through located_in is not listed as mentioned."""
from __future__ import annotations

from argmap.graph import build_graph
from argmap.graph.compare import entity_overlap
from argmap.graph.summary import report_graph, summarize_graph
from argmap.records import Article, Entity, Mention, Unit


def _article(aid: str, entities, mentions) -> Article:
    text = "Harvard and the US lead."
    unit = Unit(id=f"{aid}:0", article_id=aid, start=0, end=len(text), text=text,
                role="major_claim", confidence=1.0, sentence=0, paragraph=0)
    return Article(id=aid, title="T", source="", sha256="", text=text, units=(unit,),
                   entities=tuple(entities), mentions=tuple(mentions))


HARVARD = Entity(id="institution:harvard", label="Harvard University", kind="institution",
                 country="country:US", mention_count=1, surface_forms=("Harvard",))
US = Entity(id="country:US", label="United States", kind="country", country="country:US",
            mention_count=1, surface_forms=("US",))


def _mention(aid, target, start, end):
    return Mention(id=f"{aid}:{start}", article_id=aid, target=target, unit_id=f"{aid}:0",
                   start=start, end=end, text="x")


def test_located_in_country_is_not_a_mentioned_entity():
    a = _article("a", [HARVARD], [_mention("a", "institution:harvard", 0, 7)])
    G = build_graph(a)
    assert G.has_edge("institution:harvard", "country:US")  # the edge stays in the graph
    assert [e["id"] for e in report_graph(G)["entities"]] == ["institution:harvard"]
    assert summarize_graph(G)["entities"] == 1


def test_shared_entities_leave_out_located_in_countries():
    a = _article("a", [HARVARD], [_mention("a", "institution:harvard", 0, 7)])
    b = _article("b", [US], [_mention("b", "country:US", 16, 18)])
    assert entity_overlap([build_graph(a), build_graph(b)]) == {
        "country:US": {"b": 1}, "institution:harvard": {"a": 1}}
