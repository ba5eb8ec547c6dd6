"""Error analysis of support/attack relations on tuning data only.

Runs the pipeline over gold documents of the *tuning* folds (the held-out
fold is never extracted) and sorts every gold relation that argmap misses
into one class:

* ``source unmatched`` / ``target unmatched`` - a segmentation error;
* ``no relation`` - the matched source unit has no outgoing relation
  (it is the predicted major claim, or unlinked);
* ``target = major claim, gold deeper`` - argmap attached it to the major
  claim, gold to another unit (premise depth);
* ``target deeper, gold = major claim`` - the reverse;
* ``other target`` - attached to the wrong non-central unit;
* ``kind`` - right target, support and attack swapped.

It prints, per class, the count and (with ``--show``) the gold and
predicted links with the unit texts, and the labelled relation F1 of the
documents it ran on. With ``--segments`` it also counts unit boundaries
that gold makes and argmap misses, and boundaries argmap makes that gold
does not, by the punctuation before the boundary (``SENT`` for a sentence
end, ``_`` for none) and the word after it.

Usage::

    python bench/relation_errors.py /work/shared/eval/microtexts-part1/corpus/en --format microtext
    python bench/relation_errors.py tests/data/essays_dev --format brat --folds 1 --show
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

from argmap.evaluate import READERS
from argmap.evaluate.score import canonical_ids, match_units, score_corpus
from argmap.evaluate.stats import fold_of

__all__ = ["boundaries", "classify", "main"]

_WORD = re.compile(r"[A-Za-z0-9']+")
_ALNUM = re.compile(r"[A-Za-z0-9]")


def boundaries(gold, article) -> tuple[list[tuple[tuple[str, str], str]], list[tuple[tuple[str, str], str]]]:
    """Missed and spurious unit boundaries of one document, each as ``((before, word), context)``.

    A boundary is the first letter or digit after a unit's end, so unit
    spans that differ only by punctuation or a stripped prefix agree.
    """
    text = gold.text

    def starts(units) -> set[int]:
        out = set()
        for u in units:
            m = _ALNUM.search(text, u.end)
            if m:
                out.add(m.start())
        return out

    def describe(b: int) -> tuple[tuple[str, str], str]:
        before = text[:b].rstrip()
        prev = before[-1:]
        m = _WORD.match(text, b)
        kind = ("SENT" if prev in (".", "!", "?") or "\n" in text[max(0, b - 3):b]
                else prev if prev and prev in ",;:-" else "_")
        context = f"...{text[max(0, b - 60):b]}|{text[b:b + 50]}...".replace("\n", " ")
        return (kind, m.group(0).lower() if m else ""), context

    gold_b, pred_b = starts(gold.units), starts(article.units)
    return ([describe(b) for b in sorted(gold_b - pred_b)],
            [describe(b) for b in sorted(pred_b - gold_b)])


def classify(gold, article) -> list[tuple[str, str]]:
    """``(class, description)`` of every missed gold relation of one document."""
    from argmap.evaluate.gold import RESTATEMENT

    matching = match_units(gold, article)
    canon = canonical_ids(gold)
    g2p = {}
    for pid, gid in matching.items():
        g2p.setdefault(canon(gid), pid)
    units = {u.id: u for u in article.units}
    gunits = {u.id: u for u in gold.units}
    pred = {}
    for rel in article.relations:
        if rel.kind != RESTATEMENT:
            pred.setdefault(rel.source, rel)
    central = {canon(c) for c in gold.central}
    major = article.major_claim
    out = []
    for rel in gold.relations:
        if rel.kind == RESTATEMENT:
            continue
        s, t = canon(rel.source), canon(rel.target)
        ps, pt = g2p.get(s), g2p.get(t)
        g = f"  gold {rel.kind:7} {gunits[s].text[:70]!r}\n       -> {gunits[t].text[:70]!r}"
        if ps is None:
            out.append(("source unmatched", g))
            continue
        if pt is None:
            out.append(("target unmatched", g))
            continue
        p = pred.get(ps)
        if p is None:
            out.append(("no relation", g + f"\n  pred role {units[ps].role}"))
            continue
        got_t = canon(matching[p.target]) if p.target in matching else None
        desc = (g + f"\n  pred {p.kind:7} -> {units[p.target].text[:70]!r} [{p.marker}]")
        if got_t == t:
            if p.kind != rel.kind:
                out.append((f"kind ({rel.kind} predicted as {p.kind})", desc))
            continue
        to_major = major is not None and p.target == major.id
        if to_major and t not in central:
            out.append(("target = major claim, gold deeper", desc))
        elif not to_major and t in central:
            out.append(("target deeper, gold = major claim", desc))
        else:
            out.append(("other target", desc))
    return out


def main(argv: list[str] | None = None) -> None:
    """Print the classes (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir")
    ap.add_argument("--format", choices=sorted(READERS), default="microtext")
    ap.add_argument("--folds", type=int, default=5, help="k; fold k is held out and never run")
    ap.add_argument("--show", action="store_true", help="print every miss")
    ap.add_argument("--segments", action="store_true",
                    help="also count missed and spurious unit boundaries")
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    from argmap.extract import extract_articles
    from argmap.pipeline import load_pipeline

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    try:
        golds = READERS[args.format](args.gold_dir, on_error=warn)  # a bad document: one line, run goes on
    except OSError as exc:
        sys.exit(f"error: cannot read gold {args.format} data: {exc}")
    if args.folds > 1:
        golds = [g for g in golds if fold_of(g.id, args.folds) != args.folds]
    if not golds:
        sys.exit(f"error: no usable {args.format} gold documents in the tuning folds of {args.gold_dir}")
    nlp = load_pipeline(args.model)
    articles = list(extract_articles([(g.id, g.text, g.id) for g in golds], nlp=nlp))
    report = score_corpus(zip(golds, articles))
    rel = report["relations"]
    print(f"{len(golds)} documents (tuning only); central {report['central_claim']['accuracy']:.3f}, "
          f"role macro-F1 {report['roles']['macro_f1']:.3f}, relation F1 {rel['labeled']['f1']:.3f} "
          f"(P {rel['labeled']['precision']:.3f} R {rel['labeled']['recall']:.3f}; "
          f"support {rel['support']['f1']:.3f}, attack {rel['attack']['f1']:.3f}), "
          f"attachment {rel['unlabeled']['f1']:.3f}, segmentation {report['segmentation']['f1']:.3f}")
    classes: Counter = Counter()
    shown: dict[str, list[str]] = {}
    for gold, art in zip(golds, articles):
        for cls, desc in classify(gold, art):
            classes[cls] += 1
            shown.setdefault(cls, []).append(f"[{gold.id}]\n{desc}")
    total = sum(1 for g in golds for r in g.relations if r.kind != "restatement")
    print(f"gold relations {total}, missed {sum(classes.values())}")
    for cls, n in classes.most_common():
        print(f"  {n:4}  {cls}")
    if args.show:
        for cls, n in classes.most_common():
            print(f"\n=== {cls} ({n})")
            print("\n".join(shown[cls]))
    if args.segments:
        for name, k in (("missed (gold boundary, no predicted one)", 0),
                        ("spurious (predicted boundary, no gold one)", 1)):
            found = [(key, f"[{g.id}] {ctx}") for g, a in zip(golds, articles)
                     for key, ctx in boundaries(g, a)[k]]
            counts = Counter(key for key, _ in found)
            print(f"\nboundaries {name}: {len(found)}")
            for key, n in counts.most_common():
                print(f"  {n:4}  {key[0]:4} {key[1]}")
            if args.show:
                for key, ctx in sorted(found):
                    print(f"  {key[0]:4} {key[1]:12} {ctx}")


if __name__ == "__main__":
    main()
