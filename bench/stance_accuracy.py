"""Accuracy of the author-level stance against hand-written expectations.

Usage::

    python bench/stance_accuracy.py                 # en_core_web_sm via load_pipeline
    python bench/stance_accuracy.py --model en_core_web_sm --quiet

Two sets are scored:

* **corpus** – ``corpus/*.txt`` against ``tests/data/corpus_expectations.json``
  (the texts the stance lexicons and weights were tuned on, so optimistic);
  the seed's own targets are listed separately, ``con`` or ``mixed`` accepted
  as ``tests/test_seed.py`` does;
* **corpus entities** – ``entity_stances`` in the same file (the author's
  stance toward named entities, written before the issue-13 stance rules
  ran), beside the trivial "everything neutral";
* **held-out** – ``tests/data/stance_heldout/*.txt`` against its
  ``expectations.json``, written before the pipeline was run on them.

A hit is an exact match of the author polarity (``pro``/``con``/``mixed``);
a target the pipeline never finds counts as a miss (``-``). Prints accuracy
per set and one line per target (``ok`` or ``XX``), no timing.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
CORPUS_EXPECT = ROOT / "tests" / "data" / "corpus_expectations.json"
HELDOUT = ROOT / "tests" / "data" / "stance_heldout"


def _author_stances(folder: Path, ids: list[str], nlp) -> dict[str, dict[str, tuple[str, float]]]:
    from argmap import extract_article

    out = {}
    for aid in ids:
        art = extract_article((folder / f"{aid}.txt").read_text(encoding="utf-8"),
                              article_id=aid, nlp=nlp)
        out[aid] = {s.target: (s.polarity, s.score) for s in art.author_stances}
    return out


def score(expect: dict[str, dict[str, str]], got: dict[str, dict[str, tuple[str, float]]]
          ) -> tuple[int, int, list[tuple[str, str, str, str, float]]]:
    """Return ``(hits, total, rows)``; a row is (article, target, want, got, score).

    ``want`` may list alternatives separated by ``|`` ("con|mixed").
    """
    rows, hits = [], 0
    for aid, targets in expect.items():
        for target, want in targets.items():
            pol, sc = got.get(aid, {}).get(target, ("-", 0.0))
            hits += pol in want.split("|")
            rows.append((aid, target, want, pol, sc))
    return hits, len(rows), rows


def corpus_expectations() -> tuple[dict, dict]:
    data = json.loads(CORPUS_EXPECT.read_text(encoding="utf-8"))
    articles = {aid: info["stances"] for aid, info in data["articles"].items()}
    seed = {data["seed"]["id"]: {t: "con|mixed" if want == "con" else want
                                 for t, want in data["seed"]["stances"].items()}}
    return articles, seed


def entity_expectations() -> dict[str, dict[str, str]]:
    """The author stances toward named entities (``entity_stances``), seed included."""
    data = json.loads(CORPUS_EXPECT.read_text(encoding="utf-8"))
    out = {aid: dict(info.get("entity_stances", {})) for aid, info in data["articles"].items()}
    out[data["seed"]["id"]] = dict(data["seed"].get("entity_stances", {}))
    return {aid: t for aid, t in out.items() if t}


def heldout_expectations() -> dict[str, dict[str, str]]:
    return json.loads((HELDOUT / "expectations.json").read_text(encoding="utf-8"))


def _report(name: str, hits: int, total: int, rows, quiet: bool) -> None:
    print(f"{name}: {hits}/{total} = {hits / total:.3f}")
    if quiet:
        return
    for aid, target, want, pol, sc in rows:
        mark = "ok" if pol in want.split("|") else "XX"
        print(f"  {mark} {aid:40s} {target:34s} want {want:9s} got {pol:7s} {sc:+.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=None, help="spaCy model (default: load_pipeline's choice)")
    ap.add_argument("--quiet", action="store_true", help="accuracy lines only")
    ap.add_argument("--fast", action="store_true", help="lexicon stance backend")
    args = ap.parse_args(argv)

    from argmap.pipeline import load_pipeline

    nlp = load_pipeline(args.model, fast=args.fast)
    backend = nlp.get_pipe("argmap_stance").active_backend
    print(f"model: {nlp.meta.get('name')} {nlp.meta.get('version')}; stance backend: {backend}")
    articles, seed = corpus_expectations()
    got = _author_stances(CORPUS, [*articles, *seed], nlp)
    _report("corpus", *score(articles, got), args.quiet)
    _report("corpus seed (con|mixed)", *score(seed, got), args.quiet)
    ents = entity_expectations()
    _report("corpus entities (incl. seed)", *score(ents, got), args.quiet)
    print("  trivial 'everything neutral': "
          f"{sum(w == 'neutral' for t in ents.values() for w in t.values())}/"
          f"{sum(len(t) for t in ents.values())}")
    held = heldout_expectations()
    _report("held-out", *score(held, _author_stances(HELDOUT, list(held), nlp)), args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
