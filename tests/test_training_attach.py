"""training/attach_features.py and training/attach.py: the attachment model measured in session 21.

The model is not part of argmap (it lost on the tuning folds); these tests
keep its measurement code honest: the fit is deterministic, the post-step
keeps a tree and the sides, and the features see what they claim to see.
Sentences are written for the tests.
"""

import numpy as np
import pytest
from script_loader import load_script

features = load_script("training", "attach_features")
attach = load_script("training", "attach")

TEXTS = [
    "The village should keep its weekly market.",       # 0 major claim
    "Farmers sell their vegetables there directly.",     # 1
    "They earn twice what the wholesaler pays them.",    # 2 backs 1
    "Page 3 of the parish newsletter.",                  # 3 none
    "However, the stalls block the main road.",          # 4 objection
    "Besides, the market brings visitors to the cafés.", # 5
]
ROLES = ["major_claim", "claim", "premise", "none", "claim", "claim"]
RELATIONS = [(1, 0, "support", 0.5, ""), (2, 0, "support", 0.5, ""),
             (4, 0, "attack", 0.7, "however"), (5, 0, "support", 0.5, "")]


def _column(name):
    return features.FEATURES.index(name)


def test_pair_features_leave_out_none_units_and_mark_the_rules_choice():
    rows = features.pair_features(TEXTS, ROLES, RELATIONS)
    assert [r.source for r in rows] == [1, 2, 4, 5]
    by_source = {r.source: r for r in rows}
    two = by_source[2]
    assert two.candidates == (0, 1, 4, 5)  # the 'none' unit is no candidate
    assert two.x[:, _column("rule target")].tolist() == [1, 0, 0, 0]
    assert two.x[:, _column("unit before")].tolist() == [0, 1, 0, 0]
    assert two.x[:, _column("major claim")].tolist() == [1, 0, 0, 0]
    # the source opens with a pronoun: only its unit before gets the interaction
    assert two.x[:, _column("unit before, source pronoun")].tolist() == [0, 1, 0, 0]
    # the contrast opener is a cue of candidate 4 wherever it is a candidate
    assert two.x[:, _column("cand contrast")].tolist() == [0, 0, 1, 0]
    # the marked attack is the rules' choice for 4, and marked
    four = by_source[4]
    assert four.x[four.candidates.index(0), _column("rule target, source marked")] == 1
    assert four.x[four.candidates.index(0), _column("rule target, attack")] == 1


def test_pair_features_without_embeddings_leave_the_similarity_columns_zero():
    rows = features.pair_features(TEXTS, ROLES, RELATIONS)
    assert not rows[0].x[:, _column("cosine")].any()
    emb = np.eye(len(TEXTS))
    emb[2, 1] = emb[1, 2] = 1.0
    emb = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    two = {r.source: r for r in features.pair_features(TEXTS, ROLES, RELATIONS, emb)}[2]
    assert two.x[:, _column("most similar")].tolist() == [0, 1, 0, 0]


@pytest.mark.parametrize("text, expected", [
    ("However, the stalls block the road.", 0),
    ("Admittedly, the stalls block the road.", 1),
    ("Because the road is narrow.", 2),
    ("Besides, the cafés gain.", 3),
    ("Therefore the market stays.", 4),
    ("This brings visitors.", 5),
    ("And the cafés gain.", 6),
])
def test_opener_cue_classes(text, expected):
    got = features.cues(text)
    assert got[expected] and sum(got) == 1


def _rows(source, candidates, scores):
    """Rows whose single feature is the wanted score (weight 1)."""
    return features.PairRows(source, tuple(candidates), 0, np.array([[s] for s in scores], dtype=float))


def test_choose_targets_moves_only_past_the_margin():
    rel = [(1, 0, "support", 0.5, ""), (2, 0, "support", 0.5, "")]
    rows = [_rows(2, (0, 1), (0.0, 1.2))]
    w = np.array([1.0])
    assert features.choose_targets(rel, rows, w, margin=1.0)[1][:2] == (2, 1)
    assert features.choose_targets(rel, rows, w, margin=1.5) == rel


