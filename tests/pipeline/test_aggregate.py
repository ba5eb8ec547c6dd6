"""Author-level aggregation of unit stances (pipeline.stance.aggregate)."""
from argmap.pipeline.stance import aggregate


def test_counts_are_sentences_per_polarity():
    rows = [((0, 0), "concept:x", 0.6, 1.0), ((0, 1), "concept:x", 0.5, 1.0),
            ((0, 2), "concept:x", -0.7, 1.0), ((0, 3), "concept:x", 0.0, 1.0)]
    polarity, _, n_pro, n_con, n_neutral = aggregate(rows)["concept:x"]
    # pro and con sentences both present and the mean inside the threshold
    assert (polarity, n_pro, n_con, n_neutral) == ("mixed", 2, 1, 1)


def test_con_majority_is_con():
    rows = [((0, 0), "org:qs", -0.6, 1.0), ((0, 1), "org:qs", -0.4, 1.0), ((1, 0), "org:qs", 0.3, 1.0)]
    polarity, score, n_pro, n_con, _ = aggregate(rows)["org:qs"]
    assert (polarity, n_pro, n_con) == ("con", 1, 2) and score < 0
