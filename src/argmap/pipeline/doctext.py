"""The text of a span, sliced from its Doc's text instead of joined again.

``Span.text`` builds a Token for every token of the span and joins their
texts, on every call; the components read the text of each unit several
times (prefixes, cues, fragments, speakers).
:func:`span_text` slices the Doc's text, built once per Doc and kept for the
Doc being processed (a weak reference, so no Doc is kept alive by it).
"""
from __future__ import annotations

import weakref
from typing import Callable

from spacy.tokens import Doc, Span

__all__ = ["doc_text", "span_text"]

_last: tuple[Callable[[], Doc | None], str] = (lambda: None, "")


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once for the last Doc asked about (a Doc's text never changes).

    >>> import spacy
    >>> doc_text(spacy.blank("en")("One  two."))
    'One  two.'
    """
    global _last
    ref, text = _last
    if ref() is doc:
        return text
    text = doc.text
    _last = (weakref.ref(doc), text)
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
