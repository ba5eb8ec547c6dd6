"""How many of the key points a reader listed show up among the top key points of
``argmap keypoints``, next to other backends and a naming baseline.

Two expectation files, each written before the command first ran on its texts:

* ``tests/data/keypoints_expectations.json``: the six ``corpus/`` essays (the
  method was tuned on it; report it as *tuned on*);
* ``tests/data/keypoints_heldout/expectations.json``: five op-eds written for
  the check, measured once (*held out*).

Rows: the shipped backend (embeddings + ArgKP head), raw embedding cosine,
TF-IDF, and a baseline that names one key point per major claim and credits
it to *every* article (so it shows how far key-point names alone go under the
keyword criterion). Each figure is given as pre-registered (a key point may
tick several expectations) and one-to-one (each key point ticks one at most;
added after the tuning run, before the held-out run). Each figure has a 95% bootstrap interval over the
expectations, and the shipped backend a paired difference to TF-IDF. Run on
an extraction folder (or texts)::

    .venv/bin/argmap extract corpus/ -o outputs/
    .venv/bin/python bench/keypoint_recall.py outputs/
    .venv/bin/argmap extract tests/data/keypoints_heldout/ -o /tmp/kp-heldout/
    .venv/bin/python bench/keypoint_recall.py /tmp/kp-heldout/ \\
        --expect tests/data/keypoints_heldout/expectations.json
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from argmap.compare_tables import load_articles_with_folders
from argmap.encoder import load_encoder
from argmap.evaluate.stats import bootstrap_ci, paired_bootstrap
from argmap.graph.compare import EmbeddingBackend, TfidfBackend
from argmap.keypoint_tables import keypoints_of_articles
from argmap.matcher import load_matcher

EXPECT = Path(__file__).resolve().parents[1] / "tests" / "data" / "keypoints_expectations.json"


def found(expectation: dict, table) -> str | None:
    """The first top key point that covers the expectation, or None."""
    for row in table.itertuples():
        if covers(expectation, row):
            return str(row.key_point)
    return None


def covers(expectation: dict, row) -> bool:
    """The key-point row covers the expectation (the criterion of the expectation files)."""
    need = min(2, len(expectation["articles"]))
    arts = set(str(row.articles).split("|"))
    return (len(arts & set(expectation["articles"])) >= need
            and any(k.lower() in str(row.name).lower() for k in expectation["keywords"]))


def found_one_to_one(expectations: list[dict], table) -> list[int]:
    """Like :func:`found`, but each key point counts for one expectation at most
    (a maximum bipartite matching), so one broad key point cannot tick three."""
    import networkx as nx

    G = nx.Graph()
    rows = list(table.itertuples())
    for i, e in enumerate(expectations):
        G.add_node(("e", i))
        for r in rows:
            if covers(e, r):
                G.add_edge(("e", i), ("k", r.key_point))
    match = nx.bipartite.maximum_matching(G, top_nodes=[n for n in G if n[0] == "e"]) if G.edges else {}
    return [int(("e", i) in match) for i in range(len(expectations))]


def major_claim_baseline(articles) -> pd.DataFrame:
    """One key point per major claim, credited to every article."""
    everyone = "|".join(sorted(a.id for a in articles))
    rows = [{"key_point": f"mc{i}", "name": u.text, "articles": everyone}
            for i, u in enumerate((u for a in articles for u in a.units
                                   if u.role == "major_claim"), start=1)]
    return pd.DataFrame(rows, columns=["key_point", "name", "articles"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--expect", type=Path, default=EXPECT, help="expectations JSON")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--show", type=int, default=0, help="print the top N key point names")
    args = ap.parse_args(argv)
    spec = json.loads(args.expect.read_text(encoding="utf-8"))
    loaded = load_articles_with_folders(args.paths)
    articles = [a for a, _ in loaded]
    folders = [f for _, f in loaded]
    backends = {}
    enc = load_encoder()
    if enc is not None:
        backends["embedding+head"] = EmbeddingBackend(enc, head=load_matcher())
        backends["embedding"] = EmbeddingBackend(enc)
    backends["tfidf"] = TfidfBackend()
    hits: dict[str, list[int]] = {}
    one: dict[str, list[int]] = {}
    k = spec["top_k"]
    for name, backend in backends.items():
        kp = keypoints_of_articles(articles, folders=folders, backend=backend,
                                   threshold=args.threshold)
        top = kp.table.head(k)
        hits[name] = [int(found(e, top) is not None) for e in spec["expectations"]]
        one[name] = found_one_to_one(spec["expectations"], top)
        if name == next(iter(backends)):
            print(f"{len(kp.table)} key points from {kp.n_claims} units ({kp.backend}); "
                  f"checking the top {k}")
            for e, h in zip(spec["expectations"], hits[name]):
                print(f"  {'found ' + found(e, top) if h else 'missing':<12} {e['id']}")
            for r in kp.table.head(args.show).itertuples():
                print(f"    {r.key_point:>5} {r.n_articles} art {r.n_units:>2} units  {r.name[:90]}")
    base = major_claim_baseline(articles).head(k)
    hits["major-claim baseline"] = [int(found(e, base) is not None) for e in spec["expectations"]]
    one["major-claim baseline"] = found_one_to_one(spec["expectations"], base)
    n = len(spec["expectations"])
    for name, h in hits.items():
        lo, hi = bootstrap_ci(h)
        lo1, hi1 = bootstrap_ci(one[name])
        print(f"{name:22} {sum(h):>2} of {n} found  (95% CI {lo * n:.0f}-{hi * n:.0f}); "
              f"one key point per expectation {sum(one[name]):>2} (95% CI {lo1 * n:.0f}-{hi1 * n:.0f})")
    if "embedding+head" in hits:
        d = paired_bootstrap(hits["embedding+head"], hits["tfidf"])
        print(f"embedding+head - tfidf: {d.value * n:+.0f} of {n} "
              f"(95% CI {d.low * n:+.0f} to {d.high * n:+.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
