"""The held-out essays' brat annotations are well formed (offsets match the text)."""
from pathlib import Path

import pytest

from argmap.evaluate._load_brat import parse_brat

HELDOUT = Path(__file__).parent / "data" / "essays_heldout"
ESSAYS = sorted(p.stem for p in HELDOUT.glob("*.txt"))


def test_six_essays_of_600_to_1200_words():
    assert len(ESSAYS) == 6
    for stem in ESSAYS:
        words = len((HELDOUT / f"{stem}.txt").read_text(encoding="utf-8").split())
        assert 600 <= words <= 1200, stem


@pytest.mark.parametrize("stem", ESSAYS)
def test_span_text_equals_annotation_text(stem):
    text = (HELDOUT / f"{stem}.txt").read_text(encoding="utf-8")
    for line in (HELDOUT / f"{stem}.ann").read_text(encoding="utf-8").splitlines():
        ident, body, *rest = line.split("\t")
        if ident.startswith("T"):
            label, start, end = body.split()
            assert text[int(start):int(end)] == rest[0], (stem, ident)


@pytest.mark.parametrize("stem", ESSAYS)
def test_annotations_parse_with_major_claim_and_relations(stem):
    text = (HELDOUT / f"{stem}.txt").read_text(encoding="utf-8")
    gold = parse_brat(text, (HELDOUT / f"{stem}.ann").read_text(encoding="utf-8"), doc_id=stem)
    roles = [u.role for u in gold.units]
    assert roles.count("major_claim") >= 2
    assert roles.count("claim") >= 6
    assert len(gold.relations) >= 20
