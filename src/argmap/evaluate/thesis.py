"""Major-claim evaluation on realistic commentary: argmap's thesis against a reader's.

Op-eds, editorials and columns carry their thesis in the headline, the
introduction, the conclusion or all three; straight news carries none. The
gold is a folder of texts (``.txt``, ``.md``, ``.html``, ``.htm``, read as
``argmap extract`` reads them) with one ``thesis.json``::

    {"texts": {"keep-the-levy": {"genre": "op-ed",
                                  "thesis": ["Keep the levy", "The levy should stay."],
                                  "why": "..."}}}

``thesis`` lists every statement of the author's central position, each a
whole sentence (or the headline) copied from the text; ``[]`` when the
author argues for no position. A unit **matches** a statement when the two
share at least half of the word tokens of each (the segmentation rule of
:mod:`argmap.evaluate.score`).

Figures, over the texts that have a thesis:

* **major claim right** – :attr:`Article.major_claim` matches a statement;
  next to four baselines on the same texts: the ``headline`` (the title
  line), the ``first sentence`` and the ``end of introduction`` (first and
  last sentence of the first body paragraph; a body paragraph has at least
  8 words, so bylines and datelines are not one) and the ``last sentence``;
* **body thesis right** – over the texts with a statement outside the
  headline: argmap's most confident major-claim unit outside the headline
  matches one of those, next to the three body baselines (the headline
  alone cannot carry this figure);
* **major-claim precision** – the share of units with the role
  ``major_claim`` (thesis and restatements) that match a statement;

each with a 95% bootstrap interval over texts, and the paired difference
argmap minus the best baseline. Texts without a thesis are counted apart
(how many still get a major claim).

>>> gold = ThesisGold("t", "t.txt", "op-ed", ("Keep the levy",), "Keep the levy\\n\\nIt works well enough for us all.")
>>> gold.spans
((0, 13),)
>>> row = score_spans(gold, [(0, 13), (15, 47)])
>>> row["argmap"], row["body"], row["major_claims_right"]
(1, None, 1)
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..io.jsonfmt import loads_json
from ..io.sources import InputError, child_path, read_bounded, read_source_page, shown
from .baseline import paragraph_spans, sentence_spans, title_span
from .gold import MAX_GOLD_BYTES, report_skip
from .stats import bootstrap_totals, paired_bootstrap_totals, ratio_of_totals, resample_weights

__all__ = ["BASELINES", "GOLD_FILE", "ThesisGold", "baseline_spans", "evaluate_thesis",
           "format_thesis_report", "read_thesis_gold", "score_spans"]

#: The gold file of a thesis folder.
GOLD_FILE = "thesis.json"
#: The baselines, in report order.
BASELINES = ("headline", "first sentence", "end of introduction", "last sentence")
#: The baselines of the body thesis (statements outside the headline).
BODY_BASELINES = BASELINES[1:]
_EXTENSIONS = (".txt", ".md", ".html", ".htm")
#: Files of a gold folder that document it rather than hold a text.
_NOT_TEXTS = frozenset({"README", "LICENSE", "LICENCE", "NOTICE"})
_WORD = re.compile(r"\w+")
_MIN_BODY_WORDS = 8
_MAX_STATEMENTS = 20
_MAX_STATEMENT_CHARS = 2000

Span = tuple[int, int]
Warn = Callable[[str], None]


def _locate(text: str, statement: str) -> Span | None:
    """The span of ``statement`` in ``text``, white space matched loosely."""
    words = statement.split()
    if not words:
        return None
    match = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text)
    return match.span() if match else None


@dataclass(frozen=True, slots=True)
class ThesisGold:
    """One text with the statements of its author's thesis (``()`` if none).

    ``spans`` are the statements' character spans in ``text``, filled in on
    creation; a statement not found in the text raises ``ValueError``.
    """

    id: str
    path: str
    genre: str
    statements: tuple[str, ...]
    text: str
    title: str = ""
    spans: tuple[Span, ...] = field(init=False)

    def __post_init__(self) -> None:
        spans = []
        for statement in self.statements:
            span = _locate(self.text, statement)
            if span is None:
                raise ValueError(f"thesis statement not in the text: {statement[:60]!r}")
            spans.append(span)
        object.__setattr__(self, "spans", tuple(spans))


def _entry(slug: str, entry: Any) -> tuple[str, tuple[str, ...]]:
    if not isinstance(entry, dict):
        raise ValueError("entry is not an object")
    genre, thesis = entry.get("genre", ""), entry.get("thesis")
    if not isinstance(genre, str) or len(genre) > 40:
        raise ValueError("genre is not a short string")
    if not isinstance(thesis, list) or len(thesis) > _MAX_STATEMENTS:
        raise ValueError(f"thesis is not a list of at most {_MAX_STATEMENTS} statements")
    for statement in thesis:
        if not isinstance(statement, str) or not statement.strip() or len(statement) > _MAX_STATEMENT_CHARS:
            raise ValueError("a thesis statement is not a non-empty string of at most "
                             f"{_MAX_STATEMENT_CHARS} characters")
        if not _WORD.search(statement):
            # no word token: no unit can share half of its tokens, so it could never match
            raise ValueError(f"a thesis statement has no word: {statement[:20]!r}")
    return genre, tuple(thesis)


def _text_file(folder: Path, slug: str) -> Path | None:
    for ext in _EXTENSIONS:
        path = child_path(folder, slug + ext)
        if path.is_file():
            return path
    return None


def read_thesis_gold(folder: str, on_error: Warn | None = None) -> list[ThesisGold]:
    """Read a thesis folder: ``thesis.json`` and the texts it names.

    A text whose entry is malformed, whose file is missing or unreadable
    (as ``argmap extract`` would refuse it), or whose statement is not in
    its text is skipped with one line naming it; so is a text file with no
    entry. Raises :class:`~argmap.io.sources.InputError` when
    ``thesis.json`` itself cannot be read.
    """
    base = Path(folder)
    gold_path = child_path(base, GOLD_FILE)
    try:
        data = loads_json(read_bounded(str(gold_path), MAX_GOLD_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{shown(gold_path)}: cannot read ({exc})") from None
    texts = data.get("texts") if isinstance(data, dict) else None
    if not isinstance(texts, dict):
        raise InputError(f"{shown(gold_path)}: no \"texts\" object")
    golds: list[ThesisGold] = []
    used: dict[Path, str] = {}  # each text file scored once, whatever names reach it
    for slug in sorted(texts):
        where = f"{shown(gold_path)}: {shown(slug)}"
        try:
            genre, statements = _entry(slug, texts[slug])
            path = _text_file(base, slug)
            if path is None:
                raise ValueError(f"no {'/'.join(_EXTENSIONS)} file of that name")
            real = path.resolve()
            if real in used:
                # "Oped" and "oped" on a case-insensitive disk, or a link to another text
                raise ValueError(f"the same file as {shown(used[real])}")
            used[real] = slug
            page = read_source_page(str(path))
            golds.append(ThesisGold(slug, str(path), genre, statements, page.text, page.title))
        except (InputError, ValueError, OSError) as exc:
            report_skip(f"{where}: {exc}; text skipped", on_error)
    named = set(texts)
    try:
        listed = sorted(base.iterdir())
    except OSError as exc:  # a folder that can be entered but not listed
        report_skip(f"{shown(base)}: cannot list the folder ({exc.strerror or exc.__class__.__name__}); "
                    "texts without an entry not looked for", on_error)
        listed = []
    for path in listed:
        if (path.suffix.lower() in _EXTENSIONS and path.is_file() and path.stem not in named
                and path.stem.upper() not in _NOT_TEXTS and path.resolve() not in used):
            report_skip(f"{shown(path)}: no entry in {GOLD_FILE}; not scored", on_error)
    return golds


def baseline_spans(text: str, title: str = "") -> dict[str, Span | None]:
    """The span each baseline names as the thesis (``None`` when it has none).

    >>> spans = baseline_spans("Keep the levy\\n\\nBy A. Writer\\n\\nThe levy works. It cut sugar by a third in six years.\\n\\nKeep it.")
    >>> spans["headline"], spans["first sentence"], spans["end of introduction"], spans["last sentence"]
    ((0, 13), (29, 44), (45, 82), (84, 92))
    """
    paragraphs = paragraph_spans(text)
    head = title_span(text)
    if head is None and title and paragraphs:
        first = paragraphs[0]
        if " ".join(text[first[0]:first[1]].split()) == " ".join(title.split()):
            head = first
    body = [p for p in paragraphs if (head is None or p[0] >= head[1])
            and len(text[p[0]:p[1]].split()) >= _MIN_BODY_WORDS]
    out: dict[str, Span | None] = {"headline": head, "first sentence": None,
                                   "end of introduction": None, "last sentence": None}
    if body:
        intro = sentence_spans(text, *body[0])
        out["first sentence"], out["end of introduction"] = intro[0], intro[-1]
    rest = [p for p in paragraphs if head is None or p[0] >= head[1]]
    if rest:
        out["last sentence"] = sentence_spans(text, *rest[-1])[-1]
    return out


class _Tokens:
    """Word tokens of a text, to compare spans by the tokens they share."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def of(self, span: Span) -> range:
        start, end = span
        return range(bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end))

    def match(self, a: Span, b: Span) -> bool:
        ta, tb = self.of(a), self.of(b)
        shared = len(range(max(ta.start, tb.start), min(ta.stop, tb.stop)))
        return bool(ta) and bool(tb) and 2 * shared >= len(ta) and 2 * shared >= len(tb)


