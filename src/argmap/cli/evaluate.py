"""``argmap evaluate``: score the pipeline against gold annotations, fold by fold."""
from __future__ import annotations

import click

from .common import load_nlp, model_option


@click.command()
@click.argument("gold_dir", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["microtext", "brat"]), default="microtext",
              show_default=True, help="Gold annotation format.")
@click.option("--folds", type=click.IntRange(min=1), default=5, show_default=True,
              help="Fixed folds by document id; the last one is held out (1: whole set only).")
@click.option("--fold", type=click.IntRange(min=1), default=None,
              help="Report only this fold (1..FOLDS).")
@click.option("--bootstrap", "n_boot", type=click.IntRange(min=100), default=1000, show_default=True,
              help="Bootstrap resamples per 95% interval.")
@click.option("--seed", type=int, default=0, show_default=True, help="Bootstrap seed.")
@click.option("--json", "as_json", is_flag=True, help="Print the full JSON report.")
@click.option("--baseline", is_flag=True, hidden=True,
              help="Accepted for compatibility; the baselines are always scored.")
@model_option
def evaluate(gold_dir: str, fmt: str, folds: int, fold: int | None, n_boot: int, seed: int,
             as_json: bool, baseline: bool, model: str | None) -> None:
    """Score the pipeline against a gold-annotated corpus, next to baselines.

    GOLD_DIR holds arggraph XML files (microtexts, with .txt files next to
    them) or brat .txt/.ann pairs (argument-annotated essays). Documents go
    into FOLDS fixed folds by a hash of their id; the report shows the
    held-out last fold, the whole set and the tuning folds side by side.
    Every figure has a 95% bootstrap interval over documents and stands next
    to the first-unit, title and paragraph-position baselines, with the
    paired difference to the best of them. A gold document that cannot be
    read or trusted is skipped with one line naming it.

    Example:

        argmap evaluate ../shared/eval/microtexts-part1/corpus/en --format microtext --folds 5
    """
    import json

    from ..evaluate import READERS, evaluate_gold, format_report

    if fold is not None and fold > folds:
        raise click.ClickException(f"--fold {fold} is not one of 1..{folds}")
    skipped: list[str] = []

    def skip(message: str) -> None:
        skipped.append(message)
        click.echo(f"warning: {message}", err=True)

    try:
        golds = READERS[fmt](gold_dir, on_error=skip)
    except OSError as exc:
        raise click.ClickException(f"cannot read gold {fmt} data: {exc}") from None
    if not golds:
        reason = f" ({len(skipped)} skipped)" if skipped else ""
        raise click.ClickException(f"no usable {fmt} gold documents in {gold_dir}{reason}")
    result = evaluate_gold(golds, load_nlp(model), folds=folds, fold=fold, n_boot=n_boot, seed=seed,
                           skipped=skipped)
    click.echo(json.dumps(result, indent=2) if as_json else format_report(result))
