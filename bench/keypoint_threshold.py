"""Choose the key-point match threshold on ArgKP *train* topics (no essays, no dev).

:func:`argmap.graph.keypoints.key_points` gives every unit the key point it
matches best and keeps the match when its score reaches a threshold. This
script sets that threshold the same way on ArgKP train: per topic, every
argument's best key point among *all* the topic's key points (pro and con
together, as in a corpus with both sides), kept when its score is at or
above ``t``. A kept pair labelled 1 is right; unlabelled ("undecided")
pairs count as wrong (strict). Precision = right / kept, recall = right /
arguments that have a matching key point. The threshold with the best F1
is printed for the head, the raw cosine and TF-IDF, with dev beside it
(not used to choose). Run::

    .venv/bin/python bench/keypoint_threshold.py ../shared/data/argkp
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from argmap.encoder import load_encoder
from argmap.evaluate.argkp import ArgKP, read_argkp
from argmap.graph.compare import TfidfBackend
from argmap.matcher import load_matcher


def best_matches(data: ArgKP, score, *, own_stance: bool = False) -> list[tuple[float, int]]:
    """``(score, right)`` of each argument's best key point in its topic (both stances,
    or its own stance only)."""
    by_topic: dict[tuple[str, int], list[str]] = {}
    for kid, (_, topic, stance) in sorted(data.key_points.items()):
        by_topic.setdefault((topic, stance if own_stance else 0), []).append(kid)
    out = []
    for aid, (text, topic, stance) in sorted(data.arguments.items()):
        kids = by_topic.get((topic, stance if own_stance else 0), [])
        if not kids:
            continue
        s = score(text, [data.key_points[k][0] for k in kids])
        j = int(np.argmax(s))
        out.append((float(s[j]), int(data.labels.get((aid, kids[j])) == 1)))
    return out


def sweep(rows: list[tuple[float, int]], n_pos: int, grid) -> list[tuple[float, float, float, float]]:
    """``(t, precision, recall, F1)`` for each threshold of ``grid``."""
    s = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    out = []
    for t in grid:
        kept = s >= t
        right = int((kept & (y == 1)).sum())
        p = right / max(1, int(kept.sum()))
        r = right / max(1, n_pos)
        out.append((float(t), p, r, 2 * p * r / max(1e-12, p + r)))
    return out


def scorers(data_list: list[ArgKP]):
    enc = load_encoder()
    head = load_matcher()
    texts = sorted({t for d in data_list for t, _, _ in d.arguments.values()}
                   | {t for d in data_list for t, _, _ in d.key_points.values()})
    out = {}
    if enc is not None:
        E = enc.encode(texts)
        row = {t: i for i, t in enumerate(texts)}

        def cosine(a, ks):
            return E[[row[k] for k in ks]] @ E[row[a]]
        out["cosine"] = cosine
        if head is not None:
            def prob(a, ks):
                K = E[[row[k] for k in ks]]
                return head.predict(np.repeat(E[row[a]][None, :], len(ks), axis=0), K)
            out["head"] = prob
    X = TfidfBackend().embed(texts)
    trow = {t: i for i, t in enumerate(texts)}

    def tfidf(a, ks):
        return np.asarray((X[[trow[k] for k in ks]] @ X[trow[a]].T).todense()).ravel()
    out["tfidf"] = tfidf
    return out


def positive_scores(data: ArgKP, score) -> np.ndarray:
    """Scores of the pairs labelled 1."""
    by_arg: dict[str, list[str]] = {}
    for (aid, kid), lab in sorted(data.labels.items()):
        if lab == 1:
            by_arg.setdefault(aid, []).append(kid)
    return np.concatenate([score(data.arguments[a][0], [data.key_points[k][0] for k in ks])
                           for a, ks in by_arg.items()])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--keep", type=float, default=0.9, help="share of train matches kept")
    args = ap.parse_args(argv)
    train = read_argkp(args.folder, split="train")
    dev = read_argkp(args.folder, split="dev")
    for name, score in scorers([train, dev]).items():
        t = float(np.quantile(positive_scores(train, score), 1.0 - args.keep))
        line = [f"{name:7} threshold {t:.3f}"]
        for split, data in (("train", train), ("dev", dev)):
            n_pos = len({a for (a, _), lab in data.labels.items() if lab == 1})
            for own in (False, True):
                _, p, r, f = sweep(best_matches(data, score, own_stance=own), n_pos, [t])[0]
                line.append(f"{split}{' own stance' if own else ''} P {p:.3f} R {r:.3f}")
        print("; ".join(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
