"""Comparison across articles: graph functions on hand-built records, then corpus/."""
from __future__ import annotations

import operator

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from scipy import sparse

from argmap.compare_tables import Comparison, compare, compare_articles, format_comparison
from argmap.export import EXPORTERS, export_text, from_json, to_json
from argmap.extract import extract_article
from argmap.graph import build_graph
from argmap.graph.compare import (Agreement, SimilarityBackend, agreement_of,
                                  align_claims, author_stances, entity_overlap, merge_graphs,
                                  stance_agreements, top_k_neighbors)
from argmap.records import Article, AuthorStance, Entity, Mention, Stance, Unit

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
EXPECT = json.loads((ROOT / "tests" / "data" / "corpus_expectations.json").read_text())
SEED = EXPECT["seed"]["id"]
#: Intended commentary stances that hold, as README states ("10 of the 11").
CORPUS_STANCES_HELD = 10


def make_article(aid: str, claims: list[tuple[str, str, float]], *,
                 entities: tuple[str, ...] = ("country:US",)) -> Article:
    """An article whose claims are ``(text, target, stance score)``."""
    units, mentions, stances, pos = [], [], [], 0
    for text, target, score in claims:
        uid = f"{aid}:{pos}"
        units.append(Unit(uid, aid, pos, pos + len(text), text, "claim", 0.8, len(units), 0))
        mentions.append(Mention(uid, aid, target, uid, pos, pos + 3, text[:3]))
        pol = "pro" if score > 0.15 else "con" if score < -0.15 else "neutral"
        stances.append(Stance(f"{uid}:{target}", aid, uid, target, pol, score, 0.8, False, ""))
        pos += len(text) + 1
    author = {}
    for s in stances:
        author.setdefault(s.target, []).append(s.score)
    authors = tuple(AuthorStance(aid, t, "pro" if sum(v) > 0 else "con", sum(v) / len(v),
                                 sum(x > 0 for x in v), sum(x < 0 for x in v), 0)
                    for t, v in sorted(author.items()))
    ents = tuple(Entity(e, e.split(":")[1], e.split(":")[0], e, 1, (e,)) for e in entities)
    return Article(aid, aid, "", "", " ".join(c[0] for c in claims), units=tuple(units),
                   entities=ents, mentions=tuple(mentions), stances=tuple(stances),
                   author_stances=authors)


@pytest.fixture()
def trio() -> list[Article]:
    return [
        make_article("con", [("Rankings mislead students about medical schools.", "concept:rankings", -0.7),
                             ("Prestige is an overrated signal.", "concept:prestige", -0.6)]),
        make_article("pro", [("Rankings guide students to medical schools well.", "concept:rankings", 0.7),
                             ("Prestige is a valuable signal for employers.", "concept:prestige", 0.6)],
                     entities=("country:US", "country:GB")),
        make_article("ally", [("Rankings mislead students and parents alike.", "concept:rankings", -0.5)]),
    ]


def test_entity_overlap_uses_canonical_ids(trio):
    overlap = entity_overlap([build_graph(a) for a in trio])
    assert overlap["country:US"] == {"con": 1, "pro": 1, "ally": 1}
    assert overlap["country:GB"] == {"pro": 1}
    assert set(overlap["concept:prestige"]) == {"con", "pro"}


@pytest.mark.parametrize("a,b,expected", [
    ("pro", "pro", Agreement.AGREE), ("con", "pro", Agreement.DISAGREE),
    ("pro", "mixed", Agreement.ONE_SIDED), ("con", None, Agreement.ONE_SIDED),
    ("neutral", "mixed", Agreement.NEITHER), (None, None, Agreement.NEITHER),
])
def test_agreement_of(a, b, expected):
    assert agreement_of(a, b) is expected


def test_stance_agreements_per_target(trio):
    graphs = [build_graph(a) for a in trio]
    rows = {(r["article_a"], r["article_b"], r["target"]): r["agreement"]
            for r in stance_agreements(graphs)}
    assert rows[("ally", "con", "concept:rankings")] == "agree"
    assert rows[("con", "pro", "concept:rankings")] == "disagree"
    assert rows[("con", "pro", "concept:prestige")] == "disagree"
    assert rows[("ally", "pro", "concept:prestige")] == "one-sided"
    only = stance_agreements(graphs, pairs=[("con", "ally")], targets=["concept:rankings"])
    assert [(r["article_a"], r["article_b"], r["agreement"]) for r in only] == [
        ("con", "ally", "agree")]


def test_author_stances_counts_sentences(trio):
    assert author_stances(build_graph(trio[0]))["concept:rankings"][::2] == ("con", 1)


def test_align_claims_marks_same_and_opposite_stance(trio):
    rows = align_claims([build_graph(a) for a in trio], k=1)
    best = {r["unit_a"]: r for r in rows}
    assert best["ally:0"]["unit_b"] == "con:0"
    assert best["ally:0"]["stance"] == "same-stance"
    assert best["ally:0"]["shared_targets"] == "concept:rankings"
    opposite = best["pro:0"]
    assert opposite["article_b"] != "pro" and opposite["stance"] == "opposite-stance"
    assert all(r["article_a"] != r["article_b"] for r in rows)
    assert all(0 < r["similarity"] <= 1 for r in rows)


