"""The essay tuning set (``essays_dev``) and the second blind set (``essays_heldout2``) are well-formed brat gold.

Only the gold is read here (``parse_brat`` and plain slicing); the pipeline
never runs on ``essays_heldout2`` in the test suite.
"""
from pathlib import Path

import pytest

from argmap.evaluate._load_brat import parse_brat

DATA = Path(__file__).parent / "data"
SETS = {"essays_dev": 6, "essays_heldout2": 4}
# the essays of session 18: 600-1,000 words each (the two older dev essays are ~350)
NEW = {
    "essays_dev": ["europe-should-pay-for-night-trains", "stop-changing-the-clocks",
                   "venice-day-tripper-fee", "what-rent-control-does"],
    "essays_heldout2": ["basic-income-wrong-answer", "benin-bronzes-should-go-home",
                        "paris-scooter-ban-mistake", "what-a-bottle-deposit-can-do"],
}
ESSAYS = [(name, p.stem) for name in SETS for p in sorted((DATA / name).glob("*.txt"))]


def _lines(name, stem):
    """Split the .ann lines into text-bound units, attributes and relations."""
    units, attrs, rels = {}, [], []
    for line in (DATA / name / f"{stem}.ann").read_text(encoding="utf-8").splitlines():
        ident, body, *rest = line.split("\t")
        if ident.startswith("T"):
            label, start, end = body.split()
            units[ident] = (label, int(start), int(end), rest[0])
        elif ident.startswith("A"):
            attrs.append(body.split())
        else:
            rels.append(body.split())
    return units, attrs, rels


@pytest.mark.parametrize("name", SETS)
def test_set_sizes_and_new_essay_lengths(name):
    stems = sorted(p.stem for p in (DATA / name).glob("*.txt"))
    assert len(stems) == SETS[name]
    assert sorted(p.stem for p in (DATA / name).glob("*.ann")) == stems
    for stem in NEW[name]:
        words = len((DATA / name / f"{stem}.txt").read_text(encoding="utf-8").split())
        assert 600 <= words <= 1000, stem


def test_the_two_sets_share_no_topic_file_with_the_first_held_out_set():
    names = {stem for _, stem in ESSAYS}
    assert not names & {p.stem for p in (DATA / "essays_heldout").glob("*.txt")}


@pytest.mark.parametrize("name,stem", ESSAYS)
def test_span_text_equals_annotation_text_and_edges_are_clean(name, stem):
    text = (DATA / name / f"{stem}.txt").read_text(encoding="utf-8")
    units, _, _ = _lines(name, stem)
    spans = sorted((s, e) for _, s, e, _ in units.values())
    for ident, (_, start, end, quoted) in units.items():
        assert text[start:end] == quoted, (stem, ident)
        # final full stops and surrounding white space stay outside the span
        assert quoted == quoted.strip() and quoted[-1] not in ".,;:", (stem, ident)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:])), stem


@pytest.mark.parametrize("name,stem", ESSAYS)
def test_every_claim_has_one_stance_and_every_relation_names_units(name, stem):
    units, attrs, rels = _lines(name, stem)
    claims = {i for i, (label, *_) in units.items() if label == "Claim"}
    stance = [target for kind, target, value in attrs if kind == "Stance" and value in ("For", "Against")]
    assert sorted(stance) == sorted(claims), stem
    for kind, arg1, arg2 in rels:
        assert kind in ("supports", "attacks"), stem
        assert arg1.removeprefix("Arg1:") in units and arg2.removeprefix("Arg2:") in units, stem


@pytest.mark.parametrize("name,stem", [(n, s) for n in NEW for s in NEW[n]])
def test_new_essays_premises_each_have_one_outgoing_relation(name, stem):
    units, _, rels = _lines(name, stem)
    sources = [arg1.removeprefix("Arg1:") for _, arg1, _ in rels]
    premises = {i for i, (label, *_) in units.items() if label == "Premise"}
    assert sorted(sources) == sorted(premises), stem


@pytest.mark.parametrize("name,stem", [(n, s) for n in NEW for s in NEW[n]])
def test_new_essays_parse_with_a_major_claim_claims_and_an_attack(name, stem):
    text = (DATA / name / f"{stem}.txt").read_text(encoding="utf-8")
    gold = parse_brat(text, (DATA / name / f"{stem}.ann").read_text(encoding="utf-8"), doc_id=stem)
    roles = [u.role for u in gold.units]
    assert roles.count("major_claim") >= 1
    assert roles.count("claim") >= 6
    assert len(gold.relations) >= 30
    # an explicit opposing voice (a claim Against the thesis) and a rebuttal that attacks it
    units, attrs, rels = _lines(name, stem)
    against = {target for kind, target, value in attrs if kind == "Stance" and value == "Against"}
    rebutted = {arg2.removeprefix("Arg2:") for kind, _, arg2 in rels if kind == "attacks"}
    assert against & rebutted, stem
    # the title (first line) is never annotated
    title_end = text.index("\n")
    assert all(u.start >= title_end for u in gold.units), stem


@pytest.mark.parametrize("name,stem", [("essays_dev", "what-rent-control-does"),
                                       ("essays_heldout2", "what-a-bottle-deposit-can-do")])
def test_thesis_in_the_conclusion_only(name, stem):
    text = (DATA / name / f"{stem}.txt").read_text(encoding="utf-8")
    units, _, _ = _lines(name, stem)
    majors = [start for label, start, *_ in units.values() if label == "MajorClaim"]
    last_paragraph = text.rstrip("\n").rindex("\n\n")
    assert len(majors) == 1 and majors[0] > last_paragraph
