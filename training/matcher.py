"""Train the argument-matching head of :mod:`argmap.matcher` on ArgKP (numpy + scikit-learn).

Training-time only (``make model-matcher``). Encodes every ArgKP argument and
key point with the packaged int8 encoder (the one used at run time), builds
the pair features ``[|u-v|, u*v, cos]`` of the labelled train pairs (24
topics), fits logistic regression variants, and keeps the variant with
the best mean of strict and relaxed mAP on ArgKP dev (4 topics; KPA-2021 track 1 scoring). Dev
also chooses the key-point clustering threshold, so dev figures are *not*
held-out figures. Writes ``matcher.npz`` and prints a summary for the model card.

Example::

    .venv-train/bin/python training/matcher.py --data ../shared/data/argkp \
        --out src/argmap/data/encoder/matcher.npz
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from argmap.encoder import SentenceEncoder  # noqa: E402
from argmap.evaluate.argkp import ArgKP, read_argkp, track1_map  # noqa: E402
from argmap.matcher import MatchHead, pair_features  # noqa: E402

__all__ = ["main", "train_variants", "choose_threshold"]

SEED = 0


def _embed(enc: SentenceEncoder, data: ArgKP) -> dict[str, np.ndarray]:
    ids = sorted(data.arguments) + sorted(data.key_points)
    texts = [data.arguments[i][0] if i in data.arguments else data.key_points[i][0] for i in ids]
    E = enc.encode(texts)
    return dict(zip(ids, E))


def _pairs_xy(data: ArgKP, emb: dict[str, np.ndarray]):
    pairs = sorted(data.labels)
    U = np.stack([emb[a] for a, _ in pairs])
    V = np.stack([emb[k] for _, k in pairs])
    y = np.array([data.labels[p] for p in pairs])
    return pair_features(U, V), y


def _dev_map(head: MatchHead, data: ArgKP, emb: dict[str, np.ndarray]) -> tuple[float, float]:
    from argmap.evaluate.argkp import candidate_pairs

    pairs = candidate_pairs(data)
    p = head.predict(np.stack([emb[a] for a, _ in pairs]), np.stack([emb[k] for _, k in pairs]))
    aps = track1_map(data, dict(zip(pairs, p)))
    return (float(np.mean(list(aps["strict"].values()))),
            float(np.mean(list(aps["relaxed"].values()))))


def train_variants(train: ArgKP, dev: ArgKP, emb: dict[str, np.ndarray]) -> list[dict]:
    """Fit every variant on train; return them with their dev mAP, best first.

    Logistic regression on all pair features or on ``[u*v, cos]`` only, at
    several regularisation strengths (weak regularisation overfits the 24
    training topics: dev strict mAP .53 at C=1 against .75 at C=0.01).
    """
    from sklearn.linear_model import LogisticRegression

    X, y = _pairs_xy(train, emb)
    d = X.shape[1]
    out = []
    for feats, cols in (("all", np.arange(d)), ("prod+cos", np.arange(d // 2, d))):
        for C in (0.001, 0.01, 0.03, 0.1):
            m = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
            m.fit(X[:, cols], y)
            W = np.zeros((d, 1), dtype=np.float32)
            W[cols, 0] = m.coef_[0]
            head = MatchHead([W], [m.intercept_], {"kind": "logreg"})
            name = f"logreg {feats} C={C}"
            strict, relaxed = _dev_map(head, dev, emb)
            print(f"{name:<28} dev strict mAP {strict:.3f}  relaxed {relaxed:.3f}", flush=True)
            out.append({"name": name, "head": head, "strict": strict, "relaxed": relaxed})
    # chosen by the mean of strict and relaxed dev mAP
    out.sort(key=lambda v: (-(v["strict"] + v["relaxed"]), v["name"]))
    return out


def choose_threshold(head: MatchHead, dev: ArgKP, emb: dict[str, np.ndarray]) -> tuple[float, float]:
    """Clustering threshold with the best mean adjusted Rand index on dev.

    Per topic (pro and con arguments together, as in a corpus of essays on
    both sides), the arguments that match exactly one key point are
    clustered (average linkage on ``1 - p(match)``); gold clusters are their
    key points. The adjusted index scores one big cluster 0, so the
    threshold cannot win by lumping a topic together. Returns
    ``(threshold, mean ARI)``.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.metrics import adjusted_rand_score

    pos = data_pos(dev)
    kps_of: dict[str, set[str]] = {}
    for (a, k), _ in pos:
        kps_of.setdefault(a, set()).add(k)
    groups: dict[str, list[str]] = {}
    for a in sorted(kps_of):
        if len(kps_of[a]) == 1:
            groups.setdefault(dev.arguments[a][1], []).append(a)
    trees = []
    for topic, ids in sorted(groups.items()):
        D = 1.0 - head.pairwise(np.stack([emb[a] for a in ids]))
        np.fill_diagonal(D, 0.0)
        gold = [next(iter(kps_of[a])) for a in ids]
        trees.append((gold, linkage(squareform(np.clip(D, 0, None), checks=False), method="average")))
    best = (0.5, -1.0)
    for t in np.round(np.arange(0.05, 0.96, 0.05), 2):
        ari = float(np.mean([adjusted_rand_score(gold, fcluster(Z, t=1.0 - t, criterion="distance"))
                             for gold, Z in trees]))
        print(f"threshold {t:.2f}: mean ARI {ari:.3f}", flush=True)
        if ari > best[1]:
            best = (float(t), ari)
    return best


def data_pos(data: ArgKP):
    """The positive labels, sorted."""
    return [(p, lab) for p, lab in sorted(data.labels.items()) if lab == 1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/argkp"))
    ap.add_argument("--encoder", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=Path("src/argmap/data/encoder/matcher.npz"))
    args = ap.parse_args(argv)
    train = read_argkp(args.data, split="train")
    dev = read_argkp(args.data, split="dev")
    enc = SentenceEncoder.load(args.encoder)
    emb = _embed(enc, train) | _embed(enc, dev)
    variants = train_variants(train, dev, emb)
    best = variants[0]
    head = best["head"]
    threshold, ari = choose_threshold(head, dev, emb)
    head.meta.update({
        "variant": best["name"], "encoder": enc.model_id, "trained_on": "ArgKP train (24 topics)",
        "chosen_on": "ArgKP dev (4 topics): variant and cluster_threshold",
        "dev_strict_map": round(best["strict"], 4), "dev_relaxed_map": round(best["relaxed"], 4),
        "cluster_threshold": threshold, "dev_cluster_ari": round(ari, 4),
        "features": "|u-v|, u*v, u.v",
    })
    args.out.parent.mkdir(parents=True, exist_ok=True)
    head.save(args.out)
    print(json.dumps({"variants": [{k: v for k, v in x.items() if k != "head"} for x in variants],
                      "chosen": head.meta}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
