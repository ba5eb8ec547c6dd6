"""Pair features and the conditional logit of the attachment model (training/attach.py).

Measured in session 21 and **not wired** into argmap (it lost on the tuning
folds; ``bench/notes/attach-model-s21.md``): this is training-time code,
kept so the measurements can be re-run. If a later model ships, this module
moves to ``argmap.pipeline`` with it.

A learned attachment model for short texts: which unit does a unit back or attack?

:class:`~argmap.pipeline.relations.ArgumentRelations` links every unit by
rules; where no marker decides, a unit goes to its *anchor* (the major
claim). This module scores, for each linked unit ``u`` of a short text,
every other argumentative unit ``t`` as its target with a conditional
logit (a softmax over the candidates) on pair features: the rules' own
choice and marker, the major claim, position (the unit before, two back,
after, distance, first, last), the candidate's opener cue and place in the
rules' tree, and sentence-encoder similarities (``argmap.encoder``, the
packaged all-MiniLM-L6-v2), optionally a low-rank interaction of the two
embeddings (``e_u * e_t`` projected on directions fitted on the training
data). The rules' target is replaced only where another candidate scores
at least ``margin`` higher; the kind (support/attack) stays the rules'.

The feature code takes plain texts, roles, relations and embeddings (no Doc),
so ``training/attach.py`` builds the very same rows from gold-annotated
training texts.

Example::

    >>> rows = pair_features(["Tax sugar.", "It is cheap.", "Soda rots teeth."],
    ...                      ["major_claim", "claim", "claim"],
    ...                      [(1, 0, "support", 0.5, ""), (2, 0, "support", 0.5, "")])
    >>> [(r.source, r.candidates, r.rule) for r in rows]
    [(1, (0, 2), 0), (2, (0, 1), 0)]
    >>> rows[0].x.shape == (2, len(FEATURES))
    True
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from argmap.pipeline.cues import ANAPHORIC_STARTS, opposing_voice
from argmap.pipeline.units import (ADDITION_STARTS, CAUSAL_STARTS, CONCESSION_STARTS, CONCLUSION_STARTS,
                    CONTINUATION_STARTS, CONTRAST_OPENERS, EXAMPLE_STARTS, starts_with)

__all__ = ["FEATURES", "PairRows", "choose_targets", "sides", "fit_conditional_logit", "pair_features",
           "pair_scores", "cues"]

#: Names of the hand features, in column order (the low-rank embedding
#: interaction, when used, follows as ``bilinear 1..k``).
FEATURES = (
    "rule target", "rule target, source marked", "rule target, attack",
    "major claim", "major claim, source unmarked", "major claim x units",
    "unit before", "two before", "unit after", "later", "log distance",
    "first unit", "last unit",
    "backs the source (rules)", "sibling (rules)", "on the major claim (rules)", "marked (rules)",
    "cand contrast", "cand concession", "cand reason/example", "cand addition", "cand conclusion",
    "unit before, source anaphoric", "unit before, source contrast", "major claim, source addition",
    "unit before, source continues",
    "cosine", "cosine x major claim", "most similar", "cosine x unit before",
    "overlap", "most overlap", "cand modal", "major claim, source modal", "cand fact",
    "unit before, source pronoun",
)
_N_HAND = len(FEATURES)


@dataclass(frozen=True)
class PairRows:
    """The candidate rows of one source unit.

    Attributes:
        source: Unit index (into the Doc's units) of the linked unit.
        candidates: Unit indices of every other argumentative unit, in text order.
        rule: The rules' target of ``source``.
        x: ``(len(candidates), n_features)`` float64 features.
    """

    source: int
    candidates: tuple[int, ...]
    rule: int
    x: np.ndarray


_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset("""the and but for with from are was were been being its this that these those there
their they them she you our your not does did have has had will would can could should must may might
just only also than then what which who whom how why when where more most very such into about""".split())
_MODAL = re.compile(r"\b(?:should|must|ought|need to|needs to|have to|has to|cannot|can't|shouldn't|mustn't"
                    r"|would be (?:better|wise|right|wrong|fair))\b")
_FACT = re.compile(r"\d|%|\b(?:percent|per cent|study|studies|research|survey|statistics|figures)\b")
_PRONOUN_STARTS = ("it", "they", "their", "them", "he", "she", "his", "her", "its", "that")


def _stems(text: str) -> frozenset[str]:
    """Content words cut to five letters ("schools", "schooling" -> "schoo")."""
    return frozenset(w[:5] for w in _WORD.findall(text.lower()) if w not in _STOP)


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def cues(text: str) -> tuple[bool, bool, bool, bool, bool, bool, bool]:
    """(contrast, concession, reason/example, addition, conclusion, anaphoric, continuation) opener classes."""
    return (bool(starts_with(text, CONTRAST_OPENERS)),
            bool(starts_with(text, CONCESSION_STARTS) or opposing_voice(text)),
            bool(starts_with(text, CAUSAL_STARTS + EXAMPLE_STARTS)),
            bool(starts_with(text, ADDITION_STARTS)),
            bool(starts_with(text, CONCLUSION_STARTS)),
            bool(starts_with(text, ANAPHORIC_STARTS)),
            bool(starts_with(text, CONTINUATION_STARTS)))


def pair_features(texts: Sequence[str], roles: Sequence[str], relations: Sequence[tuple],
                  embeddings: np.ndarray | None = None, *,
                  projection: np.ndarray | None = None,
                  center: np.ndarray | None = None) -> list[PairRows]:
    """Candidate rows for every unit the rules linked, in text order.

    Args:
        texts: Each unit's text (with its discourse prefix), by unit index.
        roles: Each unit's role (``major_claim``, ``claim``, ``premise``,
            ``none``); ``none`` units are never candidates.
        relations: The rules' ``(source, target, kind, confidence, marker)`` tuples.
        embeddings: ``(len(texts), dim)`` unit-length sentence embeddings,
            or None (the similarity columns are 0 then).
        projection: ``(dim, k)`` directions of the embedding interaction
            (``e_u * e_t - center``), or None for no interaction columns.
        center: ``(dim,)`` mean of ``e_u * e_t`` over the training pairs.

    Returns:
        One :class:`PairRows` per source the rules linked to an argumentative
        unit (a source with one candidate too: the model cannot move it).
    """
    args = [i for i, r in enumerate(roles) if r != "none"]
    pos = {u: k for k, u in enumerate(args)}
    majors = [i for i in args if roles[i] == "major_claim"]
    major = majors[0] if majors else None
    parent = {s: t for s, t, *_ in relations}
    kind = {s: k for s, _, k, *_ in relations}
    marker = {rel[0]: (rel[4] if len(rel) > 4 else "") for rel in relations}
    cue = {i: cues(texts[i]) for i in args}
    stems = {i: _stems(texts[i]) for i in args}
    low = {i: texts[i].lower().replace("\u2019", "'") for i in args}
    modal = {i: bool(_MODAL.search(low[i])) for i in args}
    fact = {i: bool(_FACT.search(low[i])) for i in args}
    n = len(args)
    sims = None
    if embeddings is not None and n:
        e = np.asarray(embeddings, dtype=np.float64)
        sims = e @ e.T
    k_extra = 0 if projection is None else projection.shape[1]
    out = []
    for s, t_rule, *_ in relations:
        if s not in pos or t_rule not in pos:
            continue
        cands = tuple(i for i in args if i != s)
        ks = pos[s]
        src_marked = bool(marker.get(s))
        src_anaphoric, src_contrast, src_addition, src_continues = (
            cue[s][5], cue[s][0], cue[s][3], cue[s][6])
        src_pronoun = bool(starts_with(texts[s], _PRONOUN_STARTS))
        ov = [_overlap(stems[s], stems[c]) for c in cands]
        best_ov = max(ov) if ov else 0.0
        x = np.zeros((len(cands), _N_HAND + k_extra))
        if sims is not None:
            cs = np.array([sims[s, c] for c in cands])
            best = int(np.argmax(cs))
        for r, c in enumerate(cands):
            kc = pos[c]
            d = kc - ks
            is_rule = c == t_rule
            is_major = c == major
            prev = d == -1
            cc = cue[c]
            row = [
                is_rule, is_rule and src_marked, is_rule and kind.get(s) == "attack",
                is_major, is_major and not src_marked, is_major * (n - 5) / 3.0,
                prev, d == -2, d == 1, d > 1, math.log1p(abs(d)),
                kc == 0, kc == n - 1,
                parent.get(c) == s, parent.get(c) == t_rule and not is_rule,
                parent.get(c) == major and not is_major, bool(marker.get(c)),
                cc[0], cc[1], cc[2], cc[3], cc[4],
                prev and src_anaphoric, prev and src_contrast, is_major and src_addition,
                prev and src_continues,
            ]
            if sims is not None:
                row += [cs[r], cs[r] * is_major, r == best, cs[r] * prev]
            else:
                row += [0.0, 0.0, 0.0, 0.0]
            row += [ov[r], ov[r] == best_ov and best_ov > 0, modal[c], is_major and modal[s], fact[c],
                    prev and src_pronoun]
            x[r, :_N_HAND] = row
        if k_extra:
            e = np.asarray(embeddings, dtype=np.float64)
            inter = e[list(cands)] * e[s][None, :] - center[None, :]
            x[:, _N_HAND:] = inter @ projection
        out.append(PairRows(s, cands, t_rule, x))
    return out


def pair_scores(rows: PairRows, weights: np.ndarray) -> np.ndarray:
    """The model's score of each candidate of one source (a logit; softmax over candidates)."""
    return rows.x @ weights


