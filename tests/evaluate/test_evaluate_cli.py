"""``argmap evaluate`` through click's CliRunner (rules-only pipeline)."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from argmap.cli import cli

DATA = Path(__file__).parent / "data"


def test_evaluate_table_with_baseline():
    result = CliRunner().invoke(cli, ["evaluate", str(DATA), "--format", "microtext",
                                      "--baseline", "--model", "blank"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("1 microtext documents")
    assert "pipeline" in lines[1] and "baseline" in lines[1]
    assert any(line.startswith("central claim accuracy") for line in lines)


def test_evaluate_json_brat():
    result = CliRunner().invoke(cli, ["evaluate", str(DATA), "--format", "brat", "--json",
                                      "--model", "blank"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "brat" and data["documents"] == 1
    assert set(data["pipeline"]) >= {"segmentation", "roles", "central_claim", "relations", "side"}


def test_evaluate_empty_dir_is_a_user_error(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--model", "blank"])
    assert result.exit_code == 1
    assert "no microtext gold documents found" in result.output


def test_evaluate_bad_gold_is_a_user_error(tmp_path):
    (tmp_path / "bad.xml").write_text("<arggraph id='x'>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--model", "blank"])
    assert result.exit_code == 1
    assert "cannot read gold microtext data" in result.output
