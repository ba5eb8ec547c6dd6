"""Every spelling of a country maps to its one id (each mention, not just the set)."""
import pytest


@pytest.mark.parametrize("text, want", [
    ("the U.S. system", [("U.S.", "country:US")]),
    ("American schools", [("American", "country:US")]),
    ("the USA and the United States", [("USA", "country:US"), ("United States", "country:US")]),
    ("the UK and Britain", [("UK", "country:GB"), ("Britain", "country:GB")]),
])
def test_each_spelling_is_a_mention(nlp, text, want):
    got = [(e.text, e._.argmap_id) for e in nlp(text).ents]
    assert got == want
