"""Train and measure a learned attachment model for short texts (``attach_features.py``).

Weights are fitted **only** on the project-written training microtexts
(``training/data/microtexts_a`` ... ``microtexts_d``; project licence). The
arg-microtexts part 1 (CC BY-NC-SA) are read for the transfer check on
tuning folds 1-4 only: fold 5 is dropped before the pipeline runs.

Every text goes through argmap's pipeline (model tier) once; predicted units
are matched to gold ADUs with the evaluator's matching
(:func:`argmap.evaluate.score.match_units`); each unit the rules linked gets
one row per candidate target (``attach_features.pair_features``),
labelled with its gold target when that is a matched predicted unit.

Subcommands (``T`` = the training set folders, ``M`` = part 1's folder)::

    # topic-grouped CV on the training sets: right targets (model / rules /
    # anchor always) and relation F1 of the post-step at several margins
    python training/attach.py cv $T --l2 0.3 --pca 4 --keep-side --unmarked-only
    # train on all training texts, apply to part-1 tuning folds 1-4 (and essays_dev)
    python training/attach.py transfer $T --micro $M --essays tests/data/essays_dev --l2 0.3 --pca 4 \\
        --keep-side --unmarked-only
    # how well the scores rank "the unit before" over "the major claim"
    python training/attach.py ranking $T --micro $M --l2 0.3 --pca 4
    # an ``argmap evaluate --json`` report of the pipeline with the post-step
    # (part-1 tuning folds 1-4, or a brat set), for bench/paired_reports.py
    python training/attach.py report $T --gold $M --l2 0.3 --pca 4 --keep-side --unmarked-only > model.json

No weights file is written: the model lost on the tuning folds and is not
part of argmap (``bench/notes/attach-model-s21.md``).

Runs in the main venv (spaCy + numpy; no torch, no scikit-learn). Fixed
seeds, Newton's method: the same data give the same weights bit for bit.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attach_features import (FEATURES, PairRows, choose_targets, cues,  # noqa: E402
                             fit_conditional_logit, pair_features)

__all__ = ["Record", "prepare", "main"]


@dataclass
class Record:
    """One gold text after the pipeline: what the features and the scoring need."""

    id: str
    group: str                      # topic (training sets) or fold (part 1) or set name
    texts: list[str]
    roles: list[str]
    para: list[int]
    relations: list[tuple]          # the rules' relations
    embeddings: np.ndarray
    gold_target: dict[int, int]     # unit index -> gold target's unit index (both matched)
    canon_of: dict[int, str]        # unit index -> canonical gold id (matched units)
    gold_rel: set = field(default_factory=set)  # (canon source, canon target, kind)
    gold_has_rel: set = field(default_factory=set)  # unit indices whose gold unit has a relation
    source: str = ""                # the set folder

    @property
    def short(self) -> bool:
        args = [i for i, r in enumerate(self.roles) if r != "none"]
        return len({self.para[i] for i in args}) < 3


def _topic(xml_path: Path) -> str:
    head = xml_path.read_text(encoding="utf-8", errors="replace")[:2000]
    m = re.search(r'topic_id="([^"]*)"', head)
    return m.group(1) if m else xml_path.stem


def read_sets(paths: list[str], fmt: str = "microtext", *, keep=None) -> list[tuple]:
    """``(gold, group)`` pairs of every document in ``paths`` (``keep(gold)`` filters)."""
    from argmap.evaluate import READERS

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    out = []
    for path in paths:
        for gold in READERS[fmt](path, on_error=warn):
            if keep is not None and not keep(gold):
                continue
            xml = Path(path) / f"{gold.id}.xml"
            out.append((gold, _topic(xml) if xml.exists() else Path(path).name, Path(path).name))
    return out


def prepare(golds: list[tuple], nlp, encoder) -> list[Record]:
    """Run the pipeline on every gold text and keep what the model needs."""
    from argmap.evaluate.gold import RESTATEMENT
    from argmap.evaluate.score import canonical_ids, match_units
    from argmap.extract import _prepared, extract_doc
    from argmap.pipeline.doctext import span_text
    from argmap.pipeline.extensions import UNITS_KEY
    from argmap.pipeline.units import with_prefixes

    records = []
    for gold, group, source in golds:
        doc = nlp(_prepared(nlp, gold.text))
        art = extract_doc(doc, article_id=gold.id, text=gold.text, source=gold.id)
        units = list(doc.spans.get(UNITS_KEY, []))
        roles = doc._.argmap_roles or []
        texts = [span_text(u) for u in with_prefixes(doc, units)]
        matching, canon = match_units(gold, art), canonical_ids(gold)
        index = {u.id: n for n, u in enumerate(art.units)}
        canon_of = {index[pid]: canon(gid) for pid, gid in matching.items()}
        g2p: dict[str, int] = {}
        for n, c in sorted(canon_of.items()):
            g2p.setdefault(c, n)
        gold_rel = {(canon(r.source), canon(r.target), r.kind) for r in gold.relations
                    if r.kind != RESTATEMENT}
        with_rel = {s for s, _, _ in gold_rel}
        gold_target = {}
        for s, t, _ in gold_rel:
            if s in g2p and t in g2p:
                gold_target[g2p[s]] = g2p[t]
        emb = encoder.encode(texts) if encoder is not None and texts else np.zeros((len(texts), 384))
        records.append(Record(gold.id, group, texts, [r for r, _, _ in roles], [p for _, _, p in roles],
                              list(doc._.argmap_relations or []), emb, gold_target, canon_of, gold_rel,
                              {n for n, c in canon_of.items() if c in with_rel}, source))
    return records


# ---------------------------------------------------------------- features, fit, apply

@dataclass(frozen=True)
class Config:
    l2: float = 1.0
    pca: int = 0
    encoder: bool = True
    drop: tuple[str, ...] = ()      # hand features left out (set to 0)


def _projection(records: list[Record], k: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Top-``k`` principal directions of ``e_u * e_t`` over the records' candidate pairs."""
    if k <= 0:
        return None, None
    prods = []
    for rec in records:
        args = [i for i, r in enumerate(rec.roles) if r != "none"]
        for s, *_ in rec.relations:
            for c in args:
                if c != s:
                    prods.append(rec.embeddings[s].astype(np.float64) * rec.embeddings[c])
    m = np.array(prods)
    center = m.mean(axis=0)
    # eigen-decomposition of the covariance: deterministic; sign fixed by the largest loading
    cov = (m - center).T @ (m - center) / max(len(m) - 1, 1)
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1][:k]
    p = vecs[:, order]
    signs = np.sign(p[np.argmax(np.abs(p), axis=0), range(p.shape[1])])
    p = p * signs / np.sqrt(np.maximum(vals[order], 1e-12))  # whitened
    return p, center


