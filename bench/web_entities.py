"""Score entities extracted from the hand-written pages in tests/data/web/.

Usage (reads the article.json files of an extraction folder)::

    argmap extract tests/data/web -o /tmp/web-after
    python bench/web_entities.py /tmp/web-after
    argmap extract tests/data/web_heldout -o /tmp/heldout
    python bench/web_entities.py --gold tests/data/web_heldout/expected.json /tmp/heldout

``tests/data/web/`` is the tuning set; ``tests/data/web_heldout/`` holds
blind pages that were never tuned on.

Per page, an extracted entity id is a hit if it is in ``expected``, ignored
if in ``optional`` and junk otherwise. Prints micro precision and recall
with 95% bootstrap intervals over pages, the junk count and the misses.
Run it on outputs of main (PYTHONPATH=/work/main/src) for the "before" row;
``python bench/web_entities.py BEFORE AFTER`` prints the paired differences.

It also scores the reduced text (the ``text`` of each article.json): the
gold ``body`` phrases found, the ``boilerplate`` phrases left, and the pages
whose headline comes back as a later paragraph (``headline twice``). A gold
file without ``expected`` entities (``tests/data/pages_s22/expected.json``,
whose ``text`` is the whole expected reduced text) is scored on the text only:
its expected paragraphs found and the paragraphs that are not expected.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent / "tests" / "data" / "web" / "expected.json"


def _slug(name: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in Path(name).stem)
    return "-".join(p for p in out.split("-") if p)


def score(outdir: Path, gold_path: Path = GOLD) -> dict:
    from argmap.evaluate.stats import bootstrap_ci

    pages = json.loads(gold_path.read_text(encoding="utf-8"))["pages"]
    rows = []
    for name, gold in sorted(pages.items()):
        path = outdir / _slug(name) / "article.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        got = {e["id"] for e in data["entities"]}
        want = {e["id"] for e in gold.get("expected", [])}
        optional = set(gold.get("optional", []))
        hits = got & want
        junk = sorted(got - want - optional)
        rows.append({"page": name, "tp": len(hits), "pred": len(got - optional), "gold": len(want),
                     "junk": junk, "missed": sorted(want - got), **_text_checks(data, gold)})

    def prec(rs):
        return sum(r["tp"] for r in rs) / max(1, sum(r["pred"] for r in rs))

    def rec(rs):
        return sum(r["tp"] for r in rs) / max(1, sum(r["gold"] for r in rs))

    return {"precision": (prec(rows), *bootstrap_ci(rows, prec)),
            "recall": (rec(rows), *bootstrap_ci(rows, rec)),
            "junk": sum(len(r["junk"]) for r in rows),
            "entities": sum(r["pred"] for r in rows), "rows": rows}


def _text_checks(data: dict, gold: dict) -> dict:
    """The reduced text against the gold phrases: body kept, boilerplate gone, headline once."""
    text = data.get("text", "")
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = gold.get("body", [])
    boiler = gold.get("boilerplate", [])
    if isinstance(gold.get("text"), list):  # the whole expected text, one paragraph per item
        body = gold["text"]
        boiler = [p for p in paras if p not in gold["text"]]
    title = (data.get("title") or "").strip().casefold()
    return {"body_found": sum(b in text for b in body), "body": len(body),
            "boiler_left": sum(b in text for b in boiler), "boiler": len(boiler),
            "headline_twice": int(bool(title) and any(p.casefold() == title for p in paras[1:]))}


def _paired(before: dict, after: dict) -> str:
    """After minus before, with a paired bootstrap over pages."""
    from argmap.evaluate.stats import paired_bootstrap

    a, b = after["rows"], before["rows"]
    parts = []
    for name, num, den in (("precision", "tp", "pred"), ("recall", "tp", "gold")):
        def stat(rows, num=num, den=den):
            return sum(r[num] for r in rows) / max(1, sum(r[den] for r in rows))
        d = paired_bootstrap(a, b, stat)
        parts.append(f"{name} {d.value:+.3f} [{d.low:+.3f}, {d.high:+.3f}]")
    return "after - before: " + "  ".join(parts)


def main(argv: list[str]) -> None:
    gold = GOLD
    if len(argv) > 2 and argv[1] == "--gold":
        gold, argv = Path(argv[2]), [argv[0], *argv[3:]]
    if len(argv) == 3:
        print(_paired(score(Path(argv[1]), gold), score(Path(argv[2]), gold)))
        return
    out = score(Path(argv[1]), gold)
    rows = out["rows"]
    print(f"text: body phrases found {sum(r['body_found'] for r in rows)}/{sum(r['body'] for r in rows)}, "
          f"boilerplate left {sum(r['boiler_left'] for r in rows)}"
          + ("" if any(isinstance(g.get("text"), list) for g in
                       json.loads(gold.read_text(encoding="utf-8"))["pages"].values())
             else f"/{sum(r['boiler'] for r in rows)}")
          + f", headline twice on {sum(r['headline_twice'] for r in rows)} of {len(rows)} pages")
    if not any(r["gold"] for r in rows):
        return
    for r in out["rows"]:
        print(f"{r['page']}: {r['tp']}/{r['gold']} found, {r['pred']} listed; "
              f"junk {r['junk']}; missed {r['missed']}")
    p, r = out["precision"], out["recall"]
    print(f"precision {p[0]:.3f} [{p[1]:.3f}, {p[2]:.3f}]  recall {r[0]:.3f} [{r[1]:.3f}, {r[2]:.3f}]  "
          f"junk {out['junk']} of {out['entities']} listed")


if __name__ == "__main__":
    main(sys.argv)
