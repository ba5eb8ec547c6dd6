"""Key points of a corpus: claims that make the same point across articles, grouped (no spaCy).

:func:`key_points` takes one argument graph per article, embeds the claim
units (``major_claim`` and ``claim`` roles by default; premises are the
evidence *for* a point, not a point), scores every pair of claims with the
backend's match head (cosine without one), keeps claims that are pro and
con on a shared target apart, and clusters them by average
linkage, cutting where the match probability falls below a threshold chosen
on ArgKP dev (stored with the head). Each cluster of two or more claims is a
key point, named by its most central claim, with the articles and units that
make it and its pro/con split toward its main target.

Example:
    >>> import networkx as nx
    >>> from argmap.graph.compare import TfidfBackend
    >>> def g(aid, text):
    ...     G = nx.MultiDiGraph()
    ...     G.add_node(f"article:{aid}", kind="article", article_id=aid)
    ...     G.add_node(f"{aid}:0", kind="unit", role="claim", text=text, article_id=aid)
    ...     return G
    >>> kps = key_points([g("a", "Rankings mislead students."), g("b", "Rankings mislead applicants."),
    ...                   g("c", "Funding is concentrated.")], backend=TfidfBackend(), threshold=0.2)
    >>> [(k["name"], k["n_articles"], k["units"]) for k in kps]
    [('Rankings mislead students.', 2, 'a:0|b:0')]
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np

from ..types import NodeKind
from .compare import SimilarityBackend, TfidfBackend, article_id_of, unit_stances

__all__ = ["KEYPOINT_ROLES", "TFIDF_THRESHOLD", "claim_units", "similarity_matrix", "key_points"]

#: Unit roles grouped into key points by default.
KEYPOINT_ROLES = ("major_claim", "claim")
#: Cosine threshold of the TF-IDF fallback (set by hand, not tuned on ArgKP).
TFIDF_THRESHOLD = 0.3
#: Cosine threshold of raw embeddings without a head (set by hand).
COSINE_THRESHOLD = 0.6


def claim_units(graphs: Sequence[nx.MultiDiGraph], *, roles: Sequence[str] | None = KEYPOINT_ROLES
                ) -> list[dict[str, Any]]:
    """Return the units to group: ``id``, ``article_id``, ``role``, ``text``, ``stances``.

    ``stances`` maps each target of the unit's unit-level stance edges to its score.
    Units are in graph order; empty texts are left out.
    """
    out = []
    for G in graphs:
        aid = article_id_of(G)
        st = unit_stances(G)
        for node, data in G.nodes(data=True):
            if data.get("kind") != NodeKind.UNIT.value:
                continue
            if roles is not None and data.get("role") not in roles:
                continue
            text = " ".join(str(data.get("text", "")).split())
            if not text:
                continue
            out.append({"id": str(node), "article_id": aid, "role": str(data.get("role", "")),
                        "text": text, "stances": st.get(node, {})})
    return out


def similarity_matrix(texts: Sequence[str], backend: SimilarityBackend) -> tuple[np.ndarray, bool]:
    """Return the ``(n, n)`` pair scores and whether they are match probabilities.

    With a head: its probabilities (:meth:`MatchHead.pairwise`); otherwise
    the cosine of the backend's vectors.
    """
    X = backend.embed(texts)
    head = getattr(backend, "head", None)
    if head is not None:
        return head.pairwise(np.asarray(X)), True
    from scipy import sparse

    S = X @ X.T
    S = S.toarray() if sparse.issparse(S) else np.asarray(S)
    return np.asarray(S, dtype=np.float64), False


def _clusters(S: np.ndarray, threshold: float) -> list[list[int]]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = S.shape[0]
    if n < 2:
        return [[i] for i in range(n)]
    D = np.clip(1.0 - (S + S.T) / 2.0, 0.0, None)
    np.fill_diagonal(D, 0.0)
    labels = fcluster(linkage(squareform(D, checks=False), method="average"),
                      t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    return list(groups.values())


def _split_opposites(S: np.ndarray, claims: Sequence[dict[str, Any]], threshold: float
                     ) -> np.ndarray:
    S = S.copy()
    for i, a in enumerate(claims):
        pa = {t: v > 0 for t, v in a["stances"].items() if abs(v) > threshold}
        if not pa:
            continue
        for j in range(i + 1, len(claims)):
            b = claims[j]["stances"]
            if any(t in pa and abs(v) > threshold and (v > 0) != pa[t] for t, v in b.items()):
                S[i, j] = S[j, i] = 0.0
    return S


def _main_target(members: Sequence[dict[str, Any]], threshold: float) -> str:
    polar = Counter(t for m in members for t, s in m["stances"].items() if abs(s) > threshold)
    anyst = Counter(t for m in members for t in m["stances"])
    if not anyst:
        return ""
    return min(anyst, key=lambda t: (-polar.get(t, 0), -anyst[t], t))


def key_points(graphs: Sequence[nx.MultiDiGraph], *, backend: SimilarityBackend | None = None,
               threshold: float | None = None, roles: Sequence[str] | None = KEYPOINT_ROLES,
               min_units: int = 2, stance_threshold: float = 0.15,
               stance_aware: bool = True) -> list[dict[str, Any]]:
    """Group claims across articles into key points.

    Parameters
    ----------
    graphs : sequence of networkx.MultiDiGraph
        One argument graph per article.
    backend : SimilarityBackend, keyword-only
        How claims are compared; TF-IDF cosine by default (pass
        :func:`argmap.graph.compare.default_backend` for embeddings + head).
    threshold : float, keyword-only
        Average-linkage cut: the head's ``cluster_threshold`` (chosen on
        ArgKP dev) with a head, :data:`COSINE_THRESHOLD` for embeddings
        without one, :data:`TFIDF_THRESHOLD` for TF-IDF.
    roles : sequence of str or None, keyword-only
        Unit roles to group (:data:`KEYPOINT_ROLES`).
    min_units : int, keyword-only
        Smallest cluster reported as a key point.
    stance_threshold : float, keyword-only
        A unit stance score beyond ±this is pro/con.
    stance_aware : bool, keyword-only
        Two claims that are pro and con on a shared target never join one
        key point (their pair score is set to 0), as ArgKP's key points are
        per topic and stance: "rankings mislead" and "rankings are a fair
        guide" are about the same thing but are two points.

    Returns
    -------
    list of dict
        Most articles first, then most units: ``key_point`` (``kp1``...),
        ``name`` (text of the most central claim), ``central_unit``,
        ``n_articles``, ``n_units``, ``articles`` and ``units`` (``|``-joined
        ids; the units are the evidence, central first), ``main_target``
        (the target most members are pro/con on, ``""`` if none), ``n_pro``,
        ``n_con``, ``n_neutral`` (members' stances toward it, members without
        one counted neutral) and ``cohesion`` (mean pair score inside).
    """
    backend = backend or TfidfBackend()
    claims = claim_units(graphs, roles=roles)
    if len(claims) < 2:
        return []
    S, is_prob = similarity_matrix([c["text"] for c in claims], backend)
    if stance_aware:
        S = _split_opposites(S, claims, stance_threshold)
    if threshold is None:
        head = getattr(backend, "head", None)
        threshold = (head.cluster_threshold if is_prob and head is not None
                     else TFIDF_THRESHOLD if isinstance(backend, TfidfBackend) else COSINE_THRESHOLD)
    out = []
    for members in _clusters(S, float(threshold)):
        if len(members) < max(1, min_units):
            continue
        sub = S[np.ix_(members, members)]
        centrality = (sub.sum(axis=1) - np.diag(sub)) / max(1, len(members) - 1)
        order = sorted(range(len(members)),
                       key=lambda r: (-round(float(centrality[r]), 4), claims[members[r]]["id"]))
        mem = [claims[members[r]] for r in order]
        target = _main_target(mem, stance_threshold)
        scores = [m["stances"].get(target) for m in mem] if target else [None] * len(mem)
        n_pro = sum(1 for s in scores if s is not None and s > stance_threshold)
        n_con = sum(1 for s in scores if s is not None and s < -stance_threshold)
        iu = np.triu_indices(len(members), 1)
        articles = sorted({m["article_id"] for m in mem})
        out.append({
            "name": mem[0]["text"], "central_unit": mem[0]["id"],
            "n_articles": len(articles), "n_units": len(mem),
            "articles": "|".join(articles), "units": "|".join(m["id"] for m in mem),
            "main_target": target, "n_pro": n_pro, "n_con": n_con,
            "n_neutral": len(mem) - n_pro - n_con,
            "cohesion": round(float(sub[iu].mean()), 4) if len(members) > 1 else 1.0,
        })
    out.sort(key=lambda k: (-k["n_articles"], -k["n_units"], -k["cohesion"], k["name"]))
    return [{"key_point": f"kp{i}", **k} for i, k in enumerate(out, start=1)]
