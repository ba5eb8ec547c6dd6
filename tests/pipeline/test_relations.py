from argmap.pipeline.relations import overlap


def rels(doc):
    units = [s.text for s in doc.spans["argmap_units"]]
    return [(units[s], units[t], k) for s, t, k, _, _ in doc._.argmap_relations]


def test_premise_supports_claim_and_claim_supports_major(nlp):
    doc = nlp("Medical schools should publish outcomes. "
              "For example, graduates rarely see outcome data because schools hide it. "
              "In conclusion, I argue that transparency must come first.")
    got = rels(doc)
    major = "transparency must come first."  # prefix "In conclusion, I argue that" stripped
    assert ("Medical schools should publish outcomes.", major, "support") in got
    assert all(t != s for s, t, _ in got)
    assert all(s != major for s, _, _ in got)


def test_concession_attacks(nlp):
    doc = nlp("I argue that rankings mislead students. "
              "Admittedly, rankings are useful for employers. "
              "However, employers also look at skills.")
    got = rels(doc)
    assert ("Admittedly, rankings are useful for employers.",
            "rankings mislead students.", "attack") in got
    assert ("However, employers also look at skills.",
            "Admittedly, rankings are useful for employers.", "attack") in got


def test_confidence_in_range(nlp, essay):
    for _, _, _, conf, _ in nlp(essay)._.argmap_relations:
        assert 0.0 < conf < 1.0


def test_overlap(nlp):
    a, b = nlp.make_doc("research funding matters"), nlp.make_doc("funding for research")
    assert overlap(a[:], b[:]) == 2 / 3
    assert overlap(a[:], nlp.make_doc("cats")[:]) == 0.0


def test_fitted_attachment_preference_recovers_a_planted_weight():
    """bench/attach_fit.py's logistic fit finds the sign of a feature that decides the label."""
    import sys
    from pathlib import Path

    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from attach_fit import fit

    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(200), rng.normal(size=200), rng.normal(size=200)])
    y = (x[:, 1] > 0).astype(float)
    w = fit(x, y, l2=1.0)
    assert w[1] > 2.0 and abs(w[2]) < 0.5 * w[1]


def _with_stances(nlp, text, stances):
    """``text`` through every pipe but the relations, then the given stance rows, then the relations."""
    with nlp.select_pipes(disable=["argmap_relations"]):
        doc = nlp(text)
    doc._.argmap_stances = [(unit, target, "", 0, 0, score) for unit, target, score in stances]
    return nlp.get_pipe("argmap_relations")(doc)


def test_opposite_stances_make_no_attack_in_a_short_text(nlp):
    # a one-paragraph text marks its objections: an unmarked unit that the stance
    # reader scores against the thesis's target still supports the thesis
    doc = _with_stances(nlp, "The city should keep the night buses. The night buses carry few riders "
                             "after midnight, and nurses still depend on them.",
                        [(0, "concept:night-buses", 0.8), (1, "concept:night-buses", -0.6)])
    units = [s.text for s in doc.spans["argmap_units"]]
    assert units[0] == "The city should keep the night buses."
    assert rels(doc)[0] == (units[1], units[0], "support")


def test_opposite_stances_still_attack_in_an_essay(nlp):
    # in an essay, a body paragraph's head that takes the other side of the
    # thesis's target attacks it
    text = ("Night buses\n\nThe city has cut many routes this year. The city should keep the night "
            "buses.\n\nThe night buses carry few riders after midnight and cost a great deal.\n\n"
            "Nurses and cleaners depend on the late routes to reach work.\n\n"
            "In short, the city should keep the night buses.")
    with nlp.select_pipes(disable=["argmap_relations"]):
        doc = nlp(text)
    units = [s.text for s in doc.spans["argmap_units"]]
    major = next(i for i, r in enumerate(doc._.argmap_roles) if r[0] == "major_claim")
    head = next(i for i, u in enumerate(units) if u.startswith("The night buses carry"))
    doc = _with_stances(nlp, text, [(major, "concept:night-buses", 0.8), (head, "concept:night-buses", -0.6)])
    got = {(s, t): k for s, t, k, _, _ in doc._.argmap_relations}
    assert got[(head, major)] == "attack"
