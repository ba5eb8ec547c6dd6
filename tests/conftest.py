"""Shared fixtures: a rules-only pipeline on spacy.blank and tiny essays."""
from __future__ import annotations

import pytest
import spacy

from argmap.pipeline import add_argmap_pipes


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite the files in tests/golden/ from the current output.")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def nlp():
    """spacy.blank("en") with argmap's pipes, lexicon stance backend: no trained model needed."""
    return add_argmap_pipes(spacy.blank("en"), fast=True)


@pytest.fixture(scope="session")
def nlp_model():
    """The trained English model with argmap's pipes (tests marked ``model``)."""
    from argmap.pipeline import ModelNotFound, load_pipeline

    try:
        return load_pipeline()
    except ModelNotFound as exc:  # pragma: no cover - depends on install
        pytest.skip(str(exc))


ESSAY = (
    "Why rankings mislead\n\n"
    "Rankings don’t help students choose a medical school. "
    "For example, Harvard and Oxford rank high because of research funding. "
    "Admittedly, rankings are useful for employers.\n\n"
    "In conclusion, students should look at outcomes, not just prestige."
)


@pytest.fixture()
def essay() -> str:
    return ESSAY
