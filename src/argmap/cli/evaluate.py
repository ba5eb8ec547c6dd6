"""``argmap evaluate``: score the pipeline against gold annotations."""
from __future__ import annotations

import click

from .common import load_nlp, model_option

STANCE_FORMATS = ("newsmtsc", "claim-stance")


@click.command()
@click.argument("gold_dir", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["microtext", "brat", *STANCE_FORMATS]),
              default="microtext", show_default=True,
              help="Gold annotation format (newsmtsc: JSONL file, claim-stance: IBM CSV file).")
@click.option("--json", "as_json", is_flag=True, help="Print the full JSON report.")
@click.option("--baseline", is_flag=True,
              help="Also score the trivial baseline (first unit = major claim, all support).")
@click.option("--stance-model", type=click.Path(exists=True), default=None, metavar="PATH",
              help="Stance model folder or .onnx file (newsmtsc/claim-stance; default: packaged).")
@model_option
def evaluate(gold_dir: str, fmt: str, as_json: bool, baseline: bool, stance_model: str | None,
             model: str | None) -> None:
    """Score the pipeline against a gold-annotated corpus.

    GOLD_DIR holds arggraph XML files (microtexts, with .txt files next to
    them) or brat .txt/.ann pairs (argument-annotated essays). Reports unit
    segmentation, role, central-claim, relation and pro/opp figures.

    With --format newsmtsc or claim-stance, GOLD_DIR is one file of
    (sentence, target, stance) gold and the report puts the majority class,
    VADER, the lexicon rules and the stance model side by side.

    Example:

        argmap evaluate ../shared/eval/microtexts-part1 --format microtext --baseline

        argmap evaluate ../shared/data/newsmtsc/dev.jsonl --format newsmtsc
    """
    import json

    if fmt in STANCE_FORMATS:
        _evaluate_stance(gold_dir, fmt, as_json=as_json, stance_model=stance_model, model=model)
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


def _evaluate_stance(path: str, fmt: str, *, as_json: bool, stance_model: str | None,
                     model: str | None) -> None:
    """``--format newsmtsc|claim-stance``: every stance system on one gold file."""
    import json
    from pathlib import Path

    from ..evaluate.stance_eval import evaluate_stance, format_stance_report, read_stance_gold
    from ..pipeline.stance_model import ModelUnavailable, StanceModel

    def warn(msg: str) -> None:
        click.echo(f"warning: {msg}", err=True)

    if Path(path).is_dir():
        raise click.ClickException(f"{path}: --format {fmt} needs a file, not a folder")
    try:
        items = read_stance_gold(path, fmt, warn)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read gold {fmt} data: {exc}") from None
    if not items:
        raise click.ClickException(f"no {fmt} gold items found in {path}")
    scorer = None
    if stance_model:
        try:
            scorer = StanceModel.load(stance_model)
        except ModelUnavailable as exc:
            raise click.ClickException(str(exc)) from None
    result = evaluate_stance(items, fmt, nlp=load_nlp(model), model=scorer, warn=warn)
    click.echo(json.dumps(result, indent=2) if as_json else format_stance_report(result))
