"""Every argmap ``Language.factory`` registration, and nothing else.

The factories are also exposed as ``spacy_factories`` entry points in
``pyproject.toml``, so ``spacy.blank("en").add_pipe("argmap_units")`` works
without importing argmap first.
"""
from __future__ import annotations

from spacy.language import Language

from .entities import EntityPatterns
from .relations import ArgumentRelations
from .stance import StanceTagger
from .units import ArgumentUnits

__all__ = ["make_entities", "make_units", "make_relations", "make_stance"]


@Language.factory(
    "argmap_entities",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "doc._.argmap_entity_info"],
    default_config={"use_defaults": True, "overwrite_ents": True},
)
def make_entities(nlp: Language, name: str, use_defaults: bool, overwrite_ents: bool) -> EntityPatterns:
    """Institution, organisation, country, region and concept patterns."""
    return EntityPatterns(nlp, name, use_defaults=use_defaults, overwrite_ents=overwrite_ents)


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
    assigns=["doc._.argmap_stances"],
    default_config={"threshold": 0.15, "window": 3},
)
def make_stance(nlp: Language, name: str, threshold: float, window: int) -> StanceTagger:
    """Stance of each unit toward its entities and concepts."""
    return StanceTagger(nlp, name, threshold=threshold, window=window)


@Language.factory(
    "argmap_relations",
    assigns=["doc._.argmap_relations", "doc._.argmap_roles"],
    default_config={"max_distance": 6},
)
def make_relations(nlp: Language, name: str, max_distance: int) -> ArgumentRelations:
    """Support and attack links between units."""
    return ArgumentRelations(nlp, name, max_distance=max_distance)
