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

Both reducers' text then goes through one tidying step: the headline once as
the first line, the dek (standfirst) first, the article's paragraphs in order,
a closing author bio; no section label, byline, date line, caption, pull quote
or share/read-more line (see README "Web pages and corpora").

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


# --- what a page's text keeps: the headline once, the dek, the article, a closing bio ---
#: Section labels printed above a headline ("Leader", "Opinion | Housing").
_LABELS = frozenset("""opinion opinions leader leaders editorial editorials analysis comment
    commentary column columns columnist columnists news explainer feature features interview
    review reviews letter letters essay perspective perspectives op-ed oped viewpoint viewpoints
    view views insight briefing report exclusive long read the long read the big read
    our view guest essay guest column live world politics business""".split()) | {
    "long read", "the long read", "the big read", "our view", "guest essay", "guest column",
    "world news", "uk news", "us news", "breaking news", "op ed"}
_SEP = r"\s*[|:\u203a>\u00b7\u2022]\s*|\s+[\u2013\u2014/-]\s+"
_WEEKDAYS = ("monday tuesday wednesday thursday friday saturday sunday "
             "mon tue tues wed thu thur thurs fri sat sun")
_MONTHS = ("january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec")
_DATE_TOKEN = re.compile(
    rf"\b(?:{'|'.join(_WEEKDAYS.split())}|{'|'.join(_MONTHS.split())})\b\.?"
    r"|\b\d{1,4}(?:st|nd|rd|th)?\b|\b[ap]\.m\.|\b(?:am|pm|gmt|bst|utc|cet|cest|est|edt|cst|"
    r"cdt|pst|pdt|et|pt|at|on)\b|\d{4}-\d\d-\d\dt[\d:.]+z?", re.IGNORECASE)
_MONTH = re.compile(rf"\b(?:{'|'.join(_MONTHS.split())})\b"
                    r"|\d{4}-\d\d-\d\d|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
                    re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^(?:(?:first |last )?(?:published|updated|modified|posted)(?: on| at)?"
                          r"|last modified on|this article is more than \d+ \w+ old)[:\s]*",
                          re.IGNORECASE)
_ROLE = (r"(?:editor|correspondent|columnist|reporter|writer|contributor|critic|commentator|"
         r"analyst|journalist|staff|bureau chief|chief|producer|team|desk)")
_NAME = r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|de|van|von|da|di|al|bin|el|la|le))*"
#: (the names are matched case-sensitively, the rest is not: "By Friday, ministers had
#: backed down." is the article's sentence, not a byline)
_BYLINE = re.compile(rf"^(?:by|words by|written by|reporting by)\s+(?-i:{_NAME})"
                     rf"(?:\s*(?:,|and|&)\s*(?-i:{_NAME}))*(?:\s*(?:,|in|-|\u2013)\s*[\w' ]{{1,40}})?$"
                     rf"|^(?-i:{_NAME})\s*(?:,|\||-|\u2013)\s*(?:[\w'\u2019]+\s+){{0,3}}{_ROLE}"
                     r"(?:\s+(?:in|at|for)\s+[\w' ]{1,30})?$", re.IGNORECASE)
_BYLINE_CASED = re.compile(rf"^(?:[Bb]y|[Ww]ords by|[Ww]ritten by|[Rr]eporting by)\s+{_NAME}"
                           rf"|^{_NAME}\s*[,|\u2013-]")
#: Site furniture left as paragraphs: read-more links, share buttons, advert slots.
_FURNITURE = re.compile(
    r"^(?:read more|read more\s*:.*|more from .{1,60}|more on this story|related\s*:.*|see also\s*:.*|"
    r"also read\s*:.*|recommended(?:\s*:.*| for you| reading)?|advertisement|advert|"
    r"sponsored( content)?|share|"
    r"share (?:this|the) (?:article|story|page)|(?:share (?:on|via) \w+\s*)+|copy link|"
    r"save( article| for later)?|listen( to this (?:article|story))?|\d+ min(?:ute)?s? (?:read|listen)|"
    r"comments?(?: \(\d+\))?|topics?\s*:.*|sign in|log in|subscribe\b.*|follow us\b.*|"
    r"gift (?:this )?article|print|email|\u00a9.*|.*\ball rights reserved\.?)$", re.IGNORECASE)
