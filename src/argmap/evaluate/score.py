"""Score predicted argmap :class:`~argmap.records.Article` records against gold documents.

Everything here is pure: functions take :class:`~argmap.evaluate.gold.GoldDocument`
and :class:`~argmap.records.Article` records and return dicts of figures.

Definitions
-----------
* **Tokens** are runs of word characters (``\\w+``); punctuation is ignored.
  A token belongs to a unit when its middle character lies inside the unit.
* **Unit matching.** A predicted unit and a gold unit match when the tokens
  they share are at least ``threshold`` (0.5) of the tokens of *each* of
  them, i.e. ``shared / max(len(gold), len(pred)) >= threshold``. Matching
  is one-to-one, best overlap first. Only predicted units whose role is not
  ``none`` take part, and none from a first line (a title) that no gold
  unit touches: the gold leaves titles out of its scope (a thesis-like title
  is predicted as a restatement of the major claim, which it is, but no
  annotation can confirm or refute it).
* **Segmentation** P/R/F1 count matched pairs against all predicted and all
  gold units.
* **Roles.** For each role, a true positive is a matched pair where both
  sides have that role; every predicted unit with the role counts toward
  precision and every gold unit toward recall (end to end: segmentation
  errors cost role recall too). The macro F1 averages ``major_claim``,
  ``claim`` and ``premise``.
* **Central claim accuracy** is the share of documents whose predicted
  major claim matches a gold central claim: the most confident unit with
  that role among those in scope, which is
  :attr:`~argmap.records.Article.major_claim` unless that is a headline the
  gold leaves unannotated (then the body's thesis, its restatement).
* **Relations.** A predicted relation is correct when its source and target
  match the gold source and target (*attachment*) and, for the labelled
  score, its kind is the same. All gold central-claim restatements count as
  one unit, and so do the stretches of a restated unit
  (:func:`canonical_ids`); restatement links themselves are not scored. ``unlabeled`` ignores the kind; ``support`` and ``attack``
  score one kind each.
* **Side** (proponent ``pro`` / opponent ``con``): the predicted side is
  derived from the relations: the major claim is ``pro``, a unit that
  supports another takes its side, a unit that attacks another takes the
  opposite side, and unattached units are ``pro``. ``accuracy`` is over
  matched units; ``end_to_end_accuracy`` over all gold units;
  ``all_pro_accuracy`` is what calling every matched unit ``pro`` gets.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Callable, Iterable, Sequence

from ..records import Article, Unit, major_claim_of
from ..types import Polarity, RelationKind, Role
from .gold import RESTATEMENT, GoldDocument

__all__ = [
    "ROLES",
    "canonical_ids",
    "match_units",
    "predicted_sides",
    "score_document",
    "score_corpus",
    "summary_rows",
]

#: Roles scored by the role F1 (``none`` is not an argumentative role).
ROLES = (Role.MAJOR_CLAIM.value, Role.CLAIM.value, Role.PREMISE.value)

_TOKEN = re.compile(r"\w+")


def _token_positions(text: str) -> list[int]:
    return [(m.start() + m.end() - 1) // 2 for m in _TOKEN.finditer(text)]


def _tokens_in(positions: Sequence[int], start: int, end: int) -> frozenset[int]:
    return frozenset(i for i, mid in enumerate(positions) if start <= mid < end)


def _argumentative(article: Article, gold: GoldDocument | None = None) -> list[Unit]:
    """Predicted units that take part in scoring: role not ``none``, and not in a
    first line (a title) that the gold leaves unannotated."""
    units = [u for u in article.units if u.role != Role.NONE.value]
    if gold is None:
        return units
    line_end = article.text.find("\n", len(article.text) - len(article.text.lstrip()))
    if line_end < 0 or any(g.start < line_end for g in gold.units):
        return units
    return [u for u in units if u.start >= line_end]


def match_units(gold: GoldDocument, article: Article, *, threshold: float = 0.5) -> dict[str, str]:
    """Match predicted units to gold units by token overlap.

    Args:
        gold: The gold document.
        article: The predicted article; its text must be ``gold.text``.
        threshold: Minimum share of shared tokens, relative to the longer unit.

    Returns:
        A dict from predicted unit id to gold unit id (one-to-one).
    """
    positions = _token_positions(gold.text)
    gold_tokens = {g.id: _tokens_in(positions, g.start, g.end) for g in gold.units}
    candidates = []
    for pred in _argumentative(article, gold):
        tokens = _tokens_in(positions, pred.start, pred.end)
        for gid, gtok in gold_tokens.items():
            shared = len(tokens & gtok)
            if not shared:
                continue
            ratio = shared / max(len(tokens), len(gtok))
            if ratio >= threshold:
                candidates.append((-ratio, pred.start, gid, pred.id))
    matching: dict[str, str] = {}
    used: set[str] = set()
    for _, _, gid, pid in sorted(candidates):
        if pid not in matching and gid not in used:
            matching[pid] = gid
            used.add(gid)
    return matching


def canonical_ids(gold: GoldDocument) -> Callable[[str], str]:
    """Return a function mapping a gold unit id to its group's first id.

    Every central-claim restatement maps to the first central unit, and every
    stretch linked by a :data:`~argmap.evaluate.gold.RESTATEMENT` relation to
    the unit it restates.

    >>> from argmap.evaluate.gold import GoldRelation
    >>> doc = GoldDocument("d", "", central=("a1", "a1~2"),
    ...                    relations=(GoldRelation("a3~2", "a3", RESTATEMENT, ""),))
    >>> [canonical_ids(doc)(u) for u in ("a1~2", "a3~2", "a4")]
    ['a1', 'a3', 'a4']
    """
    canonical = {gid: gold.central[0] for gid in gold.central}
    links = {r.source: r.target for r in gold.relations if r.kind == RESTATEMENT}

    def canon(gid: str) -> str:
        for _ in range(len(links) + 1):
            if gid not in links:
                break
            gid = links[gid]
        return canonical.get(gid, gid)

    return canon


def predicted_sides(article: Article) -> dict[str, str]:
    """Derive proponent/opponent sides of predicted units from their relations.

    Returns:
        A dict from unit id to ``"pro"`` or ``"con"``.
    """
    pro, con = Polarity.PRO.value, Polarity.CON.value
    parent = {}
    for rel in article.relations:
        parent.setdefault(rel.source, rel)
    sides: dict[str, str] = {}

    def side(uid: str, seen: frozenset[str] = frozenset()) -> str:
        if uid in sides:
            return sides[uid]
        rel = parent.get(uid)
        if rel is None or uid in seen:
            return pro
        target = side(rel.target, seen | {uid})
        if rel.kind == RelationKind.ATTACK.value:
            return con if target == pro else pro
        return target

    for unit in article.units:
        sides[unit.id] = pro if unit.role == Role.MAJOR_CLAIM.value else side(unit.id)
    return sides


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def score_document(gold: GoldDocument, article: Article, *, threshold: float = 0.5) -> dict[str, Any]:
    """Count hits and misses for one document.

    Returns:
        A dict of raw counts (``units``, ``roles``, ``relations``, ``side``,
        ``central``) that :func:`score_corpus` sums up.
    """
    matching = match_units(gold, article, threshold=threshold)
    gold_units = {g.id: g for g in gold.units}
    predicted = _argumentative(article, gold)
    canon = canonical_ids(gold)

    roles = {r: Counter() for r in ROLES}
    for pred in predicted:
        if pred.role in roles:
            roles[pred.role]["pred"] += 1
    for unit in gold.units:
        if unit.role in roles:
            roles[unit.role]["gold"] += 1
    by_id = {u.id: u for u in article.units}
    for pid, gid in matching.items():
        if by_id[pid].role == gold_units[gid].role and by_id[pid].role in roles:
            roles[by_id[pid].role]["tp"] += 1

    gold_rel = {(canon(r.source), canon(r.target), r.kind) for r in gold.relations if r.kind != RESTATEMENT}
    scored = [rel for rel in article.relations if rel.kind != RESTATEMENT]
    mapped = []
    for rel in scored:
        if rel.source in matching and rel.target in matching:
            mapped.append((canon(matching[rel.source]), canon(matching[rel.target]), rel.kind))
        else:
            mapped.append(None)
    relations: dict[str, Counter] = {}
    for name, keep, key in (
        ("labeled", None, lambda t: t),
        ("unlabeled", None, lambda t: t[:2]),
        (RelationKind.SUPPORT.value, RelationKind.SUPPORT.value, lambda t: t),
        (RelationKind.ATTACK.value, RelationKind.ATTACK.value, lambda t: t),
    ):
        gold_set = {key(t) for t in gold_rel if keep is None or t[2] == keep}
        preds = [
            m for m, rel in zip(mapped, scored) if keep is None or rel.kind == keep
        ]
        hits = {key(m) for m in preds if m is not None and key(m) in gold_set}
        relations[name] = Counter(tp=len(hits), pred=len(preds), gold=len(gold_set))

    sides = predicted_sides(article)
    side_hits = sum(1 for pid, gid in matching.items() if sides.get(pid) == gold_units[gid].side)
    all_pro = sum(1 for gid in matching.values() if gold_units[gid].side == Polarity.PRO.value)

    # the most confident major claim within the gold's scope (a headline the gold
    # leaves unannotated is out of it, like every unit of that line)
    major = major_claim_of(predicted)
    central_ok = bool(major is not None and major.id in matching and matching[major.id] in gold.central)
    return {
        "id": gold.id,
        "units": Counter(tp=len(matching), pred=len(predicted), gold=len(gold.units)),
        "roles": roles,
        "relations": relations,
        "side": Counter(tp=side_hits, matched=len(matching), gold=len(gold.units), all_pro=all_pro),
        "central": Counter(correct=int(central_ok), scored=int(bool(gold.central))),
    }


def _from_counts(c: Counter) -> dict[str, Any]:
    return _prf(c["tp"], c["pred"] - c["tp"], c["gold"] - c["tp"])


def score_corpus(
    pairs: Iterable[tuple[GoldDocument, Article]], *, threshold: float = 0.5
) -> dict[str, Any]:
    """Score predicted articles against gold documents.

    Args:
        pairs: ``(gold, predicted)`` pairs; each article must be built from
            ``gold.text``.
        threshold: Token-overlap threshold for unit matching.

    Returns:
        A JSON-ready report: ``documents`` (count), ``segmentation``,
        ``roles`` (per role and ``macro_f1``), ``central_claim``,
        ``relations`` (``labeled``, ``unlabeled``, ``support``, ``attack``),
        ``side`` and ``per_document`` figures. Counts are summed over the
        corpus (micro averages) before precision, recall and F1 are taken.

    Examples:
        >>> score_corpus([])["documents"]
        0
    """
    units, side, central = Counter(), Counter(), Counter()
    roles = {r: Counter() for r in ROLES}
    relations: dict[str, Counter] = {}
    per_document = []
    for gold, article in pairs:
        doc = score_document(gold, article, threshold=threshold)
        units.update(doc["units"])
        side.update(doc["side"])
        central.update(doc["central"])
        for role in ROLES:
            roles[role].update(doc["roles"][role])
        for name, counts in doc["relations"].items():
            relations.setdefault(name, Counter()).update(counts)
        per_document.append(
            {
                "id": doc["id"],
                "gold_units": doc["units"]["gold"],
                "predicted_units": doc["units"]["pred"],
                "matched_units": doc["units"]["tp"],
                "central_claim_correct": bool(doc["central"]["correct"]),
                "relations_correct": doc["relations"]["labeled"]["tp"],
                "gold_relations": doc["relations"]["labeled"]["gold"],
                "predicted_relations": doc["relations"]["labeled"]["pred"],
                "side_correct": doc["side"]["tp"],
            }
        )
    role_scores = {role: _from_counts(roles[role]) for role in ROLES}
    macro = sum(s["f1"] for s in role_scores.values()) / len(ROLES)
    names = ("labeled", "unlabeled", RelationKind.SUPPORT.value, RelationKind.ATTACK.value)
    return {
        "documents": len(per_document),
        "threshold": threshold,
        "segmentation": _from_counts(units),
        "roles": {**role_scores, "macro_f1": round(macro, 4)},
        "central_claim": {
            "accuracy": round(central["correct"] / central["scored"], 4) if central["scored"] else 0.0,
            "correct": central["correct"],
            "documents": central["scored"],
        },
        "relations": {name: _from_counts(relations.get(name, Counter())) for name in names},
        "side": {
            "accuracy": round(side["tp"] / side["matched"], 4) if side["matched"] else 0.0,
            "end_to_end_accuracy": round(side["tp"] / side["gold"], 4) if side["gold"] else 0.0,
            "all_pro_accuracy": round(side["all_pro"] / side["matched"], 4) if side["matched"] else 0.0,
            "correct": side["tp"],
            "matched": side["matched"],
            "gold": side["gold"],
        },
        "per_document": per_document,
    }


def summary_rows(report: dict[str, Any]) -> list[tuple[str, float]]:
    """Return the headline figures of a :func:`score_corpus` report as rows.

    Examples:
        >>> summary_rows(score_corpus([]))[0]
        ('segmentation F1', 0.0)
    """
    rows = [("segmentation F1", report["segmentation"]["f1"])]
    rows += [(f"role F1 {role}", report["roles"][role]["f1"]) for role in ROLES]
    rows += [
        ("role macro-F1", report["roles"]["macro_f1"]),
        ("central claim accuracy", report["central_claim"]["accuracy"]),
        ("relation F1 (support/attack)", report["relations"]["labeled"]["f1"]),
        ("relation F1 support", report["relations"][RelationKind.SUPPORT.value]["f1"]),
        ("relation F1 attack", report["relations"][RelationKind.ATTACK.value]["f1"]),
        ("attachment F1 (unlabeled)", report["relations"]["unlabeled"]["f1"]),
        ("side (pro/opp) accuracy", report["side"]["accuracy"]),
    ]
    return rows
