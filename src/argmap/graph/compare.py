"""Compare argument graphs across articles (networkx and scikit-learn, no spaCy).

Every function takes graphs built by :func:`argmap.graph.build_graph` (one
per article) and returns plain dicts, lists of dicts or a graph:

* :func:`entity_overlap` – which entities and concepts each article names;
  ids are canonical, so "US" and "the United States" are one target.
* :func:`author_stances` / :func:`stance_agreements` – the author's stance
  per target side by side, and per pair of articles ``agree``,
  ``disagree``, ``one-sided`` or ``neither``.
* :func:`align_claims` – for every unit, its nearest units in the *other*
  articles, found by a pluggable :class:`SimilarityBackend` (TF-IDF cosine
  by default; :class:`EmbeddingBackend` for sentence embeddings with a
  match head, see :func:`default_backend`) with a chunked top-k search, so
  1,000 articles never form all unit pairs; each alignment has a match
  probability (with a head) and is marked ``same-stance``,
  ``opposite-stance`` or ``unknown``.
* :func:`merge_graphs` – one corpus graph: entity and concept nodes shared
  across articles, ``aligned_with`` edges between units and ``agrees`` /
  ``disagrees`` edges between article nodes, one per target (the target's
  id is the edge's ``about`` attribute: ``target`` is an edge's end point in
  node-link JSON and Cytoscape.js). Attributes are simple values, so every
  :data:`argmap.export.EXPORTERS` format writes it.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np

from ..types import EdgeKind, NodeKind, Polarity, _Label

__all__ = [
    "Agreement",
    "AlignmentStance",
    "CompareEdgeKind",
    "SimilarityBackend",
    "TfidfBackend",
    "EmbeddingBackend",
    "default_backend",
    "article_id_of",
    "entity_overlap",
    "author_stances",
    "agreement_of",
    "stance_agreements",
    "unit_stances",
    "top_k_neighbors",
    "align_claims",
    "merge_graphs",
    "ALIGN_ROLES",
]

#: Roles whose units are aligned by default (titles and filler are left out).
ALIGN_ROLES = ("major_claim", "claim", "premise")

_POLAR = (Polarity.PRO.value, Polarity.CON.value)


class Agreement(_Label):
    """How two articles relate on one target."""

    AGREE = "agree"
    DISAGREE = "disagree"
    ONE_SIDED = "one-sided"
    NEITHER = "neither"


class AlignmentStance(_Label):
    """Whether two aligned units take the same stance."""

    SAME = "same-stance"
    OPPOSITE = "opposite-stance"
    UNKNOWN = "unknown"


class CompareEdgeKind(_Label):
    """Edge kinds that only the merged corpus graph has."""

    ALIGNED_WITH = "aligned_with"
    AGREES = "agrees"
    DISAGREES = "disagrees"


# -- per-article facts ---------------------------------------------------------
def article_id_of(G: nx.MultiDiGraph) -> str:
    """Return the article id of a one-article graph.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("article:a", kind="article", article_id="a")
    >>> article_id_of(G)
    'a'
    """
    for _, data in G.nodes(data=True):
        if data.get("kind") == NodeKind.ARTICLE.value:
            return str(data.get("article_id", ""))
    raise ValueError("graph has no article node")


def _is_target(data: dict[str, Any]) -> bool:
    return data.get("kind") in (NodeKind.ENTITY.value, NodeKind.CONCEPT.value)


def entity_overlap(graphs: Iterable[nx.MultiDiGraph], *, include_concepts: bool = True
                   ) -> dict[str, dict[str, int]]:
    """Return, per target, the articles that mention it and how often.

    Parameters
    ----------
    graphs : iterable of networkx.MultiDiGraph
        One graph per article.
    include_concepts : bool, keyword-only
        Also list ``concept:*`` targets.

    Returns
    -------
    dict
        ``{target: {article_id: mention_count}}``, sorted by target. A
        country only reached through ``located_in`` (0 mentions) is left out.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("article:a", kind="article", article_id="a")
    >>> G.add_node("country:US", kind="entity", mention_count=3)
    >>> entity_overlap([G])
    {'country:US': {'a': 3}}
    """
    out: dict[str, dict[str, int]] = {}
    for G in graphs:
        aid = article_id_of(G)
        for node, data in G.nodes(data=True):
            if not _is_target(data):
                continue
            if not include_concepts and data.get("kind") == NodeKind.CONCEPT.value:
                continue
            if data.get("mention_count", 1) == 0:
                continue  # a country the article reaches only through located_in
            out.setdefault(node, {})[aid] = int(data.get("mention_count", 0))
    return dict(sorted(out.items()))


def author_stances(G: nx.MultiDiGraph) -> dict[str, tuple[str, float, int]]:
    """Return the author's ``(polarity, score, n_sentences)`` per target of one article graph.

    ``n_sentences`` counts the sentences that take a stance on the target
    (pro, con or neutral), a measure of how central the target is.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("article:a", "concept:x", kind="stance", level="article",
    ...            polarity="con", score=-0.4, n_pro=0, n_con=2, n_neutral=1)
    0
    >>> author_stances(G)
    {'concept:x': ('con', -0.4, 3)}
    """
    out = {}
    for _, v, data in G.edges(data=True):
        if data.get("kind") == EdgeKind.STANCE.value and data.get("level") == "article":
            n = sum(int(data.get(f"n_{p}", 0)) for p in ("pro", "con", "neutral"))
            out[v] = (str(data.get("polarity", "")), float(data.get("score", 0.0)), n)
    return dict(sorted(out.items()))


def agreement_of(a: str | None, b: str | None) -> Agreement:
    """Relate two author polarities (``None`` when an article is silent).

    >>> [agreement_of(*p).value for p in [("pro", "pro"), ("pro", "con"),
    ...                                   ("con", "mixed"), (None, "neutral")]]
    ['agree', 'disagree', 'one-sided', 'neither']
    """
    pa, pb = a in _POLAR, b in _POLAR
    if pa and pb:
        return Agreement.AGREE if a == b else Agreement.DISAGREE
    if pa or pb:
        return Agreement.ONE_SIDED
    return Agreement.NEITHER


def stance_agreements(graphs: Sequence[nx.MultiDiGraph], *,
                      pairs: Iterable[tuple[str, str]] | None = None,
                      targets: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Relate the authors' stances per target, for pairs of articles.

    Parameters
    ----------
    graphs : sequence of networkx.MultiDiGraph
        One graph per article.
    pairs : iterable of (article_id, article_id), keyword-only
        The article pairs to relate; all pairs by default (quadratic: pass
        the pairs from :func:`align_claims` or one reference for large corpora).
    targets : iterable of str, keyword-only
        Restrict to these targets; by default every target that at least one
        article of the pair takes a stance on.

    Returns
    -------
    list of dict
        Rows with ``article_a``, ``article_b``, ``target``, ``polarity_a``,
        ``polarity_b`` (``""`` when silent), ``score_a``, ``score_b``,
        ``weight`` (the fewer pro/con sentences of the two articles, so
        central targets weigh more than passing mentions), ``argued`` (both
        articles have at least one pro or con sentence on the target, i.e.
        both argue about it) and ``agreement`` (an :class:`Agreement`
        value). Targets neither article holds a pro/con stance on are left out.

    Examples
    --------
    >>> def g(aid, pol):
    ...     G = nx.MultiDiGraph()
    ...     G.add_node(f"article:{aid}", kind="article", article_id=aid)
    ...     G.add_edge(f"article:{aid}", "concept:x", kind="stance", level="article",
    ...                polarity=pol, score=0.5 if pol == "pro" else -0.5)
    ...     return G
    >>> [r["agreement"] for r in stance_agreements([g("a", "pro"), g("b", "con")])]
    ['disagree']
    """
    stances = {article_id_of(G): author_stances(G) for G in graphs}
    polar = {article_id_of(G): _polar_counts(G) for G in graphs}
    wanted = set(targets) if targets is not None else None
    if pairs is None:
        pairs = combinations(sorted(stances), 2)
    rows = []
    for a, b in pairs:
        sa, sb = stances[a], stances[b]
        for target in sorted(set(sa) | set(sb)):
            if wanted is not None and target not in wanted:
                continue
            pa, sca, na = sa.get(target, ("", 0.0, 0))
            pb, scb, nb = sb.get(target, ("", 0.0, 0))
            agreement = agreement_of(pa or None, pb or None)
            if agreement is Agreement.NEITHER:
                continue
            npa, npb = polar[a].get(target, 0), polar[b].get(target, 0)
            rows.append({"article_a": a, "article_b": b, "target": target,
                         "polarity_a": pa, "polarity_b": pb, "score_a": sca,
                         "score_b": scb, "weight": min(npa, npb),
                         "argued": bool(npa >= 1 and npb >= 1),
                         "agreement": agreement.value})
    return rows


