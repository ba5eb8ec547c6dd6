"""`argmap export`: inputs (text, folder, article.json, graph files), formats, errors."""
from __future__ import annotations

import operator

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.export import EXPORTERS, read_graph

SEED = Path(__file__).resolve().parents[1] / "corpus" / "qs-2026-medical-rankings.txt"


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def extracted(runner, tmp_path, essay) -> Path:
    """An extraction folder made with the rules-only pipeline."""
    (tmp_path / "my-essay.txt").write_text(essay, encoding="utf-8")
    res = runner.invoke(cli, ["extract", str(tmp_path / "my-essay.txt"), "-o",
                              str(tmp_path / "out"), "--model", "blank", "-q"])
    assert res.exit_code == 0, res.output
    return tmp_path / "out" / "my-essay"


def test_export_help_lists_every_format(runner):
    res = runner.invoke(cli, ["export", "--help"])
    assert res.exit_code == 0
    for name in EXPORTERS:
        assert name in res.output


def test_export_text_file_to_stdout(runner, tmp_path, essay):
    src = tmp_path / "essay.txt"
    src.write_text(essay, encoding="utf-8")
    res = runner.invoke(cli, ["export", str(src), "--format", "json", "--model", "blank"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    kinds = {n["kind"] for n in data["nodes"]}
    assert {"article", "unit"} <= kinds


def test_export_all_from_extraction_folder(runner, extracted, tmp_path):
    out = tmp_path / "exports"
    res = runner.invoke(cli, ["export", str(extracted), "--all", "-o", str(out)])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"my-essay{e.suffix}" for e in EXPORTERS.values())
    G = read_graph(extracted / "graph.json")
    for suffix in (".json", ".graphml", ".gexf"):
        assert nx.is_isomorphic(read_graph(out / f"my-essay{suffix}"), G, node_match=operator.eq, edge_match=operator.eq), suffix
    page = (out / "my-essay.html").read_text(encoding="utf-8")
    assert "Rankings don" in page  # the essay text is in the payload


@pytest.mark.parametrize("name", ["article.json", "graph.json"])
def test_export_from_json_files(runner, extracted, tmp_path, name):
    out = tmp_path / "g.graphml"
    res = runner.invoke(cli, ["export", str(extracted / name), "-f", "graphml", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert nx.is_isomorphic(read_graph(out), read_graph(extracted / "graph.json"), node_match=operator.eq, edge_match=operator.eq)


def test_export_from_graphml_and_into_folder(runner, extracted, tmp_path):
    runner.invoke(cli, ["export", str(extracted), "-f", "graphml", "-o", str(tmp_path / "g.graphml")])
    folder = tmp_path / "folder"
    folder.mkdir()
    res = runner.invoke(cli, ["export", str(tmp_path / "g.graphml"), "-f", "aif", "-o", str(folder)])
    assert res.exit_code == 0, res.output
    (written,) = folder.iterdir()
    assert written.name == "my-essay.aif.json"
    assert {n["type"] for n in json.loads(written.read_text(encoding="utf-8"))["nodes"]} >= {"I"}


@pytest.mark.parametrize("args, message", [
    (["--format", "json", "--all", "-o", "x"], "exactly one of --format or --all"),
    ([], "exactly one of --format or --all"),
    (["--all"], "--all needs -o"),
])
def test_export_option_errors(runner, extracted, args, message):
    res = runner.invoke(cli, ["export", str(extracted), *args])
    assert res.exit_code == 1
    assert message in res.output
    assert "Traceback" not in res.output


def test_export_bad_inputs(runner, tmp_path):
    res = runner.invoke(cli, ["export", str(tmp_path / "missing.txt"), "-f", "json"])
    assert res.exit_code == 1 and "no such file" in res.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    res = runner.invoke(cli, ["export", str(bad), "-f", "json"])
    assert res.exit_code == 1 and "bad.json" in res.output
    broken = tmp_path / "broken.graphml"
    broken.write_text("<graphml", encoding="utf-8")
    res = runner.invoke(cli, ["export", str(broken), "-f", "json"])
    assert res.exit_code == 1 and "cannot read graph" in res.output
    res = runner.invoke(cli, ["export", str(bad), "-f", "png"])
    assert res.exit_code == 2 and "Invalid value" in res.output


@pytest.mark.model
def test_export_seed_essay_all_formats(runner, tmp_path):
    res = runner.invoke(cli, ["export", str(SEED), "--all", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    G = read_graph(tmp_path / f"{SEED.stem}.json")
    assert sum(1 for _, d in G.nodes(data=True) if d["kind"] == "unit") > 20
    page = (tmp_path / f"{SEED.stem}.html").read_text(encoding="utf-8")
    # the page carries the library and every unit of the essay (not just a big file)
    assert "cytoscape" in page and page.count("<script") >= 2
    units = [n for n, d in G.nodes(data=True) if d["kind"] == "unit"]
    assert all(f'"{n}"' in page for n in units), "a unit is missing from the page"
