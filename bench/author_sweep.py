"""Author stance on the realistic sets under several ``argmap_stance`` settings, cheaply.

Usage::

    python bench/author_sweep.py --set realistic --set heldout --set heldout2 --set heldout3 \\
        --grid threshold=0.1,0.15,0.2 --grid neutral_weight=0.25,0.5
    python bench/author_sweep.py --all-tuning --config '{"threshold": 0.12}' --backend lexicon

The pipeline runs once per text up to ``argmap_units``; for every setting in
the grid (the product of the ``--grid`` lists, plus each ``--config``) a fresh
``argmap_stance`` with those settings tags the Docs again, the components after
it (``argmap_relations``, which refines the units' roles from the stances) run
again on the roles ``argmap_units`` gave, and :func:`argmap.extract_doc`
aggregates them. The stance model's probabilities
are memoised per (sentence, target span), so each distinct pair goes through
the model once for the whole sweep (the model is deterministic per pair:
:meth:`StanceModel.predict`). The scoring is :mod:`author_stance`'s (same
id choice, same labels).

Prints, per setting, right / non-neutral right per set and in all, for each
backend; ``--loo`` adds the leave-one-set-out choice: for each set, the
setting with the most right answers on the other sets (ties: fewer changes
from the first setting, i.e. the defaults come first), scored on that set.

No timing. Tuning sets only: ``heldout4`` (the blind set of session 19) is refused.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import author_stance as bench  # noqa: E402

TUNING = ("realistic", "heldout", "heldout2", "heldout3")


class _Memo:
    """A stance model whose predictions are computed once per item."""

    def __init__(self, model):
        self.model = model
        self.cache: dict = {}

    def predict(self, items, *, batch_size: int = 32):
        import numpy as np

        todo = [it for it in dict.fromkeys(items) if it not in self.cache]
        if todo:
            for it, p in zip(todo, self.model.predict(todo, batch_size=batch_size)):
                self.cache[it] = p
        return np.asarray([self.cache[it] for it in items])


def prepare(sets, model_name=None):
    """``(nlp, {set: (expect, {tid: (doc, text)})})``: Docs parsed up to the units."""
    from argmap.extract import _prepared
    from argmap.pipeline import load_pipeline

    nlp = load_pipeline(model_name) if model_name else load_pipeline()
    upto = nlp.pipe_names.index("argmap_stance")
    data = {}
    for name in sets:
        folder = bench.SETS[name]
        expect = bench.load_expectations(folder)
        texts = bench.load_texts(expect, folder)
        docs = {}
        for tid, text in texts.items():
            doc = _prepared(nlp, text)
            doc = nlp.make_doc(doc) if isinstance(doc, str) else doc
            for _, proc in nlp.pipeline[:upto]:
                doc = proc(doc)
            docs[tid] = (doc, text, list(doc._.argmap_roles or []))
        data[name] = (expect, docs)
    return nlp, data


def run(nlp, data, config: dict, memo: _Memo | None) -> dict:
    """``{set: {tid: {target: label}}}`` with ``argmap_stance`` built from ``config``."""
    from argmap.extract import extract_doc
    from argmap.pipeline.stance import StanceTagger

    tagger = StanceTagger(nlp, "argmap_stance", **config)
    if config.get("backend", "model") == "model":
        tagger.set_model(memo)
    after = [proc for name, proc in nlp.pipeline[nlp.pipe_names.index("argmap_stance") + 1:]]
    out = {}
    for name, (expect, docs) in data.items():
        got = {}
        for tid, (doc, text, roles) in docs.items():
            doc._.argmap_roles = list(roles)  # argmap_relations refines them from the stances
            doc = tagger(doc)
            for proc in after:
                doc = proc(doc)
            art = extract_doc(doc, article_id=tid, text=text)
            got[tid] = {"stances": {s.target: (s.polarity, s.score) for s in art.author_stances},
                        "entities": {e.id: tuple(e.surface_forms) for e in art.entities},
                        "mentions": {e.id: e.mention_count for e in art.entities}}
        out[name] = bench.argmap_answers(expect, got)
    return out


def tally(data, answers) -> dict:
    """``{set: (right, non-neutral right)}``."""
    out = {}
    for name, (expect, _) in data.items():
        right = nn = 0
        for tid, targets in expect.items():
            for t, j in targets.items():
                ok = answers[name][tid][t]["label"] == j["stance"]
                right += ok
                nn += ok and j["stance"] != "neutral"
        out[name] = (right, nn)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", choices=TUNING, dest="sets")
    ap.add_argument("--all-tuning", action="store_true", help="the four tuning sets")
    ap.add_argument("--backend", action="append", choices=["model", "lexicon"])
    ap.add_argument("--grid", action="append", default=[],
                    help="NAME=V1,V2,... (JSON values); the product of all grids is run")
    ap.add_argument("--config", action="append", default=[], help="a JSON dict of settings")
    ap.add_argument("--loo", action="store_true", help="leave-one-set-out choice of setting")
    ap.add_argument("--diff", action="store_true",
                    help="list the judgements each setting changes against the first")
    args = ap.parse_args(argv)
    sets = list(TUNING) if args.all_tuning or not args.sets else args.sets

    configs = [dict()]
    if args.grid:
        names, values = [], []
        for g in args.grid:
            n, _, vs = g.partition("=")
            names.append(n)
            values.append([json.loads(v) for v in vs.split(",")])
        configs = [dict(zip(names, combo)) for combo in itertools.product(*values)]
    configs += [json.loads(c) for c in args.config]

    nlp, data = prepare(sets)
    from argmap.pipeline.stance_model import load_stance_model

    memo = _Memo(load_stance_model())
    totals = {s: sum(len(t) for t in data[s][0].values()) for s in sets}
    print("sets: " + ", ".join(f"{s} ({totals[s]})" for s in sets))
    for backend in args.backend or ["model", "lexicon"]:
        print(f"\nbackend {backend}: right (non-neutral right) per set, then all")
        results = []
        first = None
        for cfg in configs:
            ans = run(nlp, data, {**cfg, "backend": backend}, memo)
            t = tally(data, ans)
            results.append((cfg, t))
            allr = sum(r for r, _ in t.values())
            alln = sum(n for _, n in t.values())
            print(f"  {json.dumps(cfg, sort_keys=True):60s} "
                  + " ".join(f"{t[s][0]:3d} ({t[s][1]:2d})" for s in sets)
                  + f"  | {allr:3d} ({alln:3d})")
            if args.diff:
                if first is None:
                    first = ans
                else:
                    for s in sets:
                        for tid, rows in ans[s].items():
                            for tg, r in rows.items():
                                a = first[s][tid][tg]["label"]
                                if r["label"] != a:
                                    want = data[s][0][tid][tg]["stance"]
                                    mark = "+" if r["label"] == want else "-" if a == want else " "
                                    print(f"      {mark} {s}/{tid}/{tg}: {a} -> {r['label']} "
                                          f"(gold {want})")
        if args.loo and len(sets) > 1:
            print("  leave one set out (choose on the other sets, score on this one):")
            for s in sets:
                best = max(range(len(results)),
                           key=lambda k: (sum(results[k][1][o][0] for o in sets if o != s), -k))
                cfg, t = results[best]
                print(f"    {s:10s} chosen {json.dumps(cfg, sort_keys=True)}: {t[s][0]} ({t[s][1]}) "
                      f"against {results[0][1][s][0]} ({results[0][1][s][1]}) for the first setting")
    return 0


if __name__ == "__main__":
    sys.exit(main())
