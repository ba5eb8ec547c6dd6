"""The position baselines of :mod:`argmap.evaluate.baseline`, on an essay written for this test."""
from __future__ import annotations

import pytest

from argmap.evaluate import first_unit_baseline, paragraph_baseline, title_baseline, title_span
from argmap.evaluate.baseline import paragraph_spans, sentence_spans
from argmap.records import Article, Unit

ESSAY = ("Uniforms Fail\n\nSchools spend a lot. Uniforms should go.\n\n"
         "Pupils need choice. Choice builds confidence.\n\nCosts matter. Parents pay twice.\n\n"
         "Uniforms should go. They fail pupils.")
SENTENCES = ["Schools spend a lot.", "Uniforms should go.", "Pupils need choice.", "Choice builds confidence.",
             "Costs matter.", "Parents pay twice.", "Uniforms should go.", "They fail pupils."]


def _article(text: str, pieces: list[str]) -> Article:
    units, cursor = [], 0
    for piece in pieces:
        start = text.index(piece, cursor)
        cursor = start + len(piece)
        units.append(Unit(f"e:{start}", "e", start, cursor, piece, "premise", 0.5, 0, 0))
    return Article("e", "", "", "", text, units=tuple(units))


def _view(article: Article) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    text = {u.id: f"{u.text}@{u.start}" for u in article.units}
    return ([(f"{u.text}@{u.start}", u.role) for u in article.units],
            [(text[r.source], text[r.target]) for r in article.relations if r.kind == "support"])


def test_paragraph_baseline_on_an_essay():
    units, relations = _view(paragraph_baseline(_article(ESSAY, SENTENCES)))
    assert units == [
        ("Schools spend a lot.@15", "none"), ("Uniforms should go.@36", "major_claim"),
        ("Pupils need choice.@57", "claim"), ("Choice builds confidence.@77", "premise"),
        ("Costs matter.@104", "claim"), ("Parents pay twice.@118", "premise"),
        ("Uniforms should go.@138", "major_claim"), ("They fail pupils.@158", "claim"),
    ]
    assert relations == [
        ("Pupils need choice.@57", "Uniforms should go.@36"),
        ("Choice builds confidence.@77", "Pupils need choice.@57"),
        ("Costs matter.@104", "Uniforms should go.@36"),
        ("Parents pay twice.@118", "Costs matter.@104"),
        ("They fail pupils.@158", "Uniforms should go.@36"),
    ]


def test_paragraph_baseline_on_one_paragraph_takes_the_last_sentence():
    text = "Trams are quick. They are clean. Towns need trams."
    units, relations = _view(paragraph_baseline(_article(text, ["Trams are quick.", "They are clean.",
                                                               "Towns need trams."])))
    assert [r for _, r in units] == ["premise", "premise", "major_claim"]
    assert relations == [("Trams are quick.@0", "Towns need trams.@33"), ("They are clean.@17", "Towns need trams.@33")]


def test_paragraph_baseline_with_two_paragraphs_has_no_conclusion():
    text = "Towns need trams. Really.\nTrams are quick. They are clean."
    units, _ = _view(paragraph_baseline(_article(text, ["Towns need trams.", "Really.", "Trams are quick.",
                                                       "They are clean."])))
    assert [r for _, r in units] == ["none", "major_claim", "claim", "premise"]


def test_title_baseline_puts_the_title_first():
    units, relations = _view(title_baseline(_article(ESSAY, SENTENCES)))
    assert units[0] == ("Uniforms Fail@0", "major_claim")
    assert [r for _, r in units[1:]] == ["premise"] * 8
    assert relations == [(u, "Uniforms Fail@0") for u, _ in units[1:]]


def test_title_baseline_without_title_is_first_unit():
    article = _article("Towns need trams. Trams are quick.", ["Towns need trams.", "Trams are quick."])
    assert title_baseline(article) == first_unit_baseline(article)
    units, relations = _view(first_unit_baseline(article))
    assert units == [("Towns need trams.@0", "major_claim"), ("Trams are quick.@18", "premise")]
    assert relations == [("Trams are quick.@18", "Towns need trams.@0")]


@pytest.mark.parametrize("text, title", [
    ("Uniforms Fail\n\nBody.", "Uniforms Fail"),
    ("## Why trams?\nBody.", "Why trams?"),
    ("  Trams Now  \nBody.", "Trams Now"),
    ("Towns need trams.\nBody.", None),
    ("Here is why:\nBody.", None),
    ("One line only", None),
    ("Title\n   \n", None),
    (" ".join(["word"] * 21) + "\nBody.", None),
])
def test_title_span(text, title):
    span = title_span(text)
    assert (text[span[0]:span[1]] if span else None) == title


def test_paragraph_and_sentence_spans():
    text = 'He said "no." Then he left!\n\n  Next (one).  Last'
    assert paragraph_spans(text) == [(0, 27), (31, 48)]
    assert [text[s:e] for s, e in sentence_spans(text, 0, 27)] == ['He said "no."', "Then he left!"]
    assert [text[s:e] for s, e in sentence_spans(text, 31, 48)] == ["Next (one).", "Last"]
