"""Standard argument-mining metrics, next to argmap's own.

Peldszus & Stede (microtexts)
-----------------------------
Peldszus & Stede (2015, "Joint prediction in MST-style discourse parsing for
argumentation mining") score four levels, each as macro-F1 over its classes:

* ``cc`` central claim: each unit is ``cc`` or ``no``;
* ``ro`` role: proponent ``pro`` or opponent ``con``;
* ``fu`` function: ``cc``, ``support`` (sup, exa, add) or ``attack``
  (reb, und);
* ``at`` attachment: every ordered pair of distinct units is ``attached``
  (a relation leads from the first to the second) or ``apart``.

**Where this differs from the paper.** The paper classifies *gold* ADUs;
argmap segments the text itself. Here each gold unit takes the label of
the predicted unit matched to it (token overlap >= 50% of each, one-to-one,
as in :func:`~argmap.evaluate.score.match_units`); a gold unit with no match
gets the label ``unmatched``, which is wrong for every class (it lowers the
recall of the gold class and counts against no other class), so
segmentation errors cost here too, and a pair with an unmatched unit is
``unmatched`` for ``at``. The predicted function of a matched unit is ``cc``
when its role is ``major_claim``, otherwise the kind of its first outgoing
relation, or ``unmatched`` when it has none. Undercuts attack the source of
the edge they undercut (as in the reader), and a stretch restating another
unit has no attachment of its own. The paper averages F1 over 50 train/test
folds of part 1 plus part 2; here there is one run of the rules and the
interval comes from resampling documents.

Eger et al. (brat essays)
-------------------------
Eger, Daxenberger & Gurevych (2017, "Neural end-to-end learning for
computational argumentation mining"), following Persing & Ng (2016), score
components and relations end to end, at two overlap levels:

* **component F1**: a predicted component is right when it matches a gold
  component (one-to-one) and has its type (major claim, claim, premise);
  precision over all predicted components, recall over all gold ones,
  micro-averaged;
* **relation F1**: a predicted relation is right when both its ends match
  gold components and its kind (support/attack) is the gold one;
* **100%** means the token sets are identical; **50%** that the shared
  tokens are at least half of each component (argmap's usual matching).

**Where this differs from the paper.** Tokens are runs of word characters
(punctuation is ignored, so "... uniforms." and "... uniforms" match at
100%); a claim's ``Stance`` to the major claim counts as a support/attack
relation to it (the paper scores stance as a separate label), and all major
claim restatements count as one target. The paper reports on the 80-essay
test split of the Stab & Gurevych corpus; argmap's figures are on whatever
brat folder you pass.

>>> macro_f1_of_pairs([("cc", "cc"), ("no", "unmatched")], ("cc", "no"))
0.5
"""
from __future__ import annotations

from itertools import permutations
from typing import Sequence

from ..records import Article
from ..types import Role
from .gold import RESTATEMENT, GoldDocument
from .score import ROLES, match_units, predicted_sides, score_document

__all__ = ["PS_LABELS", "UNMATCHED", "eger_counts", "macro_f1_of_pairs", "peldszus_stede_pairs"]

#: Classes of each Peldszus & Stede level (the macro-F1 averages over these).
PS_LABELS: dict[str, tuple[str, ...]] = {
    "cc": ("cc", "no"),
    "ro": ("pro", "con"),
    "fu": ("cc", "support", "attack"),
    "at": ("attached", "apart"),
}

#: Predicted label of a gold unit (or pair) that no predicted unit matches.
UNMATCHED = "unmatched"


