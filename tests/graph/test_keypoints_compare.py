"""Embedding backend, cache, -r restriction, ordering, pair position, report width and key points.

Hand-built records and a toy encoder (a bag of marker words), so every
expected value is exact; the packaged encoder is used only where it says so.
"""
from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from argmap import io
from argmap.cli import cli
from argmap.compare_tables import compare_articles, format_comparison
from argmap.graph import build_graph
from argmap.graph.compare import EmbeddingBackend, TfidfBackend, align_claims, stance_agreements
from argmap.graph.keypoints import key_points
from argmap.io.embeddings import EMBEDDINGS_FILE, read_embeddings
from argmap.keypoint_tables import format_keypoints, keypoints_of_articles
from argmap.records import article_to_dict

from test_compare import make_article  # tests/graph/test_compare.py (rootdir on sys.path)

WORDS = ("rank", "prestige", "fund", "ai")


class ToyEncoder:
    """One dimension per marker word (plus a rest dimension); counts its calls."""

    model_id = "toy-1"

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded.extend(texts)
        X = np.array([[float(w in t.lower()) for w in WORDS] + [0.1] for t in texts],
                     dtype=np.float32)
        return X / np.linalg.norm(X, axis=1, keepdims=True)


class ToyHead:
    """Match probability = cosine (so expected orders are easy to read)."""

    cluster_threshold = 0.6

    def predict(self, U, V):
        return (np.asarray(U) * np.asarray(V)).sum(axis=1).astype(np.float64)

    def pairwise(self, E):
        return (E @ E.T).astype(np.float64)


@pytest.fixture()
def quad():
    return [
        make_article("ref", [("Rankings mislead students.", "concept:rankings", -0.7),
                             ("Research funding is concentrated.", "concept:funding", -0.5)]),
        make_article("x", [("Rankings are a fair guide.", "concept:rankings", 0.6),
                           ("Funding follows excellence.", "concept:funding", 0.4)]),
        make_article("y", [("Rankings reward reputation.", "concept:rankings", -0.4),
                           ("Prestige opens doors for graduates.", "concept:prestige", 0.5)]),
        make_article("z", [("Prestige is a rational signal.", "concept:prestige", 0.6),
                           ("AI will change training.", "concept:ai", 0.5)]),
    ]


def test_reference_restricts_alignments_to_pairs_with_it(quad):
    graphs = [build_graph(a) for a in quad]
    rows = align_claims(graphs, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()),
                        k=2, reference="ref")
    assert rows and all("ref" in (r["article_a"], r["article_b"]) for r in rows)
    unrestricted = align_claims(graphs, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()), k=2)
    assert any("ref" not in (r["article_a"], r["article_b"]) for r in unrestricted)


def test_alignments_are_sorted_by_match_probability(quad):
    rows = align_claims([build_graph(a) for a in quad],
                        backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()), k=2)
    probs = [r["match_probability"] for r in rows]
    assert probs == sorted(probs, reverse=True)
    top = rows[0]
    assert top["match_probability"] == pytest.approx(1.0, abs=1e-4)
    assert top["backend"] == "embedding+head"
    # the rankings claims of ref and x take opposite stances on concept:rankings
    pair = next(r for r in rows if {r["unit_a"], r["unit_b"]} == {"ref:0", "x:0"})
    assert pair["stance"] == "opposite-stance" and pair["shared_targets"] == "concept:rankings"


def test_embedding_cache_is_written_once_and_reused(quad, tmp_path):
    folders = []
    for a in quad:
        io.write_text(tmp_path / a.id / "article.json", "{}")
        folders.append(tmp_path / a.id)
    enc = ToyEncoder()
    c = compare_articles(quad, backend=EmbeddingBackend(enc, head=ToyHead()), folders=folders)
    assert c.notes == [] and len(enc.encoded) == 8
    assert len(read_embeddings(tmp_path / "ref", "toy-1")) == 2
    assert read_embeddings(tmp_path / "ref", "another-model") == {}
    enc2 = ToyEncoder()
    compare_articles(quad, backend=EmbeddingBackend(enc2, head=ToyHead()), folders=folders)
    assert enc2.encoded == []  # nothing re-encoded
    (tmp_path / "x" / EMBEDDINGS_FILE).write_bytes(b"garbage")  # a corrupt cache is no cache
    enc3 = ToyEncoder()
    compare_articles(quad, backend=EmbeddingBackend(enc3, head=ToyHead()), folders=folders)
    assert sorted(enc3.encoded) == ["Funding follows excellence.", "Rankings are a fair guide."]


def test_unwritable_cache_folder_is_said_once(quad, tmp_path):
    missing = [tmp_path / "nope" / a.id for a in quad]  # parent folders do not exist
    c = compare_articles(quad, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()),
                         folders=missing)
    assert len(c.notes) == 1 and "carrying on without caching" in c.notes[0]
    assert not (tmp_path / "nope").exists()