def _polar_counts(G: nx.MultiDiGraph) -> dict[str, int]:
    """Per target, the sentences of the article that are pro or con on it."""
    out = {}
    for _, v, data in G.edges(data=True):
        if data.get("kind") == EdgeKind.STANCE.value and data.get("level") == "article":
            out[v] = int(data.get("n_pro", 0)) + int(data.get("n_con", 0))
    return out


def unit_stances(G: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """Return ``{unit_id: {target: score}}`` from the unit-level stance edges."""
    out: dict[str, dict[str, float]] = {}
    for u, v, data in G.edges(data=True):
        if data.get("kind") == EdgeKind.STANCE.value and data.get("level") == "unit":
            out.setdefault(u, {})[v] = float(data.get("score", 0.0))
    return out


# -- similarity backends -------------------------------------------------------
class SimilarityBackend(ABC):
    """Turns unit texts into vectors whose dot products are similarities.

    Subclasses implement :meth:`embed`; the default :meth:`neighbors` runs an
    exact, chunked top-k search (:func:`top_k_neighbors`). A backend with an
    approximate index (FAISS, Annoy) overrides :meth:`neighbors` instead.
    """

    #: Short name, recorded in the alignment rows.
    name: str = "backend"

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> Any:
        """Return an ``(n, d)`` array or scipy sparse matrix with L2-normalised rows."""

    def match_probability(self, X: Any, pairs: Sequence[tuple[int, int]]) -> np.ndarray | None:
        """Match probabilities of row pairs of the embedded ``X``; ``None`` when the
        backend has no trained matcher (TF-IDF)."""
        return None

    def neighbors(self, texts: Sequence[str], groups: Sequence[int], *, k: int = 3,
                  min_similarity: float = 0.0, chunk_size: int = 512
                  ) -> Iterator[tuple[int, int, float]]:
        """Yield ``(i, j, similarity)``: the ``k`` nearest ``j`` of each ``i`` in another group."""
        if not len(texts):
            return iter(())
        return self.search(self.embed(texts), groups, k=k, min_similarity=min_similarity,
                           chunk_size=chunk_size)

    def search(self, X: Any, groups: Sequence[int], *, k: int = 3, min_similarity: float = 0.0,
               chunk_size: int = 512) -> Iterator[tuple[int, int, float]]:
        """Like :meth:`neighbors` on rows already embedded."""
        return top_k_neighbors(X, groups, k=k, min_similarity=min_similarity,
                               chunk_size=chunk_size)


class TfidfBackend(SimilarityBackend):
    """TF-IDF cosine similarity with scikit-learn (the default backend).

    Args:
        ngram_range (tuple): Word n-grams; unigrams and bigrams by default.
        stop_words (str | None): scikit-learn stop word list.
        sublinear_tf (bool): Use ``1 + log(tf)``.
    """

    name = "tfidf"

    def __init__(self, *, ngram_range: tuple[int, int] = (1, 2),
                 stop_words: str | None = "english", sublinear_tf: bool = True) -> None:
        self.ngram_range = ngram_range
        self.stop_words = stop_words
        self.sublinear_tf = sublinear_tf

    def embed(self, texts: Sequence[str]) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(ngram_range=self.ngram_range, stop_words=self.stop_words,
                              sublinear_tf=self.sublinear_tf, strip_accents="unicode",
                              dtype=np.float32)
        try:
            return vec.fit_transform(list(texts))
        except ValueError:  # empty vocabulary: nothing but stop words
            from scipy.sparse import csr_matrix
            return csr_matrix((len(texts), 1), dtype=np.float32)


class EmbeddingBackend(SimilarityBackend):
    """Sentence-embedding cosine (all-MiniLM-L6-v2, :mod:`argmap.encoder`) plus a match head.

    Embeddings are computed once per distinct text: :attr:`vectors` maps the
    sha256 of a text (:func:`argmap.encoder.text_key`) to its vector, may be
    filled from a cache before use (``embeddings.npz`` beside each article,
    read by the caller through :mod:`argmap.io.embeddings`) and
    :attr:`new_keys` says which ones were encoded now and are worth saving.

    Args:
        encoder: A :class:`argmap.encoder.SentenceEncoder` (or anything with
            ``encode(texts) -> (n, d) array`` and ``model_id``).
        head: A :class:`argmap.matcher.MatchHead` giving match probabilities,
            or ``None`` (alignments then carry no probability).
        vectors: Known embeddings ``{text key: vector}``.

    Example:
        >>> class Toy:
        ...     model_id = "toy"
        ...     def encode(self, texts):
        ...         return np.array([[1.0, 0.0] if "rank" in t else [0.0, 1.0] for t in texts])
        >>> b = EmbeddingBackend(Toy())
        >>> (b.embed(["rankings", "ranked", "funding"]) @ np.array([1.0, 0.0])).tolist()
        [1.0, 1.0, 0.0]
        >>> len(b.new_keys)
        3
    """

    name = "embedding"

    def __init__(self, encoder: Any, *, head: Any = None,
                 vectors: dict[str, np.ndarray] | None = None) -> None:
        self.encoder = encoder
        self.head = head
        self.vectors: dict[str, np.ndarray] = dict(vectors or {})
        self.new_keys: set[str] = set()
        self.name = "embedding+head" if head is not None else "embedding"

    @property
    def model_id(self) -> str:
        """The encoder's id (part of the cache key)."""
        return str(getattr(self.encoder, "model_id", "unknown"))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        from ..encoder import text_key

        keys = [text_key(str(t)) for t in texts]
        missing = sorted({k: str(t) for k, t in zip(keys, texts) if k not in self.vectors}.items())
        if missing:
            E = np.asarray(self.encoder.encode([t for _, t in missing]), dtype=np.float32)
            for (k, _), row in zip(missing, E):
                self.vectors[k] = row
                self.new_keys.add(k)
        if not keys:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32, copy=False)

    def match_probability(self, X: Any, pairs: Sequence[tuple[int, int]]) -> np.ndarray | None:
        if self.head is None or not len(pairs):
            return None
        idx = np.asarray(pairs, dtype=np.int64)
        return self.head.predict(X[idx[:, 0]], X[idx[:, 1]])