def test_top_k_neighbors_never_matches_own_group_and_chunks_agree():
    rng = np.random.default_rng(0)
    X = sparse.random(60, 40, density=0.2, random_state=1, format="csr")
    X = sparse.csr_matrix(X.multiply(1 / np.sqrt(X.multiply(X).sum(axis=1) + 1e-12)))
    groups = rng.integers(0, 6, size=60)
    small = list(top_k_neighbors(X, groups, k=4, chunk_size=7))
    big = list(top_k_neighbors(X, groups, k=4, chunk_size=1000))
    assert [(i, j) for i, j, _ in small] == [(i, j) for i, j, _ in big]
    assert all(groups[i] != groups[j] for i, j, _ in small)
    dense = (X @ X.T).toarray()
    for i, j, s in small:
        other = dense[i][groups != groups[i]]
        assert s == pytest.approx(dense[i, j], abs=1e-6)
        assert s >= np.sort(other)[-4] - 1e-6


class WordOverlap(SimilarityBackend):
    """A toy backend: binary bag of words, to show the plug-in point."""

    name = "words"

    def embed(self, texts):
        vocab = sorted({w for t in texts for w in t.lower().split()})
        X = np.array([[w in t.lower().split() for w in vocab] for t in texts], dtype=float)
        return X / np.linalg.norm(X, axis=1, keepdims=True)


def test_backend_is_pluggable(trio):
    rows = align_claims([build_graph(a) for a in trio], backend=WordOverlap(), k=1)
    assert {r["backend"] for r in rows} == {"words"}
    assert {r["unit_a"]: r["unit_b"] for r in rows}["ally:0"] == "con:0"


def test_merge_graphs_shares_entities_and_adds_comparison_edges(trio):
    graphs = [build_graph(a) for a in trio]
    alignments = align_claims(graphs, k=2)
    agreements = stance_agreements(graphs)
    M = merge_graphs(graphs, alignments=alignments, agreements=agreements)
    assert M.nodes["country:US"]["n_articles"] == 3
    assert M.nodes["country:US"]["articles"] == "con|pro|ally"
    assert M.nodes["concept:rankings"]["mention_count"] == 3
    kinds = [d["kind"] for _, _, d in M.edges(data=True)]
    pairs = {tuple(sorted((r["unit_a"], r["unit_b"]))) for r in alignments}
    assert kinds.count("aligned_with") == len(pairs)
    assert M.has_edge("article:con", "article:pro", key="disagrees:concept:rankings")
    assert M.has_edge("article:ally", "article:con", key="agrees:concept:rankings")
    for _, data in M.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    for _, _, data in M.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())


def test_merged_graph_exports_in_every_format(trio):
    c = compare_articles(trio)
    for fmt in EXPORTERS:
        assert export_text(c.graph, fmt), fmt
    back = from_json(to_json(c.graph))
    assert nx.is_isomorphic(back, c.graph, node_match=operator.eq, edge_match=operator.eq)


def test_compare_tables(trio):
    c = compare(trio)
    assert isinstance(c, Comparison)
    assert c.stances.loc["concept:rankings", "consensus"] == "disagree"
    assert c.stances.loc["concept:rankings", ["con", "pro", "ally"]].tolist() == ["con", "pro", "con"]
    assert bool(c.entities.loc["country:GB", "shared"]) is False
    assert c.entities.loc["country:US", "n_articles"] == 3
    pairs = c.pair_summary().set_index(["article_a", "article_b"])["position"]
    assert pairs[("con", "pro")] == "disagree" and pairs[("ally", "con")] == "agree"
    ref = compare(trio, reference="pro")
    assert set(ref.agreements["article_a"]) == {"pro"}
    for fmt in ("text", "markdown", "json"):
        assert "concept:rankings" in format_comparison(c, fmt)
    with pytest.raises(ValueError):
        compare(trio, reference="nope")


def test_compare_reads_extraction_outputs(tmp_path, trio):
    from argmap import io

    for a in trio:
        io.write_article(tmp_path, a, {})
    c = compare([tmp_path])
    assert sorted(c.articles["article_id"]) == ["ally", "con", "pro"]


# -- corpus/: rules-only pipeline ----------------------------------------------
@pytest.fixture(scope="module")
def corpus_blank(request):
    nlp = request.getfixturevalue("nlp")
    return [extract_article(p.read_text(encoding="utf-8"), article_id=p.stem, nlp=nlp)
            for p in sorted(CORPUS.glob("*.txt"))]


def test_corpus_shared_entities_blank(corpus_blank):
    c = compare_articles(corpus_blank, reference=SEED)
    for aid, exp in EXPECT["articles"].items():
        found = set(c.entities.index[c.entities[aid] > 0])
        assert set(exp["entities"]) <= found | {"country:BR"}, aid  # Brazil needs NER
    assert c.entities.loc["country:US", "n_articles"] >= 5
    assert set(c.agreements["article_a"]) == {SEED}