_CAPTION = re.compile(r"\b(?:photograph|photo|photos|photography|illustration|image|picture|"
                      r"composite|credit)s?\s*:\s*\S|\b(?:getty images|reuters|afp|ap photo)\)?$",
                      re.IGNORECASE)


#: How many paragraphs before and after a pull quote may hold the sentence it repeats.
_PULL_QUOTE_WINDOW = 12


def _norm(text: str) -> str:
    """Lower-case words and digits only: how two renderings of a line are compared."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold().replace("\u2019", "'")
                           .replace("'", "")).split())


def _is_label(line: str) -> bool:
    """A section label or a breadcrumb of labels: "Leader", "Opinion | Housing"."""
    parts = [p for p in re.split(_SEP, line.strip()) if p]
    return (bool(parts) and len(line.split()) <= 6 and _norm(parts[0]) in _LABELS
            and all(len(p.split()) <= 3 for p in parts))


def _is_date(line: str) -> bool:
    """A line that is only a date and time: "Tue 3 Mar 2026 06.00 GMT", "Published March 3, 2026"."""
    rest = _DATE_PREFIX.sub("", line.strip())
    if not rest or len(rest) > 80 or not _MONTH.search(rest) or not re.search(r"\d", rest):
        return False
    return not re.sub(r"[\s,.:/+|\u00b7()-]", "", _DATE_TOKEN.sub("", rest))


def _is_byline(line: str, author: str) -> bool:
    """ "By X", "X and Y", "X, Political Editor" or the author's name alone."""
    if len(line.split()) > 14:
        return False
    if author and _norm(line) in (_norm(author), _norm("by " + author)):
        return True
    return bool(_BYLINE.match(line)) and bool(_BYLINE_CASED.match(line))


def _is_head_line(line: str, author: str) -> bool:
    """A label, byline or date line, or a row of them ("By X · 3 March 2026")."""
    if _is_label(line):
        return True
    parts = [p for p in re.split(r"\s+[|\u00b7\u2022]\s+", line) if p.strip()]
    return bool(parts) and all(_is_label(p) or _is_date(p) or _is_byline(p, author)
                               for p in parts if not _is_furniture(p)) and (
        not all(_is_furniture(p) for p in parts))


def _is_name_line(line: str, author: str) -> bool:
    """A name alone (2-4 capitalised words), when the page names no other author."""
    words = line.split()
    if not 2 <= len(words) <= 4 or not re.fullmatch(_NAME, line) or re.search(r"\d", line):
        return False
    return not author or _norm(line) in _norm(author)


def _is_furniture(line: str) -> bool:
    words = len(line.split())
    return (words <= 20 and bool(_FURNITURE.match(line.strip()))) or (
        words <= 40 and (":" in line or line.endswith(")") or line[-1:].isalpha())
        and bool(_CAPTION.search(line)))


def _same_headline(line: str, title: str) -> bool:
    norm, want = _norm(line), _norm(title)
    if not want:
        return False
    if norm == want:
        return True
    parts = re.split(_SEP, line, maxsplit=1)
    return len(parts) == 2 and _norm(parts[0]) in _LABELS and _norm(parts[1]) == want


#: How a ``<title>`` joins headline, section and site: "Headline | Section | Site".
_TITLE_SEP = re.compile(r"\s+[|\u2013\u2014-]\s+")


def _title_parts(title: str) -> list[str]:
    """The non-empty parts of a ``<title>`` ("Headline | Opinion | Site" -> three)."""
    return [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]


def _unlabelled(title: str, heads: list[str], site: str = "") -> str:
    """``title`` as the page's headline: without a section label ("Opinion | X" -> "X") or
    the site's name ("X | Site") when a headline of the page (an ``h1`` or one of the first
    paragraphs) is X; else ``title`` unchanged.
    """
    heads_norm = {_norm(h) for h in heads}
    if _norm(title) in heads_norm:
        return title
    candidates = []
    parts = re.split(_SEP, title, maxsplit=1)
    if len(parts) == 2 and _norm(parts[0]) in _LABELS:
        candidates.append(parts[1].strip())
    pieces = _title_parts(title)
    rest = [p for p in pieces if not (_is_label(p) or (site and _norm(p) == _norm(site)))]
    if len(rest) == 1 and len(pieces) > 1:
        candidates.append(rest[0])
    return next((c for c in candidates if _norm(c) in heads_norm), title)


