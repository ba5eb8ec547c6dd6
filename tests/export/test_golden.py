"""Golden exports of the seed essay (corpus/qs-2026-medical-rankings.txt).

The input is a frozen copy of the seed essay's records,
``tests/golden/export/qs-2026-medical-rankings.article.json``, so these
tests check the exporters without the trained model.  The ``model`` test
below re-extracts the essay; with ``--update-golden`` it refreshes the frozen
copy first and the golden tests after it rewrite every export.  For ``html``
the golden file is the embedded JSON payload, not the page with the
inlined library.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from argmap.export import EXPORTERS, export_text, html_payload, read_graph, write_all
from argmap.graph.build import build_graph
from argmap.records import article_from_dict, article_to_dict

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "qs-2026-medical-rankings.txt"
GOLDEN = ROOT / "tests" / "golden" / "export"
STEM = SEED.stem
INPUT = GOLDEN / f"{STEM}.article.json"


def _golden_name(fmt: str) -> str:
    return f"{STEM}.html-payload.json" if fmt == "html" else f"{STEM}{EXPORTERS[fmt].suffix}"


def _render(G: nx.Graph, fmt: str, text: str) -> str:
    if fmt == "html":
        payload = html_payload(G, text=text)
        return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return export_text(G, fmt, text=text)


def _isomorphic(G: nx.Graph, H: nx.Graph) -> bool:
    # Matching attributes keeps VF2 fast; bare structure on 70 nodes can take minutes.
    def same(a, b):
        return a == b

    return nx.is_isomorphic(G, H, node_match=same, edge_match=same)


def _frozen_article():
    if not INPUT.exists():
        pytest.fail(f"{INPUT} is missing: run `pytest tests/export -m model --update-golden`")
    return article_from_dict(json.loads(INPUT.read_text(encoding="utf-8")))


@pytest.mark.model
def test_seed_extraction_exports(nlp_model, golden, tmp_path):
    from argmap.extract import extract_article

    article = extract_article(SEED.read_text(encoding="utf-8"), article_id=STEM,
                              nlp=nlp_model, source=f"corpus/{SEED.name}")
    data = article_to_dict(article)
    data.pop("model", None)  # the model's package name differs between installs
    G = build_graph(article)
    assert G.number_of_nodes() > 20 and G.number_of_edges() > 40
    paths = write_all(G, tmp_path, stem=STEM, text=article.text)
    for fmt in ("json", "graphml", "gexf"):
        assert _isomorphic(read_graph(paths[fmt]), G), fmt
    # the frozen copy the exporter tests read is today's extraction
    golden(INPUT, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_golden_export(fmt, golden):
    article = _frozen_article()
    golden(GOLDEN / _golden_name(fmt), _render(build_graph(article), fmt, article.text))


def test_seed_golden_round_trips():
    G = build_graph(_frozen_article())
    for fmt in ("json", "graphml", "gexf"):
        assert _isomorphic(read_graph(GOLDEN / _golden_name(fmt)), G), fmt