def test_choose_targets_never_closes_a_cycle():
    # 2 backs 1; the model wants 1 to back 2 instead: that would make a cycle
    rel = [(1, 0, "support", 0.5, ""), (2, 1, "support", 0.5, "")]
    rows = [_rows(1, (0, 2), (0.0, 5.0)), _rows(2, (0, 1), (0.0, 1.0))]
    out = features.choose_targets(rel, rows, np.array([1.0]), margin=0.5)
    assert out == rel
    parent = {s: t for s, t, *_ in out}
    for start in parent:  # every chain ends at the major claim
        node, seen = start, set()
        while node in parent:
            assert node not in seen
            seen.add(node)
            node = parent[node]
        assert node == 0


def test_choose_targets_keeps_each_units_side():
    # 2 is an objection (attacks 0); 3 supports 0; moved under the objection,
    # 3 keeps arguing for 0, so its link becomes an attack on the objection
    rel = [(2, 0, "attack", 0.7, "however"), (3, 0, "support", 0.5, "")]
    rows = [_rows(3, (0, 2), (0.0, 2.0))]
    kept = features.choose_targets(rel, rows, np.array([1.0]), margin=1.0)
    assert kept[1][:3] == (3, 2, "support")
    sided = features.choose_targets(rel, rows, np.array([1.0]), margin=1.0, keep_side=True)
    assert sided[1][:3] == (3, 2, "attack")
    assert features.sides(sided) == features.sides(rel) == {2: False, 3: True}


def test_choose_targets_moves_only_movable_links():
    rel = [(1, 0, "support", 0.5, "because"), (2, 0, "support", 0.5, "")]
    rows = [_rows(1, (0, 2), (0.0, 3.0)), _rows(2, (0, 1), (0.0, 3.0))]
    out = features.choose_targets(rel, rows, np.array([1.0]), margin=1.0, movable=lambda r: not r[4])
    assert [t for _, t, *_ in out] == [0, 1]


def test_conditional_logit_is_deterministic_and_learns_the_informative_column():
    rng = np.random.default_rng(7)
    groups = []
    for _ in range(60):
        x = rng.normal(size=(4, 3))
        gold = int(np.argmax(x[:, 0] + 0.3 * rng.normal(size=4)))
        groups.append((x, gold))
    a = features.fit_conditional_logit(groups, l2=1.0)
    b = features.fit_conditional_logit(groups, l2=1.0)
    assert a.tobytes() == b.tobytes()
    assert a[0] > 1.0 and abs(a[1]) < 0.5 and abs(a[2]) < 0.5


def _record(seed):
    rng = np.random.default_rng(seed)
    emb = rng.normal(size=(len(TEXTS), 16))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    gold = {1: 0, 2: 1, 4: 0, 5: 0}
    return attach.Record(f"t{seed}", f"topic{seed % 3}", TEXTS, ROLES, [0] * len(TEXTS), list(RELATIONS),
                         emb, gold, {i: f"a{i}" for i in gold} | {0: "a0"},
                         {("a1", "a0", "support"), ("a2", "a1", "support"), ("a4", "a0", "attack"),
                          ("a5", "a0", "support")})


def test_training_gives_the_same_weights_from_the_same_data():
    records = [_record(s) for s in range(6)]
    for cfg in (attach.Config(l2=0.3), attach.Config(l2=1.0, pca=2)):
        one, two = attach.fit(records, cfg), attach.fit([_record(s) for s in range(6)], cfg)
        assert one.weights.tobytes() == two.weights.tobytes()
        assert one.weights.shape == (len(features.FEATURES) + cfg.pca,)


def test_training_counts_score_the_relations_like_the_evaluator():
    rec = _record(0)
    c = attach.counts(rec, rec.relations)
    assert (c["tp"], c["pred"], c["gold"]) == (3, 4, 4)   # 2 -> 0 is wrong: gold 2 -> 1
    assert (c["right"], c["units"]) == (3, 4)
    moved = [(1, 0, "support", 0.5, ""), (2, 1, "support", 0.5, ""), *RELATIONS[2:]]
    c = attach.counts(rec, moved)
    assert (c["tp"], c["moved"], c["moved_fixed"]) == (4, 1, 1)
    assert attach.f1(c) == 1.0
