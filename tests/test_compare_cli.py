"""``argmap compare`` through click's CliRunner."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.export import EXPORTERS, read_graph

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = "qs-2026-medical-rankings"


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def two_texts(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "con.txt").write_text(
        "Rankings mislead students. Prestige is an overrated and flawed signal.", encoding="utf-8")
    (folder / "pro.txt").write_text(
        "Rankings are a useful and reliable guide. Prestige is valuable to employers.",
        encoding="utf-8")
    return folder


def test_compare_help(runner):
    res = runner.invoke(cli, ["compare", "--help"])
    assert res.exit_code == 0
    assert "Example" in res.output and "--graph-format" in res.output


def test_compare_texts_writes_tables_and_graph(runner, two_texts, tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(cli, ["compare", str(two_texts / "con.txt"), str(two_texts / "pro.txt"),
                              "--model", "blank", "-o", str(out), "--graph-format", "graphml",
                              "--graph-format", "json"])
    assert res.exit_code == 0, res.output
    assert "Author stances" in res.output
    for name in ("articles", "entities", "stances", "agreements", "alignments"):
        assert (out / f"{name}.csv").exists(), name
    stances = {r["target"]: r for r in csv.DictReader((out / "stances.csv").open())}
    assert stances["concept:rankings"]["con"] == "con"
    assert stances["concept:rankings"]["pro"] == "pro"
    assert stances["concept:rankings"]["consensus"] == "disagree"
    G = read_graph(out / "corpus-graph.graphml")
    assert G.has_edge("article:con", "article:pro")
    assert read_graph(out / "corpus-graph.json").number_of_nodes() == G.number_of_nodes()


def test_compare_json_report(runner, two_texts):
    res = runner.invoke(cli, ["compare", str(two_texts), "--model", "blank", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["articles"] == ["con", "pro"]
    assert data["pairs"][0]["position"] == "disagree"


def test_compare_extraction_outputs(runner, two_texts, tmp_path):
    out = tmp_path / "extracted"
    assert runner.invoke(cli, ["extract", str(two_texts), "-o", str(out), "--model", "blank",
                               "-q"]).exit_code == 0
    res = runner.invoke(cli, ["compare", str(out / "con"), str(out / "pro" / "article.json"),
                              "--format", "markdown"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("## Comparison of 2 articles")
    res = runner.invoke(cli, ["compare", str(out), "--format", "markdown", "-q"])
    assert res.exit_code == 0 and res.output == ""


@pytest.mark.parametrize("args,message", [
    (["nope.txt", "nope2.txt"], "no such file"),
    (["{one}"], "need at least two articles"),
    (["{dir}", "--graph-format", "dot"], "needs -o"),
    (["{dir}", "--reference", "missing"], "reference 'missing'"),
])
def test_compare_user_errors(runner, two_texts, args, message):
    args = [a.format(one=two_texts / "con.txt", dir=two_texts) for a in args]
    res = runner.invoke(cli, ["compare", *args, "--model", "blank"])
    assert res.exit_code == 1
    assert message in res.output
    assert "Traceback" not in res.output


def test_compare_duplicate_ids(runner, two_texts, tmp_path):
    copy = tmp_path / "again"
    copy.mkdir()
    shutil.copy(two_texts / "con.txt", copy / "con.txt")
    res = runner.invoke(cli, ["compare", str(two_texts), str(copy), "--model", "blank"])
    assert res.exit_code == 1 and "appears twice: con" in res.output


def test_graph_format_choices_are_the_exporters(runner):
    params = {p.name: p for p in cli.commands["compare"].params}
    assert sorted(params["graph_formats"].type.choices) == sorted(EXPORTERS)


@pytest.mark.model
def test_compare_corpus_against_seed(runner, tmp_path):
    out = tmp_path / "cmp"
    res = runner.invoke(cli, ["compare", str(CORPUS), "-r", SEED, "-o", str(out),
                              *(x for f in EXPORTERS for x in ("--graph-format", f))])
    assert res.exit_code == 0, res.output
    for exp in EXPORTERS.values():
        assert (out / f"corpus-graph{exp.suffix}").stat().st_size > 0
    rows = list(csv.DictReader((out / "agreements.csv").open()))
    assert {r["article_a"] for r in rows} == {SEED}
    rankings = {r["article_b"]: r["agreement"] for r in rows if r["target"] == "concept:rankings"}
    expect = json.loads((ROOT / "tests" / "data" / "corpus_expectations.json").read_text())
    stances = {r["target"]: r for r in csv.DictReader((out / "stances.csv").open())}
    # a careful reader of the seed essay reports it against rankings
    assert stances["concept:rankings"][SEED] == "con"
    for aid, info in expect["articles"].items():
        if info["position_vs_seed"] in ("agree", "disagree"):
            assert rankings[aid] == info["position_vs_seed"], aid
