"""The pandas API of comparison: ``argmap.compare(...) -> Comparison`` of DataFrames, and its reports.

:func:`compare` takes texts (extracted on the fly), extraction outputs
(``article.json`` or folders of them) or :class:`~argmap.records.Article`
records, runs the graph functions of :mod:`argmap.graph.compare` and returns
a :class:`Comparison` of DataFrames plus the merged corpus graph.
:func:`format_comparison` renders it as text, Markdown or JSON.

Example::

    import argmap
    c = argmap.compare(["corpus/"], reference="qs-2026-medical-rankings")
    c.stances.loc["concept:rankings"]
"""
from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from . import io
from .graph.build import build_graph
from .graph.compare import (ALIGN_ROLES, Agreement, AlignmentStance, EmbeddingBackend,
                            SimilarityBackend, align_claims, author_stances, default_backend,
                            entity_overlap, merge_graphs, stance_agreements)
from .records import Article
from .types import PathLike, Polarity, _Label

__all__ = [
    "Comparison",
    "ReportFormat",
    "compare",
    "compare_articles",
    "load_articles",
    "load_articles_with_folders",
    "prepare_backend",
    "save_embedding_cache",
    "format_comparison",
    "TABLE_NAMES",
]

#: Tables of a :class:`Comparison`, in the order they are written as CSV.
TABLE_NAMES = ("articles", "entities", "stances", "agreements", "alignments")


class ReportFormat(_Label):
    """Formats of :func:`format_comparison`."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


@dataclass
class Comparison:
    """The tables of a comparison.

    Attributes
    ----------
    articles : DataFrame
        One row per article: ``article_id``, ``title``, ``units``,
        ``targets``, ``major_claim``.
    entities : DataFrame
        Index ``target``; ``kind``, ``label``, ``n_articles``, ``shared`` and
        one column of mention counts per article.
    stances : DataFrame
        Index ``target``; one column of author polarity per article (``""``
        when silent), then ``n_pro``, ``n_con``, ``n_mixed``, ``n_neutral``
        and ``consensus`` (an :class:`~argmap.graph.compare.Agreement` value
        over all articles).
    agreements : DataFrame
        Rows of :func:`~argmap.graph.compare.stance_agreements`.
    alignments : DataFrame
        Rows of :func:`~argmap.graph.compare.align_claims`.
    graph : networkx.MultiDiGraph
        The merged corpus graph (:func:`~argmap.graph.compare.merge_graphs`).
    reference : str or None
        The article every other one was compared with, if any.
    notes : list of str
        One-line remarks for the user (e.g. an embedding cache that could
        not be written).
    """

    articles: pd.DataFrame
    entities: pd.DataFrame
    stances: pd.DataFrame
    agreements: pd.DataFrame
    alignments: pd.DataFrame
    graph: nx.MultiDiGraph = field(repr=False)
    reference: str | None = None
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return ``{name: DataFrame}`` in :data:`TABLE_NAMES` order."""
        return {name: getattr(self, name) for name in TABLE_NAMES}

    def pair_summary(self) -> pd.DataFrame:
        """Per article pair: agreeing, disagreeing and one-sided targets.

        ``position`` is ``agree`` or ``disagree`` by the weighted vote of the
        targets both articles argue about (both authors pro or con, each
        with at least one pro/con sentence on it; a target weighs as many
        pro/con sentences as the less talkative article spends on it, so
        central targets outvote passing mentions), ``mixed`` on a tie and
        ``unrelated`` when no such target exists. ``agree``/``disagree``
        count those argued targets only.
        """
        cols = ["article_a", "article_b", "position", "agree", "disagree", "one_sided",
                "agree_weight", "disagree_weight", "agree_on", "disagree_on"]
        if self.agreements.empty:
            return pd.DataFrame(columns=cols)
        rows = []
        for (a, b), grp in self.agreements.groupby(["article_a", "article_b"], sort=False):
            argued = grp["argued"].astype(bool) if "argued" in grp else True
            ag = grp[(grp["agreement"] == Agreement.AGREE.value) & argued]
            dis = grp[(grp["agreement"] == Agreement.DISAGREE.value) & argued]
            w_ag, w_dis = int(ag["weight"].sum()), int(dis["weight"].sum())
            position = ("unrelated" if ag.empty and dis.empty else
                        "agree" if w_ag > w_dis else "disagree" if w_dis > w_ag else "mixed")
            rows.append({"article_a": a, "article_b": b, "position": position,
                         "agree": len(ag), "disagree": len(dis),
                         "one_sided": int((grp["agreement"] == Agreement.ONE_SIDED.value).sum()),
                         "agree_weight": w_ag, "disagree_weight": w_dis,
                         "agree_on": "|".join(sorted(ag["target"])),
                         "disagree_on": "|".join(sorted(dis["target"]))})
        return pd.DataFrame(rows, columns=cols)


