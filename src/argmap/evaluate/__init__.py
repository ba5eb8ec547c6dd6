"""Evaluate argmap against gold-annotated argument corpora.

:mod:`argmap.evaluate` loads gold documents (microtext arggraph XML or brat
standoff), scores predicted :class:`~argmap.records.Article` records against
them next to trivial position baselines, with bootstrap intervals over
documents and fixed document-grouped folds (fold 5 held out):

>>> from argmap.evaluate import parse_brat, score_corpus
>>> gold = parse_brat("Uniforms help.", "T1\\tMajorClaim 0 13\\tUniforms help", doc_id="u")
>>> [u.role for u in gold.units]
['major_claim']

See :mod:`argmap.evaluate.score` for the exact definitions of argmap's own
figures, :mod:`argmap.evaluate.standard` for Peldszus & Stede's and Eger et
al.'s, :mod:`argmap.evaluate.baseline` for the baselines and
:mod:`argmap.evaluate.run` for the folds.
"""
from __future__ import annotations

from ._load_brat import parse_brat, read_brat
from ._load_microtext import parse_microtext, read_microtexts
from .baseline import (BASELINES, baseline_article, first_unit_baseline, paragraph_baseline,
                       title_baseline, title_span)
from .figures import FIGURES, document_counts, figure_table
from .gold import RESTATEMENT, GoldDocument, GoldRelation, GoldUnit, GoldWarning
from .run import SYSTEM, TARGETS, evaluate_gold, format_report
from .score import ROLES, match_units, predicted_sides, score_corpus, score_document, summary_rows
from .standard import PS_LABELS, eger_counts, macro_f1_of_pairs, peldszus_stede_pairs

__all__ = [
    "BASELINES",
    "FIGURES",
    "PS_LABELS",
    "RESTATEMENT",
    "SYSTEM",
    "GoldWarning",
    "document_counts",
    "eger_counts",
    "figure_table",
    "first_unit_baseline",
    "macro_f1_of_pairs",
    "paragraph_baseline",
    "peldszus_stede_pairs",
    "title_baseline",
    "title_span",
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