def rows_of(rec: Record, cfg: Config, projection=None, center=None) -> list[PairRows]:
    rows = pair_features(rec.texts, rec.roles, rec.relations,
                         rec.embeddings if cfg.encoder else None, projection=projection, center=center)
    if cfg.drop:
        cols = [FEATURES.index(f) for f in cfg.drop]
        for r in rows:
            r.x[:, cols] = 0.0
    return rows


def _groups(records: list[Record], cfg: Config, projection, center) -> list[tuple[np.ndarray, int]]:
    out = []
    for rec in records:
        for r in rows_of(rec, cfg, projection, center):
            g = rec.gold_target.get(r.source)
            if g is not None and g in r.candidates and len(r.candidates) > 1:
                out.append((r.x, r.candidates.index(g)))
    return out


@dataclass
class Model:
    weights: np.ndarray
    projection: np.ndarray | None
    center: np.ndarray | None
    cfg: Config


def fit(records: list[Record], cfg: Config) -> Model:
    projection, center = _projection(records, cfg.pca)
    w = fit_conditional_logit(_groups(records, cfg, projection, center), l2=cfg.l2)
    return Model(w, projection, center, cfg)


def apply(rec: Record, model: Model, margin: float, *, short_only: bool = True,
          unmarked_only: bool = False, keep_side: bool = False) -> list[tuple]:
    """The rules' relations of one text after the model's post-step (short texts only by default)."""
    if short_only and not rec.short:
        return list(rec.relations)
    rows = rows_of(rec, model.cfg, model.projection, model.center)
    movable = (lambda rel: not rel[4] and not any(cues(rec.texts[rel[0]]))) if unmarked_only else None
    return choose_targets(rec.relations, rows, model.weights, margin=margin, movable=movable,
                          keep_side=keep_side)


