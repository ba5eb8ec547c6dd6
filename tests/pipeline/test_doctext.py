"""span_text / doc_text: the text of spans sliced from a Doc text joined once."""
import gc

import spacy

from argmap.pipeline.doctext import doc_text, span_text

TEXTS = [
    "The tram levy worked.\n\nCritics say  that fares rose;  they did not. ",
    "  “Quoted,” she said —\tand left.\n",
    "One",
]


def test_span_text_is_span_text_for_every_span():
    nlp = spacy.blank("en")
    for text in TEXTS:
        doc = nlp(text)
        for a in range(len(doc) + 1):
            for b in range(len(doc) + 1):
                assert span_text(doc[a:b]) == doc[a:b].text


def test_doc_text_follows_the_doc_asked_about():
    nlp = spacy.blank("en")
    first, second = nlp(TEXTS[0]), nlp(TEXTS[1])
    for doc in (first, second, first, second[1:3].as_doc(), first):
        assert doc_text(doc) == doc.text
    assert span_text(second[1:3]) == second[1:3].text


def test_doc_text_never_serves_a_dead_docs_text():
    nlp = spacy.blank("en")
    for k in range(50):  # a new Doc may take the address of the one just freed
        doc = nlp(f"Text number {k} here.")
        assert doc_text(doc) == f"Text number {k} here."
        del doc
        gc.collect()