def default_backend(*, vectors: dict[str, np.ndarray] | None = None) -> SimilarityBackend:
    """The embedding backend with the packaged encoder and head, or TF-IDF when the
    encoder file is absent.

    >>> default_backend().name in ("embedding+head", "embedding", "tfidf")
    True
    """
    from ..encoder import load_encoder
    from ..matcher import load_matcher

    encoder = load_encoder()
    if encoder is None:
        return TfidfBackend()
    return EmbeddingBackend(encoder, head=load_matcher(), vectors=vectors)


def top_k_neighbors(X: Any, groups: Sequence[int], *, k: int = 3, min_similarity: float = 0.0,
                    chunk_size: int = 512) -> Iterator[tuple[int, int, float]]:
    """Yield the ``k`` most similar rows of ``X`` in *other* groups, for every row.

    Rows are compared ``chunk_size`` at a time (one ``chunk × n`` block of
    dot products), so memory stays linear in ``n`` and no list of all pairs
    is ever built.

    Parameters
    ----------
    X : array or scipy.sparse matrix, shape (n, d)
        L2-normalised rows, so the dot product is the cosine similarity.
    groups : sequence of int
        Group (article) of each row; rows never match their own group.
    k : int, keyword-only
        Neighbours per row.
    min_similarity : float, keyword-only
        Neighbours at or below this similarity (and at or below 0) are dropped.
    chunk_size : int, keyword-only
        Rows per block. Sparse blocks (TF-IDF) are searched row by row over
        their stored entries; dense blocks with one ``argpartition``.

    Yields
    ------
    (i, j, similarity)
        Best first for each ``i``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]])
    >>> [(i, j, round(s, 2)) for i, j, s in top_k_neighbors(X, [0, 1, 1], k=1)]
    [(0, 1, 0.8), (1, 0, 0.8)]
    """
    from scipy import sparse

    g = np.asarray(groups)
    n = X.shape[0]
    k = max(0, min(k, n - 1))
    if k == 0:
        return
    XT = X.T.tocsr() if sparse.issparse(X) else np.asarray(X).T
    floor = max(0.0, min_similarity)
    for lo in range(0, n, chunk_size):
        hi = min(n, lo + chunk_size)
        S = X[lo:hi] @ XT
        if sparse.issparse(S):
            yield from _top_k_sparse(S.tocsr(), g, lo, k, floor)
        else:
            S = np.asarray(S)
            yield from _top_k_dense(S if S.dtype == np.float32 else S.astype(np.float64), g, lo,
                                    k, floor)


