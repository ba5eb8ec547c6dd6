"""``argmap evaluate``: score the pipeline against gold annotations."""
from __future__ import annotations

import click

from .common import load_nlp, model_option


@click.command()
@click.argument("gold_dir", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["microtext", "brat", "argkp"]),
              default="microtext", show_default=True,
              help="Gold annotation format (argkp: key-point matching, KPA-2021 track 1).")
@click.option("--json", "as_json", is_flag=True, help="Print the full JSON report.")
@click.option("--baseline", is_flag=True,
              help="Also score the trivial baseline (first unit = major claim, all support).")
@click.option("--split", default=None, metavar="NAME",
              help="argkp: which arguments_<NAME>.csv (needed when the folder has several).")
@model_option
def evaluate(gold_dir: str, fmt: str, as_json: bool, baseline: bool, split: str | None,
             model: str | None) -> None:
    """Score the pipeline against a gold-annotated corpus.

    GOLD_DIR holds arggraph XML files (microtexts, with .txt files next to
    them) or brat .txt/.ann pairs (argument-annotated essays). Reports unit
    segmentation, role, central-claim, relation and pro/opp figures. With
    --format argkp, GOLD_DIR is in the ArgKP layout (arguments_*.csv,
    key_points_*.csv, labels_*.csv): strict and relaxed mAP of TF-IDF, raw
    embedding cosine and the match head side by side.

    Example:

        argmap evaluate ../shared/eval/microtexts-part1 --format microtext --baseline
        argmap evaluate ../shared/data/argkp --format argkp --split dev
    """
    import json

    if fmt == "argkp":
        from ..evaluate.argkp import evaluate_argkp, format_argkp, read_argkp

        try:
            data = read_argkp(gold_dir, split=split)
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"cannot read ArgKP data: {exc}") from None
        result = evaluate_argkp(data)
        click.echo(json.dumps(result, indent=2) if as_json else format_argkp(result), nl=False)
        return

    from ..evaluate import READERS, evaluate_gold, format_report

    try:
        golds = READERS[fmt](gold_dir)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read gold {fmt} data: {exc}") from None
    if not golds:
        raise click.ClickException(f"no {fmt} gold documents found in {gold_dir}")
    result = evaluate_gold(golds, load_nlp(model), baseline=baseline)
    click.echo(json.dumps(result, indent=2) if as_json else format_report(result))