def trial_pipeline(model: Model, margin: float, *, unmarked_only: bool, keep_side: bool):
    """The model-tier pipeline with the post-step as a component after ``argmap_relations``.

    For measurement only (``report``): the component is registered here, not
    in argmap's factories, and nothing of argmap's default pipelines changes.
    """
    from spacy.language import Language

    from argmap.encoder import load_encoder
    from argmap.pipeline import load_pipeline
    from argmap.pipeline.doctext import span_text
    from argmap.pipeline.extensions import UNITS_KEY
    from argmap.pipeline.relations import ArgumentRelations
    from argmap.pipeline.units import with_prefixes

    encoder = load_encoder()
    if encoder is None:
        sys.exit("error: the sentence encoder (argmap/data/encoder) is not available")

    @Language.component("argmap_attach_trial")
    def attach_trial(doc):
        units = list(doc.spans.get(UNITS_KEY, []))
        roles = doc._.argmap_roles or []
        rels = list(doc._.argmap_relations or [])
        if not rels or len(roles) != len(units):
            return doc
        texts = [span_text(u) for u in with_prefixes(doc, units)]
        rec = Record(doc.text[:20], "", texts, [r for r, _, _ in roles], [p for _, _, p in roles], rels,
                     encoder.encode(texts), {}, {})
        new = apply(rec, model, margin, unmarked_only=unmarked_only, keep_side=keep_side)
        if new != rels:
            doc._.argmap_relations = new
            doc._.argmap_roles = ArgumentRelations.refine_roles(list(roles), new)
        return doc

    nlp = load_pipeline()
    nlp.add_pipe("argmap_attach_trial", after="argmap_relations")
    return nlp


# ---------------------------------------------------------------- scoring

def counts(rec: Record, relations: list[tuple]) -> Counter:
    """Targets right (model units with a gold target) and labelled relation counts (tp, pred, gold)."""
    c = Counter()
    rule_t = {s: t for s, t, *_ in rec.relations}
    for s, t, kind, *_ in relations:
        if t != rule_t.get(s):
            c["moved"] += 1
            if s in rec.gold_target:
                c["moved_fixed"] += t == rec.gold_target[s]
                c["moved_fixed_kind"] += (t == rec.gold_target[s] and (rec.canon_of[s], rec.canon_of[t], kind)
                                          in rec.gold_rel)
                c["moved_broke"] += rule_t.get(s) == rec.gold_target[s]
        c["pred"] += 1
        if s in rec.canon_of and t in rec.canon_of and (rec.canon_of[s], rec.canon_of[t], kind) in rec.gold_rel:
            c["tp"] += 1
        if s in rec.gold_target:
            c["units"] += 1
            c["right"] += t == rec.gold_target[s]
    c["gold"] += len(rec.gold_rel)
    return c


def anchor_always(rec: Record) -> list[tuple]:
    """Every linked unit to the major claim (kind kept), the major claim's own link dropped."""
    majors = [i for i, r in enumerate(rec.roles) if r == "major_claim"]
    if not majors:
        return list(rec.relations)
    return [(s, majors[0], *rest) for s, _, *rest in rec.relations]


