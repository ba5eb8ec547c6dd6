"""``argmap evaluate`` through click's CliRunner (rules-only pipeline)."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from argmap.cli import cli

DATA = Path(__file__).parent / "data"


def test_evaluate_table_has_baselines_intervals_and_folds():
    result = CliRunner().invoke(cli, ["evaluate", str(DATA), "--format", "microtext",
                                      "--bootstrap", "200", "--model", "blank"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("1 microtext documents, 0 skipped, model en_pipeline-0.0.0; "
                        "5 folds by document id, fold 5 held out (never tuned on)")
    assert "whole set: 1 documents" in lines
    # "uniforms" falls in fold 1, so the held-out fold is empty and says so.
    assert lines[2] == "held-out fold 5 of 5: no documents, nothing to report"
    assert "tuning folds 1-4: 1 documents" in lines
    header = next(line for line in lines if "argmap [95% CI]" in line)
    assert header.split() == ["argmap", "[95%", "CI]", "first_unit", "title", "paragraph", "argmap", "-",
                              "best", "baseline", "[95%", "CI]", "target"]
    assert any(line.startswith("central claim accuracy") and "vs first_unit" in line for line in lines)


def test_evaluate_json_brat():
    result = CliRunner().invoke(cli, ["evaluate", str(DATA), "--format", "brat", "--json",
                                      "--bootstrap", "200", "--model", "blank"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "brat" and data["documents"] == 1 and data["skipped"] == []
    assert set(data["pipeline"]) >= {"segmentation", "roles", "central_claim", "relations", "side"}
    keys = [row["key"] for row in data["subsets"][1]["figures"]]
    assert {"eger_component_100", "eger_relation_50", "ps_fu", "side_all_pro"} <= set(keys)


def test_evaluate_baseline_flag_is_still_accepted():
    result = CliRunner().invoke(cli, ["evaluate", str(DATA), "--baseline", "--folds", "1",
                                      "--bootstrap", "100", "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert "whole set: 1 documents" in result.output and "held-out" not in result.output


def test_evaluate_fold_outside_folds_is_a_user_error():
    result = CliRunner().invoke(cli, ["evaluate", str(DATA), "--fold", "6", "--model", "blank"])
    assert result.exit_code == 1
    assert "Error: --fold 6 is not one of 1..5" in result.output


def test_evaluate_tuning_reports_the_tuning_folds_only():
    result = CliRunner().invoke(cli, ["evaluate", str(DATA), "--tuning", "--bootstrap", "100",
                                      "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert "tuning folds 1-4: 1 documents" in result.output  # "uniforms" is in fold 1
    assert "held-out" not in result.output and "whole set" not in result.output
    bad = CliRunner().invoke(cli, ["evaluate", str(DATA), "--tuning", "--fold", "2", "--model", "blank"])
    assert bad.exit_code == 1 and "Error: --tuning needs --folds 2 or more and no --fold" in bad.output


def test_evaluate_empty_dir_is_a_user_error(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--model", "blank"])
    assert result.exit_code == 1
    assert f"no usable microtext gold documents in {tmp_path}" in result.output


def test_evaluate_bad_gold_is_skipped_and_the_run_goes_on(tmp_path):
    for name in ("uniforms.xml", "uniforms.txt"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "bad.xml").write_text("<arggraph id='x'>", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["evaluate", str(tmp_path), "--folds", "1", "--bootstrap", "100", "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {tmp_path / 'bad.xml'}: not well-formed XML (no element found: line 1, column 17);"
        " document skipped"]
    assert result.stdout.startswith("1 microtext documents, 1 skipped")


def test_evaluate_only_bad_gold_is_a_user_error(tmp_path):
    (tmp_path / "x.txt").write_text("Uniforms help.", encoding="utf-8")
    (tmp_path / "x.ann").write_text("\ufeffT1\tMajorClaim 0 13\tUniforms help\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--format", "brat",
                                                      "--model", "blank"])
    assert result.exit_code == 1
    assert "starts with a byte-order mark" in result.stderr
    assert f"Error: no usable brat gold documents in {tmp_path} (1 skipped)" in result.stderr
