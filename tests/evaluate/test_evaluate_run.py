"""Tests for :func:`argmap.evaluate.evaluate_gold` on the rule-only pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from argmap.evaluate import evaluate_gold, format_report, read_brat, read_microtexts
from argmap.evaluate.stats import fold_of

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def blank_nlp():
    from argmap.pipeline import load_pipeline

    return load_pipeline("blank")


@pytest.mark.parametrize("reader, fmt", [(read_microtexts, "microtext"), (read_brat, "brat")])
def test_evaluate_gold_scores_pipeline_and_baselines(blank_nlp, reader, fmt):
    golds = reader(DATA)
    result = evaluate_gold(golds, blank_nlp, folds=1, n_boot=200)
    assert (result["format"], result["documents"]) == (fmt, 1)
    assert result["systems"] == ["argmap", "first_unit", "title", "paragraph"]
    assert [s["key"] for s in result["subsets"]] == ["whole"]
    for report in (result["pipeline"], *result["baselines"].values()):
        assert report["documents"] == 1
        assert report["segmentation"]["fn"] + report["segmentation"]["tp"] == len(golds[0].units)
    # The first unit starts the text, which is the central claim in both test files.
    assert result["baselines"]["first_unit"]["central_claim"]["accuracy"] == 1.0
    rows = {r["key"]: r for r in result["subsets"][0]["figures"]}
    assert rows["central_claim"]["first_unit"] == {"value": 1.0, "low": 1.0, "high": 1.0}
    table = format_report(result)
    assert "role macro-F1" in table and "first_unit" in table and ">= 0.65, +0.05" in table


def test_evaluate_gold_folds_and_one_fold(blank_nlp):
    golds = read_microtexts(DATA)  # one document, id "uniforms"
    fold = fold_of("uniforms")
    result = evaluate_gold(golds, blank_nlp, n_boot=200)
    assert result["held_out_fold"] == 5 and result["fold_sizes"][str(fold)] == 1
    sizes = {s["key"]: s["documents"] for s in result["subsets"]}
    assert sizes == {"held_out": int(fold == 5), "whole": 1, "tuning": int(fold != 5)}
    assert [(d["id"], d["fold"]) for d in result["pipeline"]["per_document"]] == [("uniforms", fold)]
    one = evaluate_gold(golds, blank_nlp, fold=fold, n_boot=200)
    assert [(s["key"], s["documents"]) for s in one["subsets"]] == [(f"fold_{fold}", 1)]
    with pytest.raises(ValueError, match="fold 6 is not one of 1..5"):
        evaluate_gold(golds, blank_nlp, fold=6)


def test_evaluate_gold_tuning_folds_never_run_the_held_out_fold(blank_nlp):
    from argmap.evaluate import parse_brat

    ids = [f"doc{i}" for i in range(40)]
    held_out = next(i for i in ids if fold_of(i) == 5)
    tuning = next(i for i in ids if fold_of(i) == 2)
    text = "Cities should plant trees. Trees cool the streets."
    golds = [parse_brat(text, "T1\tMajorClaim 0 26\tCities should plant trees.\n", doc_id=d)
             for d in (held_out, tuning)]
    seen = []

    class Spy:  # records the texts the pipeline is run on
        def __init__(self, nlp):
            self.nlp = nlp

        def __getattr__(self, name):
            return getattr(self.nlp, name)

        def pipe(self, texts, **kwargs):
            texts = list(texts)
            seen.extend(texts)
            return self.nlp.pipe(texts, **kwargs)

        def __call__(self, text):
            seen.append(text)
            return self.nlp(text)

    result = evaluate_gold(golds, Spy(blank_nlp), tuning=True, n_boot=100)
    assert [(s["key"], s["ids"]) for s in result["subsets"]] == [("tuning", [tuning])]
    assert [d["id"] for d in result["pipeline"]["per_document"]] == [tuning]
    assert len(seen) == 1  # the held-out document was never extracted
    with pytest.raises(ValueError, match="tuning folds need 2 or more folds"):
        evaluate_gold(golds, blank_nlp, tuning=True, folds=1)


def test_evaluate_gold_is_deterministic(blank_nlp):
    golds = read_brat(DATA)
    first = evaluate_gold(golds, blank_nlp, n_boot=200, seed=7)
    assert evaluate_gold(golds, blank_nlp, n_boot=200, seed=7) == first


def test_evaluate_gold_needs_half_of_each_unit(blank_nlp):
    from argmap.evaluate import parse_brat

    text = "Uniforms help pupils focus on their lessons every single day at school."
    gold = parse_brat(text, "T1\tMajorClaim 0 13\tUniforms help\n", doc_id="half")
    result = evaluate_gold([gold], blank_nlp, folds=1, n_boot=100)
    # One predicted unit (the sentence, 12 tokens) shares 2 tokens with the gold unit: no match.
    seg = result["pipeline"]["segmentation"]
    assert (result["threshold"], seg["tp"], seg["fp"], seg["fn"]) == (0.5, 0, 1, 1)
