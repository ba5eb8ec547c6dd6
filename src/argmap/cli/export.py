"""``argmap export``: the argument graph in one of the export formats."""
from __future__ import annotations

import click

from .. import io
from ..graph import build_graph
from .common import export_formats, load_article, model_option, output_error, quiet_option


def _load_export_input(path: str, model: str | None):
    """Return ``(graph, essay text or None, file stem)`` for ``argmap export``.

    The stem comes from the input (a graph's ``name``, an article id), so it
    is untrusted: it is slugged like extract's ids (:func:`argmap.io.slug`).
    A graph read from a file must have string node ids and simple attribute
    values (:func:`argmap.export.check_simple`), as every format needs.
    """
    from pathlib import Path

    import networkx as nx

    from ..export import check_simple, from_json, read_graph

    p = Path(path)
    graph_file = None
    if p.is_dir() and not (p / "article.json").exists() and (p / "graph.json").exists():
        graph_file = p / "graph.json"
    elif p.is_file() and p.suffix.lower() in (".graphml", ".gexf"):
        graph_file = p
    try:
        if graph_file is not None:
            G = read_graph(graph_file)
            check_simple(G)
            return G, None, io.slug(str(G.graph.get("name") or p.stem))
        if p.is_file() and p.suffix.lower() == ".json":
            data = io.read_json(p)
            if isinstance(data, dict) and "nodes" in data and ("edges" in data or "links" in data):
                G = from_json(data)
                check_simple(G)
                return G, None, io.slug(str(G.graph.get("name") or p.stem))
    except (OSError, ValueError, KeyError, TypeError, SyntaxError, nx.NetworkXError) as exc:
        # xml.etree's ParseError is a SyntaxError.
        raise click.ClickException(f"{path}: cannot read graph ({exc})") from None
    article = load_article(path, model=model)
    return build_graph(article), article.text, io.slug(article.id)


@click.command("export")
@click.argument("article")
@click.option("--format", "-f", "fmt", type=click.Choice(export_formats()), default=None,
              help="Export format.")
@click.option("--all", "all_formats", is_flag=True,
              help="Write every format into the folder given with -o.")
@click.option("-o", "--output", default=None, type=click.Path(),
              help="Output file, or a folder (an existing one, or a name ending in /; always "
                   "with --all); standard output if omitted.")
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
    import os
    from pathlib import Path

    from ..export import EXPORTERS, export_text

    if all_formats == (fmt is not None):
        raise click.ClickException("Use exactly one of --format or --all")
    if all_formats and not output:
        raise click.ClickException("--all needs -o/--output DIR")
    if output and all_formats and Path(output).is_file():
        raise click.ClickException(f"{output}: --all writes a folder, not a file")
    G, text, stem = _load_export_input(article, model)
    try:
        if all_formats:
            for name, exporter in EXPORTERS.items():
                path = io.write_text(_inside(Path(output), f"{stem}{exporter.suffix}"),
                                     export_text(G, name, text=text))
                if not quiet:
                    click.echo(str(path))
            return
        out = export_text(G, fmt, text=text)
        if output is None:
            click.echo(out, nl=False)
            return
        target = Path(output)
        if target.is_dir() or output.endswith(("/", os.sep)):
            target = _inside(target, f"{stem}{EXPORTERS[fmt].suffix}")
        io.write_text(target, out)
    except OSError as exc:
        raise output_error(output, exc) from None
    if not quiet:
        click.echo(str(target))


def _inside(folder, name: str):
    """``folder/name``; a name that would leave ``folder`` is a user error."""
    try:
        return io.child_path(folder, name)
    except io.InputError as exc:
        raise click.ClickException(str(exc)) from None
