"""``argmap summarize``: one article's major claim, roles, entities and stances."""
from __future__ import annotations

import click

from ..graph import build_graph
from .common import load_article, model_option


@click.command()
@click.argument("article")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--all", "show_all", is_flag=True,
              help="List every target, not folding those mentioned once with no stance.")
@model_option
def summarize(article: str, fmt: str, show_all: bool, model: str | None) -> None:
    """Summarise one article: major claim, roles, entities and author stances.

    ARTICLE is a .txt/.md file (extracted now), an article.json or an
    extraction folder (read without loading spaCy). Targets are listed most
    salient first, each author stance with its strongest evidence sentence;
    targets mentioned at most once with no stance are counted, not listed,
    unless --all is given.

    Example:

        argmap summarize outputs/qs-2026-medical-rankings --format markdown
    """
    import json

    from ..graph.summary import format_report, report_graph

    report = report_graph(build_graph(load_article(article, model=model)))
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, markdown=fmt == "markdown", show_all=show_all))