def test_pair_position_counts_only_argued_targets():
    def art(aid, pol, n_pro, n_con, n_neutral):
        import networkx as nx
        G = nx.MultiDiGraph()
        G.add_node(f"article:{aid}", kind="article", article_id=aid)
        G.add_edge(f"article:{aid}", "concept:x", kind="stance", level="article", polarity=pol,
                   score=0.5 if pol == "pro" else -0.5, n_pro=n_pro, n_con=n_con, n_neutral=n_neutral)
        return G
    rows = stance_agreements([art("a", "pro", 2, 0, 0), art("b", "con", 0, 0, 4)])
    assert rows[0]["agreement"] == "disagree" and rows[0]["argued"] is False
    assert rows[0]["weight"] == 0
    rows = stance_agreements([art("a", "pro", 2, 0, 0), art("b", "con", 0, 3, 4)])
    assert rows[0]["argued"] is True and rows[0]["weight"] == 2


def test_incidental_target_does_not_decide_the_pair_position(quad):
    c = compare_articles(quad[:2], backend=TfidfBackend())
    pos = c.pair_summary().iloc[0]
    assert (pos["position"], pos["disagree"]) == ("disagree", 2)
    ag = c.agreements.assign(argued=False)
    c.agreements = ag
    assert c.pair_summary().iloc[0]["position"] == "unrelated"


def test_text_report_stays_within_120_columns(quad):
    long = [make_article(a.id + "-an-article-id-that-goes-on-and-on-for-quite-a-while",
                         [(u.text * 3, "concept:rankings-and-their-very-long-target-name", -0.5)
                          for u in a.units]) for a in quad]
    c = compare_articles(long, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()))
    report = format_comparison(c, "text")
    assert max(len(line) for line in report.splitlines()) <= 120
    assert "A = ref-an-article-id" in report  # long ids became letters with a legend


@pytest.fixture()
def kp_quad():
    """Sentences of 4+ words (key point candidates); toy words only where meant."""
    return [
        make_article("ref", [("Rankings mislead most students.", "concept:rankings", -0.7),
                             ("Research funding is too concentrated.", "concept:funding", -0.5)]),
        make_article("x", [("Rankings are a sound guide.", "concept:rankings", 0.6),
                           ("Funding follows real excellence.", "concept:funding", 0.4)]),
        make_article("y", [("Rankings reward old reputation.", "concept:rankings", -0.4),
                           ("Prestige opens doors for graduates.", "concept:prestige", 0.5)]),
        make_article("z", [("Prestige is a rational signal.", "concept:prestige", 0.6),
                           ("Machine learning will change how doctors work.", "concept:ml", 0.5)]),
    ]


def test_key_points_group_units_across_articles(kp_quad):
    graphs = [build_graph(a) for a in kp_quad]
    backend = EmbeddingBackend(ToyEncoder(), head=ToyHead())
    kps = key_points(graphs, backend=backend)
    got = [(k["key_point"], k["n_articles"], k["units"], k["main_target"], k["n_pro"], k["n_con"])
           for k in kps]
    # x:0 (pro rankings) stays apart from the two con rankings claims, and the
    # funding claims (con and pro) from each other; ties are named by unit id
    assert got == [("kp1", 2, "y:32|z:0", "concept:prestige", 2, 0),
                   ("kp2", 2, "ref:0|y:0", "concept:rankings", 0, 2)]
    assert kps[1]["name"] == "Rankings mislead most students."
    blind = key_points(graphs, backend=backend, stance_aware=False)
    # x:0's best match is ref:0, already chosen: x:0 is redundant and joins it
    assert [(k["units"], k["n_pro"], k["n_con"]) for k in blind] == [
        ("ref:0|x:0|y:0", 1, 2), ("y:32|z:0", 2, 0), ("ref:32|x:28", 1, 1)]


def _graph(aid, *units):
    import networkx as nx
    G = nx.MultiDiGraph()
    G.add_node(f"article:{aid}", kind="article", article_id=aid)
    for i, (role, text) in enumerate(units):
        G.add_node(f"{aid}:{i}", kind="unit", role=role, text=text, article_id=aid)
    return G


def test_key_point_is_named_by_a_candidate_and_counts_other_units():
    graphs = [_graph("a", ("premise", "because rankings mislead,"),
                     ("claim", "Rankings mislead many students.")),
              _graph("b", ("premise", "Rankings mislead many students, sadly."),
                     ("none", "Rankings mislead many students.")),
              _graph("c", ("claim", "Do rankings mislead many students?"))]
    kps = key_points(graphs, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()))
    # a:1 names it (a claim; b:0 is a premise without a stance, a:0 a fragment, c:0 a
    # question); a:0 matches only across articles, b:1 (role none) is not grouped
    assert [(k["name"], k["units"], k["n_articles"]) for k in kps] == [
        ("Rankings mislead many students.", "a:1|b:0|c:0", 3)]
    assert key_points(graphs, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()),
                      threshold=1.01) == []
    same = key_points(graphs, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()),
                      across_articles=False)
    assert same[0]["units"] == "a:1|a:0|b:0|c:0"


