"""Peldszus & Stede levels and Eger et al. F1, hand-computed on the test microtext.

Gold (uniforms.xml): a1 central claim (pro); a2 supports a1 (pro); a3
rebuts a1 (opp); a4 undercuts a3's edge and a5 adds to that undercut, so
both attack a3 (pro). Prediction: p1..p3 are e1..e3 exactly; p4 covers
e4 + e5 and matches only a5 at 50% overlap, nothing at 100%. Relations
p2->p1 support, p3->p1 support (gold: attack), p4->p3 attack. Predicted
sides: p1, p2, p3 pro, p4 con.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from argmap.evaluate import (FIGURES, document_counts, eger_counts, figure_table, macro_f1_of_pairs,
                             peldszus_stede_pairs, read_microtexts)
from argmap.evaluate.standard import PS_LABELS
from argmap.evaluate.stats import bootstrap_totals, paired_bootstrap_totals, resample_weights
from argmap.records import Article, Relation, Unit

DATA = Path(__file__).parent / "data"


def _unit(text: str, piece: str, role: str) -> Unit:
    start = text.index(piece)
    return Unit(f"m:{start}", "m", start, start + len(piece), piece, role, 1.0, 0, 0)


def _rel(source: Unit, target: Unit, kind: str) -> Relation:
    return Relation(f"{source.id}->{target.id}", "m", source.id, target.id, kind, 1.0, "")


@pytest.fixture(scope="module")
def microtext():
    return read_microtexts(DATA / "uniforms.xml")[0]


@pytest.fixture(scope="module")
def predicted(microtext):
    text = microtext.text
    p1 = _unit(text, "Schools should not make uniforms compulsory.", "major_claim")
    p2 = _unit(text, "Pupils learn to express themselves through what they wear.", "claim")
    p3 = _unit(text, "Admittedly, uniforms can reduce bullying about expensive brands.", "premise")
    p4 = _unit(text, "But bullies simply find other targets and cheap clothes are easy to find anyway.", "premise")
    relations = (_rel(p2, p1, "support"), _rel(p3, p1, "support"), _rel(p4, p3, "attack"))
    return Article("m", "", "", "", text, units=(p1, p2, p3, p4), relations=relations)


def test_peldszus_stede_label_pairs(microtext, predicted):
    pairs = peldszus_stede_pairs(microtext, predicted)
    assert pairs["cc"] == [("cc", "cc"), ("no", "no"), ("no", "no"), ("no", "unmatched"), ("no", "no")]
    assert pairs["ro"] == [("pro", "pro"), ("pro", "pro"), ("con", "pro"), ("pro", "unmatched"), ("pro", "con")]
    assert pairs["fu"] == [("cc", "cc"), ("support", "support"), ("attack", "support"),
                           ("attack", "unmatched"), ("attack", "attack")]
    at = pairs["at"]
    assert len(at) == 20
    assert at.count(("attached", "attached")) == 3 and at.count(("apart", "apart")) == 9
    assert at.count(("attached", "unmatched")) == 1 and at.count(("apart", "unmatched")) == 7


@pytest.mark.parametrize("level, expected", [
    ("cc", (1.0 + 6 / 7) / 2),          # cc 1/1; no: tp 3, pred 3, gold 4
    ("ro", (4 / 7 + 0.0) / 2),          # pro: tp 2, pred 3, gold 4; con: tp 0
    ("fu", (1.0 + 2 / 3 + 2 / 4) / 3),  # cc 1; support tp 1 pred 2 gold 1; attack tp 1 pred 1 gold 3
    ("at", (6 / 7 + 18 / 25) / 2),      # attached tp 3 pred 3 gold 4; apart tp 9 pred 9 gold 16
])
def test_peldszus_stede_macro_f1(microtext, predicted, level, expected):
    pairs = peldszus_stede_pairs(microtext, predicted)[level]
    assert macro_f1_of_pairs(pairs, PS_LABELS[level]) == pytest.approx(expected)
    fig = next(f for f in FIGURES if f.key == f"ps_{level}")
    row = figure_table({"argmap": [document_counts(microtext, predicted)]}, figures=[fig], n=100)[0]
    assert row["argmap"]["value"] == round(expected, 4)


def test_eger_counts_at_100_and_50_percent(microtext, predicted):
    # 50%: p1 MC=a1 MC, p2 claim=a2 claim, p3 premise vs a3 claim, p4 premise=a5 premise.
    assert eger_counts(microtext, predicted, overlap=0.5) == {
        "component_tp": 3, "component_pred": 4, "component_gold": 5,
        "relation_tp": 2, "relation_pred": 3, "relation_gold": 4}
    # 100%: p4 matches nothing; of the relations only p2->p1 support is right.
    assert eger_counts(microtext, predicted, overlap=1.0) == {
        "component_tp": 2, "component_pred": 4, "component_gold": 5,
        "relation_tp": 1, "relation_pred": 3, "relation_gold": 4}
    rows = figure_table({"argmap": [document_counts(microtext, predicted)]}, n=100,
                        figures=[f for f in FIGURES if f.key.startswith("eger")])
    assert {r["key"]: r["argmap"]["value"] for r in rows} == {
        "eger_component_100": round(4 / 9, 4), "eger_component_50": round(6 / 9, 4),
        "eger_relation_100": round(2 / 7, 4), "eger_relation_50": round(4 / 7, 4)}


def test_unmatched_label_costs_recall_of_every_class():
    assert macro_f1_of_pairs([("cc", "unmatched"), ("no", "no")], ("cc", "no")) == 0.5
    assert macro_f1_of_pairs([], ("cc", "no")) == 0.0


def test_bootstrap_is_deterministic_and_paired():
    per_doc = np.array([[1, 1], [0, 1], [1, 1], [1, 1], [0, 1]])
    acc = lambda t: t[:, 0] / t[:, 1]  # noqa: E731
    first = bootstrap_totals(per_doc, acc, n=500, seed=4)
    assert first == bootstrap_totals(per_doc, acc, n=500, seed=4)
    assert first.value == 0.6 and 0.0 <= first.low < 0.6 < first.high <= 1.0
    assert (resample_weights(5, n=3, seed=4) == resample_weights(5, n=3, seed=4)).all()
    same = paired_bootstrap_totals(per_doc, per_doc, acc, n=500, seed=4)
    assert (same.value, same.low, same.high) == (0.0, 0.0, 0.0)
    better = paired_bootstrap_totals(np.array([[1, 1]] * 5), per_doc, acc, n=500, seed=4)
    assert better.value == pytest.approx(0.4) and better.low >= 0.0
    with pytest.raises(ValueError, match="same documents"):
        paired_bootstrap_totals(per_doc, per_doc[:2], acc)


def test_best_baseline_is_picked_per_figure():
    rows = {"argmap": [{"central_correct": 1, "central_scored": 1}] * 2,
            "b1": [{"central_correct": 0, "central_scored": 1}] * 2,
            "b2": [{"central_correct": 1, "central_scored": 1}, {"central_correct": 0, "central_scored": 1}]}
    fig = [f for f in FIGURES if f.key == "central_claim"]
    row = figure_table(rows, baselines=["b1", "b2"], figures=fig, n=200)[0]
    assert row["best_baseline"] == "b2" and row["difference"]["value"] == 0.5


def test_folds_are_fixed_by_document_id():
    from argmap.evaluate.stats import fold_of, split_folds

    assert [fold_of(d) for d in ("micro_b001", "uniforms", "doc0")] == [fold_of(d) for d in ("micro_b001", "uniforms", "doc0")]
    assert fold_of("micro_b001") == 2
    folds = split_folds([f"d{i}" for i in range(40)])
    assert sorted(i for ids in folds.values() for i in ids) == sorted(f"d{i}" for i in range(40))
    assert all(fold_of(d) == f for f, ids in folds.items() for d in ids)
