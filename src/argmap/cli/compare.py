"""``argmap compare``: entities, stances and aligned claims across articles."""
from __future__ import annotations

from pathlib import Path

import click

from .. import io
from .common import export_formats, load_nlp, model_option, output_error, pipeline_options, quiet_option

__all__ = ["compare", "KEYPOINTS_SHOWN"]

#: Key points shown in the corpus view (the biggest; `argmap keypoints` lists all).
KEYPOINTS_SHOWN = 30


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", default=None, type=click.Path(),
              help="Folder for the CSV tables (and the merged graph); with --format html "
                   "a folder (gets corpus.html too) or an .html file.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]),
              default="text", show_default=True,
              help="Report format; html is the corpus view (stance matrix, agreement network).")
@click.option("--reference", "-r", default=None, metavar="ID",
              help="Compare every article with this article id only (stance pairs and "
                   "unit alignments all involve it).")
@click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1),
              help="Nearest units kept per unit.")
@click.option("--min-similarity", default=0.1, show_default=True, type=float,
              help="Drop unit alignments at or below this similarity.")
@click.option("--graph-format", "graph_formats", multiple=True,
              type=click.Choice(export_formats()),
              help="Also write the merged corpus graph in this format (repeatable; needs -o).")
@model_option
@quiet_option
def compare(paths: tuple[str, ...], outdir: str | None, fmt: str, reference: str | None, k: int,
            min_similarity: float, graph_formats: tuple[str, ...], model: str | None,
            quiet: bool) -> None:
    """Compare articles: shared entities, stances side by side, aligned claims.

    PATHS are .txt/.md texts (extracted now), article.json files, extraction
    folders, or folders of any of these. Units are aligned by sentence
    embeddings and an ArgKP-trained match head (TF-IDF when the encoder is
    absent; embeddings cached as embeddings.npz in extraction folders),
    most probable matches first. Prints a report; with -o writes
    {articles,entities,stances,agreements,alignments}.csv and, with
    --graph-format, corpus-graph.<suffix> in any `argmap export` format.
    --format html writes the corpus view (one offline page: stance matrix,
    agreement network, evidence, key points) to -o FILE.html, to
    corpus.html in the -o folder, or to standard output.

    Example:

    \b
        argmap compare corpus/ -r qs-2026-medical-rankings -o cmp/
        argmap compare outputs/ -o cmp/ --graph-format graphml --graph-format html
        argmap compare outputs/ --format html -o corpus.html
    """

    from ..compare_tables import compare_articles, format_comparison, load_articles_with_folders
    from ..export import EXPORTERS, export_text

    if graph_formats and not outdir:
        raise click.ClickException("--graph-format needs -o/--output")
    if min_similarity != min_similarity:  # NaN: every comparison with it is False
        raise click.ClickException("--min-similarity must be a number, not nan")
    page = None
    if fmt == "html" and outdir and Path(outdir).suffix.lower() in (".html", ".htm"):
        page, outdir = Path(outdir), None
        if graph_formats:
            raise click.ClickException("--graph-format needs -o/--output to be a folder")
    elif outdir and Path(outdir).is_file():
        raise click.ClickException(f"{outdir}: -o must be a folder (or an .html file "
                                   "with --format html)")
    try:
        opts = pipeline_options()
        nlp = load_nlp(model) if opts["fast"] or opts["targets"] else None
        loaded = load_articles_with_folders(paths, model=model, nlp=nlp)
        if len(loaded) < 2:
            raise click.ClickException(f"need at least two articles, found {len(loaded)}")
        result = compare_articles([a for a, _ in loaded], reference=reference, k=k,
                                  min_similarity=min_similarity, folders=[f for _, f in loaded])
    except io.InputError as exc:
        raise click.ClickException(str(exc)) from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "html":
        from ..export import to_corpus_html
        from ..graph import build_graph
        from ..keypoint_tables import keypoints_of_articles, keypoints_section

        kp = keypoints_of_articles([a for a, _ in loaded], folders=[f for _, f in loaded])
        html = to_corpus_html([build_graph(a) for a, _ in loaded],
                              extra_sections=[keypoints_section(kp, limit=KEYPOINTS_SHOWN)],
                              sections=("matrix", "network", "keypoints", "evidence"))
        if page is None and outdir:
            page = Path(outdir) / "corpus.html"
        if page is None:
            click.echo(html, nl=False)
        else:
            io.write_text(page, html)
            if not quiet:
                click.echo(str(page))
    elif not quiet:
        click.echo(format_comparison(result, fmt), nl=False)
    if outdir:
        try:
            for name, df in result.tables().items():
                keep_index = df.index.name == "target"
                io.write_text(io.child_path(outdir, f"{name}.csv"),
                              io.csv_safe_frame(df).to_csv(index=keep_index))
            for gf in graph_formats:
                io.write_text(io.child_path(outdir, f"corpus-graph{EXPORTERS[gf].suffix}"),
                              export_text(result.graph, gf))
        except OSError as exc:
            raise output_error(outdir, exc) from None
