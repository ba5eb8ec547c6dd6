"""Switch off each relation rule, short-text clause cut and short-text prior, one at a time.

Measurement only, with no switch in production code: the bench process
rewrites its own copy of :meth:`ArgumentRelations.find_relations` (every
test of the ``if``/``elif`` chain that decides a unit's link, and of the
``if`` chains directly inside its branches, is wrapped in a gate that
counts how often the branch is taken and can refuse it, after the test
has run, so a walrus assignment in it still happens and the next branches
see it), and monkeypatches ``argmap.pipeline.units`` for the cuts and the
priors. The pipeline runs once per text up to ``ner``; each variant only
re-runs ``argmap_units``, ``argmap_stance`` and ``argmap_relations``.

For each rule it prints, on the dev pool (the training microtexts, never
tuned on before session 21) and, with ``--tuning``, on microtexts part 1
folds 1-4 (fold 5 is never read) and ``tests/data/essays_dev``: how often
the rule fires (the branch is taken; for a cut or a prior, the documents
whose output changes), relation F1 with and without it, and the paired
difference *with - without* with its 95% bootstrap interval over
documents (:func:`argmap.evaluate.stats.paired_bootstrap_totals`, as
``bench/paired_reports.py``), plus central-claim accuracy without it.

Usage::

    python bench/rule_ablation.py training/data/microtexts_a training/data/microtexts_b \\
        training/data/microtexts_c training/data/microtexts_d \\
        --tuning ../shared/eval/microtexts-part1/corpus/en --essays tests/data/essays_dev
    python bench/rule_ablation.py training/data/microtexts_[abcd] --off R07,R09   # a joint removal
"""
from __future__ import annotations

import argparse
import ast
import inspect
import sys
import textwrap
from collections import Counter

__all__ = ["main"]

_AFTER = ("argmap_units", "argmap_stance", "argmap_relations")


def _gated_find_relations(rel_mod, gate_name: str = "_rule_gate"):
    """``find_relations`` with every rule test wrapped in ``gate(id, test)``; returns (function, rules).

    ``rules`` maps a rule id to ``(line, source of the test, essay-only)``.
    """
    cls = rel_mod.ArgumentRelations
    source = textwrap.dedent(inspect.getsource(cls.find_relations))
    first_line = inspect.getsourcelines(cls.find_relations)[1]
    tree = ast.parse(source)
    func = tree.body[0]
    chain = next(n for n in ast.walk(func) if isinstance(n, ast.If)
                 and ast.get_source_segment(source, n.test).startswith("opener and essay"))
    rules: dict[str, tuple[int, str, bool]] = {}

    def wrap(node: ast.If, prefix: str, depth: int) -> None:
        k = 0
        while True:
            k += 1
            rid = f"{prefix}{k:02d}" if depth == 0 else f"{prefix}.{k}"
            seg = " ".join(ast.get_source_segment(source, node.test).split())
            essay_only = seg.startswith(("essay and", "(essay and", "opener and essay"))
            rules[rid] = (node.test.lineno + first_line - 1, seg, essay_only)
            node.test = ast.Call(func=ast.Name(id=gate_name, ctx=ast.Load()),
                                 args=[ast.Constant(rid), node.test], keywords=[])
            if depth == 0:
                for stmt in node.body:
                    if isinstance(stmt, ast.If):
                        wrap(stmt, rid, 1)
            if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
                node = node.orelse[0]
            else:
                return  # a final ``else`` (the default: the anchor) is no rule to switch off

    wrap(chain, "R", 0)
    ast.fix_missing_locations(tree)
    ast.increment_lineno(tree, first_line - 1)
    code = compile(tree, inspect.getsourcefile(cls), "exec")
    local: dict = {}
    exec(code, rel_mod.__dict__, local)  # the module's globals: monkeypatches of its helpers apply
    return local["find_relations"], rules


