"""Target-stance evaluation: NewsMTSC and IBM Claim Stance, every system side by side.

Two gold formats, each read line by line (a bad line or row is skipped
with one warning naming file and line):

* ``newsmtsc`` – JSONL, one sentence per line with ``sentence_normalized``
  and ``targets[]`` (``from``, ``to``, ``polarity`` 2/4/6 = negative /
  neutral / positive). Figures: macro-F1 over the three classes (NewsMTSC's
  F1m), accuracy and a confusion matrix. Intervals resample sentences.
* ``claim-stance`` – IBM Claim Stance CSV (``claims.claimCorrectedText``,
  ``claims.claimTarget.span.start``/``.end`` or ``claims.claimTarget.text``,
  ``claims.claimSentiment`` ±1). Claims always take a side, so each system
  answers with the sign of its score; a zero score is an abstention and
  counts as wrong. Figures: accuracy over all claims with a gold sentiment,
  and coverage. Intervals resample topics (``topicId``) when present.

Systems: ``majority`` (the commonest gold label of the file itself),
``vader`` (VADER compound on the whole sentence, ±0.05), ``lexicon``
(argmap's rule-based ``StanceTagger`` scoring the target span) and
``model`` (the packaged ONNX stance model).

>>> items = [StanceItem("s1", "Good.", 0, 4, "positive", 1), StanceItem("s2", "Bad.", 0, 3, "negative", 2)]
>>> report = evaluate_stance(items, "newsmtsc", systems=("majority",))
>>> report["systems"]["majority"]["f1m"]["value"]  # a tie goes to "negative": F1 2/3, 0, 0
0.2222
"""
from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..io.jsonfmt import loads_json
from ..io.sources import bounded_lines, open_regular
from .stats import bootstrap_ci, paired_bootstrap

__all__ = [
    "FORMATS",
    "LABELS",
    "SYSTEMS",
    "StanceItem",
    "evaluate_stance",
    "format_stance_report",
    "read_claim_stance",
    "read_newsmtsc",
    "read_stance_gold",
]

LABELS = ("negative", "neutral", "positive")
FORMATS = ("newsmtsc", "claim-stance")
SYSTEMS = ("majority", "vader", "lexicon", "model")
_POLARITY = {2: "negative", 4: "neutral", 6: "positive"}
_SENTIMENT = {1: "positive", -1: "negative"}
_MAX_LINE = 100_000
_MAX_ROWS = 1_000_000


@dataclass(frozen=True, slots=True)
class StanceItem:
    """One (sentence, target) pair with its gold label.

    ``group`` is the resampling unit of the bootstrap (a sentence for
    NewsMTSC, a topic for Claim Stance); ``line`` is where it was read.
    """

    group: str
    text: str
    start: int
    end: int
    gold: str
    line: int


Warn = Callable[[str], None]


def _ignore(_msg: str) -> None:
    pass


def read_newsmtsc(path, warn: Warn = _ignore) -> list[StanceItem]:
    """Items of a NewsMTSC JSONL file; bad lines and targets are skipped with a warning.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "g.jsonl")
    >>> _ = open(p, "w").write('{"sentence_normalized": "Acme won.", '
    ...                        '"targets": [{"from": 0, "to": 4, "polarity": 6.0}]}\\n{oops\\n')
    >>> msgs = []
    >>> [(i.text[i.start:i.end], i.gold) for i in read_newsmtsc(p, msgs.append)]
    [('Acme', 'positive')]
    >>> msgs[0].endswith(":2: skipped: not a JSON object")
    True
    """
    items: list[StanceItem] = []
    with open_regular(str(path), "utf-8", errors="replace") as fh:
        for lineno, line in enumerate(bounded_lines(fh, _MAX_LINE), start=1):
            if line is not None and not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                if line is None or len(line) > _MAX_LINE:
                    raise ValueError("line too long")
                row = loads_json(line)
                if not isinstance(row, dict):
                    raise ValueError
            except ValueError:
                warn(f"{where}: skipped: not a JSON object")
                continue
            text, targets = row.get("sentence_normalized"), row.get("targets")
            if not isinstance(text, str) or not isinstance(targets, list):
                warn(f"{where}: skipped: needs 'sentence_normalized' and 'targets'")
                continue
            for k, target in enumerate(targets):
                try:
                    start, end = int(target["from"]), int(target["to"])
                    gold = _POLARITY[int(float(target["polarity"]))]
                    if not 0 <= start < end <= len(text):
                        raise ValueError
                except (KeyError, TypeError, ValueError, OverflowError):
                    warn(f"{where}: target {k + 1} skipped: needs from < to inside the sentence "
                         "and polarity 2, 4 or 6")
                    continue
                items.append(StanceItem(f"line{lineno}", text, start, end, gold, lineno))
    return items