def score_spans(gold: ThesisGold, units: Sequence[Span]) -> dict[str, Any]:
    """One text's row of 1/0 per system, from argmap's ``major_claim`` units
    (``units``, most confident first: the first is :attr:`Article.major_claim`).

    ``argmap`` and the baselines: the major claim matches a statement.
    ``body`` and ``body <baseline>``: over statements outside the headline,
    argmap's most confident major-claim unit outside the headline, and the
    three body baselines (``body`` is ``None`` when the gold has no body
    statement). ``major_claims`` / ``major_claims_right``: how many
    major-claim units there are, and how many match a statement.
    """
    tokens = _Tokens(gold.text)
    spans = baseline_spans(gold.text, gold.title)
    head_end = spans["headline"][1] if spans["headline"] else 0
    body_gold = [s for s in gold.spans if s[0] >= head_end]

    def right(span: Span | None, statements: Sequence[Span] = gold.spans) -> int:
        return int(span is not None and any(tokens.match(span, s) for s in statements))

    body_major = next((u for u in units if u[0] >= head_end), None)
    row: dict[str, Any] = {"id": gold.id, "genre": gold.genre, "thesis": bool(gold.spans),
                           "argmap": right(units[0] if units else None),
                           "body": right(body_major, body_gold) if body_gold else None,
                           "major_claims": len(units),
                           "major_claims_right": sum(right(u) for u in units)}
    for name, span in spans.items():
        row[name] = right(span)
        if name in BODY_BASELINES:
            row["body " + name] = right(span, body_gold) if body_gold else None
    return row


