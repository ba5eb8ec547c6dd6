"""``argmap extract``: run the pipeline on texts and write records, graphs and tables."""
from __future__ import annotations

import click

from .. import io
from .common import model_option, pipeline_options, progress, quiet_option


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", default="outputs", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the results.")
@model_option
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1),
              help="Texts per nlp.pipe batch (or per Dask task).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1),
              help="Worker processes sharing the loaded model (local engine).")
@click.option("--no-cache", is_flag=True,
              help="Re-extract every article, even if its text, model and settings are unchanged.")
@click.option("--tables", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True,
              help="Format of the corpus tables (parquet needs pyarrow).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run here, or on the Dask cluster at --scheduler.")
@click.option("--scheduler", metavar="ADDR", default=None,
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask).")
@click.option("--max-chars", default=io.MAX_CHARS, show_default=True,
              type=click.IntRange(1, io.MAX_CHARS_CAP),
              help="Longest article accepted, in characters; longer files are reported and "
                   f"skipped (at most {io.MAX_CHARS_CAP:,}, what the pipeline takes).")
@click.option("--html", is_flag=True,
              help="Read every input as HTML (else only .html/.htm files are).")
@click.option("--prune", is_flag=True,
              help="Remove article folders of inputs no longer given, and let an input replace "
                   "another source's outputs under the same id.")
@click.option("--wait", is_flag=True,
              help="If another run is using OUTDIR, wait for it instead of failing.")
@click.option("--any-language", is_flag=True,
              help="Extract texts that do not look English instead of skipping them.")
@click.option("--text-column", default="text", show_default=True, metavar="NAME",
              help="Column of a .jsonl/.csv corpus that holds the article text.")
@click.option("--id-column", default="id", show_default=True, metavar="NAME",
              help="Column with the article id (slugged; default: <file>-<row>).")
@click.option("--title-column", default="title", show_default=True, metavar="NAME",
              help="Column with the title.")
@click.option("--date-column", default="date", show_default=True, metavar="NAME",
              help="Column with the publication date.")
@quiet_option
def extract(paths: tuple[str, ...], outdir: str, model: str | None, batch_size: int, jobs: int,
            no_cache: bool, tables: str, engine: str, scheduler: str | None, max_chars: int,
            any_language: bool, html: bool, prune: bool, wait: bool, text_column: str,
            id_column: str, title_column: str, date_column: str, quiet: bool) -> None:
    """Extract claims, entities, stances and the argument graph.

    PATHS are .txt/.md/.html files or folders of them; '-' reads stdin.
    A .jsonl or .csv file is a corpus, one article per row (columns text,
    id, title, date; see --text-column). HTML pages are reduced to their
    article text and metadata (title, author, date, site, URL) with
    trafilatura when installed, else html.parser. URLs are refused: save
    the page first.
    Writes OUTDIR/<article-id>/article.json and graph.json as each article
    is done, and OUTDIR/{units,entities,stances,relations}.csv (or .parquet)
    over all articles at the end, with OUTDIR/manifest.json naming the inputs,
    their ids and sources and the tables (row counts and hashes). Unchanged
    articles are not extracted again. Bad inputs are reported in one line
    each and the rest goes on; the exit status is 1 if any input failed or
    was skipped. One run at a time may use OUTDIR (see --wait).

    Example:

        argmap extract corpus/ -o outputs/ --jobs 2 --tables parquet
    """
    from contextlib import closing

    from ..engine import extract_corpus, make_engine
    from ..pipeline import ModelNotFound

    if scheduler and engine != "dask":
        raise click.ClickException("--scheduler needs --engine dask")
    if engine == "dask" and not scheduler:
        raise click.ClickException("--engine dask needs --scheduler ADDR")
    import os

    from ..pipeline.load import PATTERNS_ENV

    if engine == "dask" and os.environ.get(PATTERNS_ENV):
        raise click.ClickException("--patterns works with the local engine only")
    files = io.list_inputs(paths)
    if not files:
        raise click.ClickException("no .txt, .md or .html files found in "
                                   + ", ".join(io.shown(p) for p in paths))
    runner = make_engine(engine, model=model, batch_size=batch_size, jobs=jobs, scheduler=scheduler,
                         options=pipeline_options())
    counts = {"done": 0, "cached": 0, "failed": 0, "skipped": 0}
    try:
        with progress(len(files), quiet=quiet) as advance, closing(extract_corpus(
                files, outdir, engine=runner, use_cache=not no_cache, tables=tables,
                max_chars=max_chars, check_language=not any_language, html=html, prune=prune,
                wait=wait, columns=io.Columns(text_column, id_column, title_column, date_column))
        ) as outcomes:
            for outcome in outcomes:
                counts[outcome.status] += 1
                advance()
                if outcome.status == "failed":
                    click.echo(f"error: {outcome.message}", err=True)
                elif outcome.status == "skipped":
                    click.echo(f"warning: {outcome.message}", err=True)
                elif not quiet:
                    click.echo(outcome.message)
    except (ModelNotFound, io.InputError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write to {io.shown(outdir)}: "
                                   f"{exc.strerror or exc}") from None
    bad = counts["failed"] + counts["skipped"]
    if bad:
        note = f" ({counts['skipped']} skipped as not English)" if counts["skipped"] else ""
        total = sum(counts.values())
        raise click.ClickException(f"{bad} of {total} inputs failed{note}")
