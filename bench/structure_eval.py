"""Argument-structure figures with baselines, 95% bootstrap intervals and paired differences.

Runs the pipeline over a gold corpus and scores it next to two trivial
baselines built on the same text:

* ``first_unit`` - the first unit is the major claim, every other unit supports it
  (:func:`argmap.evaluate.baseline_article`);
* ``paragraph`` - for essays: the last sentence of the introduction is the
  major claim, the first sentence of every later paragraph a claim that
  supports it, the other sentences premises of that claim (a title line is
  left out; :func:`argmap.evaluate.paragraph_baseline`, the one
  ``argmap evaluate`` uses).

Intervals resample documents (:func:`argmap.evaluate.stats.bootstrap_ci`);
``diff`` is argmap minus the better baseline, paired over the same documents.

Usage::

    python bench/structure_eval.py /work/shared/eval/microtexts-part1/corpus/en --format microtext --fold 5
    python bench/structure_eval.py tests/data/essays_heldout --format brat

``--fold tune`` is folds 1-4 (the only microtexts the rules were fitted on),
``--fold 5`` the held-out fold, ``--fold all`` everything.
"""
from __future__ import annotations

import argparse

from argmap.evaluate import READERS, baseline_article, paragraph_baseline
from argmap.evaluate.score import ROLES, score_document
from argmap.evaluate.stats import HELD_OUT_FOLD, bootstrap_ci, fold_of, micro_f1, paired_bootstrap

__all__ = ["main"]


def _macro(docs: list[dict]) -> float:
    return sum(micro_f1([(d["roles"][r]["tp"], d["roles"][r]["pred"], d["roles"][r]["gold"]) for d in docs])
               for r in ROLES) / len(ROLES)


def _rel(docs: list[dict]) -> float:
    return micro_f1([(d["relations"]["labeled"]["tp"], d["relations"]["labeled"]["pred"],
                      d["relations"]["labeled"]["gold"]) for d in docs])


def _seg(docs: list[dict]) -> float:
    return micro_f1([(d["units"]["tp"], d["units"]["pred"], d["units"]["gold"]) for d in docs])


def _central(docs: list[dict]) -> float:
    scored = [d for d in docs if d["central"]["scored"]]
    return sum(d["central"]["correct"] for d in scored) / len(scored) if scored else 0.0


FIGURES = {"central claim": _central, "role macro-F1": _macro, "relation F1": _rel,
           "segmentation F1": _seg}


def main(argv: list[str] | None = None) -> None:
    """Print the table (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir")
    ap.add_argument("--format", choices=sorted(READERS), default="microtext")
    ap.add_argument("--fold", choices=["all", "tune", "5"], default="all")
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    from argmap.extract import extract_articles
    from argmap.pipeline import load_pipeline

    golds = READERS[args.format](args.gold_dir)
    if args.fold == "tune":
        golds = [g for g in golds if fold_of(g.id) != HELD_OUT_FOLD]
    elif args.fold == "5":
        golds = [g for g in golds if fold_of(g.id) == HELD_OUT_FOLD]
    nlp = load_pipeline(args.model)
    articles = list(extract_articles([(g.id, g.text, g.id) for g in golds], nlp=nlp))
    systems = {"argmap": articles, "first_unit": [baseline_article(a) for a in articles],
               "paragraph": [paragraph_baseline(a) for a in articles]}
    scored = {name: [score_document(g, a) for g, a in zip(golds, arts)] for name, arts in systems.items()}
    print(f"{len(golds)} {args.format} documents, fold {args.fold}; 95% bootstrap intervals over documents")
    print(f"{'':18}" + "".join(f"{n:>24}" for n in systems) + f"{'argmap - best baseline':>30}")
    for label, stat in FIGURES.items():
        cells = []
        for name in systems:
            lo, hi = bootstrap_ci(scored[name], stat)
            cells.append(f"{stat(scored[name]):.3f} [{lo:.2f}, {hi:.2f}]")
        best = max(("first_unit", "paragraph"), key=lambda n: stat(scored[n]))
        diff = paired_bootstrap(scored["argmap"], scored[best], stat)
        print(f"{label:18}" + "".join(f"{c:>24}" for c in cells)
              + f"{f'{diff.value:+.3f} [{diff.low:+.2f}, {diff.high:+.2f}] vs {best}':>30}")


if __name__ == "__main__":
    main()