def _tidy(title: str, body: str, *, author: str = "", site: str = "",
          h1s: tuple[str, ...] | list[str] = (), dek: str = "", bio: str = "") -> tuple[str, str]:
    r"""Return the page's title and text: the headline once as the first line, then the dek,
    the article's paragraphs and a closing author bio, without label, byline, date, caption,
    pull-quote and share lines.

    >>> _tidy("Opinion | Tax empty homes", "Opinion\nTax empty homes\nBy Ann Lee\n"
    ...       "Tue 3 Mar 2026 06.00 GMT\nThe council should tax them.\nRead more")
    ('Tax empty homes', 'Tax empty homes\n\nThe council should tax them.\n')
    """
    paras = [" ".join(p.split()) for p in body.splitlines()]
    paras = [p for p in paras if p]
    head = paras[:10]
    title = _unlabelled(title, head + list(h1s), site)
    # the headline again (in a header, then in the body) and the short furniture above it
    hits = [i for i, p in enumerate(head) if title and _same_headline(p, title)]
    if hits:
        last = hits[-1]
        paras = [p for i, p in enumerate(paras) if i > last or not (
            i in hits or len(p.split()) < 6 or _is_head_line(p, author) or _is_furniture(p))]
    # labels, bylines and date lines before the article's first long paragraph (a long
    # dek may come first)
    long = [i for i, p in enumerate(paras) if len(p.split()) >= 20]
    head_end = min(8, (long + [len(paras)] * 2)[1])
    paras = [p for i, p in enumerate(paras)
             if not ((i < head_end and (_is_head_line(p, author) or _is_name_line(p, author)))
                     or _is_date(p) or _is_furniture(p))]
    # a pull quote repeats a sentence of the article, near it; a paragraph repeated is a
    # rendering twice
    norms = [f" {_norm(p)} " for p in paras]
    seen: set[str] = set()
    kept: list[str] = []
    for i, (p, n) in enumerate(zip(paras, norms)):
        words = n.count(" ") - 1
        near = norms[max(0, i - _PULL_QUOTE_WINDOW):i + _PULL_QUOTE_WINDOW + 1]
        repeated = words >= 5 and (n in seen or (words <= 40 and any(
            len(m) > len(n) and n in m for m in near)))
        seen.add(n)
        if not repeated:
            kept.append(p)
    paras = kept
    norms = " \n ".join(_norm(p) for p in paras)
    if dek and _norm(dek) not in norms and _norm(dek) != _norm(title) and len(dek.split()) >= 4:
        paras.insert(0, dek)
    if bio and _norm(bio) not in norms and len(bio.split()) >= 4:
        paras.append(bio)
    return title, _join(title, "\n".join(paras))


def _with_trafilatura(html: str) -> Page | None:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    author = _clean(data.get("author"))
    marks = _PageParser()  # the headline, dek and bio the page's markup names
    marks.feed(html)
    marks.close()
    title = _clean(data.get("title"))
    site = _clean(data.get("sitename"))
    title, text = _tidy(title, data.get("text") or "", author=author, site=site,
                        **marks.parts(title))
    return Page(text=text, title=title, author=author,
                date=_clean(data.get("date")), site=site,
                url=_clean(data.get("url")), reducer="trafilatura")


# --- the standard-library reducer ------------------------------------------------------
_BLOCKS = frozenset("address article blockquote br dd div dl dt figcaption figure h1 h2 h3 h4 "
                    "h5 h6 hr li main ol p pre section table td th tr ul".split())
