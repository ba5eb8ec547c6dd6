"""bench/rule_ablation.py: its gated copy of ``find_relations`` is the rules, switch by switch.

The audit of session 21 judged each relation rule by switching it off in a
copy of :meth:`ArgumentRelations.find_relations` that the bench script
rewrites with ``ast``. These tests keep that copy honest as relations.py
changes: with every rule on it returns exactly what the component returns,
it finds the rule chain at all, and switching a rule off changes the link
that rule makes. Sentences are written for the tests.
"""
import pytest
from script_loader import load_script

from argmap.pipeline import relations as rel_mod

ablation = load_script("bench", "rule_ablation")

TEXTS = [
    "Towns should plant more trees on their streets. Shade cools the pavement in summer, because leaves "
    "block the sun. Admittedly, roots can lift paving stones. But careful planting avoids that.",
    "Night buses ought to run every hour. Many nurses finish their shifts after midnight. Some say the "
    "buses would run empty. However, the last trains are always full. Therefore the council should pay for them.",
]


@pytest.fixture()
def gated(monkeypatch):
    switches = ablation._Switches()
    monkeypatch.setattr(rel_mod, "_rule_gate", switches.gate, raising=False)
    find, rules = ablation._gated_find_relations(rel_mod)
    return find, rules, switches


def test_the_rule_chain_is_found(gated):
    _, rules, _ = gated
    # the chain starts at the essay-only concession rule and has a dozen and more branches
    assert rules["R01"][2] is True and "opener and essay" in rules["R01"][1]
    assert len([r for r in rules if "." not in r]) >= 15


@pytest.mark.parametrize("text", TEXTS)
def test_with_every_rule_on_the_copy_is_the_component(nlp, gated, text):
    find, _, switches = gated
    doc = nlp(text)
    component = nlp.get_pipe("argmap_relations")
    assert find(component, doc) == component.find_relations(doc)
    assert sum(switches.fired.values()) > 0


def test_switching_the_reason_rule_off_sends_the_reason_to_the_thesis(nlp, gated):
    find, rules, switches = gated
    doc = nlp(TEXTS[0])
    component = nlp.get_pipe("argmap_relations")
    reason = next(r for r, (_, test, _) in rules.items() if "_reason(text" in test)
    links_on = {src: (trg, marker) for src, trg, _, _, marker in find(component, doc)}
    assert links_on[2] == (1, "because")  # "because leaves block the sun" backs the unit before
    switches.off = {reason}
    links_off = {src: (trg, marker) for src, trg, _, _, marker in find(component, doc)}
    assert links_off[2] == (0, "")  # without the rule it falls to the default: the thesis
    assert links_off[3] == links_on[3]  # the concession is another rule's link