# -- inputs --------------------------------------------------------------------
def load_articles(inputs: Iterable[Article | PathLike], *, nlp: Any = None,
                  model: str | None = None) -> list[Article]:
    """Return the records of ``inputs``, extracting texts on the fly.

    Args:
        inputs: :class:`Article` records, ``article.json`` files, folders that
            hold an ``article.json``, folders of extraction outputs
            (``*/article.json``; with a ``manifest.json``, only the articles
            it names) or of ``.txt``/``.md``/``.html`` texts, or text files.
        nlp: A loaded argmap pipeline for the texts; loaded from ``model`` if
            needed.
        model: Model name for :func:`argmap.pipeline.load_pipeline`.

    Raises:
        argmap.io.InputError: A path is missing or unreadable, nothing was
            found, or two inputs have the same article id.
    """
    return [a for a, _ in load_articles_with_folders(inputs, nlp=nlp, model=model)]


def load_articles_with_folders(inputs: Iterable[Article | PathLike], *, nlp: Any = None,
                               model: str | None = None) -> list[tuple[Article, Path | None]]:
    """Like :func:`load_articles`, with the extraction folder each record came from
    (``None`` for records given directly and texts extracted now).

    The folder is where the embedding cache (``embeddings.npz``) lives.
    """
    articles: list[tuple[Article, Path | None]] = []
    texts: list[tuple[str, str, str]] = []
    for item in inputs:
        if isinstance(item, Article):
            articles.append((item, None))
            continue
        raw = str(item)
        p = Path(raw)
        listed = io.manifest_articles(p) if p.is_dir() else None
        if p.is_file() and p.suffix.lower() == ".json":
            # the embedding cache lives only in extraction folders, never beside a loose .json
            articles.append((io.read_article(p), p.parent if p.name == "article.json" else None))
        elif p.is_dir() and (p / "article.json").exists():
            articles.append((io.read_article(p), p))
        elif listed is not None:  # an extract folder: the articles its last run named
            articles.extend((io.read_article(f), f) for f in listed)
        elif p.is_dir() and any(p.rglob("article.json")):
            articles.extend((io.read_article(f), f.parent) for f in sorted(p.rglob("article.json")))
            texts.extend(_read_texts(io.expand_inputs([raw])))
        else:
            texts.extend(_read_texts(io.expand_inputs([raw])))
    if texts:
        if nlp is None:
            from .pipeline import load_pipeline

            nlp = load_pipeline(model)
        from .extract import extract_articles

        articles.extend((a, None) for a in extract_articles(texts, nlp=nlp))
    if not articles:
        raise io.InputError("no articles found (expected .txt/.md texts or article.json files)")
    ids = [a.id for a, _ in articles]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise io.InputError(f"the same article id appears twice: {', '.join(dupes)}")
    return articles


def _read_texts(paths: Sequence[str]) -> list[tuple[str, str, str]]:
    """Read texts exactly as ``extract`` does (:func:`argmap.io.read_source`)."""
    return [(io.article_id_for(p) if p != "-" else "stdin", io.read_source(p), io.source_name(p))
            for p in paths]


