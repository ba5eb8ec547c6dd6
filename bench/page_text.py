"""What the HTML reducers keep of the pages in tests/data/pages_s22/, with both reducers.

Usage::

    python bench/page_text.py                  # this checkout
    PYTHONPATH=/path/to/main/src python bench/page_text.py   # the "before" row

For each reducer (html.parser, and trafilatura when installed): the expected
paragraphs found (the ``text`` lists of ``expected.json``), the paragraphs
that are not expected (labels, bylines, dates, captions, repeated headlines,
share lines), the pages whose headline comes back as a later paragraph, and
the pages whose ``title`` is the expected headline. No spaCy, no pipeline.
"""
from __future__ import annotations

import json
from pathlib import Path

from argmap.io.web import reduce_html, trafilatura_available

PAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "pages_s22"


def main() -> None:
    gold = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))["pages"]
    for use in [False] + ([True] if trafilatura_available() else []):
        found = total = extra = twice = titles = 0
        reducer = ""
        for name, want in sorted(gold.items()):
            page = reduce_html((PAGES / name).read_text(encoding="utf-8"), use_trafilatura=use)
            reducer = page.reducer
            paras = page.text.rstrip("\n").split("\n\n")
            found += sum(p in paras for p in want["text"])
            total += len(want["text"])
            extra += sum(p not in want["text"] for p in paras)
            twice += any(p.casefold() == page.title.casefold() for p in paras[1:])
            titles += page.title == want["title"]
        print(f"{reducer}: expected paragraphs found {found}/{total}, paragraphs not expected "
              f"{extra}, headline twice on {twice} of {len(gold)} pages, title right {titles}/{len(gold)}")


if __name__ == "__main__":
    main()
