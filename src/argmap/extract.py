"""Turn processed Docs into records, exactly once.

:func:`extract_doc` is the only place where spaCy objects become
:mod:`argmap.records`; everything downstream (graph, exports, compare)
works on records.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from typing import Callable, Iterable, Iterator, Mapping

from spacy.language import Language
from spacy.tokens import Doc

from .pipeline.entities import entity_ids, mention_bounds_of
from .pipeline.extensions import CONCEPTS_KEY, UNITS_KEY, register_extensions
from .pipeline.stance import ROLE_WEIGHTS, aggregate
from .pipeline.units import sentence_bounds
from .records import Article, AuthorStance, Entity, Mention, Relation, Stance, Unit
from .text import normalize_quotes

__all__ = ["extract_doc", "extract_article", "extract_articles", "title_of", "ROLE_WEIGHTS",
           "META_FIELDS"]

#: Source metadata an item may carry into the Article record.
META_FIELDS = ("title", "author", "date", "site", "url")


def title_of(text: str, limit: int = 80) -> str:
    """Return a title: the first line if it reads as one, else the first sentence.

    >>> title_of("Why rankings mislead\\n\\nRankings are...")
    'Why rankings mislead'
    >>> title_of("Rankings mislead. They measure signals.")
    'Rankings mislead.'
    >>> title_of("# Keep the levy\\n\\nThe levy works.")
    'Keep the levy'
    """
    first = text.strip().split("\n", 1)[0].strip()
    heading = first.startswith("#")
    first = first.lstrip("#").strip()
    if first and (heading or len(first.split()) <= 15 and first[-1] not in ".!?;:"):
        return first
    cut = re.search(r"[.!?](?=\s)", first)
    if cut:
        first = first[: cut.end()]
    return first if len(first) <= limit else first[: limit - 3].rsplit(" ", 1)[0] + "..."


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_doc(doc: Doc, *, article_id: str, text: str | None = None, title: str | None = None,
                source: str = "", model: str = "", meta: Mapping[str, str] | None = None) -> Article:
    """Return the :class:`Article` records of a Doc processed by the argmap pipes.

    Args:
        doc: A Doc that went through ``argmap_entities`` ... ``argmap_relations``.
        article_id: Stable id of the article (used in every record id).
        text: The original text, if the Doc was built from a normalised copy
            (offsets are identical).
        title: Title; by default :func:`title_of` the text.
        source: Where the text came from (a path, or ``-``).
        model: Name of the spaCy model, kept for provenance.
        meta: Source metadata (``title``, ``author``, ``date``, ``site``,
            ``url``; see :data:`META_FIELDS`); a ``title`` here is used when
            ``title`` is None.
    """
    meta = {k: str(v) for k, v in (meta or {}).items() if k in META_FIELDS and v}
    if title is None and meta.get("title"):
        title = meta["title"]
    text = doc.text if text is None else text
    aid = article_id
    spans = list(doc.spans.get(UNITS_KEY, []))
    roles = doc._.argmap_roles or [("none", 0.0, 0)] * len(spans)
    sent_starts = [s for s, _ in sentence_bounds(doc)]
    prefixes = doc._.argmap_prefixes or [""] * len(spans)
    units = []
    for span, (role, conf, para), prefix in zip(spans, roles, prefixes):
        units.append(Unit(
            id=f"{aid}:{span.start_char}", article_id=aid, start=span.start_char,
            end=span.end_char, text=text[span.start_char:span.end_char], role=role,
            confidence=float(conf), sentence=max(0, bisect_right(sent_starts, span.start) - 1),
            paragraph=int(para), prefix=prefix,
        ))
    unit_starts = [u.start for u in units]

    def unit_of(char: int) -> str:
        k = bisect_right(unit_starts, char) - 1
        return units[k].id if k >= 0 and char < units[k].end else ""

    info = doc._.argmap_entity_info or {}
    mentions, forms = [], {}
    targets = entity_ids(doc)
    targets += [(c, c.id_) for c in doc.spans.get(CONCEPTS_KEY, [])]
    targets = [(span, target) for span, target in sorted(targets, key=lambda x: x[0].start)
               if target]
    bounds = mention_bounds_of(doc, [span for span, _ in targets])
    for (span, target), (start, end) in zip(targets, bounds):
        surface = text[start:end]
        mentions.append(Mention(id=f"{aid}:{start}", article_id=aid, target=target,
                                unit_id=unit_of(start), start=start, end=end, text=surface))
        if not target.startswith("concept:"):
            forms.setdefault(target, {}).setdefault(surface, 0)
            forms[target][surface] += 1
    entities = []
    for target in sorted(forms):
        label, kind, country = info.get(target, ("", target.split(":", 1)[0], ""))
        if not label:
            label = max(forms[target].items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        if kind == "country":
            country = target
        entities.append(Entity(id=target, label=label, kind=kind, country=country,
                               mention_count=sum(forms[target].values()),
                               surface_forms=tuple(sorted(forms[target]))))

    relations = []
    for src, tgt, kind, conf, marker in doc._.argmap_relations or []:
        s, t = units[src], units[tgt]
        relations.append(Relation(id=f"{s.id}->{t.start}", article_id=aid, source=s.id,
                                  target=t.id, kind=kind, confidence=float(conf), marker=marker))

    settings = doc._.argmap_stance_settings or {}
    threshold = float(settings.get("threshold", 0.15))
    speech_weight = float(settings.get("speech_weight", 0.1))
    role_weights = {**ROLE_WEIGHTS, **(settings.get("role_weights") or {})}
    stances, rows, strength = [], [], {}
    for row in doc._.argmap_stances or []:
        ui, target, _s, _e, pol, score, conf, negated, cue = row[:9]
        speaker = row[9] if len(row) > 9 else ""
        u = units[ui] if ui < len(units) else None
        unit_id = u.id if u else f"{aid}:0"
        stances.append(Stance(id=f"{unit_id}:{target}", article_id=aid, unit_id=unit_id,
                              target=target, polarity=pol, score=float(score),
                              confidence=float(conf), negated=bool(negated), cue=cue,
                              speaker=speaker))
        if u is not None:
            # the author's evidence: the unit's score times its voice (reported
            # speech and description count less than the author's verdicts),
            # weighted by the unit's role
            voice = float(row[10]) if len(row) > 10 else (speech_weight if speaker else 1.0)
            weight = float(role_weights.get(u.role, 1.0))
            evidence = float(score) * voice
            # a sentence never spans paragraphs: a title the parser runs into
            # the first sentence still counts as a sentence of its own
            rows.append(((u.paragraph, u.sentence), target, evidence, weight))
            strength.setdefault(target, []).append((-abs(evidence) * weight, u.start, u.id))
    aggregated = aggregate(rows, threshold=threshold,
                           neutral_weight=float(settings.get("neutral_weight", 0.25)))
    author = tuple(
        AuthorStance(article_id=aid, target=t, polarity=p, score=s, n_pro=a, n_con=b, n_neutral=c,
                     evidence=_evidence(strength.get(t, ())))
        for t, (p, s, a, b, c) in sorted(aggregated.items())
    )
    return Article(
        id=aid, title=title if title is not None else title_of(text), source=source,
        sha256=_sha256(text), text=text, units=tuple(units), entities=tuple(entities),
        mentions=tuple(mentions), relations=tuple(relations), stances=tuple(stances),
        author_stances=author, model=model, author=meta.get("author", ""),
        date=meta.get("date", ""), site=meta.get("site", ""), url=meta.get("url", ""),
    )


def _evidence(scored: Iterable[tuple[float, int, str]]) -> tuple[str, ...]:
    """Unit ids, strongest stance first (then text order), each once.

    >>> _evidence([(-0.2, 40, "a:40"), (-0.9, 7, "a:7"), (-0.2, 40, "a:40")])
    ('a:7', 'a:40')
    """
    return tuple(dict.fromkeys(uid for _, _, uid in sorted(scored)))


def _model_name(nlp: Language) -> str:
    meta = nlp.meta or {}
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}".strip("_-")


def _prepared(nlp: Language, text: str, title: str | None = None,
              meta: Mapping[str, str] | None = None) -> str | Doc:
    """The text (quotes normalised) for ``nlp``; a Doc carrying the source's
    title (``doc._.argmap_title``) when there is one, so that the title rule
    of ``argmap_units`` knows the first line is the title (an HTML page's
    ``<title>``/``<h1>`` the reader put there)."""
    text = normalize_quotes(text)
    given = title if title is not None else (meta or {}).get("title")
    if not given:
        return text
    register_extensions()
    doc = nlp.make_doc(text)
    doc._.argmap_title = normalize_quotes(str(given))
    return doc


def extract_article(text: str, *, article_id: str, nlp: Language, title: str | None = None,
                    source: str = "", meta: Mapping[str, str] | None = None) -> Article:
    """Run ``nlp`` on ``text`` (quotes normalised) and return its records."""
    doc = nlp(_prepared(nlp, text, title, meta))
    return extract_doc(doc, article_id=article_id, text=text, title=title, source=source,
                       model=_model_name(nlp), meta=meta)


def _items4(items: Iterable[tuple]) -> Iterator[tuple[str, str, str, Mapping[str, str] | None]]:
    for item in items:
        yield (item[0], item[1], item[2], item[3] if len(item) > 3 else None)


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_articles(items: Iterable[tuple[str, str, str]], *, nlp: Language,
                     batch_size: int = 16, n_process: int = 1,
                     on_error: Callable[[str, Exception], None] | None = None) -> Iterator[Article]:
    """Yield records for ``(article_id, text, source[, meta])`` items, streaming with ``nlp.pipe``.

    Items are read lazily and Articles yielded in input order, so memory
    does not grow with the corpus.

    Args:
        items: ``(article_id, text, source)`` tuples, or with a fourth element,
            the source metadata (see :func:`extract_doc`); any iterable, read lazily.
        nlp: The pipeline (see :func:`argmap.pipeline.load_pipeline`).
        batch_size: Texts per ``nlp.pipe`` batch.
        n_process: spaCy worker processes (``nlp.pipe(n_process=...)``).
        on_error: With one process, a text that makes the pipeline raise is
            reported as ``on_error(article_id, exc)`` and skipped (its batch is
            re-run one text at a time); without it, the error propagates.
    """
    model = _model_name(nlp)
    items = _items4(items)
    if n_process > 1 or on_error is None:
        pairs = ((_prepared(nlp, item[1], meta=item[3]), item) for item in items)
        for doc, (aid, text, source, meta) in nlp.pipe(pairs, as_tuples=True,
                                                       batch_size=batch_size, n_process=n_process):
            yield extract_doc(doc, article_id=aid, text=text, source=source, model=model,
                              meta=meta)
        return
    for batch in _batched(items, batch_size):
        try:
            docs = list(nlp.pipe([_prepared(nlp, item[1], meta=item[3]) for item in batch],
                                 batch_size=batch_size))
            articles = [extract_doc(doc, article_id=aid, text=text, source=source, model=model,
                                    meta=meta)
                        for doc, (aid, text, source, meta) in zip(docs, batch)]
        except Exception:
            articles = []
            for aid, text, source, meta in batch:
                try:
                    articles.append(extract_doc(nlp(_prepared(nlp, text, meta=meta)), article_id=aid,
                                                text=text, source=source, model=model, meta=meta))
                except Exception as exc:  # noqa: BLE001 - reported, the corpus goes on
                    on_error(aid, exc)
        yield from articles