def f1(c: Counter) -> float:
    return 2 * c["tp"] / (c["pred"] + c["gold"]) if c["pred"] + c["gold"] else 0.0


def bootstrap_diff(per_doc_a: list[Counter], per_doc_b: list[Counter], *, n: int = 1000,
                   seed: int = 0) -> tuple[float, float, float]:
    """Paired F1 difference a - b with a 95% bootstrap interval over documents
    (:func:`argmap.evaluate.stats.paired_bootstrap_totals`, as ``argmap evaluate`` pairs)."""
    from argmap.evaluate.stats import f1_of_totals, paired_bootstrap_totals

    def rows(per_doc):
        return [[c["tp"], c["pred"], c["gold"]] for c in per_doc]

    d = paired_bootstrap_totals(rows(per_doc_a), rows(per_doc_b), f1_of_totals, n=n, seed=seed)
    return d.value, d.low, d.high


# ---------------------------------------------------------------- commands

def _load(paths, fmt="microtext", keep=None, *, quiet=False):
    from argmap.encoder import load_encoder
    from argmap.pipeline import load_pipeline

    golds = read_sets(paths, fmt, keep=keep)
    if not quiet:
        print(f"{len(golds)} texts from {', '.join(paths)}", file=sys.stderr)
    return prepare(golds, load_pipeline(), load_encoder())


def _topic_folds(records: list[Record], k: int) -> dict[str, int]:
    """Topics into ``k`` folds, round robin over the sorted topic names (both texts of a topic together)."""
    from argmap.evaluate.stats import fold_of

    return {t: fold_of(t, k) for t in sorted({r.group for r in records})}


def cross_validate(records: list[Record], cfg: Config, margins: list[float], k: int = 5, *,
                   unmarked_only: bool = False, keep_side: bool = False, by_set: bool = False) -> dict:
    if by_set:
        names = sorted({r.source for r in records})
        fold_of_rec = {id(r): names.index(r.source) + 1 for r in records}
        k = len(names)
    else:
        folds = _topic_folds(records, k)
        fold_of_rec = {id(r): folds[r.group] for r in records}
    per_margin = {m: [] for m in margins}
    rules, anchor = [], []
    for f in range(1, k + 1):
        train = [r for r in records if fold_of_rec[id(r)] != f]
        test = [r for r in records if fold_of_rec[id(r)] == f]
        if not test or not train:
            continue
        model = fit(train, cfg)
        for rec in test:
            rules.append(counts(rec, rec.relations))
            anchor.append(counts(rec, anchor_always(rec)))
            for m in margins:
                per_margin[m].append(counts(rec, apply(rec, model, m, unmarked_only=unmarked_only, keep_side=keep_side)))
    return {"rules": rules, "anchor": anchor, "model": per_margin}


def _summary(name: str, cs: list[Counter], base: list[Counter] | None = None) -> str:
    tot = sum(cs, Counter())
    line = (f"{name:28} targets {tot['right']:4}/{tot['units']:<4} relation F1 {f1(tot):.3f}"
            f" (tp {tot['tp']}, pred {tot['pred']}, gold {tot['gold']})"
            + (f" moved {tot['moved']} (+{tot['moved_fixed']} [kind right {tot['moved_fixed_kind']}]"
               f" -{tot['moved_broke']})" if tot["moved"] else ""))
    if base is not None:
        d, lo, hi = bootstrap_diff(cs, base)
        line += f"  - rules {d:+.3f} [{lo:+.3f}, {hi:+.3f}]"
    return line