def _span_of(row: dict, text: str) -> tuple[int, int]:
    target = (row.get("claims.claimTarget.text") or "").strip()
    start_s = (row.get("claims.claimTarget.span.start") or "").strip()
    end_s = (row.get("claims.claimTarget.span.end") or "").strip()
    if start_s and end_s:
        start, end = int(start_s), int(end_s)
        if 0 <= start < end <= len(text) and (not target or text[start:end] == target):
            return start, end
    if target and target in text:
        start = text.index(target)
        return start, start + len(target)
    raise ValueError


def read_claim_stance(path, warn: Warn = _ignore) -> list[StanceItem]:
    """Claims of an IBM Claim Stance CSV that have a gold sentiment toward their target.

    Rows without a sentiment are not stance items (the dataset leaves it
    empty when a claim's target is unclear); malformed rows are skipped
    with a warning.
    """
    items: list[StanceItem] = []
    with open_regular(str(path), "utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "claims.claimCorrectedText" not in reader.fieldnames:
            raise ValueError(f"{path}: not an IBM Claim Stance CSV (no claims.claimCorrectedText column)")
        for n, row in enumerate(reader, start=1):
            lineno = reader.line_num
            if n > _MAX_ROWS:
                warn(f"{path}: stopped after {_MAX_ROWS} rows")
                break
            where = f"{path}:{lineno}"
            sentiment = (row.get("claims.claimSentiment") or "").strip()
            if not sentiment:
                continue
            text = row.get("claims.claimCorrectedText") or ""
            try:
                gold = _SENTIMENT[int(float(sentiment))]
            except (ValueError, KeyError, OverflowError):
                warn(f"{where}: skipped: claims.claimSentiment must be 1 or -1")
                continue
            try:
                start, end = _span_of(row, text)
            except (ValueError, TypeError):
                warn(f"{where}: skipped: the claim target is not a span of the claim text")
                continue
            group = (row.get("topicId") or "").strip() or f"line{lineno}"
            items.append(StanceItem(f"topic{group}" if group[0].isdigit() else group,
                                    text, start, end, gold, lineno))
    return items


def read_stance_gold(path, fmt: str, warn: Warn = _ignore) -> list[StanceItem]:
    """Read a gold file in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "newsmtsc":
        return read_newsmtsc(path, warn)
    if fmt == "claim-stance":
        return read_claim_stance(path, warn)
    raise ValueError(f"unknown stance format {fmt!r}")


# -- systems ------------------------------------------------------------
# Each returns one (label, score) per item: label in LABELS, score in [-1, 1]
# (positive minus negative), used for the sign decision on Claim Stance.

def _majority(items: Sequence[StanceItem]) -> list[tuple[str, float]]:
    counts = Counter(i.gold for i in items)
    label = max(LABELS, key=lambda lab: (counts[lab], -LABELS.index(lab)))
    score = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}[label]
    return [(label, score)] * len(items)


def _vader(items: Sequence[StanceItem]) -> list[tuple[str, float]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    out = []
    for item in items:
        c = analyzer.polarity_scores(item.text)["compound"]
        out.append(("positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral", c))
    return out


_LEXICON_LABEL = {"pro": "positive", "con": "negative", "neutral": "neutral"}


def _lexicon(items: Sequence[StanceItem], nlp) -> list[tuple[str, float]]:
    """argmap's rule-based tagger on the item's target, inside the pipeline's own units."""
    import inspect

    from spacy.tokens import Span

    from ..pipeline.extensions import CONCEPTS_KEY
    from ..pipeline.stance import StanceTagger

    options = {}
    if "backend" in inspect.signature(StanceTagger.__init__).parameters:
        options["backend"] = "lexicon"
    tagger = StanceTagger(nlp, **options)
    skip = [p for p in ("argmap_entities", "ner", "argmap_stance", "argmap_relations")
            if p in nlp.pipe_names]
    out = []
    docs = nlp.pipe((i.text for i in items), disable=skip, batch_size=64)
    for item, doc in zip(items, docs):
        span = doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is None or not len(span):
            out.append(("neutral", 0.0))
            continue
        doc.ents = ()
        doc.spans[CONCEPTS_KEY] = [Span(doc, span.start, span.end, label="CONCEPT",
                                        span_id="concept:target")]
        rows = [r for r in tagger.find_stances(doc) if r[1] == "concept:target"]
        if not rows:
            out.append(("neutral", 0.0))
            continue
        out.append((_LEXICON_LABEL.get(rows[0][4], "neutral"), float(rows[0][5])))
    return out


def _model(items: Sequence[StanceItem], model) -> list[tuple[str, float]]:
    probs = model.predict([(i.text, i.start, i.end) for i in items])
    return [(LABELS[int(p.argmax())], float(p[2] - p[0])) for p in probs]


# -- scoring ------------------------------------------------------------

def _confusion(golds: Iterable[str], preds: Iterable[str]) -> list[list[int]]:
    m = [[0, 0, 0] for _ in LABELS]
    for g, p in zip(golds, preds):
        m[LABELS.index(g)][LABELS.index(p)] += 1
    return m


def _f1m_of(m: Sequence[Sequence[int]]) -> float:
    f1s = []
    for k in range(len(LABELS)):
        tp = m[k][k]
        pred = sum(row[k] for row in m)
        gold = sum(m[k])
        f1s.append(2 * tp / (pred + gold) if pred + gold else 0.0)
    return sum(f1s) / len(f1s)


def _sum_matrices(groups: Sequence[Sequence[Sequence[int]]]) -> list[list[int]]:
    total = [[0, 0, 0] for _ in LABELS]
    for m in groups:
        for a in range(3):
            for b in range(3):
                total[a][b] += m[a][b]
    return total


def _f1m_stat(groups) -> float:
    return _f1m_of(_sum_matrices(groups))


def _ratio_stat(groups) -> float:
    n = sum(g[1] for g in groups)
    return sum(g[0] for g in groups) / n if n else 0.0


def _interval(value: float, per_group, stat, seed: int, n_boot: int = 1000) -> dict:
    lo, hi = bootstrap_ci(per_group, stat, n=n_boot, seed=seed)
    return {"value": round(value, 4), "low": round(lo, 4), "high": round(hi, 4)}


def _by_group(items: Sequence[StanceItem]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for k, item in enumerate(items):
        groups.setdefault(item.group, []).append(k)
    return groups


def _score_newsmtsc(items, preds, groups, seed, n_boot):
    golds = [i.gold for i in items]
    labels = [p for p, _ in preds]
    m = _confusion(golds, labels)
    per_f1 = [_confusion([golds[k] for k in ks], [labels[k] for k in ks]) for ks in groups.values()]
    per_acc = [(sum(golds[k] == labels[k] for k in ks), len(ks)) for ks in groups.values()]
    acc = sum(g == p for g, p in zip(golds, labels)) / len(items)
    return {"f1m": _interval(_f1m_of(m), per_f1, _f1m_stat, seed, n_boot),
            "accuracy": _interval(acc, per_acc, _ratio_stat, seed, n_boot),
            "confusion": m}, per_f1, _f1m_stat


def _claim_answer(score: float) -> str:
    return "positive" if score > 0 else "negative" if score < 0 else "abstain"


def _score_claims(items, preds, groups, seed, n_boot):
    golds = [i.gold for i in items]
    answers = [_claim_answer(s) for _, s in preds]
    right = [a == g for a, g in zip(answers, golds)]
    answered = [a != "abstain" for a in answers]
    per_acc = [(sum(right[k] for k in ks), len(ks)) for ks in groups.values()]
    per_cov = [(sum(answered[k] for k in ks), len(ks)) for ks in groups.values()]
    return {"accuracy": _interval(sum(right) / len(items), per_acc, _ratio_stat, seed, n_boot),
            "coverage": _interval(sum(answered) / len(items), per_cov, _ratio_stat, seed, n_boot)}, \
        per_acc, _ratio_stat


def evaluate_stance(items: Sequence[StanceItem], fmt: str, *, systems: Sequence[str] = SYSTEMS,
                    nlp=None, model=None, seed: int = 0, n_boot: int = 1000,
                    warn: Warn = _ignore) -> dict:
    """Score ``systems`` on ``items``; a system that cannot run is left out with a warning.

    ``nlp`` is the spaCy pipeline for the lexicon system and ``model`` a
    :class:`~argmap.pipeline.stance_model.StanceModel` (default: the packaged
    one). Returns ``{"format", "n", "groups", "labels", "systems": {name:
    figures}, "differences": {"model - name": interval}}``; the primary figure
    is ``f1m`` for NewsMTSC and ``accuracy`` for Claim Stance.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown stance format {fmt!r}")
    if not items:
        raise ValueError("no stance items to score")
    groups = _by_group(items)
    scorer = _score_newsmtsc if fmt == "newsmtsc" else _score_claims
    primary = "f1m" if fmt == "newsmtsc" else "accuracy"
    report: dict = {"format": fmt, "n": len(items), "groups": len(groups), "primary": primary,
                    "gold": dict(sorted(Counter(i.gold for i in items).items())), "systems": {},
                    "differences": {}}
    per_system = {}
    for name in systems:
        if name == "majority":
            preds = _majority(items)
        elif name == "vader":
            preds = _vader(items)
        elif name == "lexicon":
            if nlp is None:
                warn("lexicon: skipped (no spaCy pipeline given)")
                continue
            preds = _lexicon(items, nlp)
        elif name == "model":
            if model is None:
                from ..pipeline.stance_model import load_stance_model

                model = load_stance_model()
            if model is None:
                warn("model: skipped (the stance model file is not installed)")
                continue
            preds = _model(items, model)
        else:
            raise ValueError(f"unknown system {name!r}")
        figures, per_group, stat = scorer(items, preds, groups, seed, n_boot)
        report["systems"][name] = figures
        per_system[name] = (per_group, stat)
    if "model" in per_system:
        per_model, stat = per_system["model"]
        for name, (per_group, _) in per_system.items():
            if name != "model":
                diff = paired_bootstrap(per_model, per_group, stat, n=n_boot, seed=seed)
                report["differences"][f"model - {name}"] = diff.as_dict()
    return report


def _fmt(iv: dict) -> str:
    return f"{iv['value']:.3f} [{iv['low']:.3f}, {iv['high']:.3f}]"


def format_stance_report(report: dict) -> str:
    """A plain-text table of :func:`evaluate_stance`'s report.

    >>> items = [StanceItem("s1", "Good.", 0, 4, "positive", 1)]
    >>> print(format_stance_report(evaluate_stance(items, "claim-stance", systems=("majority",))))
    claim-stance: 1 items in 1 groups; gold positive 1
    system      accuracy (95% CI)        coverage (95% CI)
    majority    1.000 [1.000, 1.000]     1.000 [1.000, 1.000]
    """
    gold = ", ".join(f"{k} {v}" for k, v in report["gold"].items())
    lines = [f"{report['format']}: {report['n']} items in {report['groups']} groups; gold {gold}"]
    columns = ("f1m", "accuracy") if report["format"] == "newsmtsc" else ("accuracy", "coverage")
    lines.append(f"{'system':<12}" + "".join(f"{c + ' (95% CI)':<25}" for c in columns).rstrip())
    for name, figures in report["systems"].items():
        lines.append(f"{name:<12}" + "".join(f"{_fmt(figures[c]):<25}" for c in columns).rstrip())
    for name, diff in report["differences"].items():
        lines.append(f"{name:<18}{report['primary']} {diff['value']:+.3f} "
                     f"[{diff['low']:+.3f}, {diff['high']:+.3f}]")
    if report["format"] == "newsmtsc":
        lines.append("confusion (rows gold, columns predicted: " + " ".join(LABELS) + ")")
        for name, figures in report["systems"].items():
            rows = " | ".join(" ".join(f"{v:>4}" for v in row) for row in figures["confusion"])
            lines.append(f"{name:<12}{rows}")
    return "\n".join(lines)