# -- tables --------------------------------------------------------------------
def _entities_table(graphs: Sequence[nx.MultiDiGraph], ids: Sequence[str]) -> pd.DataFrame:
    overlap = entity_overlap(graphs)
    info: dict[str, dict[str, Any]] = {}
    for G in graphs:
        for node in overlap:
            if node in G and node not in info:
                info[node] = G.nodes[node]
    rows = []
    for target, counts in overlap.items():
        data = info.get(target, {})
        row = {"target": target, "kind": data.get("entity_kind", target.split(":", 1)[0]),
               "label": data.get("label", target), "n_articles": len(counts),
               "shared": len(counts) > 1}
        row.update({aid: counts.get(aid, 0) for aid in ids})
        rows.append(row)
    cols = ["target", "kind", "label", "n_articles", "shared", *ids]
    df = pd.DataFrame(rows, columns=cols).set_index("target")
    return df.sort_values(["n_articles", "target"], ascending=[False, True], kind="stable")


def _consensus(pols: Sequence[str]) -> str:
    polar = {p for p in pols if p in (Polarity.PRO.value, Polarity.CON.value)}
    n_polar = sum(p in polar for p in pols)
    if len(polar) == 2:
        return Agreement.DISAGREE.value
    if n_polar >= 2:
        return Agreement.AGREE.value
    if n_polar == 1:
        return Agreement.ONE_SIDED.value
    return Agreement.NEITHER.value


def _stances_table(graphs: Sequence[nx.MultiDiGraph], ids: Sequence[str]) -> pd.DataFrame:
    per_article = dict(zip(ids, (author_stances(G) for G in graphs)))
    targets = sorted({t for st in per_article.values() for t in st})
    rows = []
    for target in targets:
        pols = [per_article[aid].get(target, ("", 0.0, 0))[0] for aid in ids]
        row: dict[str, Any] = {"target": target, **dict(zip(ids, pols))}
        for pol in Polarity:
            row[f"n_{pol.value}"] = pols.count(pol.value)
        row["consensus"] = _consensus(pols)
        rows.append(row)
    cols = ["target", *ids, *(f"n_{p.value}" for p in Polarity), "consensus"]
    return pd.DataFrame(rows, columns=cols).set_index("target")


def _articles_table(articles: Sequence[Article]) -> pd.DataFrame:
    rows = [{"article_id": a.id, "title": a.title, "date": a.date, "site": a.site,
             "author": a.author, "source": a.url or a.source, "units": len(a.units),
             "targets": len({m.target for m in a.mentions}),
             "major_claim": a.major_claim.text if a.major_claim else ""} for a in articles]
    return pd.DataFrame(rows, columns=["article_id", "title", "date", "site", "author", "source",
                                       "units", "targets", "major_claim"])


_ALIGN_COLS = ["unit_a", "article_a", "role_a", "text_a", "unit_b", "article_b", "role_b",
               "text_b", "rank", "similarity", "match_probability", "stance", "shared_targets",
               "backend"]
_AGREE_COLS = ["article_a", "article_b", "target", "polarity_a", "polarity_b", "score_a",
               "score_b", "weight", "argued", "agreement"]


def prepare_backend(articles: Sequence[Article], folders: Sequence[Path | None] | None = None,
                    backend: SimilarityBackend | None = None) -> SimilarityBackend:
    """Return ``backend``, or the default one (sentence embeddings and the match
    head, TF-IDF when the encoder is absent); an embedding backend is filled
    from the embedding caches (``embeddings.npz``) of the extraction folders."""
    b = backend if backend is not None else default_backend()
    if isinstance(b, EmbeddingBackend):
        from .io.embeddings import read_embeddings

        for folder in folders or ():
            if folder is not None:
                b.vectors.update(read_embeddings(folder, b.model_id))
    return b


