"""Web pages in: the article text of a saved HTML page, and its metadata.

:func:`reduce_html` uses trafilatura (``pip install 'argmap[web]'``) to drop
navigation, cookie banners, "most read" boxes and reader comments and keep
the article's paragraphs, title, author, date, site name and URL. Without
trafilatura, a standard-library reducer does the same more roughly: it
skips ``nav``, ``header``, ``footer``, ``aside``, ``form`` and elements
whose class or id names a banner, a comment thread or a list of links, and
reads the metadata from ``<title>`` and ``<meta>`` tags.

:func:`refuse_url` is why ``argmap extract https://...`` fails: argmap makes
no network requests; save the page and extract the file.

>>> page = reduce_html('<html><head><title>T | Site</title></head><body><nav><a>Home</a></nav>'
...                    '<article><h1>T</h1><p>Rankings mislead.</p></article></body></html>',
...                    use_trafilatura=False)
>>> page.text, page.title, page.reducer
('T\\n\\nRankings mislead.\\n', 'T', 'html.parser')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["Page", "reduce_html", "refuse_url", "is_url", "trafilatura_available",
           "METADATA_FIELDS"]

#: Article fields a page can fill in (see :class:`argmap.records.Article`).
METADATA_FIELDS = ("title", "author", "date", "site", "url")

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class Page:
    """The article text of a page, its metadata and the reducer that produced it."""

    text: str
    title: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    url: str = ""
    reducer: str = ""

    def metadata(self) -> dict[str, str]:
        """The non-empty metadata fields, for :class:`argmap.records.Article`."""
        return {k: getattr(self, k) for k in METADATA_FIELDS if getattr(self, k)}


def is_url(arg: str) -> bool:
    """True for ``scheme://...`` arguments.

    >>> is_url("https://example.org/a"), is_url("corpus/a.html")
    (True, False)
    """
    return bool(_URL.match(arg))


def refuse_url(arg: str) -> str:
    """The one-line message for a URL given as an input."""
    return (f"{arg}: argmap does not fetch URLs (no network at run time); save the page "
            "(e.g. curl -o page.html URL) and extract the .html file")


def trafilatura_available() -> bool:
    """True if trafilatura can be imported."""
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def _clean(value) -> str:
    return " ".join(str(value or "").split())


def _join(title: str, body: str) -> str:
    paras = [" ".join(p.split()) for p in body.splitlines()]
    paras = [p for p in paras if p]
    if title and (not paras or paras[0] != title):
        paras.insert(0, title)
    return "\n\n".join(paras) + "\n" if paras else ""


def _with_trafilatura(html: str) -> Page | None:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = _clean(data.get("title"))
    text = _join(title, data.get("text") or "")
    return Page(text=text, title=title, author=_clean(data.get("author")),
                date=_clean(data.get("date")), site=_clean(data.get("sitename")),
                url=_clean(data.get("url")), reducer="trafilatura")


# --- the standard-library reducer ------------------------------------------------------
_BLOCKS = frozenset("address article blockquote br dd div dl dt figcaption figure h1 h2 h3 h4 "
                    "h5 h6 hr li main ol p pre section table td th tr ul".split())
_SKIP = frozenset("script style head noscript template svg nav header footer aside form button "
                  "iframe select".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_BOILERPLATE = re.compile(r"cookie|consent|gdpr|banner|comment|disqus|most-?read|popular|"
                          r"trending|related|newsletter|share|social|breadcrumb|subscribe|"
                          r"promo|advert|\bads?\b|sponsor|byline|author|meta|masthead|overlay",
                          re.IGNORECASE)
_META = {
    "og:title": "title", "twitter:title": "title", "og:site_name": "site",
    "author": "author", "article:author": "author", "date": "date",
    "article:published_time": "date", "og:url": "url",
}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, skips its content)
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.head_title: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            field = _META.get(key)
            if field and attrs.get("content") and field not in self.meta:
                self.meta[field] = _clean(attrs["content"])
            return
        if tag == "link" and attrs.get("rel", "").lower() == "canonical" and attrs.get("href"):
            self.meta.setdefault("url", attrs["href"].strip())
            return
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag in _BLOCKS:
                self.blocks.append([])
            return
        marks = f"{attrs.get('class', '')} {attrs.get('id', '')} {attrs.get('role', '')}"
        self.stack.append((tag, tag in _SKIP or bool(_BOILERPLATE.search(marks))))
        if tag in _BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in _VOID:
            return
        # close up to the matching element (unclosed <p>/<li> are closed with it)
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                break
        if tag in _BLOCKS:
            self.blocks.append([])

    def handle_data(self, data):
        if self.in_title:
            self.head_title.append(data)
        elif not self.skipping:
            self.blocks[-1].append(data)


def _with_html_parser(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    meta = parser.meta
    title = meta.get("title", "")
    if not title:
        title = re.split(r"\s+[|–—-]\s+", _clean("".join(parser.head_title)))[0]
    body = "\n".join(" ".join("".join(b).split()) for b in parser.blocks)
    date = meta.get("date", "")
    return Page(text=_join(title, body), title=title, author=meta.get("author", ""),
                date=date[:10] if re.match(r"\d{4}-\d\d-\d\d", date) else date,
                site=meta.get("site", ""), url=meta.get("url", ""), reducer="html.parser")


def reduce_html(html: str, *, use_trafilatura: bool | None = None) -> Page:
    """Return the article text and metadata of an HTML page.

    Args:
        html: The page.
        use_trafilatura: True to require trafilatura, False for the
            standard-library reducer, None (default) for trafilatura when it
            is installed. If trafilatura finds no article, the standard-library
            reducer is used.
    """
    if use_trafilatura is None:
        use_trafilatura = trafilatura_available()
    if use_trafilatura:
        page = _with_trafilatura(html)
        if page is not None and page.text.strip():
            return page
    return _with_html_parser(html)