def _top_k_sparse(S: Any, g: np.ndarray, lo: int, k: int, floor: float
                  ) -> Iterator[tuple[int, int, float]]:
    # only the stored (non-zero) similarities are candidates: no dense block
    for r in range(S.shape[0]):
        a, b = S.indptr[r], S.indptr[r + 1]
        cols, vals = S.indices[a:b], S.data[a:b]
        keep = (g[cols] != g[lo + r]) & (vals > floor)
        cols, vals = cols[keep], vals[keep]
        if len(vals) > k:
            sel = np.argpartition(-vals, k - 1)[:k]
            cols, vals = cols[sel], vals[sel]
        for c in np.lexsort((cols, -vals)):
            yield lo + r, int(cols[c]), float(vals[c])


def _top_k_dense(S: np.ndarray, g: np.ndarray, lo: int, k: int, floor: float
                 ) -> Iterator[tuple[int, int, float]]:
    S[g[lo:lo + S.shape[0], None] == g[None, :]] = -np.inf
    n = S.shape[1]
    idx = np.argpartition(S, n - k, axis=1)[:, n - k:]  # the k largest, without a negated copy
    vals = np.take_along_axis(S, idx, axis=1)
    for r in range(S.shape[0]):
        for c in np.lexsort((idx[r], -vals[r])):
            if vals[r, c] > floor:
                yield lo + r, int(idx[r, c]), float(vals[r, c])


