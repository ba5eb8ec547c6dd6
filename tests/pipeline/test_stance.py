import pytest

from argmap.pipeline.stance import aggregate, polarity_of
from argmap.text import normalize_quotes


def stances(nlp, text):
    doc = nlp(normalize_quotes(text))
    return {(row[1], row[4]) for row in doc._.argmap_stances}


@pytest.mark.parametrize("text,expected", [
    ("Rankings are a useful and fair guide.", {("concept:rankings", "pro")}),
    ("Rankings mislead students.", {("concept:rankings", "con")}),
    ("Rankings don’t help students.", {("concept:rankings", "con")}),
    ("Rankings don't help students.", {("concept:rankings", "con")}),
    ("The real story is not just prestige.", {("concept:prestige", "con")}),
    ("Harvard is excellent.", {("institution:harvard", "pro")}),
    ("Rankings measure signals, not necessarily outcomes.",
     {("concept:rankings", "con"), ("concept:student-outcomes", "neutral")}),
    # the praise of a comparison goes to the other side of "than"
    ("Exam results tell us more about quality than any ranking.", {("concept:rankings", "con")}),
])
def test_unit_stance(nlp, text, expected):
    assert stances(nlp, text) == expected


def test_curly_apostrophe_needs_normalising(nlp):
    # without normalisation "don’t" still splits, and the negation list knows "n’t"
    doc = nlp("Rankings don’t help students.")
    assert {(r[1], r[4]) for r in doc._.argmap_stances} == {("concept:rankings", "con")}


def test_conceded_praise_counts_against(nlp):
    doc = nlp("The lure of prestige is powerful, but the real story is outcomes.")
    rows = {r[1]: r for r in doc._.argmap_stances}
    assert rows["concept:prestige"][4] == "con"
    assert rows["concept:prestige"][8] == "concession"


def test_polarity_thresholds():
    assert [polarity_of(x) for x in (0.5, 0.15, -0.16)] == ["pro", "neutral", "con"]


def test_aggregate_averages_per_sentence_then_target():
    rows = [(0, "t", 0.6, 1.0), (0, "t", 0.0, 1.0), (1, "t", -0.6, 1.0)]
    pol, score, n_pro, n_con, n_neu = aggregate(rows)["t"]
    assert (n_pro, n_con, n_neu) == (1, 1, 0)
    assert score == pytest.approx(-0.15)
    assert pol == "mixed"


def test_aggregate_weights():
    assert aggregate([(0, "t", 0.5, 3.0), (1, "t", -0.5, 1.0)])["t"][:2] == ("pro", 0.25)


@pytest.mark.parametrize("text,expected", [
    ("I agree with critics of rankings.", {("concept:rankings", "con")}),
    ("Rankings never measure teaching.", {("concept:rankings", "con")}),
    ("Chasing prestige is a costly mistake.", {("concept:prestige", "con")}),
    ("Rankings are unreliable.", {("concept:rankings", "con")}),
])
def test_general_cues(nlp, text, expected):
    assert stances(nlp, text) == expected


def test_concession_block_is_damped(nlp):
    text = ("Admittedly, rankings are useful to parents. Rankings are a great help to them.\n\n"
            "Rankings are useful.")
    doc = nlp(normalize_quotes(text))
    rows = [r for r in doc._.argmap_stances if r[1] == "concept:rankings"]
    assert len(rows) == 3
    conceded, own = rows[:2], rows[2]
    assert all(r[8] == "conceded" for r in conceded)
    assert all(abs(r[5]) < abs(own[5]) for r in conceded)
    assert own[4] == "pro"


def test_contrast_ends_concession_block(nlp):
    doc = nlp(normalize_quotes("Admittedly, prestige is helpful. However, prestige is overrated."))
    last = doc._.argmap_stances[-1]
    assert last[4] == "con" and last[8] != "conceded"


def test_aggregate_neutral_mentions_do_not_dilute():
    rows = [(0, "t", 0.6, 1.0)] + [(k, "t", 0.0, 1.0) for k in range(1, 6)]
    assert aggregate(rows)["t"][0] == "pro"
    assert aggregate(rows, neutral_weight=1.0)["t"][0] == "neutral"


@pytest.mark.model
@pytest.mark.parametrize("text,target,expected", [
    # valence outside the target's clause counts little
    ("Rankings are public and the competition is nice.",
     "concept:rankings", "neutral"),
    ("Harvard is wonderful and rankings are public.", "concept:rankings", "neutral"),
    # the subject of a copula is evaluated directly
    ("Prestige is a weak and overrated signal.", "concept:prestige", "con"),
    # a negated copula scopes over the whole predicate, beyond the window
    ("Prestige isn’t proof of a good education.", "concept:prestige", "con"),
    # a relative clause on the predicate noun still describes the subject
    ("Rankings are tools that give families a fair picture.", "concept:rankings", "pro"),
])
def test_clause_scope_with_parser(nlp_model, text, target, expected):
    doc = nlp_model(normalize_quotes(text))
    assert {r[1]: r[4] for r in doc._.argmap_stances}[target] == expected


@pytest.mark.model
def test_object_of_negated_verb_is_not_judged(nlp_model):
    doc = nlp_model(normalize_quotes("Rankings don’t guarantee outcomes."))
    got = {row[1]: row[4] for row in doc._.argmap_stances}
    assert got == {"concept:rankings": "con", "concept:student-outcomes": "neutral"}


def test_name_tokens_runs_of_capitalised_words_not_across_sentences():
    import spacy

    from argmap.pipeline.stance import _name_tokens, _token_flags

    doc = spacy.blank("en")("Critics of the Affordable Care Act said so. Justice Sotomayor disagreed "
                            "with Congress Today.")
    doc[9].is_sent_start = True  # "Justice"
    doc[14].is_sent_start = True  # "Today" starts no run with "Congress"
    for k in range(len(doc)):
        if k not in (9, 14):
            doc[k].is_sent_start = k == 0
    unit = doc[:]
    expected = {3, 4, 5, 9, 10}  # Affordable Care Act; Justice Sotomayor
    assert _name_tokens(unit, set()) == expected
    assert _name_tokens(unit, {13}, _token_flags(doc)) == expected | {13}
    assert _name_tokens(doc[0:2], set()) == set()  # "Critics of": a one-word title run
    headline = spacy.blank("en")("Why Rankings Fail Students")
    assert _name_tokens(headline[:], set()) == set()  # Title Case: not a run of names


@pytest.mark.model
def test_a_unit_without_valence_skips_the_clause_walk(nlp_model, monkeypatch):
    from argmap.pipeline import stance

    calls = []
    walk = stance._clause_of
    monkeypatch.setattr(stance, "_clause_of", lambda *a: calls.append(a) or walk(*a))
    tagger = nlp_model.get_pipe("argmap_stance")
    # no word of the lexicon: neutral at 0, and the target's clause is never built
    doc = nlp_model(normalize_quotes("Rankings appear in March each year."))
    assert {r[1]: (r[4], r[5]) for r in tagger.find_stances(doc)} == {
        "concept:rankings": ("neutral", 0.0)}
    assert calls == []
    # a valence word in the unit: the clause decides how much it counts
    doc = nlp_model(normalize_quotes("Rankings are a useless guide for families."))
    assert {r[1]: r[4] for r in tagger.find_stances(doc)}["concept:rankings"] == "con"
    assert calls