def save_embedding_cache(articles: Sequence[Article], folders: Sequence[Path | None] | None,
                         backend: SimilarityBackend) -> list[str]:
    """Write ``embeddings.npz`` into each extraction folder whose units were encoded now.

    Returns one-line notes: a folder that is not writable is skipped, and
    said so once.
    """
    if not isinstance(backend, EmbeddingBackend) or not backend.new_keys or not folders:
        return []
    from .encoder import text_key
    from .io.embeddings import write_embeddings

    notes: list[str] = []
    for article, folder in zip(articles, folders):
        if folder is None:
            continue
        keys = {text_key(u.text) for u in article.units}
        if not keys & backend.new_keys:
            continue
        try:
            write_embeddings(folder, backend.model_id,
                             {k: backend.vectors[k] for k in keys if k in backend.vectors})
        except OSError as exc:
            if not notes:
                notes.append(f"{folder}: cannot write the embedding cache "
                             f"({exc.strerror or exc}); carrying on without caching")
    return notes


def compare_articles(articles: Sequence[Article], *, reference: str | None = None,
                     backend: SimilarityBackend | None = None, k: int = 3,
                     min_similarity: float = 0.1, roles: Sequence[str] | None = ALIGN_ROLES,
                     all_pairs_limit: int = 100,
                     folders: Sequence[Path | None] | None = None) -> Comparison:
    """Compare article records; see :func:`compare` for the options.

    ``folders`` (one per article, ``None`` where unknown) are the extraction
    folders whose embedding caches are read and written.
    """
    ids = [a.id for a in articles]
    if reference is not None and reference not in ids:
        raise ValueError(f"reference {reference!r} is not one of the articles")
    graphs = [build_graph(a) for a in articles]
    backend = prepare_backend(articles, folders, backend)
    alignments = align_claims(graphs, backend=backend, k=k, min_similarity=min_similarity,
                              roles=roles, reference=reference)
    notes = save_embedding_cache(articles, folders, backend)
    if reference is not None:
        pairs = [(reference, aid) for aid in ids if aid != reference]
    elif len(ids) <= all_pairs_limit:
        pairs = None
    else:  # only articles whose units were aligned: linear in the corpus size
        pairs = sorted({tuple(sorted((r["article_a"], r["article_b"]))) for r in alignments})
    agreements = stance_agreements(graphs, pairs=pairs)
    return Comparison(
        articles=_articles_table(articles),
        entities=_entities_table(graphs, ids),
        stances=_stances_table(graphs, ids),
        agreements=pd.DataFrame(agreements, columns=_AGREE_COLS),
        alignments=pd.DataFrame(alignments, columns=_ALIGN_COLS),
        graph=merge_graphs(graphs, alignments=alignments, agreements=agreements),
        reference=reference,
        notes=notes,
    )


