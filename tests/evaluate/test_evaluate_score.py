"""Tests for :mod:`argmap.evaluate.score` and the baseline, on hand-built predictions.

Every expected figure below is worked out by hand in the comments.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from argmap.evaluate import (
    baseline_article,
    match_units,
    predicted_sides,
    read_brat,
    read_microtexts,
    score_corpus,
    summary_rows,
)
from argmap.records import Article, Relation, Unit

DATA = Path(__file__).parent / "data"


def _unit(doc_id: str, text: str, piece: str, role: str, *, after: int = 0) -> Unit:
    start = text.index(piece, after)
    return Unit(f"{doc_id}:{start}", doc_id, start, start + len(piece), piece, role, 1.0, 0, 0)


def _rel(source: Unit, target: Unit, kind: str) -> Relation:
    return Relation(f"{source.id}->{target.id}", source.article_id, source.id, target.id, kind, 1.0, "")


@pytest.fixture(scope="module")
def microtext():
    return read_microtexts(DATA / "uniforms.xml")[0]


@pytest.fixture(scope="module")
def essay():
    return read_brat(DATA / "uniforms_essay.ann")[0]


@pytest.fixture(scope="module")
def predicted(microtext):
    """Four units: e1, e2, e3 and one unit for e4 + e5 (it matches e5 only)."""
    text = microtext.text
    p1 = _unit("m", text, "Schools should not make uniforms compulsory.", "major_claim")
    p2 = _unit("m", text, "Pupils learn to express themselves through what they wear.", "claim")
    p3 = _unit("m", text, "Admittedly, uniforms can reduce bullying about expensive brands.", "premise")
    p4 = _unit("m", text, "But bullies simply find other targets and cheap clothes are easy to find anyway.", "premise")
    relations = (
        _rel(p2, p1, "support"),  # right
        _rel(p3, p1, "support"),  # right attachment, wrong kind
        _rel(p4, p3, "attack"),  # p4 matches a5, and a5 attacks a3: right
    )
    return Article("m", "", "", "", text, units=(p1, p2, p3, p4), relations=relations)


def test_match_units_needs_half_of_each_unit(microtext, predicted):
    matching = match_units(microtext, predicted)
    # p4 has 14 tokens; it shares 8 with a5 (8/14 >= .5) and 6 with a4 (< .5).
    assert {microtext.unit(g).id for g in matching.values()} == {"a1", "a2", "a3", "a5"}
    assert matching[predicted.units[3].id] == "a5"
    assert match_units(microtext, predicted, threshold=0.55)[predicted.units[3].id] == "a5"
    assert predicted.units[3].id not in match_units(microtext, predicted, threshold=0.6)


def test_match_units_ignores_units_without_role(microtext, predicted):
    from dataclasses import replace

    silent = replace(predicted, units=tuple(replace(u, role="none") for u in predicted.units))
    assert match_units(microtext, silent) == {}


def test_predicted_sides_follow_attacks(predicted):
    sides = predicted_sides(predicted)
    assert [sides[u.id] for u in predicted.units] == ["pro", "pro", "pro", "con"]


def test_score_corpus_exact_figures(microtext, predicted):
    report = score_corpus([(microtext, predicted)])
    assert report["documents"] == 1
    # 4 matches, 4 predicted, 5 gold.
    assert report["segmentation"] == {
        "precision": 1.0, "recall": 0.8, "f1": 0.8889, "tp": 4, "fp": 0, "fn": 1,
    }
    roles = report["roles"]
    assert roles["major_claim"]["f1"] == 1.0
    # claim: 1 predicted (p2), 2 gold (a2, a3), 1 right.
    assert (roles["claim"]["precision"], roles["claim"]["recall"], roles["claim"]["f1"]) == (1.0, 0.5, 0.6667)
    # premise: 2 predicted (p3, p4), 2 gold (a4, a5), 1 right (p4 = a5).
    assert roles["premise"]["f1"] == 0.5
    assert roles["macro_f1"] == round((1.0 + 0.6667 + 0.5) / 3, 4)
    assert report["central_claim"] == {"accuracy": 1.0, "correct": 1, "documents": 1}
    rel = report["relations"]
    assert (rel["labeled"]["tp"], rel["labeled"]["fp"], rel["labeled"]["fn"]) == (2, 1, 2)
    assert rel["labeled"]["f1"] == 0.5714
    assert (rel["unlabeled"]["tp"], rel["unlabeled"]["fp"], rel["unlabeled"]["fn"]) == (3, 0, 1)
    assert rel["unlabeled"]["f1"] == 0.8571
    assert (rel["support"]["precision"], rel["support"]["recall"]) == (0.5, 1.0)
    assert (rel["attack"]["precision"], rel["attack"]["recall"]) == (1.0, 0.3333)
    # sides: p1, p2 right; p3 (pro, gold con) and p4 (con, gold pro) wrong.
    assert report["side"] == {
        "accuracy": 0.5, "end_to_end_accuracy": 0.4, "correct": 2, "matched": 4, "gold": 5,
        "all_pro_accuracy": 0.75,  # 3 of the 4 matched gold units (u1, u2, u4) are pro
    }
    assert report["per_document"] == [
        {
            "id": "uniforms",
            "gold_units": 5,
            "predicted_units": 4,
            "matched_units": 4,
            "central_claim_correct": True,
            "relations_correct": 2,
            "gold_relations": 4,
            "predicted_relations": 3,
            "side_correct": 2,
        }
    ]


def test_central_claim_accuracy_averages_documents(microtext, predicted):
    from dataclasses import replace

    wrong = replace(
        predicted,
        units=(replace(predicted.units[0], role="claim"), replace(predicted.units[1], role="major_claim"))
        + predicted.units[2:],
    )
    report = score_corpus([(microtext, predicted), (microtext, wrong)])
    assert report["central_claim"] == {"accuracy": 0.5, "correct": 1, "documents": 2}


def test_brat_restated_major_claim_counts_as_central(essay):
    text = essay.text
    last = _unit("e", text, "schools should not force pupils into uniforms", "major_claim")
    claim = _unit("e", text, "Uniforms limit how pupils express themselves", "claim")
    money = _unit("e", text, "uniforms save parents money", "claim")
    article = Article(
        "e", "", "", "", text,
        units=(claim, money, last),
        relations=(_rel(claim, last, "support"), _rel(money, last, "attack")),
    )
    report = score_corpus([(essay, article)])
    assert report["central_claim"]["accuracy"] == 1.0
    # Both stance links point at T1; the prediction points at T6, its restatement.
    assert report["relations"]["labeled"]["tp"] == 2
    assert report["side"]["correct"] == 3


def test_baseline_first_unit_is_major_claim(microtext, predicted):
    base = baseline_article(predicted)
    assert [u.role for u in base.units] == ["major_claim", "premise", "premise", "premise"]
    assert {(r.source, r.target, r.kind) for r in base.relations} == {
        (u.id, base.units[0].id, "support") for u in base.units[1:]
    }
    report = score_corpus([(microtext, base)])
    assert report["central_claim"]["accuracy"] == 1.0
    # Only a2 -> a1 (support) is right among the three baseline relations.
    assert report["relations"]["labeled"]["tp"] == 1
    assert report["roles"]["claim"]["f1"] == 0.0


def test_baseline_of_empty_article():
    empty = Article("x", "", "", "", "")
    assert baseline_article(empty) == empty


def test_empty_corpus_and_summary_rows():
    report = score_corpus([])
    assert report["segmentation"]["f1"] == 0.0
    rows = dict(summary_rows(report))
    assert set(rows) >= {"role macro-F1", "central claim accuracy", "relation F1 (support/attack)"}


def test_a_title_no_gold_unit_touches_is_not_scored():
    from argmap.evaluate import parse_brat

    text = "Lanes Should Stay\n\nThe city should keep its bus lanes. They are cheap."
    ann = "T1\tMajorClaim 19 53\tThe city should keep its bus lanes\nT2\tPremise 55 69\tThey are cheap"
    gold = parse_brat(text, ann, doc_id="d")
    title = _unit("d", text, "Lanes Should Stay", "major_claim")
    major = _unit("d", text, "The city should keep its bus lanes.", "major_claim")
    premise = _unit("d", text, "They are cheap.", "premise")
    art = Article("d", "Lanes Should Stay", "", "", text, units=(title, major, premise),
                  relations=(_rel(premise, major, "support"),))
    report = score_corpus([(gold, art)])
    # the title restatement is outside the gold's scope: 2 predicted, 2 gold, 2 matched
    assert report["roles"]["major_claim"]["f1"] == 1.0
    assert (report["segmentation"]["tp"], report["segmentation"]["fp"]) == (2, 0)
    # once the gold annotates the first line, the same unit is scored (and is wrong here)
    gold2 = parse_brat(text, ann + "\nT3\tClaim 0 17\tLanes Should Stay", doc_id="d")
    report2 = score_corpus([(gold2, art)])
    assert report2["roles"]["major_claim"]["fp"] == 1
