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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from . import io
from .graph.build import build_graph
from .graph.compare import (ALIGN_ROLES, Agreement, AlignmentStance, SimilarityBackend,
                            align_claims, author_stances, entity_overlap,
                            merge_graphs, stance_agreements)
from .records import Article
from .types import PathLike, Polarity, _Label

__all__ = [
    "Comparison",
    "ReportFormat",
    "compare",
    "compare_articles",
    "load_articles",
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
    """

    articles: pd.DataFrame
    entities: pd.DataFrame
    stances: pd.DataFrame
    agreements: pd.DataFrame
    alignments: pd.DataFrame
    graph: nx.MultiDiGraph = field(repr=False)
    reference: str | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return ``{name: DataFrame}`` in :data:`TABLE_NAMES` order."""
        return {name: getattr(self, name) for name in TABLE_NAMES}

    def pair_summary(self) -> pd.DataFrame:
        """Per article pair: agreeing, disagreeing and one-sided targets.

        ``position`` is ``agree`` or ``disagree`` by the weighted vote of the
        targets both authors are pro or con on (each weighs as many
        sentences as the less talkative article spends on it, so central
        targets outvote passing mentions), ``mixed`` on a tie and
        ``unrelated`` when no such target exists.
        """
        cols = ["article_a", "article_b", "position", "agree", "disagree", "one_sided",
                "agree_weight", "disagree_weight", "agree_on", "disagree_on"]
        if self.agreements.empty:
            return pd.DataFrame(columns=cols)
        rows = []
        for (a, b), grp in self.agreements.groupby(["article_a", "article_b"], sort=False):
            ag = grp[grp["agreement"] == Agreement.AGREE.value]
            dis = grp[grp["agreement"] == Agreement.DISAGREE.value]
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
            (``*/article.json``) or of ``.txt``/``.md`` texts, or text files.
        nlp: A loaded argmap pipeline for the texts; loaded from ``model`` if
            needed.
        model: Model name for :func:`argmap.pipeline.load_pipeline`.

    Raises:
        argmap.io.InputError: A path is missing or unreadable, nothing was
            found, or two inputs have the same article id.
    """
    articles: list[Article] = []
    texts: list[tuple[str, str, str]] = []
    for item in inputs:
        if isinstance(item, Article):
            articles.append(item)
            continue
        raw = str(item)
        p = Path(raw)
        if p.is_file() and p.suffix.lower() == ".json":
            articles.append(io.read_article(p))
        elif p.is_dir() and (p / "article.json").exists():
            articles.append(io.read_article(p))
        elif p.is_dir() and any(p.rglob("article.json")):
            articles.extend(io.read_article(f) for f in sorted(p.rglob("article.json")))
            texts.extend(_read_texts(io.expand_inputs([raw])))
        else:
            texts.extend(_read_texts(io.expand_inputs([raw])))
    if texts:
        if nlp is None:
            from .pipeline import load_pipeline

            nlp = load_pipeline(model)
        from .extract import extract_articles

        articles.extend(extract_articles(texts, nlp=nlp))
    if not articles:
        raise io.InputError("no articles found (expected .txt/.md texts or article.json files)")
    ids = [a.id for a in articles]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise io.InputError(f"the same article id appears twice: {', '.join(dupes)}")
    return articles


def _read_texts(paths: Sequence[str]) -> list[tuple[str, str, str]]:
    return [(io.article_id_for(p) if p != "-" else "stdin", io.read_text(p), p) for p in paths]


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
               "text_b", "rank", "similarity", "stance", "shared_targets", "backend"]
_AGREE_COLS = ["article_a", "article_b", "target", "polarity_a", "polarity_b", "score_a",
               "score_b", "weight", "agreement"]


def compare_articles(articles: Sequence[Article], *, reference: str | None = None,
                     backend: SimilarityBackend | None = None, k: int = 3,
                     min_similarity: float = 0.1, roles: Sequence[str] | None = ALIGN_ROLES,
                     all_pairs_limit: int = 100) -> Comparison:
    """Compare article records; see :func:`compare` for the options."""
    ids = [a.id for a in articles]
    if reference is not None and reference not in ids:
        raise ValueError(f"reference {reference!r} is not one of the articles")
    graphs = [build_graph(a) for a in articles]
    alignments = align_claims(graphs, backend=backend, k=k, min_similarity=min_similarity,
                              roles=roles)
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
    )


def compare(inputs: Iterable[Article | PathLike] | PathLike, *, reference: str | None = None,
            nlp: Any = None, model: str | None = None, backend: SimilarityBackend | None = None,
            k: int = 3, min_similarity: float = 0.1, roles: Sequence[str] | None = ALIGN_ROLES,
            all_pairs_limit: int = 100) -> Comparison:
    """Compare the arguments of several articles.

    Args:
        inputs: Texts, extraction outputs or :class:`Article` records (see
            :func:`load_articles`); one path may be given alone.
        reference: Compare every article with this one (article id) only;
            by default all pairs, or, beyond ``all_pairs_limit`` articles,
            only pairs with aligned units.
        nlp: A loaded pipeline for texts (else loaded from ``model``).
        model: spaCy model name for texts.
        backend: Similarity backend; TF-IDF cosine by default.
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
    articles = load_articles(inputs, nlp=nlp, model=model)
    return compare_articles(articles, reference=reference, backend=backend, k=k,
                            min_similarity=min_similarity, roles=roles,
                            all_pairs_limit=all_pairs_limit)


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
        # stance-marked alignments first (they say who agrees), then the closest
        al = al.assign(_known=al["stance"] != AlignmentStance.UNKNOWN.value)
        al = al.sort_values(["_known", "similarity"], ascending=False, kind="stable")
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
                        "stance": r.stance, "text_a": r.text_a, "text_b": r.text_b}
                       for r in al.itertuples()],
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
    ``max_rows`` rows in text and Markdown) and the closest cross-article
    unit alignments, stance-marked ones first.
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
    lines += [(", ".join(f"{t} ({n})" for t, n in data["shared_entities"].items()) or "none"), ""]
    lines += heading("Author stances")
    if len(ids) <= side_by_side:
        lines += table(["target", *ids, "consensus"],
                       [[t, *(row.get(aid, "") or "-" for aid in ids), row["consensus"]]
                        for t, row in data["stances"].items()]) + [""]
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
                     p["disagree_on"] or "-"] for p in pairs[:max_rows]])
    lines += _more(len(pairs), max_rows, "pairs", "agreements.csv", md) + [""]
    counts = data["counts"]
    lines += heading(f"Closest aligned units ({counts['alignments']} alignments, "
                     f"{counts['same_stance']} same-stance, "
                     f"{counts['opposite_stance']} opposite-stance)")
    lines += table(["similarity", "stance", "unit_a", "unit_b", "text_a", "text_b"],
                   [[f"{a['similarity']:.2f}", a["stance"], a["unit_a"], a["unit_b"],
                     _short(a["text_a"], 50), _short(a["text_b"], 50)]
                    for a in data["alignments"]])
    return "\n".join(lines).rstrip() + "\n"

