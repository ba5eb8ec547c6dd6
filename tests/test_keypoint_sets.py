"""The key-point expectation sets and a floor on what `argmap keypoints` finds in them.

``bench/keypoint_recall.py`` prints the full figures with baselines and intervals
(README, "Does it find what a reader finds?"); these tests keep the sets well
formed and catch a regression. The floors are one below the figures measured when
the method was settled (9 of 11 tuned, 7 of 10 held out): unit segmentation and
stance rules from other work move them a little. Key points are grouped by the
units' stances, so the stance model moves them too: with the late-marking model
(session 16) the tuned set finds 7 (main before it: 8); the expectation lost is
``weigh-clinical-environment``, whose covering key point on main ("rankings measure
signals, not necessarily student outcomes") is grouped differently and leaves the
top 15. The tuned floor is 6 since then, the held-out one unchanged.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "data" / "keypoints_heldout"
SETS = {"tuned": (ROOT / "tests" / "data" / "keypoints_expectations.json", ROOT / "corpus", 6),
        "heldout": (HELDOUT / "expectations.json", HELDOUT, 6)}


@pytest.mark.parametrize("name", sorted(SETS))
def test_expectations_name_real_articles(name):
    path, folder, _ = SETS[name]
    spec = json.loads(path.read_text(encoding="utf-8"))
    stems = {p.stem for p in folder.glob("*.txt")}
    assert spec["top_k"] == 15
    for e in spec["expectations"]:
        assert set(e["articles"]) <= stems, e["id"]
        assert e["keywords"] and len(e["articles"]) >= 2, e["id"]


def test_heldout_op_eds_are_short():
    words = {p.stem: len(p.read_text(encoding="utf-8").split()) for p in HELDOUT.glob("*.txt")}
    assert len(words) == 5 and all(300 <= n <= 500 for n in words.values()), words


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(SETS))
def test_keypoints_find_what_a_reader_listed(name, nlp_stance_model):
    sys.path.insert(0, str(ROOT / "bench"))
    from keypoint_recall import found

    from argmap.keypoint_tables import keypoints

    path, folder, floor = SETS[name]
    spec = json.loads(path.read_text(encoding="utf-8"))
    kp = keypoints(sorted(str(p) for p in folder.glob("*.txt")), nlp=nlp_stance_model)
    if kp.backend != "embedding+head":
        pytest.skip("the sentence encoder is not packaged")
    top = kp.table.head(spec["top_k"])
    hits = [e["id"] for e in spec["expectations"] if found(e, top)]
    assert len(hits) >= floor, hits
