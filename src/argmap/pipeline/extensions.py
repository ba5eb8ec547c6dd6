"""All argmap ``Doc`` and ``Span`` extensions, registered in one place.

Components store their results as:

* ``doc.ents`` – entities; ``span.id_`` holds the canonical id where known;
* ``doc.spans["argmap_concepts"]`` – concept mentions, ``span.id_`` = concept id;
* ``doc.spans["argmap_units"]`` – argumentative units;
* ``doc._.argmap_entity_info`` – ``{id: (label, kind, country)}`` for matched ids;
* ``doc._.argmap_roles`` – per unit ``(role, confidence, paragraph)``;
* ``doc._.argmap_prefixes`` – per unit the discourse prefix left out of its span ("In conclusion");
* ``doc._.argmap_relations`` – ``(source_idx, target_idx, kind, confidence, marker)``;
* ``doc._.argmap_stances`` – ``(unit_idx, target, start, end, polarity, score,
  confidence, negated, cue, speaker, voice)``; ``speaker`` is ``""`` for the
  author; ``voice`` is the factor on the score in the author's stance;
* ``doc._.argmap_stance_settings`` – ``{"threshold", "speech_weight",
  "description_weight", "opinion_share", "neutral_weight", "role_weights",
  "backend"}`` of the stance component, for the author-level aggregation in
  :mod:`argmap.extract`;
* ``doc._.argmap_targets`` – set by the caller *before* the pipeline: extra
  target phrases for this Doc only (``["league tables"]``, or dicts
  ``{"id", "patterns"}``), matched like concepts;
* ``doc._.argmap_title`` – set by the caller *before* the pipeline: the title
  the source gave (an HTML page's ``<title>``/``<h1>``); a first line that
  is this title is the title line, whatever its length or punctuation.

Only tuples, lists and dicts of simple values are stored, so Docs pickle and
serialise with ``DocBin`` (``store_user_data=True``).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["register_extensions", "UNITS_KEY", "CONCEPTS_KEY"]

UNITS_KEY = "argmap_units"
CONCEPTS_KEY = "argmap_concepts"

_DOC_EXTENSIONS = (
    "argmap_entity_info",
    "argmap_roles",
    "argmap_relations",
    "argmap_stances",
    "argmap_stance_settings",
    "argmap_targets",
    "argmap_prefixes",
    "argmap_title",
)


def _span_argmap_id(span: Span) -> str:
    from .entities import canonical_id

    return canonical_id(span)


def register_extensions() -> None:
    """Register argmap's extensions once; calling it again does nothing."""
    for name in _DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("argmap_id"):
        Span.set_extension("argmap_id", getter=_span_argmap_id)