def _unit_polarity(scores: dict[str, float], threshold: float) -> str:
    if not scores:
        return ""
    mean = sum(scores.values()) / len(scores)
    if mean > threshold:
        return Polarity.PRO.value
    if mean < -threshold:
        return Polarity.CON.value
    return Polarity.NEUTRAL.value


def _pair_stance(sa: dict[str, float], sb: dict[str, float], threshold: float, *,
                 require_shared_target: bool = True) -> tuple[AlignmentStance, str]:
    """Same/opposite on the shared targets where both units are polar; without
    such a target, on the units' mean polarity only if ``require_shared_target``
    is off (two units about different targets rarely oppose each other)."""
    shared = [t for t in sorted(set(sa) & set(sb))
              if abs(sa[t]) > threshold and abs(sb[t]) > threshold]
    if shared:
        agree = sum(1 if (sa[t] > 0) == (sb[t] > 0) else -1 for t in shared)
        if agree:
            return (AlignmentStance.SAME if agree > 0 else AlignmentStance.OPPOSITE), "|".join(shared)
        return AlignmentStance.UNKNOWN, "|".join(shared)
    if require_shared_target:
        return AlignmentStance.UNKNOWN, ""
    pa, pb = _unit_polarity(sa, threshold), _unit_polarity(sb, threshold)
    if pa in _POLAR and pb in _POLAR:
        return (AlignmentStance.SAME if pa == pb else AlignmentStance.OPPOSITE), ""
    return AlignmentStance.UNKNOWN, ""