_SKIP = frozenset("script style head noscript template svg nav header footer aside form button "
                  "iframe select figcaption".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_BOILERPLATE = re.compile(r"cookie|consent|gdpr|banner|comment|disqus|most-?read|popular|"
                          r"trending|related|newsletter|share|social|breadcrumb|subscribe|"
                          r"promo|advert|\bads?\b|sponsor|byline|author|meta|masthead|overlay|"
                          r"pull-?quote|caption|kicker|dateline|timestamp", re.IGNORECASE)
#: Markup that names the parts of a page kept whatever the reducer: a dek (standfirst,
#: sub-head) and a closing author bio. A bio is kept even where its class says "author".
_CAPTURE = {
    "dek": re.compile(r"standfirst|\bdek\b|sub-?head|subtitle|strapline|summary|description|"
                      r"\blede\b|teaser", re.IGNORECASE),
    "bio": re.compile(r"\bbio\b|-bio\b|\bbio-|biography", re.IGNORECASE),
}
_META = {
    "og:title": "title", "twitter:title": "title", "og:site_name": "site",
    "author": "author", "article:author": "author", "date": "date",
    "article:published_time": "date", "og:url": "url",
}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        # open elements: (tag, skips its content, skips it even for a capture, the indexes
        # in self.captured of the captures it opened)
        self.stack: list[tuple[str, bool, bool, tuple[int, ...]]] = []
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.head_title: list[str] = []
        #: the elements that are a headline (h1), a dek or a bio, in page order: (kind, text)
        self.captured: list[tuple[str, list[str]]] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip, _, _ in self.stack)

    def texts(self, kind: str) -> list[tuple[int, str]]:
        """(page order, text) of the non-empty captured elements of one kind."""
        found = ((i, _clean("".join(parts))) for i, (k, parts) in enumerate(self.captured)
                 if k == kind)
        return [(i, t) for i, t in found if t]

    def parts(self, title: str) -> dict[str, str | list[str]]:
        """The page's ``h1`` texts, and the dek and bio that follow the headline's ``h1``.

        Without an ``h1`` that is the headline, no dek is taken (a site's tagline in its
        header is not a dek).
        """
        h1s = self.texts("h1")
        at = next((i for i, t in h1s if title and (_norm(t) == _norm(title) or _same_headline(
            t, title) or _same_headline(title, t))), None)
        deks = [t for i, t in self.texts("dek") if at is not None and i > at]
        bios = [t for i, t in self.texts("bio") if at is None or i > at]
        return {"h1s": [t for _, t in h1s], "dek": deks[0] if deks else "",
                "bio": bios[-1] if bios else ""}

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
        marks = " ".join(attrs.get(k, "") for k in ("class", "id", "role", "data-gu-name"))
        boiler = bool(_BOILERPLATE.search(marks))
        kinds = tuple(k for k, rx in _CAPTURE.items() if rx.search(marks))
        if tag == "h1" and not boiler:
            kinds += ("h1",)
        bio = "bio" in kinds
        # a header or a byline-ish class hides its text, but not a dek or bio inside it
        hard = (tag in _SKIP and tag != "header") or (boiler and not bio and not re.fullmatch(
            r"(?:[^ ]*(?:author|byline|meta|masthead)[^ ]*\s*)+", marks.strip(), re.IGNORECASE))
        if any(h for _, _, h, _ in self.stack):
            kinds = ()
        opened = tuple(range(len(self.captured), len(self.captured) + len(kinds)))
        self.captured.extend((kind, []) for kind in kinds)
        self.stack.append((tag, tag in _SKIP or (boiler and not bio), hard, opened))
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
            return
        if not any(h for _, _, h, _ in self.stack):
            for index in {i for *_, opened in self.stack for i in opened}:
                self.captured[index][1].append(data)
        if not self.skipping:
            self.blocks[-1].append(data)


def _title_of(head_title: str, h1s: list[str], site: str) -> str:
    """The headline in a ``<title>``: "Headline | Section | Site" or "Site - Headline"."""
    parts = _title_parts(_clean(head_title))
    heads = {_norm(h) for h in h1s}
    for part in parts:
        if _norm(part) in heads:
            return part
    rest = [p for p in parts if _norm(p) != _norm(site) and not _is_label(p)] if site else parts
    return (rest or parts or [""])[0]


def _with_html_parser(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    meta = parser.meta
    title = meta.get("title", "")
    if not title:
        title = _title_of("".join(parser.head_title), [t for _, t in parser.texts("h1")],
                          meta.get("site", ""))
    body = "\n".join(" ".join("".join(b).split()) for b in parser.blocks)
    date = meta.get("date", "")
    author = meta.get("author", "")
    title, text = _tidy(title, body, author=author, site=meta.get("site", ""),
                        **parser.parts(title))
    return Page(text=text, title=title, author=author,
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
