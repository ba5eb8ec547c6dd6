"""Key-point matching scored as in KPA-2021 track 1 on a folder in the ArgKP layout.

The folder holds ``arguments_<split>.csv`` (``arg_id, argument, topic,
stance``), ``key_points_<split>.csv`` (``key_point_id, key_point, topic,
stance``) and ``labels_<split>.csv`` (``arg_id, key_point_id, label``).
Every argument is paired with the key points of its topic and stance; a
scorer gives each pair a score, the top-scoring key point of each argument
is its prediction, and per topic × stance the top 50% of predictions are
kept and scored by average precision: *strict* counts pairs absent from the
labels ("undecided") as no match, *relaxed* as a match. Both are
macro-averaged over topic × stance, with a bootstrap interval over topics.

Scorers: ``tfidf`` (TF-IDF cosine, :class:`argmap.graph.compare.TfidfBackend`),
``cosine`` (raw sentence-embedding cosine, :mod:`argmap.encoder`) and
``head`` (the trained matching head, :mod:`argmap.matcher`).

Example::

    from argmap.evaluate.argkp import read_argkp, evaluate_argkp, format_argkp
    data = read_argkp("../shared/data/argkp", split="dev")
    print(format_argkp(evaluate_argkp(data)))
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..io.sources import open_regular
from ..types import PathLike
from .stats import Interval, bootstrap_ci, mean, paired_bootstrap

__all__ = ["ArgKP", "read_argkp", "candidate_pairs", "track1_map", "score_pairs",
           "evaluate_argkp", "format_argkp", "SCORERS"]

#: Scorer names, in report order.
SCORERS = ("tfidf", "cosine", "head")


@dataclass(frozen=True)
class ArgKP:
    """One split of ArgKP-style data.

    Attributes:
        arguments: ``{arg_id: (text, topic, stance)}``.
        key_points: ``{key_point_id: (text, topic, stance)}``.
        labels: ``{(arg_id, key_point_id): 0 or 1}``; absent pairs are undecided.
    """

    arguments: dict[str, tuple[str, str, int]]
    key_points: dict[str, tuple[str, str, int]]
    labels: dict[tuple[str, str], int]


def _read_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    with open_regular(str(path), "utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
        return list(reader)


def _stance(value: str, where: str) -> int:
    try:
        s = int(float(value))
    except ValueError:
        raise ValueError(f"{where}: stance {value!r} is not 1 or -1") from None
    if s not in (1, -1):
        raise ValueError(f"{where}: stance {value!r} is not 1 or -1")
    return s


def read_argkp(folder: PathLike, *, split: str | None = None) -> ArgKP:
    """Read ``arguments_*.csv``, ``key_points_*.csv`` and ``labels_*.csv`` from *folder*.

    Args:
        folder: The data folder.
        split: The file suffix (``dev``, ``train``, ``test``); found by
            itself when the folder holds exactly one split.

    Raises:
        ValueError: Files are missing or ambiguous, or a row is malformed.
    """
    root = Path(folder)
    if split is None:
        splits = sorted(p.name[len("arguments_"):-len(".csv")] for p in root.glob("arguments_*.csv"))
        if len(splits) != 1:
            raise ValueError(f"{folder}: expected one arguments_<split>.csv, found "
                             f"{len(splits)} ({', '.join(splits) or 'none'}); choose a split")
        split = splits[0]
    files = {n: root / f"{n}_{split}.csv" for n in ("arguments", "key_points", "labels")}
    for f in files.values():
        if not f.is_file():
            raise ValueError(f"{f}: not found")
    arguments = {}
    for i, r in enumerate(_read_csv(files["arguments"], ("arg_id", "argument", "topic", "stance"))):
        arguments[r["arg_id"]] = (r["argument"], r["topic"],
                                  _stance(r["stance"], f"{files['arguments'].name} row {i + 2}"))
    key_points = {}
    for i, r in enumerate(_read_csv(files["key_points"],
                                    ("key_point_id", "key_point", "topic", "stance"))):
        key_points[r["key_point_id"]] = (r["key_point"], r["topic"],
                                         _stance(r["stance"], f"{files['key_points'].name} row {i + 2}"))
    labels = {}
    for i, r in enumerate(_read_csv(files["labels"], ("arg_id", "key_point_id", "label"))):
        if r["label"] not in ("0", "1"):
            raise ValueError(f"{files['labels'].name} row {i + 2}: label {r['label']!r} is not 0 or 1")
        labels[(r["arg_id"], r["key_point_id"])] = int(r["label"])
    return ArgKP(arguments, key_points, labels)


def candidate_pairs(data: ArgKP) -> list[tuple[str, str]]:
    """Every (argument, key point) pair of the same topic and stance, sorted.

    >>> d = ArgKP({"a1": ("x", "T", 1)}, {"k1": ("y", "T", 1), "k2": ("z", "T", -1)}, {})
    >>> candidate_pairs(d)
    [('a1', 'k1')]
    """
    by_group: dict[tuple[str, int], list[str]] = {}
    for kid, (_, topic, stance) in sorted(data.key_points.items()):
        by_group.setdefault((topic, stance), []).append(kid)
    return [(aid, kid) for aid, (_, topic, stance) in sorted(data.arguments.items())
            for kid in by_group.get((topic, stance), ())]


def _average_precision(y: np.ndarray, s: np.ndarray) -> float:
    # scikit-learn's average_precision_score (step-wise, ties grouped)
    from sklearn.metrics import average_precision_score

    if not y.any():
        return 0.0
    return float(average_precision_score(y, s))


def track1_map(data: ArgKP, scores: dict[tuple[str, str], float], *, top: float = 0.5
               ) -> dict[str, dict[tuple[str, int], float]]:
    """Per topic × stance average precision, strict and relaxed (KPA-2021 track 1).

    Args:
        data: The split.
        scores: A score for every candidate pair (missing pairs score ``-inf``).
        top: Share of each topic × stance's predictions that is kept.

    Returns:
        ``{"strict": {(topic, stance): AP}, "relaxed": {...}}``.

    Example:
        >>> d = ArgKP({"a1": ("x", "T", 1), "a2": ("y", "T", 1)},
        ...           {"k1": ("x", "T", 1), "k2": ("y", "T", 1)},
        ...           {("a1", "k1"): 1, ("a2", "k2"): 0})
        >>> s = {("a1", "k1"): 0.9, ("a1", "k2"): 0.1, ("a2", "k1"): 0.2, ("a2", "k2"): 0.8}
        >>> track1_map(d, s)["strict"]
        {('T', 1): 1.0}
    """
    best: dict[str, tuple[float, str]] = {}
    for aid, kid in candidate_pairs(data):
        sc = float(scores.get((aid, kid), -np.inf))
        # ties: the smaller key point id wins, so the choice is deterministic
        if aid not in best or sc > best[aid][0]:
            best[aid] = (sc, kid)
    groups: dict[tuple[str, int], list[tuple[float, str, str]]] = {}
    for aid, (sc, kid) in best.items():
        _, topic, stance = data.arguments[aid]
        groups.setdefault((topic, stance), []).append((sc, aid, kid))
    out: dict[str, dict[tuple[str, int], float]] = {"strict": {}, "relaxed": {}}
    for key in sorted(groups):
        rows = sorted(groups[key], key=lambda r: (-r[0], r[1]))
        rows = rows[: int(len(rows) * top)]
        s = np.array([r[0] for r in rows], dtype=np.float64)
        lab = [data.labels.get((r[1], r[2])) for r in rows]
        for name, undecided in (("strict", 0), ("relaxed", 1)):
            y = np.array([undecided if v is None else v for v in lab], dtype=np.int64)
            out[name][key] = _average_precision(y, s) if len(rows) else 0.0
    return out


def _texts(data: ArgKP, pairs: Sequence[tuple[str, str]]) -> tuple[list[str], list[str]]:
    return [data.arguments[a][0] for a, _ in pairs], [data.key_points[k][0] for _, k in pairs]


def score_pairs(data: ArgKP, scorer: str, pairs: Sequence[tuple[str, str]] | None = None, *,
                encoder: Any = None, head: Any = None) -> dict[tuple[str, str], float]:
    """Score candidate pairs with ``tfidf``, ``cosine`` or ``head``.

    ``encoder`` / ``head`` default to the packaged ones; a missing one is a
    :class:`ValueError` naming it.
    """
    pairs = list(pairs if pairs is not None else candidate_pairs(data))
    if not pairs:
        return {}
    if scorer == "tfidf":
        from ..graph.compare import TfidfBackend

        args = sorted({a for a, _ in pairs})
        kps = sorted({k for _, k in pairs})
        X = TfidfBackend().embed([data.arguments[a][0] for a in args]
                                 + [data.key_points[k][0] for k in kps])
        ai = {a: i for i, a in enumerate(args)}
        ki = {k: len(args) + i for i, k in enumerate(kps)}
        A = X[[ai[a] for a, _ in pairs]]
        B = X[[ki[k] for _, k in pairs]]
        sims = np.asarray(A.multiply(B).sum(axis=1)).ravel()
        return {p: float(s) for p, s in zip(pairs, sims)}
    if scorer not in ("cosine", "head"):
        raise ValueError(f"unknown scorer {scorer!r} (choose from {', '.join(SCORERS)})")
    if encoder is None:
        from ..encoder import load_encoder

        encoder = load_encoder()
        if encoder is None:
            raise ValueError("the sentence encoder (argmap/data/encoder/model.onnx) is not installed")
    texts = sorted({data.arguments[a][0] for a, _ in pairs} | {data.key_points[k][0] for _, k in pairs})
    E = encoder.encode(texts)
    row = {t: i for i, t in enumerate(texts)}
    ta, tb = _texts(data, pairs)
    U, V = E[[row[t] for t in ta]], E[[row[t] for t in tb]]
    if scorer == "cosine":
        sims = (U * V).sum(axis=1)
    else:
        if head is None:
            from ..matcher import load_matcher

            head = load_matcher()
            if head is None:
                raise ValueError("the matching head (argmap/data/encoder/matcher.npz) is not installed")
        sims = head.predict(U, V)
    return {p: float(s) for p, s in zip(pairs, sims)}


def evaluate_argkp(data: ArgKP, *, scorers: Sequence[str] = SCORERS, encoder: Any = None,
                   head: Any = None, n_boot: int = 1000,
                   score_fn: Callable[..., dict] = score_pairs) -> dict[str, Any]:
    """Score every scorer; strict and relaxed mAP with intervals over topic × stance.

    Returns:
        ``{"groups": n, "scorers": {name: {"strict": Interval-dict,
        "relaxed": ..., "per_group": {...}}}, "diff_vs_tfidf": {...}}``;
        a scorer that is unavailable has ``{"error": message}``.
    """
    pairs = candidate_pairs(data)
    results: dict[str, Any] = {}
    per_group: dict[str, dict[str, list[float]]] = {}
    keys: list[tuple[str, int]] = []
    for name in scorers:
        try:
            scores = score_fn(data, name, pairs, encoder=encoder, head=head)
        except ValueError as exc:
            results[name] = {"error": str(exc)}
            continue
        aps = track1_map(data, scores)
        keys = sorted(aps["strict"])
        entry: dict[str, Any] = {}
        per_group[name] = {}
        for kind in ("strict", "relaxed"):
            vals = [aps[kind][k] for k in keys]
            per_group[name][kind] = vals
            lo, hi = bootstrap_ci(vals, n=n_boot)
            entry[kind] = Interval(mean(vals), lo, hi).as_dict()
        entry["per_group"] = {f"{t} ({'pro' if s > 0 else 'con'})": round(aps["strict"][(t, s)], 4)
                              for t, s in keys}
        results[name] = entry
    diffs = {}
    if "tfidf" in per_group:
        for name in per_group:
            if name == "tfidf":
                continue
            diffs[name] = {kind: paired_bootstrap(per_group[name][kind], per_group["tfidf"][kind],
                                                  n=n_boot).as_dict()
                           for kind in ("strict", "relaxed")}
    return {"arguments": len(data.arguments), "key_points": len(data.key_points),
            "labelled_pairs": len(data.labels), "candidate_pairs": len(pairs),
            "groups": len(keys), "scorers": results, "diff_vs_tfidf": diffs}


def format_argkp(result: dict[str, Any]) -> str:
    """Render :func:`evaluate_argkp` as a short text table (under 100 columns)."""
    def iv(d: dict[str, float]) -> str:
        return f"{d['value']:.3f} [{d['low']:.3f}, {d['high']:.3f}]"

    lines = [f"ArgKP track 1: {result['arguments']} arguments, {result['key_points']} key points, "
             f"{result['groups']} topic x stance groups "
             f"(95% bootstrap intervals over groups)",
             f"{'scorer':<8}  {'strict mAP':<22}  {'relaxed mAP':<22}"]
    for name, entry in result["scorers"].items():
        if "error" in entry:
            lines.append(f"{name:<8}  unavailable: {entry['error']}")
            continue
        lines.append(f"{name:<8}  {iv(entry['strict']):<22}  {iv(entry['relaxed']):<22}")
    for name, d in result["diff_vs_tfidf"].items():
        lines.append(f"{name} - tfidf: strict {iv(d['strict'])}, relaxed {iv(d['relaxed'])}")
    return "\n".join(lines) + "\n"
