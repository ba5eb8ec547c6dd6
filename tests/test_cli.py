import csv
import json

import pytest
from click.testing import CliRunner

from argmap.cli import cli


@pytest.fixture()
def runner():
    return CliRunner()


def test_help_for_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name, command in cli.commands.items():
        res = runner.invoke(cli, [name, "--help"])
        assert res.exit_code == 0, name
        assert "Example" in res.output, name
        assert command.help


def test_extract_writes_outputs(runner, tmp_path, essay):
    src = tmp_path / "in"
    src.mkdir()
    (src / "My Essay.txt").write_text(essay, encoding="utf-8")
    (src / "notes.md").write_text("Prestige is not everything. Outcomes matter more.", encoding="utf-8")
    (src / "skip.csv").write_text("a,b", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["extract", str(src), "-o", str(out), "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("my-essay: ")
    assert len(result.output.splitlines()) == 2
    art = json.loads((out / "my-essay" / "article.json").read_text())
    assert art["id"] == "my-essay" and art["schema_version"] == 1
    graph = json.loads((out / "my-essay" / "graph.json").read_text())
    assert {"nodes", "edges"} <= set(graph)
    for table in ("units", "entities", "stances", "relations"):
        rows = list(csv.DictReader((out / f"{table}.csv").open()))
        assert {r["article_id"] for r in rows} <= {"my-essay", "notes"}
    units = list(csv.DictReader((out / "units.csv").open()))
    assert sum(r["role"] == "major_claim" for r in units) == 2


def test_extract_stdin(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["extract", "-", "-o", str(out), "--model", "blank", "-q"],
                           input="Harvard is excellent. Rankings mislead.")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (out / "stdin" / "article.json").exists()


def test_extract_bad_path(runner, tmp_path):
    result = runner.invoke(cli, ["extract", str(tmp_path / "missing.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_extract_reports_bad_inputs_and_goes_on(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 au lait")
    (tmp_path / "good.txt").write_text("Harvard is excellent.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["extract", str(tmp_path / "empty.txt"), str(tmp_path / "bad.txt"),
                                 str(tmp_path / "good.txt"), "-o", str(out), "--model", "blank"])
    assert result.exit_code == 1
    assert "empty file" in result.output and "not UTF-8" in result.output
    assert "2 of 3 inputs failed" in result.output
    assert (out / "good" / "article.json").exists()


def test_extract_unknown_model(runner, tmp_path, essay):
    (tmp_path / "a.txt").write_text(essay, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"),
                                 "--model", "no_such_model_xyz"])
    assert result.exit_code == 1
    assert "requirements-model.txt" in result.output


def test_extract_requires_paths(runner):
    result = runner.invoke(cli, ["extract"])
    assert result.exit_code == 2


def test_summarize_text_and_extraction_folder(runner, tmp_path, essay):
    src = tmp_path / "essay.txt"
    src.write_text(essay, encoding="utf-8")
    res = runner.invoke(cli, ["summarize", str(src), "--model", "blank"])
    assert res.exit_code == 0, res.output
    assert "Major claim: students should look at outcomes" in res.output
    # targets mentioned once with no stance are folded into the count; --all lists them
    # (lexicon backend: which targets get a stance must not depend on the model file)
    res = runner.invoke(cli, ["summarize", str(src), "--model", "blank", "--fast"])
    assert "(+ 4 targets mentioned at most once with no stance; --all lists them)" in res.output
    res_all = runner.invoke(cli, ["summarize", str(src), "--model", "blank", "--fast", "--all"])
    assert "--all lists them" not in res_all.output
    shown = set(res.output.splitlines())
    stances = res_all.output.split("Author stance (most salient first):")[1]
    folded = [line.split()[0] for line in stances.splitlines() if line.strip() and line not in shown]
    assert folded == ["concept:student-outcomes", "institution:harvard", "institution:oxford",
                      "concept:research-funding"], folded
    assert all(" neutral " in line for line in stances.splitlines() if line.split()[:1]
               and line.split()[0] in folded)
    out = tmp_path / "out"
    runner.invoke(cli, ["extract", str(src), "-o", str(out), "--model", "blank", "-q"])
    res2 = runner.invoke(cli, ["summarize", str(out / "essay"), "--format", "markdown"])
    assert res2.exit_code == 0, res2.output
    assert res2.output.startswith("## Why rankings mislead")
    assert "| concept:prestige |" in res2.output
    res3 = runner.invoke(cli, ["summarize", str(out / "essay" / "article.json"), "--format", "json"])
    data = json.loads(res3.output)
    assert data["roles"]["major_claim"] == 1
    assert not [e for e in data["entities"] if e["id"] == "country:US" and e["mentions"] == 0]
    assert all({"salience", "polarity"} <= e.keys() for e in data["entities"])
    assert all({"evidence", "evidence_text", "salience"} <= s.keys() for s in data["stances"])


def test_summarize_bad_inputs(runner, tmp_path):
    res = runner.invoke(cli, ["summarize", str(tmp_path / "nope.txt")])
    assert res.exit_code == 1 and "no such file" in res.output
    bad = tmp_path / "x.json"
    bad.write_text("{\"id\": 3, \"units\": [{\"bogus\": 1}]}", encoding="utf-8")
    res = runner.invoke(cli, ["summarize", str(bad)])
    assert res.exit_code == 1 and "not an argmap article.json" in res.output
