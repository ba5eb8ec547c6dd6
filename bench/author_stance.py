"""Author stance toward named targets on realistic commentary and news.

Usage::

    python bench/author_stance.py                      # tuning set, every backend that loads
    python bench/author_stance.py --set heldout        # tuning data since s17 (was blind in s15-16)
    python bench/author_stance.py --set heldout2       # blind in s17; tuning data since s18
    python bench/author_stance.py --set heldout3       # blind in s18; tuning data since s19
    python bench/author_stance.py --set heldout4       # the blind set of s19 (report, never tune)
    python bench/author_stance.py --backend lexicon --verbose
    python bench/author_stance.py --model en_core_web_sm --json out.json

Scores ``article.author_stances`` against hand judgements. Five sets:

* ``realistic`` (the default): ``tests/data/stance_realistic/`` (10 texts,
  65 judgements). Written blind in session 14; since session 15 it is the
  TUNING set of the author-level rules (aggregation, speakers, references),
  so its figures are "tuned on".
* ``heldout``: ``tests/data/stance_realistic_heldout/`` (10 new texts, 73
  judgements), written and committed in session 15 before argmap ran on
  them. Its errors were read in sessions 15-16, so since session 17 it is
  tuning data too.
* ``heldout2``: ``tests/data/stance_realistic_heldout2/`` (10 new texts on
  new topics, 74 judgements, 35 non-neutral), written and committed in
  session 17 before argmap ran on them; it was the blind set of session 17.
  Its errors were read in session 17, so from session 18 on it is tuning
  data too.
* ``heldout3``: ``tests/data/stance_realistic_heldout3/`` (12 new texts on
  new topics, 89 judgements, 44 non-neutral), written and committed in
  session 18 before argmap ran on them: the blind set of session 18. It
  decided one merge in session 18, so from session 19 on it is tuning data
  and its errors may be read.
* ``heldout4``: ``tests/data/stance_realistic_heldout4/`` (12 new texts on
  new topics, 87 judgements, 40 non-neutral), written and committed in
  session 19 before argmap ran on them: the blind set of session 19, never
  tuned on. Run it to report, not to choose settings.

A judgement is the author's stance toward
one target: ``pro``, ``con``, ``mixed`` or ``neutral``. A target argmap does
not list among its author stances counts as ``neutral``; a target that is not
even among ``article.entities`` is also counted as *missed as an entity*.
A target may have alternative ids (``also``: acronyms, which argmap may list
as a separate entity); of the ids argmap lists, the one with the most
mentions is used (ties: the canonical id first).

Figures: accuracy over all judgements, accuracy over the non-neutral ones and
macro-F1 over the four labels, each with a 95% bootstrap interval that
resamples documents (:func:`argmap.evaluate.stats.bootstrap_totals`), and the
paired difference (same resamples) to three trivial answers:

* ``all-neutral`` -- every target neutral;
* ``majority`` -- the most frequent gold label (ties: con < mixed < pro <
  neutral), which sees the answers, so it flatters itself;
* ``vader`` -- VADER compound averaged over the sentences that mention the
  target (argmap's surface forms when it found the entity, else names made
  from the id), ``>= 0.05`` pro, ``<= -0.05`` con, else neutral; never mixed.

No timing. Backends are set through the ``backend`` setting of
``argmap_stance`` (``lexicon`` or ``model``) when the factory has one; a
backend that is not available is reported and skipped.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "stance_realistic"
SETS = {"realistic": DATA, "heldout": ROOT / "tests" / "data" / "stance_realistic_heldout",
        "heldout2": ROOT / "tests" / "data" / "stance_realistic_heldout2",
        "heldout3": ROOT / "tests" / "data" / "stance_realistic_heldout3",
        "heldout4": ROOT / "tests" / "data" / "stance_realistic_heldout4"}
LABELS = ("pro", "con", "mixed", "neutral")
_TIE_ORDER = ("con", "mixed", "pro", "neutral")
_SENT_END = re.compile(r'(?<=[.!?])["\u201d\u2019]?\s+(?=["\u201c\u2018]?[A-Z0-9])')


def load_expectations(folder: Path = DATA) -> dict[str, dict[str, dict[str, Any]]]:
    """Return ``{text_id: {target_id: judgement}}`` from ``expectations.json``."""
    data = json.loads((folder / "expectations.json").read_text(encoding="utf-8"))
    return {tid: info["targets"] for tid, info in data["texts"].items()}


def load_texts(ids, folder: Path = DATA) -> dict[str, str]:
    return {tid: (folder / f"{tid}.txt").read_text(encoding="utf-8") for tid in ids}


# --- argmap ------------------------------------------------------------------

def make_nlp(model: str | None, backend: str):
    """The pipeline with ``argmap_stance`` set to ``backend`` (``default`` leaves it)."""
    from argmap.pipeline import load_pipeline

    nlp = load_pipeline(model) if model else load_pipeline()
    if backend != "default":
        try:
            nlp.replace_pipe("argmap_stance", "argmap_stance", config={"backend": backend})
        except Exception as exc:  # noqa: BLE001 - no backend setting, or the model cannot load
            first = next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)
            raise RuntimeError(f"backend {backend!r} not available: {first}") from exc
        active = getattr(nlp.get_pipe("argmap_stance"), "active_backend", backend)
        if active != backend:
            raise RuntimeError(f"backend {backend!r} not available (argmap_stance would use {active!r})")
    return nlp


def active_backend(nlp) -> str:
    """The backend ``argmap_stance`` scores with (``lexicon`` before backends existed)."""
    return getattr(nlp.get_pipe("argmap_stance"), "active_backend", "lexicon")


def run_argmap(texts: dict[str, str], nlp) -> dict[str, dict[str, Any]]:
    """Per text: author stances ``{target: (polarity, score)}`` and entity surface forms."""
    from argmap import extract_article

    out = {}
    for tid, text in texts.items():
        art = extract_article(text, article_id=tid, nlp=nlp)
        out[tid] = {"stances": {s.target: (s.polarity, s.score) for s in art.author_stances},
                    "entities": {e.id: tuple(e.surface_forms) for e in art.entities},
                    "mentions": {e.id: e.mention_count for e in art.entities}}
    return out


def pick_id(target: str, judgement: dict[str, Any], got: dict[str, Any]) -> str | None:
    """The id argmap gives ``target`` a stance under: of ``target`` and its
    ``also`` ids with an author stance, the one with the most mentions.

    >>> got = {"stances": {"org:cma": ("pro", .5), "org:competition-and-markets-authority": ("neutral", 0)},
    ...        "mentions": {"org:cma": 3, "org:competition-and-markets-authority": 1}}
    >>> pick_id("org:competition-and-markets-authority", {"also": ["org:cma"]}, got)
    'org:cma'
    """
    ids = [i for i in [target, *judgement.get("also", [])] if i in got["stances"]]
    return max(ids, key=lambda i: (got["mentions"].get(i, 0), -ids.index(i))) if ids else None


def argmap_answers(expect, got) -> dict[str, dict[str, dict[str, Any]]]:
    """``{text: {target: {"label", "score", "found", "id"}}}`` for every judgement."""
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for tid, targets in expect.items():
        g = got[tid]
        rows[tid] = {}
        for target, judgement in targets.items():
            hit = pick_id(target, judgement, g)
            pol, score = g["stances"][hit] if hit else ("neutral", 0.0)
            found = next((i for i in [target, *judgement.get("also", [])] if i in g["entities"]), None)
            rows[tid][target] = {"label": pol if pol in LABELS else "neutral", "score": score,
                                 "found": found is not None, "id": hit or found or ""}
    return rows


# --- baselines ---------------------------------------------------------------

def sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation and blank lines (no spaCy)."""
    out = []
    for para in re.split(r"\n\s*\n", text):
        out.extend(s.strip() for s in _SENT_END.split(para.strip()) if s.strip())
    return out