def evaluate_thesis(golds: Sequence[ThesisGold], nlp, *, n_boot: int = 1000, seed: int = 0,
                    skipped: Sequence[str] = ()) -> dict[str, Any]:
    """Run ``nlp`` on every gold text and score its major claim (see the module doc)."""
    from ..extract import extract_article

    rows = []
    for gold in golds:
        article = extract_article(gold.text, article_id=gold.id, nlp=nlp, source=gold.path,
                                  meta={"title": gold.title} if gold.title else None)
        major = article.major_claim
        # most confident first, the earlier on a tie: the first is Article.major_claim
        ranked = sorted((u for u in article.units if u.role == "major_claim"),
                        key=lambda u: (-u.confidence, u.start))
        row = score_spans(gold, [(u.start, u.end) for u in ranked])
        row["major_claim"] = major.text if major else ""
        row["restatements"] = [u.text for u in article.restatements]
        row["statements"] = list(gold.statements)
        rows.append(row)
    return thesis_report(rows, n_boot=n_boot, seed=seed, skipped=skipped)


_ZERO = {"value": 0.0, "low": 0.0, "high": 0.0}


def _compared(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str], *, n_boot: int,
              seed: int) -> tuple[dict[str, dict[str, float]], str, dict[str, float]]:
    """Accuracy of each system over ``rows`` (``columns``: system -> the row's 1/0
    column; ``argmap`` first, then the baselines in :data:`BASELINES` order), the best
    baseline (the earlier on a tie) and argmap minus it, paired; one set of resamples."""
    if not rows:
        return {name: dict(_ZERO) for name in columns}, next(n for n in columns if n != "argmap"), \
            dict(_ZERO)
    weights = resample_weights(len(rows), n=n_boot, seed=seed)

    def counts(name: str) -> list[list[int]]:
        return [[r[columns[name]], 1] for r in rows]

    right = {name: bootstrap_totals(counts(name), ratio_of_totals, weights=weights).as_dict()
             for name in columns}
    baselines = [n for n in columns if n != "argmap"]
    best = max(baselines, key=lambda name: (right[name]["value"], -baselines.index(name)))
    difference = paired_bootstrap_totals(counts("argmap"), counts(best), ratio_of_totals,
                                         weights=weights).as_dict()
    return right, best, difference


