"""Fixtures for the exporter tests: hand-built graphs (no spaCy), browsers."""
from __future__ import annotations

import os

import pytest

from argmap.graph.build import build_graph
from argmap.records import Article
from articles import make_article


@pytest.fixture
def article() -> Article:
    """A small article with hostile HTML in its text and title."""
    return make_article()


@pytest.fixture
def graph(article):
    """The argument graph of :func:`article`."""
    return build_graph(article)


def _missing(reason: str) -> None:
    """Skip on a developer's machine; under CI a missing tool fails the run instead."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must run this test: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """A headless Chromium binary; installed with apt under CI as root, else skip (fail under CI)."""
    from headless import ensure_chromium

    binary, reason = ensure_chromium()
    if binary is None:
        _missing(reason)
    return binary


@pytest.fixture(scope="session")
def graphviz_dot() -> str:
    """Graphviz's ``dot``; installed with apt under CI as root, else skip (fail under CI)."""
    from headless import ensure_graphviz

    binary, reason = ensure_graphviz()
    if binary is None:
        _missing(reason)
    return binary
