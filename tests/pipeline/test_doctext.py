"""span_text / doc_text: the text of spans sliced from a Doc text joined once."""
import gc

import spacy

from argmap.pipeline.doctext import doc_text, find_tokens, span_text

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


def test_doc_text_is_joined_once_per_doc_over_a_batch():
    # the components read each Doc of a batch in turn: each Doc's text is joined once
    class CountingDoc:
        joins = 0

        def __init__(self, text):
            self._text = text

        @property
        def text(self):
            CountingDoc.joins += 1
            return self._text

    docs = [CountingDoc(text) for text in TEXTS]
    for _ in range(3):
        assert [doc_text(doc) for doc in docs] == TEXTS
    assert CountingDoc.joins == len(TEXTS)


def test_find_tokens_is_a_scan_of_the_tokens():
    nlp = spacy.blank("en")
    words = {"they", "it", "(", "The", ";"}
    for text in TEXTS + ["They said it (the levy) works; The council agrees, THEY say."]:
        doc = nlp(text)
        assert find_tokens(doc, words) == [t.i for t in doc if t.text in words]
        assert find_tokens(doc, frozenset(words), lower=True) == [t.i for t in doc
                                                                  if t.lower_ in words]
    assert find_tokens(nlp(""), words) == [] and find_tokens(nlp("it"), ()) == []
