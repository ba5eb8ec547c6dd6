"""Open the HTML export in headless Chromium: nodes render, injected markup never runs."""
from __future__ import annotations

import html
import re


from argmap.export import write_html
from argmap.export._common import EDGE_COLOURS, NODE_COLOURS, ROLE_COLOURS
from argmap.graph.build import build_graph
from articles import make_article
from headless import dump_dom, png_colours, screenshot

#: Astral characters (two UTF-16 code units each) before, inside and between units.
EMOJI_TEXT = (
    "😀 Rankings 👩🏽‍⚕️ reward real excellence at Harvard 🏥.\n"
    "Harvard has 𝕒𝕓𝕦𝕟𝕕𝕒𝕟𝕥 funding & labs 🔬🧪.\n"
    "But the UK 🇬🇧 lags.\n"
    "Oxford is not ranked fairly 😢 — sadly."
)


def _body_attrs(dom: str) -> dict[str, str]:
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    return dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))


def _root_attrs(dom: str) -> str:
    return re.search(r"<html([^>]*)>", dom).group(1)


def test_html_renders_nodes_and_blocks_injection(chromium, graph, article, tmp_path):
    page = tmp_path / "tiny.html"
    write_html(graph, page, text=article.text)
    dom = dump_dom(chromium, page)
    attrs = _body_attrs(dom)
    assert attrs.get("data-argmap-ready") == "1", attrs
    assert "data-argmap-error" not in attrs
    assert int(attrs["data-argmap-nodes"]) == graph.number_of_nodes()
    contains = sum(d["kind"] == "contains" for _, _, d in graph.edges(data=True))
    assert int(attrs["data-argmap-edges"]) == graph.number_of_edges() - contains
    # Top-down tree by dagre: every support/attack edge points up to its target.
    assert attrs["data-argmap-layout"] == "dagre"
    assert attrs["data-argmap-upward-relations"] == "0"
    # Opens at a zoom that keeps labels readable, on the major claim.
    assert int(attrs["data-argmap-visible-nodes"]) >= 1
    assert attrs["data-argmap-major-visible"] == "true"
    assert float(attrs["data-argmap-label-px"]) >= 12
    assert int(attrs["data-argmap-marks"]) == len(article.units)
    # The essay's <script> and <img onerror> stayed text.
    assert attrs["data-argmap-pwned"] == "false"
    assert "data-injected" not in _root_attrs(dom)
    assert "<img src=\"x\"" not in dom and "<img src=x" not in dom
    assert html.escape("<script>window.__pwned=1;", quote=False) in dom
    essay = dom.split('id="essay"', 1)[1]
    assert essay.count("<mark") == len(article.units)


def test_injection_detector_works_on_an_unsafe_page(chromium, article, tmp_path):
    """Control: the same text pasted raw into a page does run, so the check above bites."""
    page = tmp_path / "unsafe.html"
    page.write_text(f"<!DOCTYPE html><html><body><p>{article.text}</p></body></html>",
                    encoding="utf-8")
    dom = dump_dom(chromium, page)
    assert "data-injected" in _root_attrs(dom)


def test_html_screenshot(chromium, graph, article, tmp_path):
    page = tmp_path / "tiny.html"
    write_html(graph, page, text=article.text)
    png = screenshot(chromium, page, tmp_path / "tiny.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The graph pane (left 55%, below the header and its legend swatches) shows
    # the node fills: drawn on the canvas, not just present in the model.
    colours = png_colours(png, x_max=0.55, y_min=0.15)

    def pixels(hex_colour: str) -> int:
        rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        return sum(n for c, n in colours.items()
                   if all(abs(a - b) <= 6 for a, b in zip(c, rgb)))

    for name, hex_colour in [("major claim", ROLE_COLOURS["major_claim"]),
                             ("claim", ROLE_COLOURS["claim"]),
                             ("premise", ROLE_COLOURS["premise"]),
                             ("entity", NODE_COLOURS["entity"])]:
        assert pixels(hex_colour) > 100, f"no {name} node drawn"


def test_csp_blocks_scripts_added_to_the_page(chromium, graph, article, tmp_path):
    """Defence in depth: an inline script or handler that is not the page's own never runs."""
    page = tmp_path / "tampered.html"
    write_html(graph, page, text=article.text)
    extra = ("<script>document.documentElement.setAttribute('data-injected','script')</script>"
             "<img src=x onerror=\"document.documentElement.setAttribute('data-injected','img')\">")
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", extra + "</body>"),
                    encoding="utf-8")
    dom = dump_dom(chromium, page)
    assert _body_attrs(dom).get("data-argmap-ready") == "1"
    assert "data-injected" not in _root_attrs(dom)


def test_emoji_do_not_shift_the_highlighted_text(chromium, tmp_path):
    """Records count code points, the page slices UTF-16: the text under every
    highlight is still exactly its unit's text after emoji and other astral characters."""
    article = make_article(EMOJI_TEXT, article_id="emoji")
    page = tmp_path / "emoji.html"
    write_html(build_graph(article), page, text=article.text)
    attrs = _body_attrs(dump_dom(chromium, page))
    assert attrs.get("data-argmap-ready") == "1", attrs
    shown = html.unescape(attrs["data-argmap-mark-text"]).split("\u241e")
    assert sorted(shown) == sorted(u.text for u in article.units)
    assert "Oxford is not ranked fairly 😢 — sadly." in shown


