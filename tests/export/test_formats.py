"""Registry, escaping and structure of the text formats (dot, mermaid, argdown, html)."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from argmap.export import (
    EXPORTERS,
    ExportFormat,
    export_text,
    html_payload,
    to_argdown,
    to_dot,
    to_html,
    to_mermaid,
    write_all,
)
from argmap.export._argdown import escape_text
from argmap.export._dot import quote
from argmap.export._html import essay_text, script_json
from argmap.export._mermaid import escape_label


def test_registry_matches_format_enum():
    assert list(EXPORTERS) == [f.value for f in ExportFormat]
    for exporter in EXPORTERS.values():
        assert exporter.suffix.startswith(".")


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_every_format_exports_text(graph, article, fmt):
    out = export_text(graph, fmt, text=article.text)
    assert isinstance(out, str) and out.endswith("\n")
    assert out == export_text(graph, fmt, text=article.text), "deterministic"


def test_write_all(graph, article, tmp_path):
    paths = write_all(graph, tmp_path / "out", stem="tiny", text=article.text)
    assert sorted(paths) == sorted(EXPORTERS)
    for fmt, path in paths.items():
        assert path.name == "tiny" + EXPORTERS[fmt].suffix
        assert path.read_text(encoding="utf-8") == export_text(graph, fmt, text=article.text)


def test_dot_quotes_and_colours(graph):
    assert quote('a "b"\\c\nd') == '"a \\"b\\"\\\\c\\nd"'
    dot = to_dot(graph)
    assert dot.startswith('digraph "tiny" {')
    assert '"tiny:44" -> "tiny:0" [label="supports", color="#2ca02c"' in dot
    assert '"tiny:83" -> "tiny:0" [label="attacks", color="#d62728"' in dot
    assert re.search(r'"tiny:0" -> "institution:harvard" \[label="pro", color="#2ca02c"', dot)
    assert re.search(r'"tiny:83" -> "country:GB" \[label="con", color="#d62728"', dot)
    only = to_dot(graph, kinds=["supports"])
    assert "attacks" not in only and "supports" in only


def test_dot_renders_with_graphviz(graph, graphviz_dot):
    proc = subprocess.run([graphviz_dot, "-Tsvg"], input=to_dot(graph), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "<svg" in proc.stdout
    assert proc.stdout.count('class="node"') == graph.number_of_nodes()
    assert proc.stdout.count('class="edge"') == graph.number_of_edges()


def test_mermaid_escapes_labels(graph):
    assert escape_label('<b>"x"</b> & #1') == "#lt;b#gt;#quot;x#quot;#lt;/b#gt; #amp; #35;1"
    text = to_mermaid(graph)
    assert text.startswith("flowchart LR\n")
    body = text.split("\n", 1)[1]
    assert "<" not in body and '"abundant"' not in body
    assert body.count("linkStyle") == graph.number_of_edges()
    assert "n2 ==>|supports| n1" in text and "n3 ==>|attacks| n1" in text


def test_argdown_relations_and_escaping(graph):
    assert escape_text("a [b] <c> #d") == "a \\[b\\] \\<c\\> \\#d"
    text = to_argdown(graph)
    block = text.split("[Major claim 1]:", 1)[1].split("\n\n", 1)[0]
    assert "\n  <+ [Premise 2]" in block and "\n  <- [Claim 3]" in block
    assert "<script>" not in text
    assert "// stance con toward country:GB" in text


def test_script_json_escapes_markup():
    out = script_json({"t": "</script><!-- & \u2028"})
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"t": "</script><!-- & \u2028"}


def test_html_is_self_contained_and_escaped(graph, article):
    page = to_html(graph, text=article.text)
    assert page.count("<script") == 4  # data, Cytoscape.js, cytoscape-dagre, view
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "http-equiv=\"Content-Security-Policy\"" in page
    data = page.split('<script type="application/json" id="argmap-data">', 1)[1]
    data = data.split("</script>", 1)[0]
    assert "<" not in data and "&" not in data
    payload = json.loads(data)
    assert payload["text"] == article.text
    assert "<title>argmap: Tiny &lt;b&gt;essay&lt;/b&gt; &amp; co</title>" in page
    # The hostile essay text never appears raw in the page.
    assert "<img src=x" not in page and "<script>window.__pwned" not in page


def test_html_payload_units_and_mentions(graph, article):
    payload = html_payload(graph, text=article.text)
    assert [(u["start"], u["end"]) for u in payload["units"]] == [
        (u.start, u.end) for u in article.units]
    assert len(payload["mentions"]) == len(article.mentions)
    ids = {n["data"].get("ref", n["data"]["id"]) for n in payload["elements"]["nodes"]}
    assert ids == set(graph.nodes)
    # Unit ids are shortened to ":<start>" wherever the one-article page uses them.
    assert {u["id"] for u in payload["units"]} == {f":{u.start}" for u in article.units}
    assert {m["unit"] for m in payload["mentions"]} <= {f":{u.start}" for u in article.units}
    import dataclasses

    from argmap.graph.build import build_graph

    cited = dataclasses.replace(article, author_stances=tuple(
        dataclasses.replace(s, evidence=(article.units[2].id, article.units[0].id))
        for s in article.author_stances))
    edges = html_payload(build_graph(cited), text=article.text)["elements"]["edges"]
    evidence = [e["data"]["evidence"] for e in edges if e["data"].get("level") == "article"]
    assert evidence == [f":{article.units[2].start}|:{article.units[0].start}"] * 2
    labels = {n["data"].get("ref", n["data"]["id"]): n["data"]["label"]
              for n in payload["elements"]["nodes"]}
    assert labels[article.units[0].id] == "MC · Rankings reward real excellence at Harvard."
    assert labels[article.units[1].id] == 'P2 · Harvard has "abundant" funding & labs.'
    kinds = {e["data"]["kind"] for e in payload["elements"]["edges"]}
    assert "contains" not in kinds and "supports" in kinds


def test_html_payload_offsets_are_utf16():
    from articles import make_article

    from argmap.export import utf16_offsets
    from argmap.graph.build import build_graph

    text = "😀 Rankings at Harvard.\nHarvard 𝕓 funds.\nBut the UK 🇬🇧 lags.\nOxford 😢 too."
    article = make_article(text, article_id="e")
    payload = html_payload(build_graph(article), text=text)
    encoded = text.encode("utf-16-le")
    for unit, record in zip(payload["units"], article.units):
        assert encoded[2 * unit["start"]:2 * unit["end"]].decode("utf-16-le") == record.text
    assert [(u["start"], u["end"]) for u in payload["units"]][:2] == [(0, 23), (24, 41)]
    for m in payload["mentions"]:
        assert encoded[2 * m["start"]:2 * m["end"]].decode("utf-16-le") in (
            "Rankings", "Harvard", "UK", "Oxford")
    to16 = utf16_offsets(text)
    assert [to16(i) for i in (0, 1, 2, len(text))] == [0, 2, 3, len(encoded) // 2]


def test_essay_text_rebuilt_from_units(graph, article):
    rebuilt = essay_text(graph)
    assert len(rebuilt) == len(article.text)
    for unit in article.units:
        assert rebuilt[unit.start:unit.end] == unit.text


def test_exporters_do_not_import_spacy():
    import subprocess
    import sys

    code = ("import sys, argmap.export, argmap.graph.build; "
            "sys.exit(1 if 'spacy' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_html_payload_of_a_corpus_graph_keeps_essays_apart():
    import networkx as nx

    from argmap.graph.build import build_graph
    from articles import make_article

    one, two = make_article(article_id="one"), make_article(article_id="two")
    G = nx.compose(build_graph(one), build_graph(two))
    payload = html_payload(G)
    text = payload["text"]
    for unit in payload["units"]:
        node = G.nodes[unit["id"]]
        assert text[unit["start"]:unit["end"]] == node["text"]
    units = {u["id"]: u for u in payload["units"]}
    surface = {d["text"] for _, _, d in G.edges(data=True) if d["kind"] == "mentions"}
    for m in payload["mentions"]:
        assert units[m["unit"]]["start"] <= m["start"] < m["end"] <= units[m["unit"]]["end"]
        assert text[m["start"]:m["end"]] in surface
    assert text.index("Tiny <b>essay</b> & co") < text.index("Rankings reward")
