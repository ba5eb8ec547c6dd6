"""training/cvstats.py: the torch-free CV helpers of training/stance.py (fold choice, paired comparison)."""

import importlib.util
from pathlib import Path

import pytest

from argmap.evaluate.stats import paired_bootstrap

_PATH = Path(__file__).resolve().parents[1] / "training" / "cvstats.py"
_spec = importlib.util.spec_from_file_location("cvstats", _PATH)
cvstats = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cvstats)


@pytest.mark.parametrize("spec, expected", [
    ("", [1, 2, 3, 4, 5]),
    ("1,2,3,4", [1, 2, 3, 4]),
    ("4, 1,2,2", [1, 2, 4]),
    ("5", [5]),
])
def test_parse_folds(spec, expected):
    assert cvstats.parse_folds(spec, 5) == expected


@pytest.mark.parametrize("spec", ["0", "6", "1,x", "1;2", "-1"])
def test_parse_folds_refuses_what_is_not_a_fold(spec):
    with pytest.raises(ValueError, match="--cv-folds"):
        cvstats.parse_folds(spec, 5)


@pytest.mark.parametrize("tag", ["", "base", "lower4_lr3e-5", "ls0.1"])
def test_check_tag_keeps_a_plain_name(tag):
    assert cvstats.check_tag(tag) == tag


@pytest.mark.parametrize("tag", ["../x", "a/b", "..", ".hidden", "-x", "a b", "x\\y", "é", "a" * 65])
def test_check_tag_refuses_what_could_leave_the_folder(tag):
    with pytest.raises(ValueError, match="--tag"):
        cvstats.check_tag(tag)


def _rows(rights, folds, topics):
    return [{"topic": t, "fold": str(f), "start": str(i), "end": str(i + 3), "gold": "positive",
             "right": str(r)} for i, (r, f, t) in enumerate(zip(rights, folds, topics))]


FOLDS = [1, 1, 1, 2, 2, 5, 5, 5]
TOPICS = ["ta", "ta", "tb", "tc", "tc", "td", "td", "te"]


def test_compare_predictions_pairs_the_same_claims():
    better = _rows([1, 1, 1, 1, 0, 1, 1, 0], FOLDS, TOPICS)
    worse = _rows([1, 0, 1, 0, 0, 1, 0, 0], FOLDS, TOPICS)
    res = cvstats.compare_predictions(better, worse, paired_bootstrap)
    assert res["claims"] == 8 and res["topics"] == 5 and res["folds"] == [1, 2, 5]
    assert res["accuracy"] == (6 / 8, 3 / 8)
    assert res["by_topic"].value == pytest.approx(3 / 8)
    assert res["by_claim"].value == pytest.approx(3 / 8)
    # b is never right where a is wrong: no resample can make the difference negative
    assert res["by_topic"].low >= 0.0 and res["by_claim"].low >= 0.0
    assert res["per_fold"] == {1: (1.0, 2 / 3, 3), 2: (0.5, 0.0, 2), 5: (2 / 3, 1 / 3, 3)}


def test_compare_predictions_keeps_only_the_folds_asked_for():
    a = _rows([1, 1, 1, 1, 0, 1, 1, 0], FOLDS, TOPICS)
    b = _rows([1, 0, 1, 0, 0, 1, 0, 0], FOLDS, TOPICS)
    res = cvstats.compare_predictions(a, b, paired_bootstrap, folds=[5])
    assert res["claims"] == 3 and res["topics"] == 2 and res["folds"] == [5]
    assert res["accuracy"] == (2 / 3, 1 / 3)
    # a folds-1-4 run against a full CV: the same folds picked from both match
    short = _rows([1, 1, 1, 1, 0], FOLDS[:5], TOPICS[:5])
    assert cvstats.compare_predictions(short, b, paired_bootstrap, folds=[1, 2, 3, 4])["claims"] == 5


def test_compare_predictions_refuses_different_claims():
    a = _rows([1, 1, 1], [1, 1, 2], ["ta", "ta", "tb"])
    b = _rows([1, 1, 1], [1, 1, 2], ["ta", "tb", "tb"])
    with pytest.raises(ValueError, match="same claims"):
        cvstats.compare_predictions(a, b, paired_bootstrap)
    with pytest.raises(ValueError, match="same claims"):
        cvstats.compare_predictions(a, a[:2], paired_bootstrap)