def test_corpus_alignment_finds_cross_article_claims_blank(corpus_blank):
    rows = align_claims([build_graph(a) for a in corpus_blank], k=3)
    assert rows and all(r["article_a"] != r["article_b"] for r in rows)
    by_unit = {}
    for r in rows:
        by_unit.setdefault(r["unit_a"], []).append(r["similarity"])
    assert all(s == sorted(s, reverse=True) for s in by_unit.values())


# -- corpus/: trained model ----------------------------------------------------
@pytest.fixture(scope="module")
def corpus_model(request):
    nlp = request.getfixturevalue("nlp_model")
    return [extract_article(p.read_text(encoding="utf-8"), article_id=p.stem, nlp=nlp)
            for p in sorted(CORPUS.glob("*.txt"))]


@pytest.mark.model
def test_corpus_positions_on_rankings(corpus_model):
    """The commentaries written to agree with the seed side with it on rankings;
    those written to disagree take the opposite side."""
    c = compare_articles(corpus_model, reference=SEED)
    rankings = c.stances.loc["concept:rankings"]
    for aid, exp in EXPECT["articles"].items():
        want = exp["stances"].get("concept:rankings")
        if want:
            assert rankings[aid] == want, aid
    assert rankings[SEED] == EXPECT["seed"]["stances"]["concept:rankings"] == "con"
    ag = c.agreements.set_index(["article_b", "target"])["agreement"]
    for aid, exp in EXPECT["articles"].items():
        if exp["position_vs_seed"] in ("agree", "disagree"):
            assert ag[(aid, "concept:rankings")] == exp["position_vs_seed"], aid


@pytest.mark.model
def test_corpus_stance_expectations_largely_hold(corpus_model):
    author = {a.id: {s.target: s.polarity for s in a.author_stances} for a in corpus_model}
    checks = [(aid, t, want) for aid, exp in EXPECT["articles"].items()
              for t, want in exp["stances"].items()]
    hits = sum(author[aid].get(t) == want for aid, t, want in checks)
    # README "The seed essay" reports this figure: keep the two in step
    assert len(checks) == 11 and hits >= CORPUS_STANCES_HELD, [
        (a, t, w, author[a].get(t)) for a, t, w in checks if author[a].get(t) != w]


def test_opposite_claims_from_text_are_marked(nlp):
    texts = {"con": "Rankings mislead students about medical schools.",
             "pro": "Rankings guide students about medical schools well and are useful."}
    arts = [extract_article(t, article_id=aid, nlp=nlp) for aid, t in texts.items()]
    rows = align_claims([build_graph(a) for a in arts], k=1, roles=None)
    assert {r["stance"] for r in rows} == {"opposite-stance"}
    assert all("concept:rankings" in r["shared_targets"].split("|") for r in rows)


def _many(n: int) -> list[Article]:
    words = ["rankings", "prestige", "teaching", "funding", "patients", "research", "exams"]
    arts = []
    for i in range(n):
        sign = 1 if i % 2 else -1
        text = f"{words[i % 7]} and {words[(i * 3) % 7]} matter for school {i % 5}."
        arts.append(make_article(f"a{i:03d}", [(text, "concept:rankings", 0.5 * sign)]))
    return arts


def test_large_corpus_relates_only_aligned_pairs():
    arts = _many(30)
    c = compare_articles(arts, all_pairs_limit=10, k=2)
    pairs = set(zip(c.agreements["article_a"], c.agreements["article_b"]))
    aligned = {tuple(sorted(p)) for p in zip(c.alignments["article_a"], c.alignments["article_b"])}
    assert pairs and pairs <= aligned
    assert len(pairs) < 30 * 29 // 2
    assert len(compare_articles(arts, all_pairs_limit=100).agreements) == 30 * 29 // 2


def test_report_is_capped_for_large_corpora():
    c = compare_articles(_many(30), k=2)
    text = format_comparison(c, "text", max_rows=5, side_by_side=4)
    assert "more articles in articles.csv" in text and "more pairs in agreements.csv" in text
    assert "a029" not in text.split("Author stances")[1].split("\n")[2]  # counts, not columns
    data = json.loads(format_comparison(c, "json"))
    assert len(data["articles"]) == 30


def test_pair_summary_names_agreed_and_disagreed_targets():
    a = make_article("a", [("Rankings mislead students badly.", "concept:rankings", -0.7),
                           ("Prestige is a useful signal.", "concept:prestige", 0.6)])
    b = make_article("b", [("Rankings mislead families too.", "concept:rankings", -0.6),
                           ("Prestige is an empty signal.", "concept:prestige", -0.6)])
    row = compare_articles([a, b]).pair_summary().iloc[0]
    assert (row["agree_on"], row["disagree_on"]) == ("concept:rankings", "concept:prestige")
    assert (row["agree"], row["disagree"], row["position"]) == (1, 1, "mixed")