def compare(inputs: Iterable[Article | PathLike] | PathLike, *, reference: str | None = None,
            nlp: Any = None, model: str | None = None, backend: SimilarityBackend | None = None,
            k: int = 3, min_similarity: float = 0.1, roles: Sequence[str] | None = ALIGN_ROLES,
            all_pairs_limit: int = 100) -> Comparison:
    """Compare the arguments of several articles.

    Args:
        inputs: Texts, extraction outputs or :class:`Article` records (see
            :func:`load_articles`); one path may be given alone.
        reference: Compare every article with this one (article id) only:
            stance pairs and unit alignments all involve it; by default all
            pairs, or, beyond ``all_pairs_limit`` articles, only pairs with
            aligned units.
        nlp: A loaded pipeline for texts (else loaded from ``model``).
        model: spaCy model name for texts.
        backend: Similarity backend; by default sentence embeddings with the
            ArgKP match head (cached in ``embeddings.npz`` in extraction
            folders), TF-IDF cosine when the encoder file is absent.
        k: Nearest units kept per unit.
        min_similarity: Alignments at or below this similarity are dropped.
        roles: Unit roles to align (``None`` for all units).
        all_pairs_limit: Largest corpus whose article pairs are all related.

    Returns:
        A :class:`Comparison`.

    Example:
        >>> from argmap.records import Article, AuthorStance
        >>> a = Article("a", "A", "", "", "", author_stances=(
        ...     AuthorStance("a", "concept:rankings", "con", -0.5, 0, 2, 0),))
        >>> b = Article("b", "B", "", "", "", author_stances=(
        ...     AuthorStance("b", "concept:rankings", "pro", 0.6, 2, 0, 0),))
        >>> compare([a, b]).agreements["agreement"].tolist()
        ['disagree']
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    loaded = load_articles_with_folders(inputs, nlp=nlp, model=model)
    return compare_articles([a for a, _ in loaded], reference=reference, backend=backend, k=k,
                            min_similarity=min_similarity, roles=roles,
                            all_pairs_limit=all_pairs_limit, folders=[f for _, f in loaded])


# -- reports -------------------------------------------------------------------
def _short(text: str, limit: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _polar_targets(c: Comparison) -> pd.DataFrame:
    st = c.stances
    if st.empty:
        return st
    return st[(st["n_pro"] + st["n_con"]) >= 1]


def _report_data(c: Comparison, *, max_alignments: int) -> dict[str, Any]:
    ids = c.articles["article_id"].tolist()
    shared = c.entities[c.entities["shared"]]
    al = c.alignments
    if not al.empty:
        # the most probable matches first (the similarity without a head)
        score = al["match_probability"].where(al["match_probability"].notna(), al["similarity"])
        al = al.assign(_score=score).sort_values(["_score", "similarity"], ascending=False,
                                                 kind="stable")
        pair = [tuple(sorted(p)) for p in zip(al["unit_a"], al["unit_b"])]
        al = al[~pd.Series(pair, index=al.index).duplicated()].head(max_alignments)
    return {
        "articles": ids,
        "reference": c.reference,
        "shared_entities": {t: int(n) for t, n in shared["n_articles"].items()},
        "stances": {t: {aid: row[aid] for aid in ids if row[aid]} | {"consensus": row["consensus"]}
                    for t, row in _polar_targets(c).iterrows()},
        "pairs": c.pair_summary().to_dict(orient="records"),
        "alignments": [{"unit_a": r.unit_a, "unit_b": r.unit_b, "similarity": r.similarity,
                        "match_probability": (None if pd.isna(r.match_probability)
                                              else float(r.match_probability)),
                        "stance": r.stance, "text_a": r.text_a, "text_b": r.text_b}
                       for r in al.itertuples()],
        "backend": str(c.alignments["backend"].iloc[0]) if not c.alignments.empty else "",
        "counts": {"alignments": int(len(c.alignments)),
                   "same_stance": int((c.alignments["stance"] == AlignmentStance.SAME.value).sum()),
                   "opposite_stance": int((c.alignments["stance"]
                                           == AlignmentStance.OPPOSITE.value).sum())},
    }


def _markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(x).replace("|", "\\|") for x in row) + " |" for row in rows]
    return out


def _text_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    rows = [[str(x) for x in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*header).rstrip(), *(fmt.format(*r).rstrip() for r in rows)]


#: Widest line of the text report.
TEXT_WIDTH = 120


def _fit(line: str, width: int = TEXT_WIDTH) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."


def _more(total: int, shown: int, what: str, table: str, md: bool) -> list[str]:
    if total <= shown:
        return []
    return [f"{'' if md else '  '}... {total - shown} more {what} in {table} (-o DIR)"]


def format_comparison(c: Comparison, fmt: str = ReportFormat.TEXT.value, *,
                      max_alignments: int = 10, max_rows: int = 40,
                      side_by_side: int = 12) -> str:
    """Render a comparison as ``text``, ``markdown`` or ``json``.

    The report lists shared entities, the stances side by side (targets at
    least one author is pro or con on; beyond ``side_by_side`` articles,
    counts per target instead), each article pair's agreement (at most
    ``max_rows`` rows in text and Markdown) and the cross-article unit
    alignments with the highest match probability. Text lines are at most
    :data:`TEXT_WIDTH` (120) columns: long article ids become letters with a
    legend, long cells are shortened.
    """
    fmt = ReportFormat(str(fmt))
    data = _report_data(c, max_alignments=max_alignments)
    if fmt is ReportFormat.JSON:
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    md = fmt is ReportFormat.MARKDOWN
    table = _markdown_table if md else _text_table
    ids = data["articles"]

    def heading(title: str) -> list[str]:
        return [f"## {title}", ""] if md else [title, "-" * len(title)]

    lines = heading(f"Comparison of {len(ids)} articles"
                    + (f" against {data['reference']}" if data["reference"] else ""))
    lines += [f"{'- ' if md else '  '}{aid}" for aid in ids[:max_rows]]
    lines += _more(len(ids), max_rows, "articles", "articles.csv", md) + [""]
    lines += heading("Shared entities")
    shared = ", ".join(f"{t} ({n})" for t, n in data["shared_entities"].items()) or "none"
    lines += ([shared] if md else textwrap.wrap(shared, TEXT_WIDTH, break_on_hyphens=False)) + [""]
    lines += heading("Author stances")
    if len(ids) <= side_by_side:
        cols = ids
        rows = [[t if md else _short(t, 40), *(row.get(aid, "") or "-" for aid in ids),
                 row["consensus"]] for t, row in data["stances"].items()]
        if not md and len(table(["target", *cols, "consensus"], rows)[0]) > TEXT_WIDTH:
            cols = [_letters(i) for i in range(len(ids))]  # short column names, legend below
        lines += table(["target", *cols, "consensus"], rows)
        if cols is not ids:
            lines += [_fit("  " + ", ".join(f"{c} = {aid}" for c, aid in zip(cols, ids)))]
        lines += [""]
    else:  # too many articles for one column each: counts per target
        st = _polar_targets(c)
        st = st.assign(_n=st["n_pro"] + st["n_con"]).sort_values("_n", ascending=False,
                                                                  kind="stable")
        lines += table(["target", "pro", "con", "mixed", "neutral", "consensus"],
                       [[t, r.n_pro, r.n_con, r.n_mixed, r.n_neutral, r.consensus]
                        for t, r in st.head(max_rows).iterrows()])
        lines += _more(len(st), max_rows, "targets", "stances.csv", md) + [""]
    lines += heading("Agreement per article pair")
    pairs = data["pairs"]
    lines += table(["article_a", "article_b", "position", "agree (weight)", "disagree (weight)",
                    "disagree on"],
                   [[p["article_a"], p["article_b"], p["position"],
                     f"{p['agree']} ({p['agree_weight']})", f"{p['disagree']} ({p['disagree_weight']})",
                     (p["disagree_on"] if md else _short(p["disagree_on"], 40)) or "-"]
                    for p in pairs[:max_rows]])
    lines += _more(len(pairs), max_rows, "pairs", "agreements.csv", md) + [""]
    counts = data["counts"]
    lines += heading(f"Closest aligned units ({counts['alignments']} alignments, "
                     f"{counts['same_stance']} same-stance, "
                     f"{counts['opposite_stance']} opposite-stance)")
    def prob(a: dict[str, Any]) -> str:
        return "-" if a["match_probability"] is None else f"{a['match_probability']:.2f}"

    if md:
        lines += table(["match", "similarity", "stance", "unit_a", "unit_b", "text_a", "text_b"],
                       [[prob(a), f"{a['similarity']:.2f}", a["stance"], a["unit_a"], a["unit_b"],
                         _short(a["text_a"], 80), _short(a["text_b"], 80)]
                        for a in data["alignments"]])
    else:  # one block per alignment: the two texts on lines of their own
        lines += [f"  backend: {data['backend']}; match = match probability, sim = cosine"]
        for a in data["alignments"]:
            lines += [_fit(f"  match {prob(a)}  sim {a['similarity']:.2f}  {a['stance']:<15}  "
                           f"{a['unit_a']} <-> {a['unit_b']}"),
                      "    a: " + _short(a["text_a"], TEXT_WIDTH - 6),
                      "    b: " + _short(a["text_b"], TEXT_WIDTH - 6)]
    out = "\n".join(lines).rstrip() + "\n"
    if not md:
        out = "\n".join(_fit(line) for line in out.split("\n"))
    return out


def _letters(i: int) -> str:
    """Column label of the i-th article: A..Z, then AA, AB...

    >>> [_letters(i) for i in (0, 25, 26)]
    ['A', 'Z', 'AA']
    """
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

