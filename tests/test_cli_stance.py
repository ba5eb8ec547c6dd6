"""--target and --fast on the commands that run the pipeline."""
import csv
import json

from click.testing import CliRunner

from argmap.cli import cli

TEXT = "Photo ID laws are unfair and harmful. Rankings are useful.\n"


def _stances(out):
    with (out / "stances.csv").open(encoding="utf-8") as fh:
        return {(r["level"], r["target"]): r["polarity"] for r in csv.DictReader(fh)}


def test_extract_with_target_and_fast(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["extract", str(src), "-o", str(out), "--model", "blank",
                                   "--fast", "--target", "photo ID laws", "-q"])
    assert res.exit_code == 0, res.output
    got = _stances(out)
    assert got[("article", "concept:photo-id-laws")] == "con"
    assert got[("article", "concept:rankings")] == "pro"
    header = (out / "stances.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "speaker" in header
    # without the target the cached outputs are not reused: the config differs
    res = CliRunner().invoke(cli, ["extract", str(src), "-o", str(out), "--model", "blank",
                                   "--fast"])
    assert res.exit_code == 0 and "(cached)" not in res.output
    assert ("article", "concept:photo-id-laws") not in _stances(out)


def test_summarize_takes_target(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(cli, ["summarize", str(src), "--model", "blank", "--fast",
                                   "--target", "photo ID laws", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "concept:photo-id-laws" in res.output


def test_empty_target_is_a_user_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(cli, ["summarize", str(src), "--model", "blank", "--target", "!!"])
    assert res.exit_code == 1
    assert "not a usable target phrase" in res.output and "Traceback" not in res.output


def test_help_lists_fast_and_target():
    for cmd in ("extract", "summarize", "export", "compare", "evaluate"):
        res = CliRunner().invoke(cli, [cmd, "--help"])
        assert "--fast" in res.output and "--target" in res.output, cmd


def test_article_json_keeps_speaker(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Critics argue that rankings are wonderful. Rankings are a poor guide.\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["extract", str(src), "-o", str(out), "--model", "blank", "-q"])
    assert res.exit_code == 0, res.output
    data = json.loads((out / "a" / "article.json").read_text(encoding="utf-8"))
    assert [s["speaker"] for s in data["stances"]] == ["critics", ""]
