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
def golden(update_golden):
    """``golden(path, text)``: compare ``text`` with a golden file.

    With ``--update-golden`` the file is rewritten and the test is skipped, so a
    run that rewrites a golden file never also counts as having checked it; a
    missing golden file fails.
    """
    def check(path, text: str, *, same=None) -> None:
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            pytest.skip(f"{path.name} rewritten by --update-golden, not compared")
        if not path.exists():
            pytest.fail(f"golden file {path} is missing: run `pytest --update-golden` and review the diff")
        expected = path.read_text(encoding="utf-8")
        if same is not None:
            assert same(text, expected), f"{path.name} differs; if intended run `pytest --update-golden`"
        else:
            assert text == expected, f"{path.name} differs; if intended run `pytest --update-golden`"

    return check


@pytest.fixture(scope="session")
def nlp():
    """spacy.blank('en') with argmap's pipes: no trained model needed."""
    return add_argmap_pipes(spacy.blank("en"))


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
