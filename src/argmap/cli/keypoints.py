"""``argmap keypoints``: the key points a corpus makes, with counts and evidence."""
from __future__ import annotations

import click

from .. import io
from .common import model_option, quiet_option

__all__ = ["keypoints_cmd"]

_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json", "html": ".html"}


@click.command("keypoints")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", default=None, type=click.Path(file_okay=False),
              help="Folder for keypoints.csv, keypoint_units.csv and the report.")
@click.option("--format", "fmt", type=click.Choice(list(_SUFFIX)), default="text",
              show_default=True, help="Report format (html: one offline page).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0),
              help="Key points shown in the report (0 for all; the CSV has all).")
@click.option("--threshold", default=None, type=click.FloatRange(0.0, 1.0),
              help="Lowest match score (default: chosen on ArgKP train for the backend).")
@click.option("--min-units", default=2, show_default=True, type=click.IntRange(1),
              help="Smallest group of units reported as a key point.")
@model_option
@quiet_option
def keypoints_cmd(paths: tuple[str, ...], outdir: str | None, fmt: str, limit: int,
                  threshold: float | None, min_units: int, model: str | None, quiet: bool) -> None:
    """Group the argument units of many articles into key points.

    PATHS are .txt/.md texts (extracted now), article.json files, extraction
    folders, or folders of any of these. Every major claim, claim and
    premise goes to the candidate key point of another article it matches
    best (sentence embeddings and a matching head trained on ArgKP; TF-IDF
    when the encoder is absent); candidates are whole sentences that take a
    position. Key points are ranked by the articles, then the units, that
    make them, with their pro/con split toward the main target.
    Embeddings are cached as embeddings.npz in extraction folders.

    Example:

    \b
        argmap keypoints outputs/
        argmap keypoints corpus/ --format html -o kp/
    """
    from pathlib import Path

    from ..compare_tables import load_articles_with_folders
    from ..keypoint_tables import format_keypoints, keypoints_of_articles

    try:
        loaded = load_articles_with_folders(paths, model=model)
        result = keypoints_of_articles([a for a, _ in loaded], folders=[f for _, f in loaded],
                                       threshold=threshold, min_units=min_units)
    except (io.InputError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    report = format_keypoints(result, fmt, limit=limit)
    if outdir:
        out = Path(outdir)
        io.write_text(out / "keypoints.csv", io.csv_safe_frame(result.table).to_csv(index=False))
        io.write_text(out / "keypoint_units.csv",
                      io.csv_safe_frame(result.members).to_csv(index=False))
        io.write_text(out / f"keypoints{_SUFFIX[fmt]}",
                      report if fmt != "html" else format_keypoints(result, fmt, limit=0))
    if not quiet and not (outdir and fmt == "html"):
        click.echo(report, nl=False)
