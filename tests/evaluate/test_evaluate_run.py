"""Tests for :func:`argmap.evaluate.evaluate_gold` on the rule-only pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from argmap.evaluate import evaluate_gold, format_report, read_brat, read_microtexts

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def blank_nlp():
    from argmap.pipeline import load_pipeline

    return load_pipeline("blank")


@pytest.mark.parametrize("reader, fmt", [(read_microtexts, "microtext"), (read_brat, "brat")])
def test_evaluate_gold_scores_pipeline_and_baseline(blank_nlp, reader, fmt):
    golds = reader(DATA)
    result = evaluate_gold(golds, blank_nlp, baseline=True)
    assert (result["format"], result["documents"]) == (fmt, 1)
    for name in ("pipeline", "baseline"):
        report = result[name]
        assert report["documents"] == 1
        assert 0.0 <= report["roles"]["macro_f1"] <= 1.0
        assert report["segmentation"]["fn"] + report["segmentation"]["tp"] == len(golds[0].units)
    # The baseline's first unit starts the text, which is the central claim here.
    assert result["baseline"]["central_claim"]["accuracy"] == 1.0
    table = format_report(result)
    assert "role macro-F1" in table and "baseline" in table and ">= 0.65" in table


def test_evaluate_gold_without_baseline(blank_nlp):
    result = evaluate_gold(read_brat(DATA), blank_nlp)
    assert "baseline" not in result
    assert "baseline" not in format_report(result)
