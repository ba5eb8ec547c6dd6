"""Text clean-up that keeps character offsets.

:func:`normalize_quotes` maps curly quotes and similar characters one to one,
so every offset computed on the normalised text is valid on the original.
"""
from __future__ import annotations

__all__ = ["normalize_quotes"]

_QUOTES = str.maketrans({
    "\u2018": "'",  # left single quote
    "\u2019": "'",  # right single quote / apostrophe
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",  # prime
    "\u02bc": "'",  # modifier letter apostrophe
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00a0": " ",  # no-break space
})


def normalize_quotes(text: str) -> str:
    """Return ``text`` with curly quotes made straight, one character for one.

    >>> normalize_quotes("don\u2019t")
    "don't"
    >>> len(normalize_quotes("\u201cA\u201d")) == len("\u201cA\u201d")
    True
    """
    return text.translate(_QUOTES)