def align_claims(graphs: Sequence[nx.MultiDiGraph], *, backend: SimilarityBackend | None = None,
                 k: int = 3, min_similarity: float = 0.1, roles: Sequence[str] | None = ALIGN_ROLES,
                 threshold: float = 0.15, require_shared_target: bool = True,
                 reference: str | None = None, candidates: int = 3,
                 chunk_size: int = 512) -> list[dict[str, Any]]:
    """Find, for every unit, its most similar units in the other articles.

    Parameters
    ----------
    graphs : sequence of networkx.MultiDiGraph
        One graph per article.
    backend : SimilarityBackend, keyword-only
        How units are compared; :class:`TfidfBackend` by default.
    k : int, keyword-only
        Neighbours per unit (across all other articles).
    min_similarity : float, keyword-only
        Drop neighbours at or below this similarity.
    roles : sequence of str or None, keyword-only
        Unit roles to align; ``None`` for every unit.
    threshold : float, keyword-only
        A unit stance score beyond ±threshold is pro/con.
    require_shared_target : bool, keyword-only
        Mark same/opposite stance only on a target both units are pro or con
        on; if off, fall back to the units' mean polarity.
    reference : str or None, keyword-only
        Only pairs that involve this article: its units are matched with
        every other article's, the other articles' units with its units only.
    candidates : int, keyword-only
        With a match head, ``candidates * k`` nearest units by cosine are
        rescored by match probability and the ``k`` most probable kept.
    chunk_size : int, keyword-only
        Units per block of the neighbour search.

    Returns
    -------
    list of dict
        One row per (unit, neighbour), sorted by match probability (by
        similarity without a head), highest first: ``unit_a``,
        ``article_a``, ``role_a``, ``text_a``, the same for ``b``, ``rank``
        (1 = best neighbour of ``unit_a``), ``similarity`` (cosine),
        ``match_probability`` (the head's, NaN without one), ``stance`` (an
        :class:`AlignmentStance` value), ``shared_targets`` (``|``-joined
        targets both units are pro/con on) and ``backend``.

    Examples
    --------
    >>> def g(aid, text):
    ...     G = nx.MultiDiGraph()
    ...     G.add_node(f"article:{aid}", kind="article", article_id=aid)
    ...     G.add_node(f"{aid}:0", kind="unit", role="claim", text=text, article_id=aid)
    ...     return G
    >>> rows = align_claims([g("a", "Rankings mislead students."),
    ...                      g("b", "Rankings help students.")])
    >>> [(r["unit_a"], r["unit_b"], r["stance"]) for r in rows]
    [('a:0', 'b:0', 'unknown'), ('b:0', 'a:0', 'unknown')]
    """
    backend = backend or TfidfBackend()
    ids, texts, groups, meta = [], [], [], []
    stances: dict[str, dict[str, float]] = {}
    for gi, G in enumerate(graphs):
        aid = article_id_of(G)
        stances.update(unit_stances(G))
        for node, data in G.nodes(data=True):
            if data.get("kind") != NodeKind.UNIT.value:
                continue
            if roles is not None and data.get("role") not in roles:
                continue
            ids.append(node)
            texts.append(str(data.get("text", "")))
            groups.append(gi)
            meta.append((aid, str(data.get("role", ""))))
    if not texts:
        return []
    if reference is not None:
        # the reference's units in one group, all others in another: only pairs with REF
        groups = [0 if meta[i][0] == reference else 1 for i in range(len(ids))]
    X = backend.embed(texts)
    found = list(backend.search(X, groups, k=k * max(1, candidates), min_similarity=min_similarity,
                                chunk_size=chunk_size))
    probs = backend.match_probability(X, [(i, j) for i, j, _ in found])
    by_unit: dict[int, list[tuple[float, float, int]]] = {}
    for n, (i, j, sim) in enumerate(found):
        p = float(probs[n]) if probs is not None else float("nan")
        by_unit.setdefault(i, []).append((p, sim, j))
    rows = []
    for i, cands in by_unit.items():
        if probs is not None:
            cands.sort(key=lambda c: (-c[0], -c[1], c[2]))
        for rank, (p, sim, j) in enumerate(cands[:k], start=1):
            stance, shared = _pair_stance(stances.get(ids[i], {}), stances.get(ids[j], {}),
                                          threshold, require_shared_target=require_shared_target)
            rows.append({
                "unit_a": ids[i], "article_a": meta[i][0], "role_a": meta[i][1], "text_a": texts[i],
                "unit_b": ids[j], "article_b": meta[j][0], "role_b": meta[j][1], "text_b": texts[j],
                "rank": rank, "similarity": round(sim, 4),
                "match_probability": round(p, 4) if p == p else p,
                "stance": stance.value, "shared_targets": shared, "backend": backend.name,
            })
    rows.sort(key=lambda r: (-_score_of(r), -r["similarity"], r["unit_a"], r["unit_b"]))
    return rows