def _gazetteer_forms() -> dict[str, list[str]]:
    from argmap.pipeline.gazetteer import default_concept_patterns, default_entity_patterns

    return {r["id"]: list(r["patterns"]) for r in [*default_entity_patterns(), *default_concept_patterns()]}


def target_patterns(target: str, judgement: dict[str, Any], found_forms=(),
                    gazetteer: dict[str, list[str]] | None = None) -> list[re.Pattern]:
    """Regexes for the names of ``target``: gazetteer, argmap's forms, id words, acronyms."""
    gazetteer = _gazetteer_forms() if gazetteer is None else gazetteer
    kind, _, slug = target.partition(":")
    words = slug.split("-")
    pats = [re.escape(f) for f in [*gazetteer.get(target, []), *found_forms] if f]
    flags = re.IGNORECASE if kind == "concept" else 0
    if kind == "person":
        pats.append(re.escape(words[-1].capitalize()))
    elif kind in ("org", "institution") and target not in gazetteer:
        pats.append(r"\W+".join(re.escape(w) for w in words))
        flags = re.IGNORECASE
    for alt in judgement.get("also", []):
        pats.append(re.escape(alt.partition(":")[2].upper()))
    return [re.compile(rf"(?<!\w){p}(?!\w)", flags) for p in dict.fromkeys(pats)]


