"""Time ``argmap.compare`` on 100 and 1,000 synthetic but varied articles.

Articles are generated as records (no spaCy): each has 12-30 units built
from templates over a vocabulary of ~600 words, 3-8 targets drawn from 60,
and a per-article position that tilts its unit stances. With the packaged
sentence encoder, the units are encoded first (timed apart: units per
CPU-second) and ``compare`` then runs on the precomputed embeddings, as it
does on extraction folders with their ``embeddings.npz``; TF-IDF is timed
beside it. ``key_points`` (``argmap keypoints``) is timed after each
``compare`` on the same backend (graphs built beforehand). Run::

    .venv/bin/python bench/compare.py            # 100 and 1000 articles
    .venv/bin/python bench/compare.py 100 5000   # other sizes
"""
from __future__ import annotations

import argparse
import random
import time

import os

from argmap.compare_tables import compare_articles
from argmap.encoder import load_encoder, text_key
from argmap.graph import build_graph
from argmap.graph.compare import (ALIGN_ROLES, EmbeddingBackend, TfidfBackend, align_claims,
                                  merge_graphs, stance_agreements)
from argmap.graph.keypoints import key_points
from argmap.matcher import load_matcher
from argmap.records import Article, AuthorStance, Entity, Mention, Stance, Unit

TARGETS = ([f"concept:c{i}" for i in range(20)] + [f"country:{c}" for c in
           ("US", "GB", "SE", "DE", "FR", "IN", "BR", "ZA", "UG", "JP", "CN", "AU", "CA",
            "NL", "CH", "IT", "ES", "KE", "NG", "MX")] + [f"institution:u{i}" for i in range(20)])
WORDS = [f"{a}{b}" for a in ("med", "res", "stud", "clin", "fund", "rank", "teach", "care",
                             "lab", "exam", "grad", "pati", "schol", "trial", "poli")
         for b in ("a", "e", "i", "o", "u", "al", "ing", "ed", "er", "ist", "ion", "ive", "ment",
                   "ity", "ous", "ure", "ary", "ic", "ism", "ance", "ful", "less", "ward",
                   "ship", "hood", "dom", "like", "ish", "ize", "ant", "ent", "ory", "ile",
                   "age", "ling", "let", "ette", "ee", "ese", "ian")]
PRO = ["useful", "fair", "valuable", "reliable", "excellent", "strong"]
CON = ["misleading", "flawed", "unfair", "weak", "overrated", "harmful"]
TEMPLATES = [
    "{t} is {v} because {w1} and {w2} shape {w3}.",
    "We should treat {t} as {v}, since {w1} {w2} matters for {w3}.",
    "In my view {t} remains {v} for {w1} {w2} and {w3} {w4}.",
    "Evidence on {w1} and {w2} shows {t} is {v} in {w3}.",
    "Critics of {t} say {w1} {w2}, yet {w3} {w4} looks {v}.",
]


