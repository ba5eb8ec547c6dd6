"""The corpus view: payload from hand-built articles, and the page in headless Chromium."""
from __future__ import annotations

import html
import json
import re

from argmap.export import corpus_payload, to_corpus_html, write_corpus_html
from argmap.export._common import POLARITY_COLOURS
from argmap.graph.build import build_graph
from argmap.records import Article, AuthorStance, Unit
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
