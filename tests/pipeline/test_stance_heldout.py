"""Author stance on commentaries the lexicons were not tuned on.

``tests/data/stance_heldout/`` holds six commentaries written for this test,
with ``expectations.json`` written before the pipeline ever ran on them.
``bench/stance_accuracy.py`` prints the same figure with a per-target list.
"""
import json
from pathlib import Path

import pytest

from argmap import extract_article

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "stance_heldout"
EXPECT = json.loads((HELDOUT / "expectations.json").read_text(encoding="utf-8"))

#: Measured 9/10 with en_core_web_sm 3.8.0 (6/10 before the negated-copula,
#: predicate relative clause and "than" rules); one more miss is tolerated.
MIN_ACCURACY = 0.8


def test_heldout_texts_and_expectations_match():
    assert sorted(p.stem for p in HELDOUT.glob("*.txt")) == sorted(EXPECT)
    for targets in EXPECT.values():
        assert set(targets.values()) <= {"pro", "con", "mixed"}


@pytest.mark.model
def test_heldout_author_stance_accuracy(nlp_model):
    checks = []
    for aid, targets in EXPECT.items():
        art = extract_article((HELDOUT / f"{aid}.txt").read_text(encoding="utf-8"),
                              article_id=aid, nlp=nlp_model)
        got = {s.target: s.polarity for s in art.author_stances}
        checks += [(aid, t, want, got.get(t)) for t, want in targets.items()]
    hits = sum(want == got for _, _, want, got in checks)
    misses = [c for c in checks if c[2] != c[3]]
    assert hits / len(checks) >= MIN_ACCURACY, misses
