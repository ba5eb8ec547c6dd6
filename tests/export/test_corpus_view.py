"""The corpus view: payload from hand-built articles, and the page in headless Chromium."""
from __future__ import annotations

import html
import json
import re

from argmap.export import corpus_payload, to_corpus_html, write_corpus_html
from argmap.export._common import POLARITY_COLOURS
from argmap.graph.build import build_graph
from argmap.records import Article, AuthorStance, Stance, Unit
from headless import _run, dump_dom, png_colours, screenshot

HOSTILE = "<img src=x onerror=\"document.documentElement.setAttribute('data-injected','img')\">"


def _article(aid: str, title: str, stances: list[tuple[str, str, float]]) -> Article:
    """An article whose unit i is the evidence for its i-th author stance."""
    units, author = [], []
    pos = 0
    text = ""
    for i, (target, polarity, score) in enumerate(stances):
        sentence = f"{title} sentence {i} on {target} {HOSTILE if i == 0 else ''}".strip() + "."
        units.append(Unit(f"{aid}:{pos}", aid, pos, pos + len(sentence), sentence,
                          "major_claim" if i == 0 else "claim", 0.9, i, 0))
        text += sentence + " "
        pos += len(sentence) + 1
        author.append(AuthorStance(aid, target, polarity, score, int(score > 0),
                                   int(score < 0), int(score == 0), (units[-1].id,)))
    return Article(aid, title, f"{aid}.txt", "", text.rstrip(), units=tuple(units),
                   author_stances=tuple(author))


def _corpus() -> list[Article]:
    return [
        _article("a", "Alpha <b>op-ed</b>", [("org:qs", "pro", 0.6), ("concept:prestige", "con", -0.5)]),
        _article("b", "Beta editorial", [("org:qs", "pro", 0.4), ("concept:prestige", "pro", 0.3)]),
        _article("c", "Gamma column", [("org:qs", "con", -0.7), ("concept:equity", "neutral", 0.0)]),
    ]


def test_payload_matrix_network_and_evidence():
    p = corpus_payload([build_graph(a) for a in _corpus()])
    assert [a["title"] for a in p["articles"]] == ["Alpha <b>op-ed</b>", "Beta editorial",
                                                   "Gamma column"]
    # Columns: most articles with a polar stance first; one lone neutral stance folded.
    assert [t["id"] for t in p["targets"]] == ["org:qs", "concept:prestige"]
    assert p["targets_folded"] == 1
    cells = {(c["article"], c["target"]): c for c in p["cells"]}
    assert cells[(2, 0)]["polarity"] == "con" and cells[(1, 1)]["polarity"] == "pro"
    assert (2, 1) not in cells
    # Each cell links to its evidence sentence.
    ev = p["evidence"][cells[(1, 1)]["evidence"]]
    assert ev["text"] == "Beta editorial sentence 1 on concept:prestige."
    edges = {(e["source"], e["target"]): (e["agree"], e["disagree"]) for e in p["network"]["edges"]}
    assert edges == {("a0", "a1"): (1, 1), ("a0", "a2"): (0, 1), ("a1", "a2"): (0, 1)}
    assert [s["id"] for s in p["sections"]] == ["matrix", "network", "evidence"]
    capped = corpus_payload([build_graph(a) for a in _corpus()], max_edges=1)
    assert [(e["source"], e["target"]) for e in capped["network"]["edges"]] == [("a0", "a1")]
    assert capped["network"]["edges_folded"] == 2


def test_extra_sections_are_the_insertion_point():
    extra = {"id": "keypoints", "kind": "table", "title": "Key points",
             "columns": ["key point", "articles"], "rows": [["Rankings mislead", "2"]]}
    p = corpus_payload([build_graph(a) for a in _corpus()], extra_sections=[extra])
    assert [s["id"] for s in p["sections"]] == ["matrix", "network", "evidence", "keypoints"]
    p = corpus_payload([build_graph(a) for a in _corpus()], extra_sections=[extra],
                       sections=["keypoints", "matrix"])
    assert [s["id"] for s in p["sections"]] == ["keypoints", "matrix"]
    import pytest
    with pytest.raises(ValueError, match="unknown corpus section"):
        corpus_payload([build_graph(a) for a in _corpus()], sections=["nope"])


