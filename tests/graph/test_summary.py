"""report_graph: salience ranking, strongest evidence sentence, long-tail folding."""
from __future__ import annotations

from argmap.graph.build import build_graph
from argmap.graph.summary import format_report, report_graph, salience, shorten
from argmap.records import Article, AuthorStance, Entity, Mention, Unit

TEXT = ("QS rewards research, and QS ignores teaching at Oxford. "
        "A long second sentence says that the ranking agency QS keeps measuring the wrong "
        "things year after year while students pay for it. "
        "Kenya is mentioned once.")


def _article() -> Article:
    s1 = TEXT.index("A long")
    s2 = TEXT.index("Kenya")
    units = (Unit("t:0", "t", 0, s1 - 1, TEXT[:s1 - 1], "major_claim", 0.9, 0, 0),
             Unit(f"t:{s1}", "t", s1, s2 - 1, TEXT[s1:s2 - 1], "claim", 0.8, 1, 0),
             Unit(f"t:{s2}", "t", s2, len(TEXT), TEXT[s2:], "premise", 0.7, 2, 0))

    def m(target: str, needle: str, unit: Unit, nth: int = 0) -> Mention:
        start = unit.start + unit.text.index(needle)
        if nth:
            start = unit.start + unit.text.index(needle, unit.text.index(needle) + 1)
        return Mention(f"t:m{start}", "t", target, unit.id, start, start + len(needle), needle)

    mentions = (m("org:qs", "QS", units[0]), m("org:qs", "QS", units[0], 1),
                m("institution:oxford", "Oxford", units[0]), m("org:qs", "QS", units[1]),
                m("country:KE", "Kenya", units[2]))
    entities = (Entity("org:qs", "QS", "org", "", 3), Entity("institution:oxford", "Oxford",
                "institution", "", 1), Entity("country:KE", "Kenya", "country", "country:KE", 1))
    author = (AuthorStance("t", "org:qs", "con", -0.5, 0, 2, 0, (units[1].id, units[0].id)),
              AuthorStance("t", "institution:oxford", "neutral", 0.0, 0, 0, 1, (units[0].id,)),
              AuthorStance("t", "country:KE", "neutral", 0.0, 0, 0, 1, (units[2].id,)))
    return Article("t", "T", "t.txt", "", TEXT, units=units, entities=entities,
                   mentions=mentions, author_stances=author)


def test_salience_formula():
    assert salience(3, -0.5, first=0, length=100, in_major_claim=True) == 5.5
    assert salience(1, 0.0, first=50, length=100, in_major_claim=False) == 1.25
    assert salience(2, 0.25, first=-1, length=100, in_major_claim=False) == 2.5


def test_shorten_centres_on_the_target():
    text = "one two three four five six seven eight nine ten eleven twelve"
    assert shorten(text, 20, focus=(text.index("seven"), text.index("seven") + 5)) == \
        "… six seven eight …"
    assert shorten("fits", 20) == "fits"


def test_report_ranks_by_salience_with_evidence():
    report = report_graph(build_graph(_article()))
    ranked = [(s["target"], s["salience"]) for s in report["stances"]]
    # QS: 3 mentions + 2·0.5 + major claim 1 + 0.5·(1 − 0) = 5.5
    # Oxford: 1 + 0 + 1 + 0.5·(1 − 45/len) ; Kenya: 1 + 0 + 0 + small
    assert [t for t, _ in ranked] == ["org:qs", "institution:oxford", "country:KE"]
    assert ranked[0][1] == 5.5
    qs = report["stances"][0]
    assert qs["evidence"] == ["t:56", "t:0"]
    assert qs["evidence_text"].startswith("A long second sentence")
    assert qs["evidence_short"] == ("… sentence says that the ranking agency QS keeps measuring "
                                    "the wrong things year …")
    assert [round(s["salience"], 2) for s in report["stances"]] == [5.5, 2.39, 1.06]
    assert report["folded"] == {"entities": 2, "stances": 2}


def test_format_report_folds_the_long_tail_unless_all():
    report = report_graph(build_graph(_article()))
    short = format_report(report)
    assert "country:KE" not in short and "institution:oxford" not in short
    assert "(+ 2 targets mentioned at most once with no stance; --all lists them)" in short
    assert "… sentence says that the ranking agency QS keeps" in short
    full = format_report(report, show_all=True)
    assert "country:KE" in full and "--all lists them" not in full
    md = format_report(report, markdown=True, show_all=True)
    assert "| org:qs | con | -0.50 | 0 | 2 | 0 | … sentence says that" in md


def test_country_reached_only_through_located_in_is_not_listed():
    import dataclasses

    article = _article()
    oxford = dataclasses.replace(article.entities[1], country="country:GB")
    article = dataclasses.replace(article, entities=(article.entities[0], oxford,
                                                     article.entities[2]))
    G = build_graph(article)
    assert G.nodes["country:GB"]["mention_count"] == 0  # the graph keeps the located_in target
    report = report_graph(G)
    assert [e["id"] for e in report["entities"]] == ["org:qs", "institution:oxford", "country:KE"]