def test_keypoints_reports(kp_quad):
    kp = keypoints_of_articles(kp_quad, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()))
    assert kp.table["n_units"].tolist() == [2, 2]
    assert kp.members[kp.members["key_point"] == "kp2"]["unit"].tolist() == ["ref:0", "y:0"]
    text = format_keypoints(kp, "text")
    assert text.splitlines()[2] == "2 key points from 8 units in 4 articles (backend: embedding+head)"
    assert max(len(line) for line in text.splitlines()) <= 120
    page = format_keypoints(kp, "html")
    assert "default-src 'none'" in page
    assert "Rankings mislead most students." in page


def test_keypoints_html_escapes_everything():
    evil = [make_article("e1", [("Rankings mislead us <script>alert(1)</script> today.",
                                 "concept:rankings", 0.5)]),
            make_article("e2", [("Rankings mislead us <img src=x onerror=alert(1)> today.",
                                 "concept:rankings", 0.5)])]
    kp = keypoints_of_articles(evil, backend=EmbeddingBackend(ToyEncoder(), head=ToyHead()))
    page = format_keypoints(kp, "html")
    assert "<script>alert" not in page and "<img" not in page
    assert "\\u003cscript\\u003ealert(1)" in page or "&lt;script&gt;alert(1)" in page


def test_keypoints_cli_on_article_json(quad, tmp_path):
    for a in quad:
        io.write_json(tmp_path / "out" / a.id / "article.json", article_to_dict(a))
    res = CliRunner().invoke(cli, ["keypoints", str(tmp_path / "out"), "-o", str(tmp_path / "kp"),
                                   "--format", "json", "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "kp" / "keypoints.csv").read_text().startswith("key_point,name,")
    assert (tmp_path / "kp" / "keypoints.json").exists()
    res = CliRunner().invoke(cli, ["keypoints", str(tmp_path / "missing")])
    assert res.exit_code == 1 and "Traceback" not in res.output


def test_compare_cli_reference_restricts_and_caches(quad, tmp_path):
    for a in quad:
        io.write_json(tmp_path / "out" / a.id / "article.json", article_to_dict(a))
    args = ["compare", str(tmp_path / "out"), "-r", "ref", "-o", str(tmp_path / "cmp"), "-q"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    import pandas as pd
    al = pd.read_csv(tmp_path / "cmp" / "alignments.csv")
    assert len(al) and ((al["article_a"] == "ref") | (al["article_b"] == "ref")).all()
    score = al["match_probability"].fillna(al["similarity"])
    assert score.tolist() == sorted(score, reverse=True)
    assert all((tmp_path / "out" / a.id / EMBEDDINGS_FILE).is_file() for a in quad)


def test_embedding_cache_refuses_bombs_and_foreign_shapes(tmp_path):
    import zipfile

    from argmap.io import embeddings as emb
    with zipfile.ZipFile(tmp_path / EMBEDDINGS_FILE, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("vectors.npy", b"\0" * (emb._MAX_BYTES + 1))  # compresses to a few KB
    assert (tmp_path / EMBEDDINGS_FILE).stat().st_size < 1_000_000
    assert read_embeddings(tmp_path, "toy-1") == {}
    np.savez(tmp_path / EMBEDDINGS_FILE, model_id=np.array("toy-1"), keys=np.array(["a" * 64]),
             vectors=np.zeros((2, 3), dtype=np.float32))  # 1 key, 2 vectors
    assert read_embeddings(tmp_path, "toy-1") == {}
    emb.write_embeddings(tmp_path, "toy-1", {"b" * 64: np.ones(3, dtype=np.float32)})
    assert list(read_embeddings(tmp_path, "toy-1")) == ["b" * 64]


def test_tfidf_fallback_has_no_probability(quad, monkeypatch):
    import argmap.encoder as encoder
    monkeypatch.setattr(encoder, "_CACHE", {"": None})  # as if model.onnx were absent
    c = compare_articles(quad)
    assert set(c.alignments["backend"]) == {"tfidf"}
    assert c.alignments["match_probability"].isna().all()
    report = format_comparison(c, "text")
    assert "backend: tfidf" in report and "  match -  sim " in report


def test_key_points_are_the_same_block_by_block(kp_quad, monkeypatch):
    import argmap.graph.keypoints as kpmod

    graphs = [build_graph(a) for a in kp_quad]
    backend = EmbeddingBackend(ToyEncoder(), head=ToyHead())
    whole = key_points(graphs, backend=backend, stance_aware=False)
    monkeypatch.setattr(kpmod, "_BLOCK", 1)  # one row at a time
    assert key_points(graphs, backend=backend, stance_aware=False) == whole
    assert key_points(graphs, backend=TfidfBackend()) == key_points(graphs, backend=TfidfBackend())