class _Switches:
    """Which rules are off, and how often each gated rule fired."""

    def __init__(self) -> None:
        self.off: set[str] = set()
        self.fired: Counter = Counter()

    def gate(self, rid: str, value) -> bool:
        if not value or rid in self.off:
            return False
        self.fired[rid] += 1
        return True


def main(argv: list[str] | None = None) -> None:
    """Print one row per rule: fires, F1 with and without, paired difference per set."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", nargs="+", help="dev-pool microtext directories (training/data/microtexts_*)")
    ap.add_argument("--tuning", help="microtexts part 1 directory: folds 1-4 are read, fold 5 never")
    ap.add_argument("--essays", help="a brat essay tuning set (tests/data/essays_dev)")
    ap.add_argument("--off", action="append", default=[],
                    help="comma-separated rule ids switched off together (a joint variant; repeatable)")
    ap.add_argument("--only", help="comma-separated rule ids: ablate only these one at a time")
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args(argv)

    from argmap.evaluate import READERS
    from argmap.evaluate.score import score_document
    from argmap.evaluate.stats import (f1_of_totals, fold_of, paired_bootstrap_totals, ratio_of_totals,
                                       resample_weights, total_figure)
    from argmap.extract import _prepared, extract_doc
    from argmap.pipeline import load_pipeline
    from argmap.pipeline import relations as rel_mod
    from argmap.pipeline import units as units_mod

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    sets: dict[str, list] = {"dev": []}
    for path in args.dev:
        sets["dev"] += READERS["microtext"](path, on_error=warn)
    if args.tuning:
        sets["folds 1-4"] = [g for g in READERS["microtext"](args.tuning, on_error=warn) if fold_of(g.id, 5) != 5]
    if args.essays:
        sets["essays_dev"] = list(READERS["brat"](args.essays, on_error=warn))

    switches = _Switches()
    rel_mod._rule_gate = switches.gate
    gated, rules = _gated_find_relations(rel_mod)
    rel_mod.ArgumentRelations.find_relations = gated

    # the short-text-only cuts and priors of argmap_units
    original_cut = units_mod._cut_candidate
    cut_fired: Counter = Counter()

    def cut(doc, i, e, essay=False):
        ok = original_cut(doc, i, e, essay)
        if ok and not essay:
            if doc[i - 1].text == ";":
                cut_fired["U01"] += 1
                return "U01" not in switches.off
            if (word := doc[i].lower_) in units_mod._COORDINATED:
                cut_fired["U02"] += 1
                cut_fired[f"U02:{word}"] += 1
                return "U02" not in switches.off and f"U02:{word}" not in switches.off
        return ok

    units_mod._cut_candidate = cut
    priors = dict(units_mod.SHORT_PRIORS)
    extra = {"U01": "short texts: a cut after ';' (essays: none)",
             "U02": "short texts: a cut before a coordinator or relative (and, or, but, yet, which, as, "
                    "for, while, otherwise, especially, particularly; essays: none)",
             **{f"U02:{w}": f"short texts: a cut before '{w}' only (part of U02)"
                for w in sorted(units_mod._COORDINATED)},
             "P01": "SHORT_PRIORS['first'] = 0.7 (one-paragraph text: first unit as major claim)",
             "P02": "SHORT_PRIORS['last'] = 0.3 (last unit as major claim)",
             "H01": "short texts: 'X hence Y' read as a conclusion (_drawn; part of the conclusion rule)",
             "H02": "an example cue inside the unit ('for example'; _example_inside, part of the reason rule)"}
    original_drawn, original_example = rel_mod._drawn, rel_mod._example_inside

    def apply_switches() -> None:
        for key, rid in (("first", "P01"), ("last", "P02")):
            if key in priors:  # (session 21 pruned "first")
                units_mod.SHORT_PRIORS[key] = 0.0 if rid in switches.off else priors[key]
        rel_mod._drawn = (lambda text: "") if "H01" in switches.off else original_drawn
        rel_mod._example_inside = (lambda text: "") if "H02" in switches.off else original_example

    nlp = load_pipeline()
    after = [nlp.get_pipe(name) for name in _AFTER]
    parsed: dict[str, list] = {}
    with nlp.select_pipes(disable=[p for p in _AFTER if p in nlp.pipe_names]):
        for name, golds in sets.items():
            parsed[name] = [(g, nlp(_prepared(nlp, g.text))) for g in golds]
            print(f"# {name}: {len(golds)} documents parsed", file=sys.stderr, flush=True)

    def run(off: set[str]) -> dict[str, dict]:
        switches.off = set(off)
        switches.fired.clear()
        cut_fired.clear()
        apply_switches()
        out = {}
        for name, docs in parsed.items():
            fired_before, cuts_before = Counter(switches.fired), Counter(cut_fired)
            rel_rows, central, unit_rows, links = [], [], [], []
            for g, doc in docs:
                for pipe in after:
                    doc = pipe(doc)
                art = extract_doc(doc, article_id=g.id, text=g.text)
                s = score_document(g, art)
                lab = s["relations"]["labeled"]
                rel_rows.append([lab["tp"], lab["pred"], lab["gold"]])
                central.append([s["central"]["correct"], s["central"]["scored"]])
                unit_rows.append([s["units"]["tp"], s["units"]["pred"], s["units"]["gold"]])
                links.append((tuple(doc._.argmap_relations or ()),
                              tuple(i for i, r in enumerate(doc._.argmap_roles or ()) if r[0] == "major_claim")))
            out[name] = {"rel": rel_rows, "central": central, "units": unit_rows, "links": links,
                         "fired": switches.fired - fired_before, "cuts": cut_fired - cuts_before}
        switches.off = set()
        apply_switches()
        return out

    base = run(set())
    weights = {name: resample_weights(len(r["rel"]), n=args.bootstrap, seed=0) for name, r in base.items()}

    def compare(variant: dict, name: str) -> tuple[float, object, float, float, int]:
        b, v = base[name], variant[name]
        d = paired_bootstrap_totals(b["rel"], v["rel"], f1_of_totals, weights=weights[name])
        changed = sum(x != y for x, y in zip(b["links"], v["links"]))
        return (total_figure(v["rel"], f1_of_totals), d, total_figure(v["central"], ratio_of_totals),
                total_figure(v["units"], f1_of_totals), changed)

    names = list(parsed)
    for name in names:
        b = base[name]
        print(f"# {name}: all rules on: relation F1 {total_figure(b['rel'], f1_of_totals):.3f}, "
              f"central {total_figure(b['central'], ratio_of_totals):.3f}, "
              f"unit F1 {total_figure(b['units'], f1_of_totals):.3f}")
    print()
    head = " | ".join(f"{n}: fires, changed docs, F1 without, with − without [95% CI], central / unit F1 without"
                      for n in names)
    print(f"| rule | line | test | {head} |")
    print("|---|---:|---|" + "---|" * len(names))
    ids = [*rules, *extra]
    if args.only:
        ids = [i for i in ids if i in set(args.only.split(","))]
    variants = [({rid}, rid) for rid in ids] + [(set(o.split(",")), "joint " + o) for o in args.off]
    for off, label in variants:
        v = run(off)
        line, test, essay_only = rules.get(label, (0, extra.get(label, label), False))
        cells = []
        for name in names:
            # a prior applies in every text: its "fires" is the number of documents
            fires = sum(len(parsed[name]) if r.startswith("P") else base[name]["fired"][r] + base[name]["cuts"][r]
                        for r in off)
            without, d, central, unit_f1, changed = compare(v, name)
            cells.append(f"{fires} / {changed} / {without:.3f} / {d.value:+.3f} [{d.low:+.3f}, {d.high:+.3f}]"
                         f" / {central:.3f} / {unit_f1:.3f}")
        test = test if len(test) <= 90 else test[:87] + "..."
        print(f"| {label}{' (essay-only)' if essay_only else ''} | {line or ''} | `{test}` | "
              + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
