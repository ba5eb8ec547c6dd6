"""KPA-2021 track 1 scoring of ArgKP-style folders (sentences written for these tests)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.evaluate.argkp import ArgKP, candidate_pairs, evaluate_argkp, read_argkp, track1_map

ARGS = [("a1", "Homework steals time from family life.", "Ban homework", 1),
        ("a2", "Children need evenings to rest and play.", "Ban homework", 1),
        ("a3", "Homework piles stress on young pupils.", "Ban homework", 1),
        ("a4", "Practice at home fixes what was learnt in class.", "Ban homework", -1)]
KPS = [("k1", "Homework harms family time", "Ban homework", 1),
       ("k2", "Homework causes stress", "Ban homework", 1),
       ("k3", "Homework reinforces learning", "Ban homework", -1)]
LABELS = [("a1", "k1", 1), ("a1", "k2", 0), ("a2", "k1", 1), ("a3", "k2", 1), ("a3", "k1", 0),
          ("a4", "k3", 1)]


def _data() -> ArgKP:
    return ArgKP({a: (t, top, s) for a, t, top, s in ARGS},
                 {k: (t, top, s) for k, t, top, s in KPS},
                 {(a, k): lab for a, k, lab in LABELS})


def _write(folder, split="dev", labels=LABELS):
    folder.mkdir(exist_ok=True)
    (folder / f"arguments_{split}.csv").write_text(
        "arg_id,argument,topic,stance\n" + "".join(f'{a},"{t}",{top},{s}\n' for a, t, top, s in ARGS))
    (folder / f"key_points_{split}.csv").write_text(
        "key_point_id,key_point,topic,stance\n"
        + "".join(f'{k},"{t}",{top},{s}\n' for k, t, top, s in KPS))
    (folder / f"labels_{split}.csv").write_text(
        "arg_id,key_point_id,label\n" + "".join(f"{a},{k},{lab}\n" for a, k, lab in labels))
    return folder


def test_candidates_share_topic_and_stance():
    assert candidate_pairs(_data()) == [("a1", "k1"), ("a1", "k2"), ("a2", "k1"), ("a2", "k2"),
                                        ("a3", "k1"), ("a3", "k2"), ("a4", "k3")]


def test_strict_and_relaxed_differ_on_undecided_pairs():
    # a2's top key point k2 is unlabelled (undecided); a1 -> k1 right, a3 -> k1 wrong
    scores = {("a1", "k1"): 0.9, ("a1", "k2"): 0.1, ("a2", "k1"): 0.2, ("a2", "k2"): 0.8,
              ("a3", "k1"): 0.7, ("a3", "k2"): 0.3, ("a4", "k3"): 0.5}
    # pro group keeps int(3 * 0.5) = 1 prediction: a1 (0.9, match); con keeps int(1 * 0.5) = 0
    aps = track1_map(_data(), scores)
    assert aps["strict"][("Ban homework", 1)] == 1.0
    assert aps["strict"][("Ban homework", -1)] == 0.0
    aps = track1_map(_data(), scores, top=1.0)
    # ranked a1 (match), a2 (undecided), a3 (no match)
    assert aps["strict"][("Ban homework", 1)] == pytest.approx(1.0)
    assert aps["relaxed"][("Ban homework", 1)] == pytest.approx(1.0)
    scores[("a3", "k1")] = 0.95  # now the wrong one is first
    aps = track1_map(_data(), scores, top=1.0)
    assert aps["strict"][("Ban homework", 1)] == pytest.approx(0.5)
    assert aps["relaxed"][("Ban homework", 1)] == pytest.approx((1 / 2 + 2 / 3) / 2)


def test_read_argkp_finds_the_split_and_refuses_bad_rows(tmp_path):
    data = read_argkp(_write(tmp_path / "ok"))
    assert len(data.arguments) == 4 and data.labels[("a3", "k2")] == 1
    _write(tmp_path / "ok", split="test")
    with pytest.raises(ValueError, match="choose a split"):
        read_argkp(tmp_path / "ok")
    bad = _write(tmp_path / "bad", labels=[("a1", "k1", 2)])
    with pytest.raises(ValueError, match="label '2' is not 0 or 1"):
        read_argkp(bad)
    (bad / "key_points_dev.csv").write_text("key_point_id,key_point,topic\nk1,x,T\n")
    with pytest.raises(ValueError, match="missing column"):
        read_argkp(bad)


def test_evaluate_reports_every_scorer_with_intervals():
    result = evaluate_argkp(_data(), scorers=("tfidf",), n_boot=50)
    strict = result["scorers"]["tfidf"]["strict"]
    assert result["groups"] == 2 and strict["low"] <= strict["value"] <= strict["high"]


def test_cli_argkp(tmp_path):
    folder = _write(tmp_path / "kp")
    res = CliRunner().invoke(cli, ["evaluate", str(folder), "--format", "argkp"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].startswith("ArgKP track 1: 4 arguments, 3 key points")
    assert "tfidf" in res.output and "head" in res.output
    res = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--format", "argkp"])
    assert res.exit_code == 1
    assert res.output.startswith("Error: cannot read ArgKP data:") and "Traceback" not in res.output