def vader_answers(texts, expect, got) -> dict[str, dict[str, str]]:
    """VADER compound averaged over the sentences naming each target."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    gaz = _gazetteer_forms()
    out: dict[str, dict[str, str]] = {}
    for tid, targets in expect.items():
        sents = sentences(texts[tid])
        out[tid] = {}
        for target, judgement in targets.items():
            forms = [f for i in [target, *judgement.get("also", [])]
                     for f in got[tid]["entities"].get(i, ())]
            pats = target_patterns(target, judgement, forms, gaz)
            scores = [sia.polarity_scores(s)["compound"] for s in sents if any(p.search(s) for p in pats)]
            mean = sum(scores) / len(scores) if scores else 0.0
            out[tid][target] = "pro" if mean >= 0.05 else "con" if mean <= -0.05 else "neutral"
    return out


def constant_answers(expect, label: str) -> dict[str, dict[str, str]]:
    return {tid: {t: label for t in targets} for tid, targets in expect.items()}


def majority_label(expect) -> str:
    counts = {lab: 0 for lab in LABELS}
    for targets in expect.values():
        for j in targets.values():
            counts[j["stance"]] += 1
    return max(_TIE_ORDER, key=lambda lab: (counts[lab], -_TIE_ORDER.index(lab)))


# --- scoring -----------------------------------------------------------------

def doc_counts(expect, answers) -> "Any":
    """One row per document: hits, total, non-neutral hits, non-neutral total,
    then tp, fp, fn for each label in :data:`LABELS`."""
    import numpy as np

    rows = []
    for tid, targets in expect.items():
        r = [0] * (4 + 3 * len(LABELS))
        for target, j in targets.items():
            want, got = j["stance"], answers[tid][target]
            r[0] += want == got
            r[1] += 1
            if want != "neutral":
                r[2] += want == got
                r[3] += 1
            for k, lab in enumerate(LABELS):
                base = 4 + 3 * k
                r[base] += want == lab and got == lab
                r[base + 1] += want != lab and got == lab
                r[base + 2] += want == lab and got != lab
        rows.append(r)
    return np.asarray(rows, dtype=float)


def _accuracy(t):
    from argmap.evaluate.stats import safe_ratio
    return safe_ratio(t[:, 0], t[:, 1])


def _nn_accuracy(t):
    from argmap.evaluate.stats import safe_ratio
    return safe_ratio(t[:, 2], t[:, 3])


def _macro_f1(t):
    from argmap.evaluate.stats import safe_ratio
    f1s = [safe_ratio(2 * t[:, 4 + 3 * k], 2 * t[:, 4 + 3 * k] + t[:, 5 + 3 * k] + t[:, 6 + 3 * k])
           for k in range(len(LABELS))]
    return sum(f1s) / len(LABELS)


FIGURES = {"accuracy": _accuracy, "non-neutral accuracy": _nn_accuracy, "macro-F1": _macro_f1}


def score(expect, systems: dict[str, dict[str, dict[str, str]]], *, n: int = 1000, seed: int = 0,
          baselines=None):
    """``{system: {figure: Interval}}`` and ``{system: {figure: paired diff to each baseline}}``."""
    baselines = BASELINES if baselines is None else baselines
    from argmap.evaluate.stats import bootstrap_totals, paired_bootstrap_totals, resample_weights

    counts = {name: doc_counts(expect, ans) for name, ans in systems.items()}
    w = resample_weights(len(expect), n=n, seed=seed)
    figs = {name: {f: bootstrap_totals(c, fn, weights=w) for f, fn in FIGURES.items()}
            for name, c in counts.items()}
    diffs = {a: {b: {f: paired_bootstrap_totals(counts[a], counts[b], fn, weights=w)
                     for f, fn in FIGURES.items()}
                 for b in systems if b in baselines}
             for a in systems if a not in baselines}
    return counts, figs, diffs


BASELINES = ("all-neutral", "majority", "vader")


def error_types(expect, rows) -> dict[str, int]:
    """Count argmap's misses by kind (one answer set from :func:`argmap_answers`)."""
    kinds = {"clear stance, target not found as an entity": 0,
             "clear stance, found, read as neutral": 0,
             "neutral target given a stance": 0,
             "clear stance, wrong polarity": 0}
    for tid, targets in expect.items():
        for target, j in targets.items():
            want, r = j["stance"], rows[tid][target]
            if r["label"] == want:
                continue
            if want == "neutral":
                kinds["neutral target given a stance"] += 1
            elif not r["found"]:
                kinds["clear stance, target not found as an entity"] += 1
            elif r["label"] == "neutral":
                kinds["clear stance, found, read as neutral"] += 1
            else:
                kinds["clear stance, wrong polarity"] += 1
    return kinds