def target_classes(records: list[Record]) -> str:
    """Where gold attaches the units the rules linked: the major claim, or k units before/after.

    Two lines: all linked units with a matched gold target, and those the
    rules sent to the major claim with no marker (the default branch).
    """
    every, plain = Counter(), Counter()
    for rec in records:
        majors = [i for i, r in enumerate(rec.roles) if r == "major_claim"]
        pos = {u: k for k, u in enumerate(i for i, r in enumerate(rec.roles) if r != "none")}
        for s, t, _, _, marker in rec.relations:
            g = rec.gold_target.get(s)
            if g is None:
                continue
            where = "major" if majors and g == majors[0] else f"{pos.get(g, 0) - pos.get(s, 0):+d}"
            every[where] += 1
            if not marker and majors and t == majors[0]:
                plain[where] += 1

    def line(c: Counter) -> str:
        n = sum(c.values())
        return f"{n:4} units: " + ", ".join(f"{k} {v / n:.2f}" for k, v in c.most_common(5))

    return (f"  gold target, all linked units  {line(every)}\n"
            f"  ... unmarked, rules -> major    {line(plain)}")


def cmd_cv(args) -> None:
    records = _load(args.sets)
    print(target_classes(records))
    print(f"{len(records)} texts, {len({r.group for r in records})} topics, "
          f"{sum(len(r.gold_target) for r in records)} units with a matched gold target (linked by the rules or not); "
          f"topic-grouped {args.folds}-fold CV")
    for l2 in args.l2:
        for pca in args.pca:
            for enc in ([True, False] if args.no_encoder_too else [True]):
                cfg = Config(l2=l2, pca=pca, encoder=enc, drop=tuple(args.drop))
                res = cross_validate(records, cfg, args.margins, args.folds, unmarked_only=args.unmarked_only,
                                     keep_side=args.keep_side, by_set=args.by_set)
                print(f"\nl2 {l2}, pca {pca}, encoder {enc}" + (f", drop {args.drop}" if args.drop else ""))
                print(_summary("rules", res["rules"]))
                print(_summary("anchor always", res["anchor"], res["rules"]))
                for m in args.margins:
                    print(_summary(f"model, margin {m}", res["model"][m], res["rules"]))


def cmd_transfer(args) -> None:
    from argmap.evaluate.stats import fold_of

    train = _load(args.sets)
    cfg = Config(l2=args.l2[0], pca=args.pca[0], encoder=not args.no_encoder, drop=tuple(args.drop))
    model = fit(train, cfg)
    targets = []
    if args.micro:
        # tuning folds 1-4 only: fold 5 is never run
        micro = _load([args.micro], keep=lambda g: fold_of(g.id, 5) != 5)
        for rec in micro:
            rec.group = f"fold {fold_of(rec.id, 5)}"
        targets.append(("microtexts part 1, tuning folds 1-4", micro))
    if args.essays:
        essays = _load([args.essays], "brat")
        targets.append(("essays_dev (all texts)", essays))
    print(f"trained on {len(train)} texts: l2 {cfg.l2}, pca {cfg.pca}, encoder {cfg.encoder}")
    for name, recs in targets:
        print(f"\n{name}: {len(recs)} texts")
        print(target_classes(recs))
        base = [counts(r, r.relations) for r in recs]
        print(_summary("rules", base))
        print(_summary("anchor always", [counts(r, anchor_always(r)) for r in recs], base))
        for m in args.margins:
            got = [counts(r, apply(r, model, m, short_only=not args.all_texts, unmarked_only=args.unmarked_only,
                                     keep_side=args.keep_side))
                   for r in recs]
            print(_summary(f"model, margin {m}", got, base))
            by = defaultdict(lambda: [Counter(), Counter()])
            for r, g, b in zip(recs, got, base):
                by[r.group][0].update(g)
                by[r.group][1].update(b)
            if len(by) > 1 and len(by) < 10:
                print("    per group (model / rules): " + ", ".join(
                    f"{k} {f1(v[0]):.3f} / {f1(v[1]):.3f}" for k, v in sorted(by.items())))
            if args.show is not None and m == args.show:
                _show_moves(recs, model, m, args)
    if args.weights:
        print("\nweights:")
        for name, w in zip(list(FEATURES) + [f"bilinear {i + 1}" for i in range(cfg.pca)], model.weights):
            print(f"  {name:32} {w:+.3f}")