def test_support_and_attack_edges_are_drawn(chromium, graph, article, tmp_path):
    page = tmp_path / "tiny.html"
    write_html(graph, page, text=article.text)
    png = screenshot(chromium, page, tmp_path / "tiny.png")
    colours = png_colours(png, x_max=0.55, y_min=0.15)

    def pixels(hex_colour: str) -> int:
        rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        return sum(n for c, n in colours.items() if all(abs(a - b) <= 6 for a, b in zip(c, rgb)))

    assert pixels(EDGE_COLOURS["supports"]) > 40, "no support edge drawn"
    assert pixels(EDGE_COLOURS["attacks"]) > 40, "no attack edge drawn"


def test_many_premises_of_one_claim_are_stacked(chromium, tmp_path):
    """Five premises backing the major claim sit two abreast, below it."""
    from argmap.records import Article, Relation, Unit

    sentences = ["Rankings mislead students."] + [
        f"Reason number {i} shows that the league tables measure the wrong thing." for i in range(5)]
    text = " ".join(sentences)
    units, pos = [], 0
    for i, sentence in enumerate(sentences):
        start = text.index(sentence, pos)
        units.append(Unit(f"s:{start}", "s", start, start + len(sentence), sentence,
                          "major_claim" if i == 0 else "premise", 0.9, i, 0))
        pos = start + len(sentence)
    relations = tuple(Relation(f"s:r{i}", "s", u.id, units[0].id, "support" if i % 2 else "attack",
                               0.8, "") for i, u in enumerate(units[1:]))
    article = Article("s", "Stack", "s.txt", "", text, units=tuple(units), relations=relations)
    page = tmp_path / "stack.html"
    write_html(build_graph(article), page, text=text)
    attrs = _body_attrs(dump_dom(chromium, page))
    assert attrs.get("data-argmap-ready") == "1", attrs
    assert attrs["data-argmap-stacked"] == "5"
    assert attrs["data-argmap-upward-relations"] == "0"
    assert attrs["data-argmap-major-visible"] == "true"


def test_author_stance_evidence_resolves_to_its_sentence(chromium, article, tmp_path):
    """Hovering an entity shows its strongest evidence unit: the page finds it."""
    import dataclasses

    cited = dataclasses.replace(article, author_stances=tuple(
        dataclasses.replace(s, evidence=(article.units[2].id, article.units[0].id))
        for s in article.author_stances))
    page = tmp_path / "cited.html"
    write_html(build_graph(cited), page, text=article.text)
    attrs = _body_attrs(dump_dom(chromium, page))
    assert attrs["data-argmap-evidence"] == "country:GB=C3 institution:harvard=C3"


#: Markup-like text in the major claim, which the view shows at load in the essay
#: panel and, in full, in the info panel.
MARKUP_TEXT = (
    "Rankings are <b>x</b> fair <img src=x onerror=\"window.__pwned=1\"> at Harvard.\n"
    "Harvard has funding & labs.\n"
    "But the UK lags.\n"
    "Oxford is not ranked fairly."
)


def _elements_inside(dom: str, ident: str) -> list[str]:
    """Tag names of the elements inside the element with ``id=ident`` (in document order)."""
    from html.parser import HTMLParser

    void = {"img", "br", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed"}

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.tags = 0, []

        def handle_starttag(self, tag, attrs):
            if self.depth:
                self.tags.append(tag)
                if tag not in void:
                    self.depth += 1
            elif dict(attrs).get("id") == ident:
                self.depth = 1

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1

    parser = Collect()
    parser.feed(dom)
    return parser.tags


def test_essay_and_info_panels_create_no_elements_from_the_text(chromium, tmp_path):
    """Markup in the text stays text in the essay panel and the info panel (no innerHTML)."""
    article = make_article(MARKUP_TEXT, article_id="markup")
    page = tmp_path / "markup.html"
    write_html(build_graph(article), page, text=article.text)
    dom = dump_dom(chromium, page)
    assert _body_attrs(dom).get("data-argmap-ready") == "1"
    essay, info = _elements_inside(dom, "essay"), _elements_inside(dom, "info")
    # only the view's own elements: unit marks with their tag, mention underlines
    assert set(essay) == {"mark", "span"} and essay.count("mark") == len(article.units)
    assert "b" not in info and "img" not in info
    assert set(info) <= {"div", "span", "q"}
    escaped = html.escape("<b>x</b> fair <img src=x onerror=", quote=False)
    info_html, essay_html = dom.split('id="info"', 1)[1].split('id="essay"', 1)
    assert escaped in essay_html
    assert escaped in info_html  # the major claim's full text, shown at load
    assert _body_attrs(dom)["data-argmap-pwned"] == "false"


def test_the_view_opens_on_the_most_confident_major_claim(chromium, tmp_path):
    """A restatement earlier in the text is not the major claim the view opens on."""
    from argmap.records import Article, Unit

    sentences = ["Night buses were a bargain for the city.",
                 "Shift workers now walk home after midnight.",
                 "The council should bring the night buses back."]
    text = "\n\n".join(sentences)
    units, pos = [], 0
    for i, (sentence, role, conf) in enumerate(zip(sentences, ("major_claim", "premise", "major_claim"),
                                                   (0.6, 0.8, 0.9))):
        start = text.index(sentence, pos)
        units.append(Unit(f"n:{start}", "n", start, start + len(sentence), sentence, role, conf, i, i))
        pos = start + len(sentence)
    article = Article("n", "Night buses", "n.txt", "", text, units=tuple(units))
    assert article.major_claim.text == sentences[2]
    page = tmp_path / "restated.html"
    write_html(build_graph(article), page, text=text)
    dom = dump_dom(chromium, page)
    assert _body_attrs(dom).get("data-argmap-ready") == "1"
    info = dom.split('id="info"', 1)[1].split('id="essay"', 1)[0]
    assert sentences[2] in info and sentences[0] not in info
