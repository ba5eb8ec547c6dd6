"""Key points of a corpus: units that make the same point across articles, grouped (no spaCy).

:func:`key_points` works as IBM's key point analysis does, offline: every
argumentative unit (major claim, claim, premise: the role tagger often
calls a thesis restated in the body a premise) is scored against every
*candidate* key point (a unit that takes a position, as a claim or with a
pro/con stance, and reads as a point on its own: a whole sentence of 4 to
40 words that does not lean on the sentence before it).
Each unit goes to the candidate in another article it matches best (the
ArgKP match head's probability; cosine without one) when the score reaches
a threshold chosen on ArgKP train (``bench/keypoint_threshold.py``).
Candidates are ranked by the articles, then the units, they cover; going
down that list, a candidate whose own best match is an already chosen key
point is redundant and dropped. Units are then re-assigned to their best
chosen key point. Two units that are pro and con on a shared
target never match. Each key point of two or more units is reported with
its name (the candidate), the articles and units that make it and their
pro/con split toward its main target.

Example:
    >>> import networkx as nx
    >>> from argmap.graph.compare import TfidfBackend
    >>> def g(aid, *texts):
    ...     G = nx.MultiDiGraph()
    ...     G.add_node(f"article:{aid}", kind="article", article_id=aid)
    ...     for i, t in enumerate(texts):
    ...         G.add_node(f"{aid}:{i}", kind="unit", role="claim", text=t, article_id=aid)
    ...     return G
    >>> kps = key_points([g("a", "Rankings mislead many students.", "Funding is badly concentrated."),
    ...                   g("b", "Rankings mislead many young applicants."),
    ...                   g("c", "Simulation belongs in every curriculum.")], backend=TfidfBackend())
    >>> [(k["name"], k["n_articles"], k["units"]) for k in kps]
    [('Rankings mislead many students.', 2, 'a:0|b:0')]
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx
import numpy as np

from ..types import NodeKind, Role
from .compare import SimilarityBackend, TfidfBackend, article_id_of, unit_stances

__all__ = ["KEYPOINT_ROLES", "MATCH_THRESHOLD", "COSINE_THRESHOLD", "TFIDF_THRESHOLD",
           "claim_units", "similarity_matrix", "is_candidate", "key_points"]

#: Unit roles grouped into key points by default.
KEYPOINT_ROLES = (Role.MAJOR_CLAIM.value, Role.CLAIM.value, Role.PREMISE.value)
#: Match probability of the packaged head at or above which a unit joins a key
#: point: keeps 90% of the ArgKP *train* pairs labelled as matches
#: (``bench/keypoint_threshold.py``; precision of the best match barely moves
#: below .6, so a higher cut only loses matches).
MATCH_THRESHOLD = 0.38
#: The same for raw embedding cosine without a head (ArgKP train, same rule).
COSINE_THRESHOLD = 0.43
#: TF-IDF fallback (set by hand: on ArgKP train 10% of matches share no word).
TFIDF_THRESHOLD = 0.2
#: Name candidates first by role when they cover as much.
_ROLE_RANK = {Role.MAJOR_CLAIM.value: 0, Role.CLAIM.value: 1, Role.PREMISE.value: 2}
#: First words of a sentence that leans on the one before it.
_LEANING = frozenset("""it its this that these those they them their such but and or so
because since however admittedly yet also then there here thus hence therefore moreover
furthermore instead still""".split())
_END = (".", "!", ".\"", ".\u201d", "!\u201d", ".)", ".'", ".\u2019")


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


def is_candidate(text: str) -> bool:
    """Whether a unit reads as a key point on its own.

    A whole sentence (starts with a capital, ends with ``.`` or ``!``, not
    ``?`` or a comma) of 4 to 40 words whose first word does not point back
    (``It``, ``This``, ``But``, ``Admittedly`` ...).

    >>> [is_candidate(t) for t in ("Rankings mislead most students.", "It's a poor guide.",
    ...                            "Admittedly, prestige matters a bit.", "Start with the rankings,",
    ...                            "Do rankings matter at all?", "the result is lopsided funding.")]
    [True, False, False, False, False, False]
    """
    words = text.split()
    if not 4 <= len(words) <= 40 or not text.rstrip().endswith(_END):
        return False
    first = re.split("['\u2019]", words[0].strip("\"'\u201c\u2018(").rstrip(",;:"))[0]
    return first[:1].isupper() and first.lower() not in _LEANING


def _nameable(unit: dict[str, Any], stance_threshold: float) -> bool:
    """A candidate key point: reads as a point (:func:`is_candidate`) and takes a
    position: a claim or major claim, or a unit with a pro/con stance."""
    return is_candidate(unit["text"]) and (
        unit["role"] in (Role.MAJOR_CLAIM.value, Role.CLAIM.value)
        or any(abs(v) > stance_threshold for v in unit["stances"].values()))


def similarity_matrix(texts: Sequence[str], backend: SimilarityBackend) -> tuple[np.ndarray, bool]:
    """Return the ``(n, n)`` pair scores and whether they are match probabilities.

    With a head: its probabilities (:meth:`MatchHead.pairwise`); otherwise
    the cosine of the backend's vectors. (:func:`key_points` never forms
    this matrix: it scores row blocks against the candidates only.)
    """
    score, is_prob = _scorer(texts, backend)
    idx = np.arange(len(texts))
    return score(idx, idx), is_prob


def _scorer(texts: Sequence[str], backend: SimilarityBackend
            ) -> tuple[Callable[[np.ndarray, np.ndarray], np.ndarray], bool]:
    """``(score(rows, cols) -> (len(rows), len(cols)) array, is_probability)``.

    ``score`` keeps the column side of the last ``cols`` it was given, so a
    loop over row blocks against the same columns prepares them once.
    """
    X = backend.embed(texts)
    head = getattr(backend, "head", None)
    last: dict[str, Any] = {}

    def columns(cols: np.ndarray, prepare: Callable[[np.ndarray], Any]) -> Any:
        if last.get("cols") is not cols:
            last["cols"], last["side"] = cols, prepare(cols)
        return last["side"]

    if head is not None:
        E = np.asarray(X, dtype=np.float32)
        if hasattr(head, "cross"):
            return (lambda r, c: np.asarray(head.cross(E[r], columns(c, lambda c: E[c])),
                                            dtype=np.float64)), True
        return (lambda r, c: np.asarray(head.pairwise(E), dtype=np.float64)[np.ix_(r, c)]), True
    from scipy import sparse

    if sparse.issparse(X):
        X = sparse.csr_matrix(X)
        return (lambda r, c: np.asarray((X[r] @ columns(c, lambda c: X[c].T.tocsc())).toarray(),
                                        dtype=np.float64)), False
    X = np.asarray(X, dtype=np.float32)
    return (lambda r, c: (X[r] @ columns(c, lambda c: np.ascontiguousarray(X[c].T))
                          ).astype(np.float64)), False


def _polar(units: Sequence[dict[str, Any]], threshold: float):
    """Sparse ``(pro, con)`` unit x target indicator matrices (stance beyond ±threshold)."""
    from scipy import sparse

    targets: dict[str, int] = {}
    rows = {True: ([], []), False: ([], [])}
    for i, u in enumerate(units):
        for t, v in u["stances"].items():
            if abs(v) > threshold:
                r, c = rows[v > 0]
                r.append(i)
                c.append(targets.setdefault(t, len(targets)))
    shape = (len(units), max(1, len(targets)))
    return tuple(sparse.csr_matrix((np.ones(len(rows[k][0]), dtype=np.float32), rows[k]), shape=shape)
                 for k in (True, False))


def _main_target(members: Sequence[dict[str, Any]], threshold: float) -> str:
    polar = Counter(t for m in members for t, s in m["stances"].items() if abs(s) > threshold)
    anyst = Counter(t for m in members for t in m["stances"])
    if not anyst:
        return ""
    return min(anyst, key=lambda t: (-polar.get(t, 0), -anyst[t], t))


#: Scores computed at once at most (rows x candidate columns), to bound memory.
_BLOCK = 2_000_000


def _assign(units: Sequence[dict[str, Any]], score, targets: Sequence[int], threshold: float,
            across: bool, polar) -> tuple[dict[int, list[int]], np.ndarray, np.ndarray]:
    """Every unit's best target and its score (not itself; -1 below ``threshold`` or when
    the two are pro and con on a shared target), and the groups ``{target: [target, units
    whose best it is]}`` (a target may be in another's group).

    Scores are computed a block of rows at a time against the targets only, so
    memory stays bounded for large corpora; ties go to the lower target index.
    """
    n = len(units)
    cols = np.asarray(sorted(targets), dtype=np.int64)
    codes: dict[str, int] = {}
    arts = np.array([codes.setdefault(u["article_id"], len(codes)) for u in units], dtype=np.int64)
    col_arts = arts[cols]
    if polar is not None:
        pro, con = polar
        con_c, pro_c = con[cols].T.tocsc(), pro[cols].T.tocsc()
    best = np.full(n, -1, dtype=np.int64)
    best_score = np.full(n, -np.inf)
    step = max(1, _BLOCK // max(1, len(cols)))
    for lo in range(0, n, step):
        rows = np.arange(lo, min(n, lo + step))
        S = score(rows, cols)
        bad = rows[:, None] == cols[None, :]
        if across:
            bad |= arts[rows][:, None] == col_arts[None, :]
        if polar is not None:
            clash = pro[rows] @ con_c + con[rows] @ pro_c
            r, c = clash.nonzero()
            bad[r, c] = True
        S = np.where(bad, -np.inf, S)
        j = np.argmax(S, axis=1)
        top = S[np.arange(len(rows)), j]
        ok = top >= threshold
        best[rows[ok]] = cols[j[ok]]
        best_score[rows[ok]] = top[ok]
    groups: dict[int, list[int]] = {int(t): [int(t)] for t in cols}
    for i in range(n):
        if best[i] >= 0:
            groups[int(best[i])].append(i)
    return groups, best, best_score


def key_points(graphs: Sequence[nx.MultiDiGraph], *, backend: SimilarityBackend | None = None,
               threshold: float | None = None, roles: Sequence[str] | None = KEYPOINT_ROLES,
               min_units: int = 2, stance_threshold: float = 0.15,
               stance_aware: bool = True, across_articles: bool = True) -> list[dict[str, Any]]:
    """Group the units of several articles into key points.

    Parameters
    ----------
    graphs : sequence of networkx.MultiDiGraph
        One argument graph per article.
    backend : SimilarityBackend, keyword-only
        How units are compared; TF-IDF cosine by default (pass
        :func:`argmap.graph.compare.default_backend` for embeddings + head).
    threshold : float, keyword-only
        Lowest score of a match: :data:`MATCH_THRESHOLD` with a head,
        :data:`COSINE_THRESHOLD` for embeddings without one,
        :data:`TFIDF_THRESHOLD` for TF-IDF.
    roles : sequence of str or None, keyword-only
        Unit roles grouped (:data:`KEYPOINT_ROLES`; ``None`` for all units).
    min_units : int, keyword-only
        Smallest key point reported.
    stance_threshold : float, keyword-only
        A unit stance score beyond ±this is pro/con.
    stance_aware : bool, keyword-only
        Two units pro and con on a shared target never match, as ArgKP's key points are per stance: "rankings
        mislead" and "rankings are a fair guide" are two points.
    across_articles : bool, keyword-only
        A unit matches candidates of other articles only (its own article's
        sentences share its context, not its point).

    Returns
    -------
    list of dict
        Most articles first, then most units: ``key_point`` (``kp1``...),
        ``name`` (the key point's text), ``central_unit`` (its unit),
        ``n_articles``, ``n_units``, ``articles`` and ``units`` (``|``-joined
        ids; the units are the evidence, the named unit first, then by match
        score), ``main_target`` (the target most members are pro/con on,
        ``""`` if none), ``n_pro``, ``n_con``, ``n_neutral`` (members'
        stances toward it, members without one counted neutral) and
        ``cohesion`` (mean match score of the members to the named unit).
    """
    backend = backend or TfidfBackend()
    units = claim_units(graphs, roles=roles)
    if len(units) < 2:
        return []
    score, is_prob = _scorer([c["text"] for c in units], backend)
    polar = _polar(units, stance_threshold) if stance_aware else None
    if threshold is None:
        threshold = (MATCH_THRESHOLD if is_prob
                     else TFIDF_THRESHOLD if isinstance(backend, TfidfBackend) else COSINE_THRESHOLD)
    threshold = float(threshold)
    cands = [i for i, u in enumerate(units) if _nameable(u, stance_threshold)]
    if not cands:
        return []

    first, best_of, first_score = _assign(units, score, cands, threshold, across_articles, polar)

    def coverage(i: int) -> tuple:
        members = first[i]
        arts = {units[m]["article_id"] for m in members}
        mean = float(np.mean([first_score[m] for m in members[1:]] or [0.0]))
        return (-len(arts), -len(members), _ROLE_RANK.get(units[i]["role"], 3),
                -round(mean, 6), units[i]["id"])

    chosen: list[int] = []
    for c in sorted(cands, key=coverage):
        if len(first[c]) < max(2, min_units):
            continue
        if int(best_of[c]) in chosen:
            continue  # redundant: its point is already listed
        chosen.append(c)
    if not chosen:
        return []
    final, _, final_score = _assign(units, score, chosen, threshold, across_articles, polar)
    picked = set(chosen)
    out = []
    for c, members in final.items():
        members = [c] + [m for m in members[1:] if m not in picked]
        if len(members) < max(1, min_units):
            continue
        rest = sorted((m for m in members if m != c), key=lambda m: (-final_score[m], units[m]["id"]))
        mem = [units[c]] + [units[m] for m in rest]
        target = _main_target(mem, stance_threshold)
        scores = [m["stances"].get(target) for m in mem] if target else [None] * len(mem)
        n_pro = sum(1 for s in scores if s is not None and s > stance_threshold)
        n_con = sum(1 for s in scores if s is not None and s < -stance_threshold)
        articles = sorted({m["article_id"] for m in mem})
        out.append({
            "name": units[c]["text"], "central_unit": units[c]["id"],
            "n_articles": len(articles), "n_units": len(mem),
            "articles": "|".join(articles), "units": "|".join(m["id"] for m in mem),
            "main_target": target, "n_pro": n_pro, "n_con": n_con,
            "n_neutral": len(mem) - n_pro - n_con,
            "cohesion": round(float(np.mean([final_score[m] for m in rest])), 4) if rest else 1.0,
        })
    out.sort(key=lambda k: (-k["n_articles"], -k["n_units"], -k["cohesion"], k["name"]))
    return [{"key_point": f"kp{i}", **k} for i, k in enumerate(out, start=1)]