def test_page_is_self_contained():
    page = to_corpus_html([build_graph(a) for a in _corpus()])
    assert page.count("<script") == 3  # data, Cytoscape.js, view
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<img src=x" not in page
    data = page.split('id="argmap-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["title"] == "3 articles"


def _body_attrs(dom: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', re.search(r"<body([^>]*)>", dom).group(1)))


def test_corpus_page_in_the_browser(chromium, tmp_path):
    page = tmp_path / "corpus.html"
    extra = {"id": "keypoints", "kind": "table", "title": "Key points",
             "columns": ["key point"], "rows": [[HOSTILE]]}
    write_corpus_html([build_graph(a) for a in _corpus()], page, extra_sections=[extra])
    dom = dump_dom(chromium, page)
    attrs = _body_attrs(dom)
    assert attrs.get("data-argmap-ready") == "1", attrs
    assert attrs["data-argmap-sections"] == "matrix,network,evidence,keypoints"
    assert attrs["data-argmap-cells"] == "5"
    assert attrs["data-argmap-network-nodes"] == "3"
    assert attrs["data-argmap-network-edges"] == "3"
    assert attrs["data-argmap-pwned"] == "false"
    assert "data-injected" not in re.search(r"<html([^>]*)>", dom).group(1)
    # Labels present as text; every cell's link leads to an evidence item.
    for label in ("Alpha &lt;b&gt;op-ed&lt;/b&gt;", "Beta editorial", "Gamma column", "prestige"):
        assert label in dom
    links = re.findall(r'<a href="#(ev-\d+)">', dom)
    assert len(links) == 5 and all(f'id="{x}"' in dom for x in links)
    assert html.escape("<img src=x", quote=False) in dom


def test_corpus_page_pixels(chromium, tmp_path):
    page = tmp_path / "corpus.html"
    write_corpus_html([build_graph(a) for a in _corpus()], page)
    png = screenshot(chromium, page, tmp_path / "corpus.png")
    colours = png_colours(png, y_min=0.05)

    def pixels(hex_colour: str) -> int:
        rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        return sum(n for c, n in colours.items() if all(abs(a - b) <= 6 for a, b in zip(c, rgb)))

    # Matrix cells (30 px squares) and network edges in pro green and con red.
    assert pixels(POLARITY_COLOURS["pro"]) > 1500
    assert pixels(POLARITY_COLOURS["con"]) > 1500


def test_matrix_sorts_by_a_column(chromium, tmp_path):
    """#sort=J orders the rows by target J, most pro first; #sort=J- most con first."""
    page = tmp_path / "corpus.html"
    write_corpus_html([build_graph(a) for a in _corpus()], page)
    orders = {}
    for fragment in ("sort=0", "sort=0-", "sort=1", "sort=title-"):
        proc = _run(chromium, ["--dump-dom", page.resolve().as_uri() + "#" + fragment])
        orders[fragment] = _body_attrs(proc.stdout).get("data-argmap-order")
    # org:qs scores: a +0.6, b +0.4, c -0.7; concept:prestige: a -0.5, b +0.3, c none.
    assert orders == {"sort=0": "0,1,2", "sort=0-": "2,1,0", "sort=1": "1,0,2",
                      "sort=title-": "2,1,0"}


def _camps() -> list[Article]:
    """Two camps: a and b agree on two targets, c and d too; the camps disagree."""
    pro = [("org:qs", "pro", 0.6), ("concept:prestige", "pro", 0.5)]
    con = [("org:qs", "con", -0.6), ("concept:prestige", "con", -0.5)]
    return [_article("a", "Alpha", pro), _article("c", "Gamma", con),
            _article("b", "Beta", pro), _article("d", "Delta", con)]


def test_network_layout_pulls_agreeing_articles_together():
    import math

    p = corpus_payload([build_graph(a) for a in _camps()])
    pos = {n["label"]: (n["x"], n["y"]) for n in p["network"]["nodes"]}
    same = max(math.dist(pos["Alpha"], pos["Beta"]), math.dist(pos["Gamma"], pos["Delta"]))
    across = min(math.dist(pos[x], pos[y]) for x in ("Alpha", "Beta") for y in ("Gamma", "Delta"))
    assert same * 2 < across
    again = corpus_payload([build_graph(a) for a in _camps()])
    assert again["network"] == p["network"]  # deterministic


def test_table_cells_are_data_and_links_stay_in_the_page():
    extra = {"id": "kp", "kind": "table", "title": "Key points", "columns": ["a", "b", "c", "d", "e"],
             "row_ids": ["kp1"],
             "rows": [[{"text": "go", "href": "#kp-kp1"}, {"text": "bad", "href": "javascript:alert(1)"},
                       {"summary": "2 units", "items": ["x", {"text": "Beta editorial sentence 1",
                                                              "unit": "b:0"}]},
                       {"split": [{"label": "pro", "n": 2}, {"label": "con", "n": "1"}]},
                       {"other": 1}]]}
    p = corpus_payload([build_graph(a) for a in _corpus()], extra_sections=[extra])
    row = p["sections"][-1]["rows"][0]
    assert row[0] == {"text": "go", "href": "#kp-kp1"}
    assert row[1] == "bad"  # not an in-page link: plain text
    ev = next(k for k, e in enumerate(p["evidence"]) if e["unit"] == "b:0")
    assert row[2] == {"summary": "2 units", "items": ["x", {"text": "Beta editorial sentence 1",
                                                             "href": f"#ev-{ev}"}]}
    assert row[3] == {"split": [{"label": "pro", "n": 2}, {"label": "con", "n": 1}]}
    assert row[4] == ""
    assert p["sections"][-1]["row_ids"] == ["kp1"]


def _kp_section() -> dict:
    from argmap.graph.compare import EmbeddingBackend
    from argmap.keypoint_tables import keypoints_of_articles, keypoints_section

    class Enc:
        model_id = "toy"

        def encode(self, texts):
            import numpy as np
            X = np.array([[float("rank" in t.lower()), float("fund" in t.lower()), 0.1]
                          for t in texts], dtype=np.float32)
            return X / np.linalg.norm(X, axis=1, keepdims=True)

    def art(aid, title, texts):
        units, stances, pos = [], [], 0
        for i, (t, score) in enumerate(texts):
            units.append(Unit(f"{aid}:{pos}", aid, pos, pos + len(t), t, "claim", 0.9, i, 0))
            stances.append(Stance(f"{aid}:{pos}:concept:rankings", aid, f"{aid}:{pos}",
                                  "concept:rankings", "pro" if score > 0 else "con", score, 0.9,
                                  False, ""))
            pos += len(t) + 1
        return Article(aid, title, "", "", " ".join(t for t, _ in texts), units=tuple(units),
                       stances=tuple(stances))

    arts = [art("p", "Pro <b>page</b>", [(f"Rankings help students {HOSTILE} choose.", 0.6)]),
            art("q", "Second", [("Rankings help applicants choose well.", 0.5)]),
            art("r", "Third", [("Rankings help families choose wisely.", 0.4)]),
            art("s", "Fourth", [("Rankings help nobody at all, sadly.", -0.6)])]
    kp = keypoints_of_articles(arts, backend=EmbeddingBackend(Enc()))
    return keypoints_section(kp), kp


def test_keypoints_section_rows():
    section, kp = _kp_section()
    assert kp.table["units"].tolist() == ["p:0|q:0|r:0"]  # s:0 is con on the same target
    assert section["row_ids"] == ["kp1"]
    row = section["rows"][0]
    assert row[:2] == ["kp1", f"Rankings help students {HOSTILE} choose."]
    assert row[2] == {"summary": "3 articles", "items": ["Pro <b>page</b>", "Second", "Third"]}
    assert row[4]["split"] == [{"label": "pro", "n": 3}, {"label": "con", "n": 0},
                               {"label": "neutral", "n": 0}]
    assert row[6]["summary"] == "3 units"
    assert row[6]["items"][1] == {"text": "Second: Rankings help applicants choose well.",
                                  "unit": "q:0"}


def test_keypoints_page_in_the_browser(chromium, tmp_path):
    from argmap.keypoint_tables import keypoints_page

    section, kp = _kp_section()
    page = tmp_path / "kp.html"
    page.write_text(keypoints_page(kp), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    assert text.count("<script") == 2 and "cytoscape" not in text.split("argmap-data")[0]
    dom = dump_dom(chromium, page)
    attrs = _body_attrs(dom)
    assert attrs.get("data-argmap-ready") == "1", attrs
    assert attrs["data-argmap-sections"] == "keypoints"
    assert attrs["data-argmap-table-rows"] == "1" and attrs["data-argmap-splits"] == "1"
    assert attrs["data-argmap-pwned"] == "false"
    assert "data-injected" not in re.search(r"<html([^>]*)>", dom).group(1)
    assert 'id="keypoints-kp1"' in dom and "Pro &lt;b&gt;page&lt;/b&gt;" in dom
    assert html.escape("<img src=x", quote=False) in dom
    assert "3 pro / 0 con / 0 neutral" in dom
    png = png_colours(screenshot(chromium, page, tmp_path / "kp.png"), y_min=0.05)
    rgb = tuple(int(POLARITY_COLOURS["pro"][i:i + 2], 16) for i in (1, 3, 5))
    green = sum(n for c, n in png.items() if all(abs(a - b) <= 6 for a, b in zip(c, rgb)))
    assert green > 1500  # the 150 x 20 px split bar, all pro


def test_corpus_page_with_keypoints_links_evidence(chromium, tmp_path):
    section, _ = _kp_section()
    page = tmp_path / "corpus.html"
    write_corpus_html([build_graph(a) for a in _corpus()], page, extra_sections=[section])
    dom = dump_dom(chromium, page)
    attrs = _body_attrs(dom)
    assert attrs["data-argmap-sections"] == "matrix,network,evidence,keypoints"
    assert attrs["data-argmap-table-rows"] == "1" and attrs["data-argmap-pwned"] == "false"
    assert '<a href="#section-keypoints">Key points</a>' in dom