def cmd_report(args) -> None:
    """``argmap evaluate --json`` report of the pipeline with the post-step (tuning data only)."""
    from argmap.evaluate import READERS, evaluate_gold

    train = _load(args.sets)
    cfg = Config(l2=args.l2[0], pca=args.pca[0], encoder=True, drop=tuple(args.drop))
    model = fit(train, cfg)
    nlp = trial_pipeline(model, args.margins[0], unmarked_only=args.unmarked_only, keep_side=args.keep_side)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    golds = READERS[args.format](args.gold, on_error=warn)
    if args.format == "microtext" and not args.whole:  # tuning folds 1-4 only: fold 5 is never run
        result = evaluate_gold(golds, nlp, folds=5, tuning=True)
    else:
        result = evaluate_gold(golds, nlp, folds=1)
    print(json.dumps(result, indent=2))


def prev_vs_major(recs: list[Record], model: Model | None) -> list[tuple[float, bool]]:
    """``(score(unit before) - score(major claim), gold is the unit before)`` for every unmarked
    unit (no marker, no opener cue) that the rules sent to the major claim and whose gold
    target is one of the two; with ``model`` None, the encoder cosines stand in for the scores."""
    out = []
    for rec in recs:
        majors = [i for i, r in enumerate(rec.roles) if r == "major_claim"]
        if not majors:
            continue
        args_ = [i for i, r in enumerate(rec.roles) if r != "none"]
        rows = {} if model is None else {
            r.source: r for r in rows_of(rec, model.cfg, model.projection, model.center)}
        for s, t, _, _, marker in rec.relations:
            if marker or any(cues(rec.texts[s])) or t != majors[0] or s not in rec.gold_target:
                continue
            k = args_.index(s)
            prev = args_[k - 1] if k else None
            if prev is None or prev == majors[0] or rec.gold_target[s] not in (prev, majors[0]):
                continue
            if model is None:
                e = rec.embeddings
                d = float(e[s] @ e[prev] - e[s] @ e[majors[0]])
            else:
                r = rows[s]
                sc = r.x @ model.weights
                d = float(sc[r.candidates.index(prev)] - sc[r.candidates.index(majors[0])])
            out.append((d, rec.gold_target[s] == prev))
    return out


def _auc(pairs: list[tuple[float, bool]]) -> str:
    pos = [d for d, y in pairs if y]
    neg = [d for d, y in pairs if not y]
    if not pos or not neg:
        return "n/a"
    auc = np.mean([(a > b) + 0.5 * (a == b) for a in pos for b in neg])
    ranked = sorted(pairs, key=lambda p: -p[0])
    top = ", ".join(f"top {k}: {sum(y for _, y in ranked[:k])}" for k in (5, 10, 20) if k <= len(ranked))
    return f"AUC {auc:.3f} (unit before {len(pos)}, major claim {len(neg)}; gold = unit before among the {top})"


def cmd_ranking(args) -> None:
    """How well the scores rank "the unit before" over "the major claim" (out of fold / transfer)."""
    from argmap.evaluate.stats import fold_of

    cfg = Config(l2=args.l2[0], pca=args.pca[0], encoder=True, drop=tuple(args.drop))
    train = _load(args.sets)
    folds = _topic_folds(train, 5)
    oof = []
    for f in range(1, 6):
        model = fit([r for r in train if folds[r.group] != f], cfg)
        oof += prev_vs_major([r for r in train if folds[r.group] == f], model)
    print(f"training texts, topic CV out of fold, model: {_auc(oof)}")
    print(f"training texts, cosine(unit before) - cosine(major claim): {_auc(prev_vs_major(train, None))}")
    if args.micro:
        micro = _load([args.micro], keep=lambda g: fold_of(g.id, 5) != 5)  # folds 1-4 only
        model = fit(train, cfg)
        print(f"part 1 folds 1-4, model trained on all training texts: {_auc(prev_vs_major(micro, model))}")
        print(f"part 1 folds 1-4, cosine(unit before) - cosine(major claim): {_auc(prev_vs_major(micro, None))}")