def synthetic_article(i: int, rng: random.Random) -> Article:
    aid = f"a{i:05d}"
    position = rng.choice((-1, 1))
    targets = rng.sample(TARGETS, rng.randint(3, 8))
    topic = rng.sample(WORDS, 40)  # each article leans on its own words
    units, mentions, stances, text, rows = [], [], [], [], {}
    pos = 0
    for k in range(rng.randint(12, 30)):
        target = rng.choice(targets)
        sign = position if rng.random() < 0.75 else -position
        words = {f"w{j}": rng.choice(topic if rng.random() < 0.7 else WORDS) for j in range(1, 5)}
        sent = rng.choice(TEMPLATES).format(t=target.split(":")[1],
                                            v=rng.choice(PRO if sign > 0 else CON), **words)
        uid = f"{aid}:{pos}"
        role = "major_claim" if k == 0 else rng.choice(("claim", "premise", "premise"))
        units.append(Unit(uid, aid, pos, pos + len(sent), sent, role, 0.7, k, k // 4))
        mentions.append(Mention(uid, aid, target, uid, pos, pos + 3, sent[:3]))
        score = round(sign * rng.uniform(0.2, 0.9), 4)
        stances.append(Stance(f"{uid}:{target}", aid, uid, target,
                              "pro" if score > 0 else "con", score, 0.8, False, ""))
        rows.setdefault(target, []).append(score)
        text.append(sent)
        pos += len(sent) + 1
    author = tuple(AuthorStance(aid, t, "pro" if sum(v) > 0.15 * len(v) else
                                "con" if sum(v) < -0.15 * len(v) else "mixed",
                                round(sum(v) / len(v), 4), sum(x > 0 for x in v),
                                sum(x < 0 for x in v), 0) for t, v in sorted(rows.items()))
    ents = tuple(Entity(t, t.split(":")[1], t.split(":")[0], "", len(v), (t,))
                 for t, v in sorted(rows.items()) if not t.startswith("concept:"))
    return Article(aid, f"Article {i}", "", "", " ".join(text), units=tuple(units),
                   entities=ents, mentions=tuple(mentions), stances=tuple(stances),
                   author_stances=author)


def _precomputed(articles: list[Article]) -> EmbeddingBackend | None:
    encoder = load_encoder()
    if encoder is None:
        print("sentence encoder absent: TF-IDF only")
        return None
    texts = sorted({u.text for a in articles for u in a.units if u.role in ALIGN_ROLES})
    c0, t0 = time.process_time(), time.perf_counter()
    E = encoder.encode(texts)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    print(f"       encoding {len(texts)} distinct unit texts: {wall:.1f} s wall, {cpu:.1f} CPU-s, "
          f"{len(texts) / cpu:.0f} units per CPU-second (1 onnxruntime thread)")
    return EmbeddingBackend(encoder, head=load_matcher(),
                            vectors={text_key(t): v for t, v in zip(texts, E)})


def main(sizes: list[int]) -> None:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for n in sizes:
        rng = random.Random(n)
        articles = [synthetic_article(i, rng) for i in range(n)]
        n_units = sum(len(a.units) for a in articles)
        backends = [("tfidf", TfidfBackend())]
        emb = _precomputed(articles)
        if emb is not None:
            backends.append((emb.name + " (precomputed)", emb))
        for name, backend in backends:
            t0 = time.perf_counter()
            c = compare_articles(articles, k=3, backend=backend)
            dt = time.perf_counter() - t0
            print(f"{n:>5} articles, {n_units:>6} units, {name}: {dt:6.2f} s  "
                  f"({len(c.alignments)} alignments, {len(c.agreements)} agreement rows, "
                  f"graph {c.graph.number_of_nodes()} nodes / {c.graph.number_of_edges()} edges; "
                  f"all unit pairs would be {n_units * (n_units - 1) // 2:,})")
            if emb is not None and backend is emb:
                assert not emb.new_keys, "compare re-encoded units"
            graphs = [build_graph(a) for a in articles]
            t0 = time.perf_counter()
            kps = key_points(graphs, backend=backend)
            print(f"       key points ({name}): {time.perf_counter() - t0:6.2f} s, {len(kps)} key "
                  f"points, the biggest from {kps[0]['n_articles'] if kps else 0} articles")
        stages, t = {}, time.perf_counter()
        graphs = [build_graph(a) for a in articles]
        stages["graphs"], t = time.perf_counter() - t, time.perf_counter()
        rows = align_claims(graphs, k=3, backend=emb or TfidfBackend())
        stages["align"], t = time.perf_counter() - t, time.perf_counter()
        pairs = sorted({tuple(sorted((r["article_a"], r["article_b"]))) for r in rows})
        agreements = stance_agreements(graphs, pairs=pairs if n > 100 else None)
        stages["agreements"], t = time.perf_counter() - t, time.perf_counter()
        merge_graphs(graphs, alignments=rows, agreements=agreements)
        stages["merge"] = time.perf_counter() - t
        print("       stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000],
                        help="corpus sizes in articles (default: 100 1000)")
    main(parser.parse_args().sizes)
