"""Fit an attachment preference for units with no marker, on tuning data only.

When no rule or discourse marker decides where a unit attaches,
:class:`~argmap.pipeline.relations.ArgumentRelations` sends it to its
*anchor* (the major claim, or the paragraph's head). This script asks
whether a few-weight scorer over (source, candidate target) features does
better. For every such unit of the tuning data (microtexts folds 1-4 and
``tests/data/essays_dev``; microtexts fold 5 is never read) whose gold
target is its anchor or one of the other candidates (the unit before in
the paragraph, the unit two back), it builds one row per non-anchor
candidate::

    [bias, two back, candidate marked by a contrast, ... by a concession,
     ... by a reason/example/continuation, source opens with an addition
     marker, source opens with a pronoun, overlap(candidate) -
     overlap(anchor), candidate is a bare statement, essay]

and fits a logistic model of "gold is this candidate, not the anchor"
(L2-penalised, Newton steps, numpy only). The candidate with the highest
probability above ``--threshold`` replaces the anchor. It reports, by
leave-one-group-out cross-validation over the five groups (microtext folds
1-4, essays_dev), how many of those units the fitted preference attaches
right, against the anchor always; then the weights fitted on all groups.

Only a handful of weights: the microtexts are CC BY-NC-SA, evaluation
only, so no fitted model file is written; the script prints the weights.

Usage::

    python bench/attach_fit.py ../shared/eval/microtexts-part1/corpus/en tests/data/essays_dev
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter

import numpy as np

__all__ = ["FEATURES", "fit", "main"]

FEATURES = ("bias", "two back", "cand contrast", "cand concession", "cand linked",
            "src addition", "src pronoun", "overlap gain", "cand bare statement", "essay")

_PRONOUNS = ("they ", "their ", "them ", "it ", "its ", "he ", "she ", "his ", "her ", "those ", "these ")


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, steps: int = 25) -> np.ndarray:
    """Weights of an L2-penalised logistic regression (Newton's method; the bias is penalised too)."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def _collect(golds, groups, nlp):
    """One example per unmarked unit: ``(group, gold choice, [(candidate, features)])``."""
    from argmap.evaluate.gold import RESTATEMENT
    from argmap.evaluate.score import canonical_ids, match_units
    from argmap.extract import _prepared, extract_doc
    from argmap.pipeline import relations as rel_mod
    from argmap.pipeline.units import (ADDITION_STARTS, CAUSAL_STARTS, CONCESSION_STARTS,
                                       CONTINUATION_STARTS, EXAMPLE_STARTS, starts_with)

    seen: list[dict] = []
    original = rel_mod.ArgumentRelations._unmarked_target

    def traced(self, doc, units, texts, args, k, anchor, why, para):
        i = args[k]
        cands = {}
        for back in (1, 2):
            if k - back >= 0 and para[args[k - back]] == para[i] and args[k - back] != anchor[i]:
                cands[args[k - back]] = back
        if cands:
            content = {j: rel_mod._content(units[j]) for j in (i, anchor[i], *cands)}
            essay = len({para[j] for j in args}) >= 3
            rows = []
            for c, back in cands.items():
                w = why.get(c) or ""
                low = texts[c].lower()
                rows.append((c, [1.0, float(back == 2),
                                 float(bool(w) and bool(starts_with(low, ("but", "however", "yet", "still",
                                                                           "nevertheless", "though")))),
                                 float(bool(w) and bool(starts_with(low, CONCESSION_STARTS)) or "critics" in w),
                                 float(bool(w) and bool(starts_with(low, CAUSAL_STARTS + EXAMPLE_STARTS
                                                                    + CONTINUATION_STARTS))),
                                 float(bool(starts_with(texts[i], ADDITION_STARTS))),
                                 float(texts[i].lower().startswith(_PRONOUNS)),
                                 rel_mod._jaccard(content[i], content[c])
                                 - rel_mod._jaccard(content[i], content[anchor[i]]),
                                 float(rel_mod._bare_statement(doc, units[c])),
                                 float(essay)]))
            seen.append({"doc": doc, "i": i, "anchor": anchor[i], "rows": rows})
        return original(self, doc, units, texts, args, k, anchor, why, para)

    rel_mod.ArgumentRelations._unmarked_target = traced
    try:
        examples = []
        for gold, group in zip(golds, groups):
            seen.clear()
            doc = nlp(_prepared(nlp, gold.text))
            art = extract_doc(doc, article_id=gold.id, text=gold.text, source=gold.id)
            matching, canon = match_units(gold, art), canonical_ids(gold)
            g2p: dict[str, str] = {}
            for pid, gid in matching.items():
                g2p.setdefault(canon(gid), pid)
            index = {u.id: n for n, u in enumerate(art.units)}
            gold_target = {}
            for r in gold.relations:
                if r.kind != RESTATEMENT and canon(r.source) in g2p and canon(r.target) in g2p:
                    gold_target[index[g2p[canon(r.source)]]] = index[g2p[canon(r.target)]]
            for ex in seen:
                t = gold_target.get(ex["i"])
                if t is None:
                    continue
                choice = "anchor" if t == ex["anchor"] else next(
                    (n for n, (c, _) in enumerate(ex["rows"]) if c == t), "other")
                examples.append((group, choice, ex["rows"]))
    finally:
        rel_mod.ArgumentRelations._unmarked_target = original
    return examples


def _design(examples):
    x, y = [], []
    for _, choice, rows in examples:
        if choice == "other":
            continue
        for n, (_, f) in enumerate(rows):
            x.append(f)
            y.append(float(choice == n))
    return np.array(x), np.array(y)


def _right(examples, w, threshold: float) -> int:
    right = 0
    for _, choice, rows in examples:
        probs = [1.0 / (1.0 + np.exp(-np.dot(w, f))) for _, f in rows]
        best = int(np.argmax(probs))
        pick = best if probs[best] > threshold else "anchor"
        right += pick == choice
    return right


def main(argv: list[str] | None = None) -> None:
    """Print the cross-validated counts and the fitted weights (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("microtexts", help="microtext part-1 directory (folds 1-4 are read, fold 5 never)")
    ap.add_argument("essays", help="a brat essay tuning set (essays_dev)")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args(argv)
    from argmap.evaluate import READERS
    from argmap.evaluate.stats import fold_of
    from argmap.pipeline import load_pipeline

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    micro = [g for g in READERS["microtext"](args.microtexts, on_error=warn) if fold_of(g.id, 5) != 5]
    essays = list(READERS["brat"](args.essays, on_error=warn))
    golds = micro + essays
    groups = [f"micro fold {fold_of(g.id, 5)}" for g in micro] + ["essays_dev"] * len(essays)
    examples = _collect(golds, groups, load_pipeline())
    print(f"{len(examples)} unmarked units with a candidate besides the anchor; gold target: "
          + ", ".join(f"{k} {v}" for k, v in Counter(
              "anchor" if c == "anchor" else "other" if c == "other" else
              ("unit before", "two back")[int(rows[c][1][1])] for _, c, rows in examples).most_common()))
    print(f"\nleave-one-group-out (threshold {args.threshold}, l2 {args.l2}): right targets")
    print(f"{'held-out group':16} {'units':>5} {'anchor':>6} {'fitted':>6}")
    total = Counter()
    for group in sorted({g for g, _, _ in examples}):
        train = [e for e in examples if e[0] != group]
        test = [e for e in examples if e[0] == group]
        x, y = _design(train)
        w = fit(x, y, l2=args.l2)
        anchor = sum(c == "anchor" for _, c, _ in test)
        fitted = _right(test, w, args.threshold)
        total.update(units=len(test), anchor=anchor, fitted=fitted)
        print(f"{group:16} {len(test):5} {anchor:6} {fitted:6}")
    print(f"{'all':16} {total['units']:5} {total['anchor']:6} {total['fitted']:6}")
    x, y = _design(examples)
    w = fit(x, y, l2=args.l2)
    print(f"\nweights fitted on all tuning groups (rows {len(y)}, positives {int(y.sum())}; "
          f"right on the same data {_right(examples, w, args.threshold)} vs anchor "
          f"{sum(c == 'anchor' for _, c, _ in examples)}):")
    for name, value in zip(FEATURES, w):
        print(f"  {name:20} {value:+.2f}")


if __name__ == "__main__":
    main()