def markdown(figs, counts, diffs, runs) -> str:
    """The README tables: one row per answer, then paired differences."""
    names = {"all-neutral": "all neutral", "majority": "majority class",
             "vader": "VADER on the target's sentences"}
    total = next(iter(counts.values())).sum(axis=0)
    lines = [f"| answer | right of {int(total[1])} | accuracy | non-neutral accuracy "
             f"({int(total[3])}) | macro-F1 (4 labels) | targets missed as entities |",
             "|---|---:|---|---|---|---:|"]
    for name, fg in figs.items():
        c = counts[name].sum(axis=0)
        missed = sum(not r["found"] for rows in runs[name].values() for r in rows.values()) \
            if name in runs else "—"
        lines.append(f"| {names.get(name, name)} | {int(c[0])} | " + " | ".join(_fmt(fg[f]) for f in FIGURES)
                     + f" | {missed} |")
    lines += ["", "| paired difference | accuracy | non-neutral accuracy | macro-F1 |", "|---|---|---|---|"]
    for a, per in diffs.items():
        for b, fd in per.items():
            lines.append(f"| {a} − {names.get(b, b)} | " + " | ".join(_fmt_diff(fd[f]) for f in FIGURES) + " |")
    return "\n".join(lines).replace("-0.", "−0.")


def _fmt(iv) -> str:
    return f"{iv.value:.3f} [{iv.low:.3f}, {iv.high:.3f}]"


