"""Evaluate argmap against gold-annotated argument corpora.

:mod:`argmap.evaluate` loads gold documents (microtext arggraph XML or brat
standoff), scores predicted :class:`~argmap.records.Article` records against
them and provides a trivial baseline:

>>> from argmap.evaluate import parse_brat, score_corpus
>>> gold = parse_brat("Uniforms help.", "T1\\tMajorClaim 0 13\\tUniforms help", doc_id="u")
>>> [u.role for u in gold.units]
['major_claim']

See :mod:`argmap.evaluate.score` for the exact definitions of every figure.
"""
from __future__ import annotations

from ._load_brat import parse_brat, read_brat
from ._load_microtext import parse_microtext, read_microtexts
from .baseline import baseline_article
from .gold import GoldDocument, GoldRelation, GoldUnit
from .run import TARGETS, evaluate_gold, format_report
from .score import ROLES, match_units, predicted_sides, score_corpus, score_document, summary_rows

__all__ = [
    "GoldDocument",
    "GoldRelation",
    "GoldUnit",
    "ROLES",
    "READERS",
    "TARGETS",
    "baseline_article",
    "evaluate_gold",
    "format_report",
    "match_units",
    "parse_brat",
    "parse_microtext",
    "predicted_sides",
    "read_brat",
    "read_microtexts",
    "score_corpus",
    "score_document",
    "summary_rows",
]

#: Gold readers by ``--format`` name.
READERS = {"microtext": read_microtexts, "brat": read_brat}