def _score_of(row: dict[str, Any]) -> float:
    """An alignment's match probability, or its similarity without a head."""
    p = row.get("match_probability")
    return float(p) if p is not None and p == p else float(row["similarity"])


# -- merged corpus graph -------------------------------------------------------
def merge_graphs(graphs: Sequence[nx.MultiDiGraph], *,
                 alignments: Iterable[dict[str, Any]] = (),
                 agreements: Iterable[dict[str, Any]] = ()) -> nx.MultiDiGraph:
    """Merge article graphs into one corpus graph.

    Entity and concept nodes have canonical ids, so a target named by several
    articles becomes one node; its ``article_id`` is ``""``, ``articles``
    lists the article ids joined by ``|``, ``n_articles`` counts them and
    ``mention_count`` is summed.

    Parameters
    ----------
    graphs : sequence of networkx.MultiDiGraph
        One graph per article.
    alignments : iterable of dict, keyword-only
        Rows of :func:`align_claims`; each unordered unit pair becomes one
        ``aligned_with`` edge (the most probable kept; ``match_probability``
        is -1 without a head, as GraphML needs a number).
    agreements : iterable of dict, keyword-only
        Rows of :func:`stance_agreements`; ``agree`` / ``disagree`` rows
        become ``agrees`` / ``disagrees`` edges between the article nodes,
        keyed ``<kind>:<target>``.

    Returns
    -------
    networkx.MultiDiGraph
        Simple attribute values only.

    Examples
    --------
    >>> def g(aid):
    ...     G = nx.MultiDiGraph()
    ...     G.add_node(f"article:{aid}", kind="article", article_id=aid)
    ...     G.add_node("country:US", kind="entity", article_id=aid, mention_count=1)
    ...     return G
    >>> M = merge_graphs([g("a"), g("b")])
    >>> M.nodes["country:US"]["articles"], M.nodes["country:US"]["mention_count"]
    ('a|b', 2)
    """
    M = nx.MultiDiGraph(name="corpus")
    seen: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for G in graphs:
        aid = article_id_of(G)
        for node, data in G.nodes(data=True):
            if _is_target(data):
                seen.setdefault(node, []).append(aid)
                counts[node] = counts.get(node, 0) + int(data.get("mention_count", 0))
                if node in M:
                    continue
            M.add_node(node, **data)
        for u, v, key, data in G.edges(keys=True, data=True):
            M.add_edge(u, v, key=key, **data)
    for node, aids in seen.items():
        M.nodes[node].update(article_id="", articles="|".join(aids), n_articles=len(aids),
                             mention_count=counts[node])
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for row in alignments:
        a, b = sorted((row["unit_a"], row["unit_b"]))
        if (a, b) not in best or _score_of(row) > _score_of(best[(a, b)]):
            best[(a, b)] = row
    for (a, b), row in sorted(best.items()):
        kind = CompareEdgeKind.ALIGNED_WITH.value
        p = row.get("match_probability")
        p = float(p) if p is not None and p == p else -1.0
        M.add_edge(a, b, key=kind, kind=kind, similarity=float(row["similarity"]),
                   match_probability=p,
                   stance=str(row["stance"]), shared_targets=str(row.get("shared_targets", "")),
                   backend=str(row.get("backend", "")), article_id="", start=-1, end=-1,
                   confidence=float(_score_of(row)))
    for row in agreements:
        if row["agreement"] not in (Agreement.AGREE.value, Agreement.DISAGREE.value):
            continue
        kind = (CompareEdgeKind.AGREES if row["agreement"] == Agreement.AGREE.value
                else CompareEdgeKind.DISAGREES).value
        M.add_edge(f"article:{row['article_a']}", f"article:{row['article_b']}",
                   key=f"{kind}:{row['target']}", kind=kind, about=str(row["target"]),
                   polarity_a=str(row["polarity_a"]), polarity_b=str(row["polarity_b"]),
                   article_id="", start=-1, end=-1,
                   confidence=round(min(abs(row["score_a"]), abs(row["score_b"])), 4))
    return M
