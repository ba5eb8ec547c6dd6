"""Screen raw input text before the pipeline: HTML to text, a cheap language check,
runs of punctuation the tokenizer cannot take.

Pure functions on strings; :mod:`argmap.io` calls :func:`html_to_text` and
:func:`symbol_run_reason` while reading, and :mod:`argmap.engine` calls
:func:`english_ratio` to skip text that is not English.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["looks_like_html", "html_to_text", "english_ratio", "not_english_reason",
           "symbol_run_reason", "MIN_ENGLISH_RATIO", "MIN_WORDS_TO_JUDGE", "MAX_SYMBOL_RUN"]

#: Below this share of English function words a text is taken as not English.
#: English prose runs at 0.35-0.55; French, German or Spanish at 0.02-0.10.
MIN_ENGLISH_RATIO = 0.15
#: Shorter texts are not judged (a headline has few function words).
MIN_WORDS_TO_JUDGE = 20

_FUNCTION_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in
into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your
yours yourself yourselves also many much must may might shall often every however
""".split())
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|div|p|article|section|h[1-6])\b",
                         re.IGNORECASE)
_HTML_CLOSE = re.compile(r"</(?:html|body|p|div|span|a|h[1-6]|li|article|section)\s*>",
                         re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Return True if ``text`` opens with an HTML tag and closes at least one.

    >>> looks_like_html("<p>Rankings mislead.</p>")
    True
    >>> looks_like_html("Use <b> for bold, or not.")
    False
    """
    head = text[:4096]
    return bool(_HTML_START.match(head)) and bool(_HTML_CLOSE.search(text))


_BLOCKS = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer "
                    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr "
                    "ul".split())
_SKIP = frozenset({"script", "style", "head", "noscript", "template", "svg"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCKS:
            self.blocks.append([])

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.blocks.append([])

    def handle_data(self, data):
        if not self.skip:
            self.blocks[-1].append(data)


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML page, one paragraph per block element.

    Scripts, styles and ``<head>`` are dropped, entities decoded, and runs of
    whitespace inside a block collapsed.

    >>> html_to_text("<html><head><title>T</title></head><body><h1>Why</h1>"
    ...              "<p>Rankings &amp; prestige\\n mislead.</p><script>x()</script></body></html>")
    'Why\\n\\nRankings & prestige mislead.\\n'
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    paras = (" ".join("".join(block).split()) for block in parser.blocks)
    return "\n\n".join(p for p in paras if p) + "\n"


def english_ratio(text: str, *, limit: int = 2000) -> tuple[float, int]:
    """Return (share of English function words, words looked at) over the first ``limit`` words.

    >>> english_ratio("The rankings are not what they seem to be.")[0] > 0.5
    True
    >>> english_ratio("Les classements ne disent pas tout.")[0]
    0.0
    """
    n = hits = 0
    for match in _WORD.finditer(text):
        n += 1
        hits += match.group().lower() in _FUNCTION_WORDS
        if n >= limit:
            break
    return (hits / n if n else 0.0), n


def not_english_reason(text: str) -> str:
    """Return a short reason if ``text`` does not look English, else ``""``.

    >>> not_english_reason("Short.")
    ''
    """
    ratio, n = english_ratio(text)
    if n < MIN_WORDS_TO_JUDGE or ratio >= MIN_ENGLISH_RATIO:
        return ""
    return f"does not look like English ({ratio:.0%} English function words in {n} words)"


#: A run of more characters than this that are neither letters, digits nor
#: spaces is not prose. spaCy's tokenizer strips punctuation off a word one
#: character at a time, copying the rest each time: 300,000 ``&`` (a 300 KB
#: file) took hours, 20,000 took 40 s; a run of 200 takes 0.007 s, 500 0.045 s.
MAX_SYMBOL_RUN = 200
_SYMBOL_RUN = re.compile(r"(?:[^\w\s]|_){%d,}" % (MAX_SYMBOL_RUN + 1))


def symbol_run_reason(text: str) -> str:
    """Return a short reason if ``text`` holds a long run of punctuation or symbols, else ``""``.

    >>> symbol_run_reason("Rankings mislead. https://example.org/" + "a-b/" * 300)
    ''
    >>> symbol_run_reason("Rankings " + "&" * 600)
    'a run of 600 punctuation characters or symbols at offset 9: not prose, and the tokenizer would take minutes over it'
    """
    match = _SYMBOL_RUN.search(text)
    if match is None:
        return ""
    return (f"a run of {len(match.group()):,} punctuation characters or symbols at offset "
            f"{match.start()}: not prose, and the tokenizer would take minutes over it")
