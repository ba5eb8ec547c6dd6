"""Reading a Doc's text and words without building a Token for each token.

``Span.text`` builds a Token for every token of the span and joins their
texts, on every call; the components read the text of each unit several
times (prefixes, cues, fragments, speakers). :func:`span_text` slices the
Doc's text instead, built once per Doc and kept while the Doc lives (weak
references, so no Doc is kept alive by it).

Rules that look at a few words of the whole Doc ("it", "they", "(") find
them with :func:`find_tokens` on the Doc's attribute array, then build only
those Tokens.
"""
from __future__ import annotations

import weakref
from functools import lru_cache
from typing import Iterable

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

__all__ = ["doc_text", "span_text", "find_tokens", "token_columns", "token_strings"]

#: ``doc.text`` of each Doc still alive (a Doc's text never changes); the
#: components each read it, one after the other over a batch of Docs.
_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc (kept while the Doc lives).

    >>> import spacy
    >>> doc_text(spacy.blank("en")("One  two."))
    'One  two.'
    """
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``: the Doc's text from the span's first character to its last.

    >>> import spacy
    >>> doc = spacy.blank("en")("However,  the tax works. ")
    >>> [span_text(doc[a:b]) for a, b in [(0, 2), (3, 7), (3, 3)]]
    ['However,', 'the tax works.', '']
    >>> all(span_text(doc[a:b]) == doc[a:b].text for a in range(9) for b in range(9))
    True
    """
    if not len(span):
        return ""
    return doc_text(span.doc)[span.start_char:span.end_char]


def find_tokens(doc: Doc, words: Iterable[str], *, lower: bool = False) -> list[int]:
    """Indices of the tokens whose text (with ``lower``, lower-case form) is one of ``words``.

    Compared as 64-bit string hashes on ``doc.to_array``: a caller that needs
    certainty checks the tokens it gets (a hash collision can add one; none
    is ever left out).

    >>> import spacy
    >>> doc = spacy.blank("en")("It rained. They said it (twice).")
    >>> find_tokens(doc, {"it", "they"}, lower=True), find_tokens(doc, {"("})
    ([0, 3, 5], [6])
    """
    wanted = _hashes(words) if isinstance(words, frozenset) else _hashes.__wrapped__(words)
    if not len(doc) or not len(wanted):
        return []
    return numpy.flatnonzero(numpy.isin(doc.to_array(LOWER if lower else ORTH), wanted)).tolist()


@lru_cache(maxsize=32)
def _hashes(words: Iterable[str]) -> numpy.ndarray:
    """The string hashes of ``words`` (cached for frozensets: the word lists of the rules)."""
    return numpy.array([hash_string(w) for w in words], dtype=numpy.uint64)


def token_strings(doc: Doc, attr: int = LOWER) -> list[str]:
    """``token.lower_`` (``attr=LOWER``) or ``token.text`` (``ORTH``) of every
    token, looked up from one array instead of one Token per token.

    >>> import spacy
    >>> token_strings(spacy.blank("en")("The Levy works."))
    ['the', 'levy', 'works', '.']
    """
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(attr).tolist()]


def token_columns(doc: Doc, attrs: list[int]) -> list[list[int]]:
    """One list per attribute in ``attrs`` (``IS_ALPHA``, ``LIKE_NUM``, ...),
    with its value for every token, read from one array instead of one Token
    per token (empty lists for an empty Doc).

    >>> import spacy
    >>> from spacy.attrs import IS_ALPHA, LIKE_NUM
    >>> token_columns(spacy.blank("en")("Ten cats, 3 dogs."), [IS_ALPHA, LIKE_NUM])
    [[1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 0]]
    >>> token_columns(spacy.blank("en")(""), [IS_ALPHA, LIKE_NUM])
    [[], []]
    >>> token_columns(spacy.blank("en")("Ten cats"), [IS_ALPHA])
    [[1, 1]]
    """
    if not len(doc):
        return [[] for _ in attrs]
    array = doc.to_array(attrs)  # one attribute: a 1-d array
    return [array.tolist()] if array.ndim == 1 else [column.tolist() for column in array.T]
