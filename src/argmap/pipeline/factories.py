"""Every argmap ``Language.factory`` registration, and nothing else.

The factories are also exposed as ``spacy_factories`` entry points in
``pyproject.toml``, so ``spacy.blank("en").add_pipe("argmap_units")`` works
without importing argmap first.
"""
from __future__ import annotations

from typing import Callable, Optional

from spacy.language import Language

from .attribute_ruler import CompiledAttributeRuler
from .entities import EntityPatterns
from .relations import ArgumentRelations
from .stance import StanceTagger
from .units import ArgumentUnits

__all__ = ["make_entities", "make_units", "make_relations", "make_stance", "make_attribute_ruler"]


@Language.factory(
    "argmap_attribute_ruler",
    assigns=["token.pos", "token.tag", "token.morph", "token.lemma"],
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_attribute_ruler(nlp: Language, name: str, validate: bool,
                         scorer: Optional[Callable]) -> CompiledAttributeRuler:
    """spaCy's ``attribute_ruler`` with its patterns as look-up tables (same assignments);
    :func:`argmap.pipeline.load.load_pipeline` puts it in the model's ruler's place."""
    return CompiledAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


@Language.factory(
    "argmap_entities",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "doc._.argmap_entity_info"],
    default_config={"use_defaults": True, "overwrite_ents": True, "targets": []},
)
def make_entities(nlp: Language, name: str, use_defaults: bool, overwrite_ents: bool,
                  targets: list) -> EntityPatterns:
    """Institution, organisation, country, region and concept patterns, plus
    ``targets``: extra phrases to take a stance toward (``--target``)."""
    return EntityPatterns(nlp, name, use_defaults=use_defaults, overwrite_ents=overwrite_ents,
                          targets=targets)


@Language.factory(
    "argmap_units",
    assigns=["doc.spans", "doc._.argmap_roles"],
    default_config={"split_clauses": True, "min_words": 4},
)
def make_units(nlp: Language, name: str, split_clauses: bool, min_words: int) -> ArgumentUnits:
    """Argumentative units with roles."""
    return ArgumentUnits(nlp, name, split_clauses=split_clauses, min_words=min_words)


@Language.factory(
    "argmap_stance",
    assigns=["doc._.argmap_stances", "doc._.argmap_stance_settings"],
    default_config={"backend": "model", "model_path": "", "batch_size": 64, "threshold": 0.15,
                    "window": 3, "outside_weight": 0.1, "concession_weight": 0.3,
                    "modifier_weight": 0.3, "subject_boost": 1.5, "speech_weight": 0.1,
                    "description_weight": 0.15, "opinion_share": 0.2,
                    "role_weights": {"major_claim": 2.0, "claim": 1.5, "premise": 1.0,
                                     "none": 0.5},
                    "neutral_weight": 0.25, "list_weight": 0.3, "cue_override": True,
                    "resolve_references": True, "follow_weight": 1.0, "denial_weight": 0.8},
)
def make_stance(nlp: Language, name: str, backend: str, model_path: str, batch_size: int,
                threshold: float, window: int, outside_weight: float, concession_weight: float,
                modifier_weight: float, subject_boost: float, speech_weight: float,
                description_weight: float, opinion_share: float, role_weights: dict,
                neutral_weight: float,
                list_weight: float, cue_override: bool, resolve_references: bool,
                follow_weight: float, denial_weight: float) -> StanceTagger:
    """Stance of each unit toward its entities and concepts (model or lexicon backend)."""
    return StanceTagger(nlp, name, backend=backend, model_path=model_path,
                        batch_size=batch_size, threshold=threshold, window=window,
                        outside_weight=outside_weight, concession_weight=concession_weight,
                        modifier_weight=modifier_weight, subject_boost=subject_boost,
                        speech_weight=speech_weight, description_weight=description_weight,
                        opinion_share=opinion_share, role_weights=role_weights,
                        neutral_weight=neutral_weight,
                        list_weight=list_weight, cue_override=cue_override,
                        resolve_references=resolve_references, follow_weight=follow_weight,
                        denial_weight=denial_weight)


@Language.factory(
    "argmap_relations",
    assigns=["doc._.argmap_relations", "doc._.argmap_roles"],
    default_config={"max_distance": 6},
)
def make_relations(nlp: Language, name: str, max_distance: int) -> ArgumentRelations:
    """Support and attack links between units."""
    return ArgumentRelations(nlp, name, max_distance=max_distance)