def _fmt_diff(iv) -> str:
    return f"{iv.value:+.3f} [{iv.low:+.3f}, {iv.high:+.3f}]"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=sorted(SETS), default="realistic", dest="which",
                    help="realistic, heldout, heldout2 and heldout3: tuning data; heldout4: the blind set")
    ap.add_argument("--model", default=None, help="spaCy model (default: load_pipeline's choice)")
    ap.add_argument("--backend", action="append", choices=["default", "lexicon", "model"],
                    help="stance backend(s) to run (default: lexicon and model; the pipeline "
                         "as loaded if argmap_stance has no backend setting)")
    ap.add_argument("--verbose", action="store_true", help="one line per target")
    ap.add_argument("--markdown", action="store_true", help="also print the README tables")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--answers", type=Path, default=None,
                    help="also write every system's answers here (JSON)")
    ap.add_argument("--before", type=Path, default=None,
                    help="answers written by --answers from an earlier version: added as "
                         "'before: <name>' baselines, for paired differences")
    args = ap.parse_args(argv)

    folder = SETS[args.which]
    expect = load_expectations(folder)
    texts = load_texts(expect, folder)
    print(f"set: {args.which} ({folder.relative_to(ROOT)})")
    n_all = sum(len(t) for t in expect.values())
    n_nn = sum(j["stance"] != "neutral" for t in expect.values() for j in t.values())
    print(f"texts: {len(expect)}  judgements: {n_all}  non-neutral: {n_nn}")

    runs: dict[str, dict] = {}
    got_any = None
    wanted = args.backend or ["lexicon", "model"]
    for backend in wanted:
        try:
            nlp = make_nlp(args.model, backend)
        except RuntimeError as exc:
            print(f"skipped: {exc}")
            if not args.backend and backend == wanted[-1] and not runs:
                wanted.append("default")  # no backend setting: run the pipeline as it is
            continue
        name = f"argmap {backend}" if backend != "default" else f"argmap ({active_backend(nlp)})"
        got = run_argmap(texts, nlp)
        got_any = got_any or got
        runs[name] = argmap_answers(expect, got)
        print(f"ran {name}: spaCy {nlp.meta.get('name')} {nlp.meta.get('version')}")
    if not runs:
        print("no backend could run", file=sys.stderr)
        return 1

    systems = {name: {tid: {t: r["label"] for t, r in rows.items()} for tid, rows in ans.items()}
               for name, ans in runs.items()}
    maj = majority_label(expect)
    vader = vader_answers(texts, expect, got_any)
    systems |= {"all-neutral": constant_answers(expect, "neutral"),
                "majority": constant_answers(expect, maj), "vader": vader}
    baselines = list(BASELINES)
    if args.before:
        earlier = json.loads(args.before.read_text(encoding="utf-8"))
        for name, ans in earlier.items():
            if name.startswith("argmap"):
                systems[f"before: {name}"] = ans
                baselines.append(f"before: {name}")
    counts, figs, diffs = score(expect, systems, baselines=baselines)

    print(f"\nmajority label: {maj}; 95% intervals resample the {len(expect)} documents (1000 draws, seed 0)")
    print(f"{'system':18s} {'hits':>7s}  {'accuracy':24s} {'non-neutral acc.':24s} {'macro-F1':24s} missed")
    for name, fg in figs.items():
        c = counts[name].sum(axis=0)
        missed = sum(not r["found"] for rows in runs[name].values() for r in rows.values()) \
            if name in runs else "-"
        print(f"{name:18s} {int(c[0]):3d}/{int(c[1]):<3d}  " + " ".join(f"{_fmt(fg[f]):24s}" for f in FIGURES)
              + f" {missed}")
    for a, per in diffs.items():
        print(f"\n{a} minus baseline (paired):")
        for b, fd in per.items():
            print(f"  {b:16s} " + " ".join(f"{f}: {_fmt_diff(fd[f])}" for f in FIGURES))
    for name, ans in runs.items():
        nn_hits = int(counts[name].sum(axis=0)[2])
        missed = [f"{tid}/{t}" for tid, rows in ans.items() for t, r in rows.items() if not r["found"]]
        print(f"\n{name}: non-neutral hits {nn_hits}/{n_nn}; {len(missed)} targets missed as entities")
        for kind, k in error_types(expect, ans).items():
            print(f"  {k:3d}  {kind}")
        if args.verbose:
            print(f"  {'':2s} {'text':42s} {'target':40s} {'gold':8s} {'argmap':8s} {'score':>6s} "
                  f"{'vader':8s} entity")
            for tid, rows in ans.items():
                for t, r in rows.items():
                    want = expect[tid][t]["stance"]
                    mark = "ok" if r["label"] == want else "XX"
                    print(f"  {mark} {tid:42s} {t:40s} {want:8s} {r['label']:8s} {r['score']:+6.2f} "
                          f"{vader[tid][t]:8s} {r['id'] or '-'}")
    if args.markdown:
        print()
        print(markdown(figs, counts, diffs, runs))
    if args.answers:
        args.answers.write_text(json.dumps(systems, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")
    if args.json:
        blob = {name: {f: [iv.value, iv.low, iv.high] for f, iv in fg.items()}
                | {"hits": int(counts[name].sum(axis=0)[0]), "non_neutral_hits": int(counts[name].sum(axis=0)[2])}
                for name, fg in figs.items()}
        args.json.write_text(json.dumps(blob, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