def _show_moves(recs: list[Record], model: Model, m: float, args) -> None:
    """Print every moved link with the gold target (tuning data only)."""
    kinds = Counter()
    for rec in recs:
        new = apply(rec, model, m, short_only=not args.all_texts, unmarked_only=args.unmarked_only,
                    keep_side=args.keep_side)
        majors = [i for i, r in enumerate(rec.roles) if r == "major_claim"]
        args_ = [i for i, r in enumerate(rec.roles) if r != "none"]
        pos = {u: k for k, u in enumerate(args_)}

        def where(s, t):
            if t is None:
                return "unmatched"
            if majors and t == majors[0]:
                return "major"
            d = pos.get(t, 0) - pos.get(s, 0)
            return f"{d:+d}"
        for (s, t0, k0, *_), (_, t1, k1, *_) in zip(rec.relations, new):
            if t0 == t1:
                continue
            g = rec.gold_target.get(s)
            kinds[(where(s, t0), where(s, t1), where(s, g) if s in rec.gold_target else "no gold")] += 1
            print(f"  {rec.id} [{rec.texts[s][:60]!r}] rules {where(s, t0)} {k0} -> model {where(s, t1)} {k1};"
                  f" gold {where(s, g) if s in rec.gold_target else 'none'}")
    print("  (rules, model, gold) target classes of moved links:")
    for key, v in kinds.most_common():
        print(f"    {key}: {v}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("cv", "transfer", "report", "ranking"):
        p = sub.add_parser(name)
        p.add_argument("sets", nargs="+", help="training set folders (arggraph .xml + .txt)")
        p.add_argument("--l2", type=float, nargs="+", default=[1.0])
        p.add_argument("--pca", type=int, nargs="+", default=[0])
        p.add_argument("--margins", type=float, nargs="+", default=[0.0, 0.5, 1.0, 2.0])
        p.add_argument("--drop", nargs="*", default=[], help="hand features to leave out")
        p.add_argument("--keep-side", action="store_true",
                       help="a moved link's kind follows from the rules' sides of source and target")
        p.add_argument("--unmarked-only", action="store_true",
                       help="move only links the rules made with no marker, from units with no opener cue")
    sub.choices["cv"].add_argument("--folds", type=int, default=5)
    sub.choices["cv"].add_argument("--no-encoder-too", action="store_true")
    sub.choices["cv"].add_argument("--by-set", action="store_true",
                                   help="one fold per set folder (train on one writer's texts, test on the other's)")
    t = sub.choices["transfer"]
    t.add_argument("--micro", help="microtexts part 1 (folds 1-4 only are read)")
    t.add_argument("--essays", help="a brat tuning set (essays_dev)")
    t.add_argument("--no-encoder", action="store_true")
    t.add_argument("--all-texts", action="store_true", help="apply to essays too (default: short texts)")
    t.add_argument("--weights", action="store_true")
    t.add_argument("--show", type=float, default=None, metavar="MARGIN", help="print the moved links at this margin")
    r = sub.choices["report"]
    r.add_argument("--gold", required=True, help="microtexts part 1 (tuning folds 1-4) or a brat tuning set")
    r.add_argument("--format", choices=["microtext", "brat"], default="microtext")
    r.add_argument("--whole", action="store_true",
                   help="score every text as one set (--folds 1), e.g. a held-out set the lead runs once; "
                        "without it a microtext folder is scored on tuning folds 1-4 only")
    sub.choices["ranking"].add_argument("--micro", help="microtexts part 1 (folds 1-4 only are read)")
    args = ap.parse_args(argv)
    {"ranking": cmd_ranking, "cv": cmd_cv, "transfer": cmd_transfer, "report": cmd_report}[args.cmd](args)


if __name__ == "__main__":
    main()