def sides(relations: Sequence[tuple]) -> dict[int, bool]:
    """Each linked unit's side in the relations' tree: True if it argues for the root.

    A support keeps its target's side, an attack flips it; a root (the
    major claim, or a unit whose chain of links ends in a cycle) is True.

    >>> sides([(1, 0, "attack"), (2, 1, "attack"), (3, 1, "support")])
    {1: False, 2: True, 3: False}
    """
    parent = {s: (t, k) for s, t, k, *_ in relations}
    out: dict[int, bool] = {}

    def side(u: int, seen: frozenset = frozenset()) -> bool:
        if u in out:
            return out[u]
        if u not in parent or u in seen:
            return True
        t, k = parent[u]
        v = side(t, seen | {u}) == (k != "attack")
        out[u] = v
        return v

    for s in parent:
        side(s)
    return out


def choose_targets(relations: Sequence[tuple], rows: Sequence[PairRows], weights: np.ndarray, *,
                   margin: float, movable=None, keep_side: bool = False) -> list[tuple]:
    """The rules' relations with targets replaced where the model is confident.

    A source's target becomes the model's best candidate when that scores at
    least ``margin`` above the rules' target, unless the move would close a
    cycle (the best candidate is the source itself or below it in the
    current tree); then the rules' target stays. Sources are taken in text
    order; confidence and marker stay the rules'. The kind stays the rules'
    too, or with ``keep_side`` it follows from the sides the rules gave the
    source and its new target (:func:`sides`): support within a side,
    attack across. ``movable`` (a predicate on a relation tuple) limits
    which links may move.

    >>> rel = [(1, 0, "support", 0.5, ""), (2, 0, "support", 0.5, "")]
    >>> rows = [PairRows(2, (0, 1), 0, np.array([[0.0], [1.0]]))]
    >>> choose_targets(rel, rows, np.array([2.0]), margin=1.0)
    [(1, 0, 'support', 0.5, ''), (2, 1, 'support', 0.5, '')]
    >>> choose_targets(rel, rows, np.array([2.0]), margin=3.0) == rel
    True
    """
    parent = {s: t for s, t, *_ in relations}
    side = sides(relations) if keep_side else {}
    kind = {s: k for s, _, k, *_ in relations}
    by_source = {r.source: r for r in rows}
    for rel in relations:
        s = rel[0]
        r = by_source.get(s)
        if r is None or len(r.candidates) < 2 or (movable is not None and not movable(rel)):
            continue
        scores = pair_scores(r, weights)
        best = int(np.argmax(scores))
        new = r.candidates[best]
        if new == parent[s] or scores[best] - scores[r.candidates.index(parent[s])] < margin:
            continue
        node, seen = new, set()
        while node in parent and node not in seen and node != s:
            seen.add(node)
            node = parent[node]
        if node == s:
            continue  # the candidate hangs below the source: moving would close a cycle
        parent[s] = new
        if keep_side:
            kind[s] = "support" if side.get(s, True) == side.get(new, True) else "attack"
    return [(s, parent[s], kind[s], *rest) for s, _, _, *rest in relations]


def fit_conditional_logit(groups: Sequence[tuple[np.ndarray, int]], *, l2: float = 1.0,
                          steps: int = 50, tol: float = 1e-10) -> np.ndarray:
    """Weights of an L2-penalised conditional logit, by Newton's method (deterministic).

    Args:
        groups: ``(x, gold)`` per source: the candidate rows and the index
            of the gold target among them.
        l2: Penalty on the squared weights (there is no bias: it would cancel
            in the softmax).

    >>> x = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> w = fit_conditional_logit([(x, 0)] * 3 + [(x, 1)], l2=0.01)
    >>> bool(w[0] > w[1])
    True
    """
    d = groups[0][0].shape[1]
    w = np.zeros(d)
    for _ in range(steps):
        grad = l2 * w
        hess = l2 * np.eye(d)
        for x, gold in groups:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            grad = grad + x.T @ p - x[gold]
            xp = x.T @ p
            hess = hess + (x.T * p) @ x - np.outer(xp, xp)
        step = np.linalg.solve(hess, grad)
        w = w - step
        if float(step @ step) < tol:
            break
    return w