def thesis_report(rows: Sequence[Mapping[str, Any]], *, n_boot: int = 1000, seed: int = 0,
                  skipped: Sequence[str] = ()) -> dict[str, Any]:
    """Figures with intervals from per-text rows of :func:`score_spans`."""
    scored = [r for r in rows if r["thesis"]]
    right, best, difference = _compared(
        scored, {"argmap": "argmap", **{name: name for name in BASELINES}}, n_boot=n_boot, seed=seed)
    body = [r for r in scored if r["body"] is not None]
    body_right, body_best, body_difference = _compared(
        body, {"argmap": "body", **{name: "body " + name for name in BODY_BASELINES}},
        n_boot=n_boot, seed=seed)
    precision_rows = [[r["major_claims_right"], r["major_claims"]] for r in scored]
    precision = (bootstrap_totals(precision_rows, ratio_of_totals, n=n_boot, seed=seed).as_dict()
                 if scored else dict(_ZERO))
    genres: dict[str, list[int]] = {}
    for r in scored:
        tally = genres.setdefault(r["genre"] or "?", [0, 0])
        tally[0] += r["argmap"]
        tally[1] += 1
    no_thesis = [r for r in rows if not r["thesis"]]
    return {
        "format": "thesis",
        "texts": len(rows),
        "with_thesis": len(scored),
        "without_thesis": len(no_thesis),
        "skipped": list(skipped),
        "major_claim_right": right,
        "best_baseline": best,
        "difference": difference,
        "with_body_thesis": len(body),
        "body_thesis_right": body_right,
        "body_best_baseline": body_best,
        "body_difference": body_difference,
        "major_claim_precision": {**precision,
                                  "right": sum(r[0] for r in precision_rows),
                                  "units": sum(r[1] for r in precision_rows)},
        "by_genre": {g: {"right": v[0], "texts": v[1]} for g, v in sorted(genres.items())},
        "without_thesis_given_a_major_claim": sum(1 for r in no_thesis if r["major_claims"]),
        "documents": [dict(r) for r in rows],
    }


def format_thesis_report(result: Mapping[str, Any]) -> str:
    """The report as a short table (the JSON has every text's row)."""
    def fig(d: Mapping[str, float]) -> str:
        return f"{d['value']:.3f} [{d['low']:.2f}, {d['high']:.2f}]"

    def diff(d: Mapping[str, float]) -> str:
        return f"{d['value']:+.3f} [{d['low']:+.2f}, {d['high']:+.2f}]"

    lines = [f"thesis gold: {result['texts']} texts ({result['with_thesis']} with a thesis, "
             f"{result['without_thesis']} without), {len(result['skipped'])} skipped", "",
             f"major claim right ({result['with_thesis']} texts)    value [95% CI]"]
    for name, value in result["major_claim_right"].items():
        lines.append(f"  {name:<26}{fig(value)}")
    lines.append(f"  {'argmap - ' + result['best_baseline']:<26}{diff(result['difference'])}  (paired)")
    lines += ["", f"body thesis right ({result['with_body_thesis']} texts with a statement outside the headline)"]
    for name, value in result["body_thesis_right"].items():
        lines.append(f"  {name:<26}{fig(value)}")
    lines.append(f"  {'argmap - ' + result['body_best_baseline']:<26}{diff(result['body_difference'])}  (paired)")
    p = result["major_claim_precision"]
    lines += ["", f"major-claim precision          {fig(p)}  ({p['right']} of {p['units']} "
              "major-claim units state the thesis)",
              "by genre (argmap right / texts): " + ", ".join(
                  f"{shown(g)} {v['right']}/{v['texts']}" for g, v in result["by_genre"].items()),
              f"texts without a thesis: {result['without_thesis']}; argmap names a major claim in "
              f"{result['without_thesis_given_a_major_claim']}"]
    return "\n".join(lines) + "\n"