def macro_f1_of_pairs(pairs: Sequence[tuple[str, str]], labels: Sequence[str]) -> float:
    """Macro-F1 over ``labels`` of ``(gold, predicted)`` label pairs.

    >>> macro_f1_of_pairs([("a", "a"), ("a", "b"), ("b", "b")], ("a", "b"))
    0.6666...
    """
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        pred = sum(1 for _, p in pairs if p == label)
        gold = sum(1 for g, _ in pairs if g == label)
        scores.append(2 * tp / (pred + gold) if pred + gold else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def _gold_functions(gold: GoldDocument) -> dict[str, str]:
    central = set(gold.central)
    function: dict[str, str] = {}
    restates = {r.source: r.target for r in gold.relations if r.kind == RESTATEMENT}
    for rel in (*gold.relations, *gold.implicit):
        if rel.kind != RESTATEMENT:
            function.setdefault(rel.source, rel.kind)
    for unit in gold.units:
        if unit.id in central:
            function[unit.id] = "cc"
        elif unit.id not in function and unit.id in restates:
            function[unit.id] = function.get(restates[unit.id], "support")
    return {u.id: function.get(u.id, "support") for u in gold.units}


def peldszus_stede_pairs(gold: GoldDocument, article: Article, *,
                         threshold: float = 0.5) -> dict[str, list[tuple[str, str]]]:
    """Return ``(gold, predicted)`` label pairs of one document for each level.

    Returns:
        ``{"cc": [...], "ro": [...], "fu": [...], "at": [...]}``; one pair
        per gold unit (per ordered pair of gold units for ``at``).

    Examples:
        >>> from argmap.evaluate import parse_brat
        >>> from argmap.records import Unit
        >>> gold = parse_brat("A is so. B is so.", "T1\\tMajorClaim 0 8\\tA is so.\\n"
        ...                   "T2\\tClaim 9 17\\tB is so.\\nA1\\tStance T2 Against", doc_id="d")
        >>> units = (Unit("d:0", "d", 0, 8, "A is so.", "major_claim", 1.0, 0, 0),)
        >>> pairs = peldszus_stede_pairs(gold, Article("d", "", "", "", gold.text, units=units))
        >>> pairs["fu"], pairs["at"]
        ([('cc', 'cc'), ('attack', 'unmatched')], [('apart', 'unmatched'), ('attached', 'unmatched')])
    """
    matching = match_units(gold, article, threshold=threshold)
    pred_of = {gid: pid for pid, gid in matching.items()}
    units = {u.id: u for u in article.units}
    sides = predicted_sides(article)
    out_kind: dict[str, str] = {}
    for rel in article.relations:
        if rel.kind != RESTATEMENT:
            out_kind.setdefault(rel.source, rel.kind)
    links = {(r.source, r.target) for r in article.relations if r.kind != RESTATEMENT}
    central = set(gold.central)
    functions = _gold_functions(gold)
    pairs: dict[str, list[tuple[str, str]]] = {level: [] for level in PS_LABELS}
    for unit in gold.units:
        pid = pred_of.get(unit.id)
        role = units[pid].role if pid else ""
        pairs["cc"].append(("cc" if unit.id in central else "no",
                            UNMATCHED if pid is None else ("cc" if role == Role.MAJOR_CLAIM.value else "no")))
        pairs["ro"].append((unit.side, UNMATCHED if pid is None else sides.get(pid, "pro")))
        if pid is None:
            fu = UNMATCHED
        else:
            fu = "cc" if role == Role.MAJOR_CLAIM.value else out_kind.get(pid, UNMATCHED)
        pairs["fu"].append((functions[unit.id], fu))
    gold_links = {(r.source, r.target) for r in gold.relations if r.kind != RESTATEMENT}
    for a, b in permutations([u.id for u in gold.units], 2):
        label = "attached" if (a, b) in gold_links else "apart"
        if a not in pred_of or b not in pred_of:
            pairs["at"].append((label, UNMATCHED))
        else:
            pairs["at"].append((label, "attached" if (pred_of[a], pred_of[b]) in links else "apart"))
    return pairs


def eger_counts(gold: GoldDocument, article: Article, *, overlap: float) -> dict[str, int]:
    """Component and relation counts of one document at ``overlap`` (1.0 or 0.5).

    Returns:
        ``component_tp``, ``component_pred``, ``component_gold``,
        ``relation_tp``, ``relation_pred``, ``relation_gold``.

    Examples:
        >>> from argmap.evaluate import parse_brat
        >>> from argmap.records import Unit
        >>> gold = parse_brat("A is so, truly.", "T1\\tMajorClaim 0 7\\tA is so", doc_id="d")
        >>> units = (Unit("d:0", "d", 0, 15, gold.text, "major_claim", 1.0, 0, 0),)
        >>> art = Article("d", "", "", "", gold.text, units=units)
        >>> eger_counts(gold, art, overlap=1.0)["component_tp"], eger_counts(gold, art, overlap=0.5)["component_tp"]
        (0, 1)
    """
    doc = score_document(gold, article, threshold=overlap)
    roles = doc["roles"]
    rel = doc["relations"]["labeled"]
    return {
        "component_tp": sum(roles[r]["tp"] for r in ROLES),
        "component_pred": sum(roles[r]["pred"] for r in ROLES),
        "component_gold": sum(roles[r]["gold"] for r in ROLES),
        "relation_tp": rel["tp"],
        "relation_pred": rel["pred"],
        "relation_gold": rel["gold"],
    }
