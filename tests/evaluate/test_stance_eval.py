"""``evaluate --format newsmtsc|claim-stance``: readers, exact figures, bad rows, CLI."""
from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.evaluate.stance_eval import (evaluate_stance, format_stance_report, read_claim_stance,
                                         read_newsmtsc)


def target(text: str, mention: str, polarity: float) -> dict:
    start = text.index(mention)
    return {"from": start, "to": start + len(mention), "mention": mention, "polarity": polarity}


S1 = "Acme Corp delivered excellent results."
S2 = "The committee met on Tuesday."
S3 = "Critics said the ministry failed badly."


@pytest.fixture()
def newsmtsc_file(tmp_path):
    rows = [
        {"sentence_normalized": S1, "targets": [target(S1, "Acme Corp", 6.0)]},
        {"sentence_normalized": S2, "targets": [target(S2, "committee", 4.0)]},
        {"sentence_normalized": S3, "targets": [target(S3, "ministry", 2.0), target(S3, "Critics", 4.0)]},
    ]
    lines = [json.dumps(r) for r in rows]
    lines.append("{not json")
    lines.append(json.dumps({"sentence_normalized": S2,
                             "targets": [{"from": 9, "to": 3, "polarity": 4.0}]}))
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class StubModel:
    """Fixed probabilities in item order (negative, neutral, positive)."""

    def __init__(self, rows):
        self.rows = np.array(rows, dtype=np.float32)

    def predict(self, items, *, batch_size=32):
        assert len(items) == len(self.rows)
        return self.rows


def test_read_newsmtsc_skips_bad_lines_with_one_warning_each(newsmtsc_file):
    warnings = []
    items = read_newsmtsc(newsmtsc_file, warnings.append)
    assert [(i.text[i.start:i.end], i.gold, i.line) for i in items] == [
        ("Acme Corp", "positive", 1), ("committee", "neutral", 2),
        ("ministry", "negative", 3), ("Critics", "neutral", 3)]
    assert warnings == [f"{newsmtsc_file}:4: skipped: not a JSON object",
                        f"{newsmtsc_file}:5: target 1 skipped: needs from < to inside the sentence "
                        "and polarity 2, 4 or 6"]


def test_newsmtsc_exact_figures(newsmtsc_file):
    items = read_newsmtsc(newsmtsc_file)
    model = StubModel([[0, 0, 1], [0, 0, 1], [1, 0, 0], [0, 1, 0]])
    report = evaluate_stance(items, "newsmtsc", systems=("majority", "vader", "model"), model=model)
    systems = report["systems"]
    # majority = neutral: F1(neutral) = 2*2/(4+2), the others 0
    assert systems["majority"]["f1m"]["value"] == 0.2222
    assert systems["majority"]["accuracy"]["value"] == 0.5
    # VADER on the sentence: positive, neutral, negative, negative ("Critics" is neutral in gold)
    assert systems["vader"]["confusion"] == [[1, 0, 0], [1, 1, 0], [0, 0, 1]]
    assert systems["vader"]["f1m"]["value"] == 0.7778
    assert systems["model"]["confusion"] == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert systems["model"]["f1m"]["value"] == 0.7778
    assert systems["model"]["accuracy"]["value"] == 0.75
    assert report["differences"]["model - majority"]["value"] == pytest.approx(0.5556, abs=1e-4)
    assert report["n"] == 4 and report["groups"] == 3


CLAIM_COLUMNS = ["topicId", "claims.claimCorrectedText", "claims.claimTarget.text",
                 "claims.claimTarget.span.start", "claims.claimTarget.span.end",
                 "claims.claimSentiment"]


def claim_row(topic, text, mention, sentiment, start=None):
    s = text.find(mention) if start is None else start
    return [topic, text, mention, s, s + len(mention), sentiment]


@pytest.fixture()
def claim_file(tmp_path):
    rows = [
        claim_row("1", "Wind farms bring great benefits to rural towns", "Wind farms", "1"),
        claim_row("1", "Wind farms are a terrible waste of money", "Wind farms", "-1"),
        claim_row("2", "School uniforms exist in many countries", "School uniforms", "1"),
        claim_row("2", "Homework takes up evenings", "Homework", ""),
        claim_row("2", "Homework is useful", "Homework", "maybe"),
        claim_row("2", "Homework is useful", "Exams", "1", start=40),
    ]
    path = tmp_path / "claims.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CLAIM_COLUMNS)
        writer.writerows(rows)
    return path


def test_read_claim_stance_skips_bad_rows(claim_file):
    warnings = []
    items = read_claim_stance(claim_file, warnings.append)
    assert [(i.group, i.text[i.start:i.end], i.gold) for i in items] == [
        ("topic1", "Wind farms", "positive"), ("topic1", "Wind farms", "negative"),
        ("topic2", "School uniforms", "positive")]
    assert warnings == [f"{claim_file}:6: skipped: claims.claimSentiment must be 1 or -1",
                        f"{claim_file}:7: skipped: the claim target is not a span of the claim text"]


def test_claim_stance_exact_figures(claim_file):
    items = read_claim_stance(claim_file)
    model = StubModel([[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1]])
    report = evaluate_stance(items, "claim-stance", systems=("majority", "vader", "model"),
                             model=model)
    systems = report["systems"]
    assert systems["majority"]["accuracy"]["value"] == 0.6667
    assert systems["majority"]["coverage"]["value"] == 1.0
    # VADER abstains on the claim with no sentiment words: it counts as wrong
    assert systems["vader"]["accuracy"]["value"] == 0.6667
    assert systems["vader"]["coverage"]["value"] == 0.6667
    # the model answers with the sign of p(positive) - p(negative): all negative here
    assert systems["model"]["accuracy"]["value"] == 0.3333
    assert systems["model"]["coverage"]["value"] == 1.0
    text = format_stance_report(report)
    assert text.splitlines()[0] == "claim-stance: 3 items in 2 groups; gold negative 1, positive 2"


def test_not_a_claim_stance_csv(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an IBM Claim Stance CSV"):
        read_claim_stance(path)


def test_cli_newsmtsc_runs_every_system(newsmtsc_file):
    result = CliRunner().invoke(cli, ["evaluate", str(newsmtsc_file), "--format", "newsmtsc",
                                      "--model", "blank", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"majority", "vader", "lexicon"} <= set(data["systems"])
    assert f"{newsmtsc_file}:4: skipped: not a JSON object" in result.stderr


def test_cli_claim_stance_table(claim_file):
    result = CliRunner().invoke(cli, ["evaluate", str(claim_file), "--format", "claim-stance",
                                      "--model", "blank"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["system", "accuracy", "(95%", "CI)", "coverage", "(95%", "CI)"]
    assert lines[2].startswith("majority    0.667 [")


def test_cli_folder_and_empty_file_are_user_errors(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--format", "newsmtsc",
                                      "--model", "blank"])
    assert result.exit_code == 1 and "needs a file, not a folder" in result.output
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(empty), "--format", "newsmtsc",
                                      "--model", "blank"])
    assert result.exit_code == 1 and "no newsmtsc gold items found" in result.output
    assert "Traceback" not in result.output


def test_cli_missing_file_exit_code(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path / "nope.jsonl"),
                                      "--format", "newsmtsc"])
    assert result.exit_code == 2
