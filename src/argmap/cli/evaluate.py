"""``argmap evaluate``: score the pipeline against gold annotations, fold by fold."""
from __future__ import annotations

import click

from .. import io
from .common import load_nlp, model_option

STANCE_FORMATS = ("newsmtsc", "claim-stance")


@click.command()
@click.argument("gold_dir", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["microtext", "brat", "thesis", "argkp", *STANCE_FORMATS]),
              default="microtext", show_default=True,
              help="Gold annotation format (thesis: a folder of commentary with thesis.json; "
                   "argkp: key-point matching, KPA-2021 track 1; "
                   "newsmtsc: JSONL file, claim-stance: IBM CSV file).")
@click.option("--folds", type=click.IntRange(min=1), default=5, show_default=True,
              help="Fixed folds by document id; the last one is held out (1: whole set only).")
@click.option("--fold", type=click.IntRange(min=1), default=None,
              help="Report only this fold (1..FOLDS).")
@click.option("--tuning", is_flag=True,
              help="Report only the tuning folds 1..FOLDS-1 together; the held-out fold is not run.")
@click.option("--bootstrap", "n_boot", type=click.IntRange(min=100), default=1000, show_default=True,
              help="Bootstrap resamples per 95% interval.")
@click.option("--seed", type=int, default=0, show_default=True, help="Bootstrap seed.")
@click.option("--json", "as_json", is_flag=True, help="Print the full JSON report.")
@click.option("--baseline", is_flag=True, hidden=True,
              help="Accepted for compatibility; the baselines are always scored.")
@click.option("--stance-model", type=click.Path(exists=True), default=None, metavar="PATH",
              help="Stance model folder or .onnx file (newsmtsc/claim-stance; default: packaged).")
@click.option("--split", default=None, metavar="NAME",
              help="argkp: which arguments_<NAME>.csv (needed when the folder has several).")
@model_option
def evaluate(gold_dir: str, fmt: str, folds: int, fold: int | None, tuning: bool, n_boot: int, seed: int,
             as_json: bool, baseline: bool, stance_model: str | None, split: str | None,
             model: str | None) -> None:
    """Score the pipeline against a gold-annotated corpus, next to baselines.

    GOLD_DIR holds arggraph XML files (microtexts, with .txt files next to
    them) or brat .txt/.ann pairs (argument-annotated essays). Documents go
    into FOLDS fixed folds by a hash of their id; the report shows the
    held-out last fold, the whole set and the tuning folds side by side
    (--fold N: fold N only; --tuning: the tuning folds only, and the
    held-out fold is not run).
    Every figure has a 95% bootstrap interval over documents and stands next
    to the first-unit, title and paragraph-position baselines, with the
    paired difference to the best of them. A gold document that cannot be
    read or trusted is skipped with one line naming it.

    With --format newsmtsc or claim-stance, GOLD_DIR is one file of
    (sentence, target, stance) gold and the report puts the majority class,
    VADER, the lexicon rules and the stance model side by side.

    With --format thesis, GOLD_DIR is a folder of op-eds, editorials and
    news (.txt/.md/.html) with a thesis.json naming each text's thesis
    statements: argmap's major claim is scored against them next to the
    headline, first-sentence, end-of-introduction and last-sentence
    baselines (--folds does not apply).

    With --format argkp, GOLD_DIR is in the ArgKP layout (arguments_*.csv,
    key_points_*.csv, labels_*.csv): strict and relaxed mAP (KPA-2021
    track 1) of TF-IDF, raw embedding cosine and the match head side by
    side, with intervals over topic x stance groups (--folds does not apply).

    Example:

        argmap evaluate ../shared/eval/microtexts-part1/corpus/en --format microtext --folds 5

        argmap evaluate ../shared/eval/microtexts-part1/corpus/en --tuning    # folds 1-4 only

        argmap evaluate ../shared/data/newsmtsc/dev.jsonl --format newsmtsc
        argmap evaluate ../shared/data/argkp --format argkp --split dev
        argmap evaluate tests/data/thesis_heldout --format thesis
    """
    import json

    if fmt in STANCE_FORMATS:
        _evaluate_stance(gold_dir, fmt, as_json=as_json, stance_model=stance_model, model=model,
                         n_boot=n_boot, seed=seed)
        return
    if fmt == "thesis":
        _evaluate_thesis(gold_dir, as_json=as_json, model=model, n_boot=n_boot, seed=seed)
        return
    if fmt == "argkp":
        from ..evaluate.argkp import evaluate_argkp, format_argkp, read_argkp

        try:
            data = read_argkp(gold_dir, split=split)
        except (OSError, ValueError, io.InputError) as exc:
            raise click.ClickException(f"cannot read ArgKP data: {exc}") from None
        result = evaluate_argkp(data, n_boot=n_boot)
        click.echo(json.dumps(result, indent=2) if as_json else format_argkp(result), nl=False)
        return

    from ..evaluate import READERS, evaluate_gold, format_report

    if fold is not None and fold > folds:
        raise click.ClickException(f"--fold {fold} is not one of 1..{folds}")
    if tuning and (folds < 2 or fold is not None):
        raise click.ClickException("--tuning needs --folds 2 or more and no --fold")
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
    result = evaluate_gold(golds, load_nlp(model), folds=folds, fold=fold, tuning=tuning, n_boot=n_boot,
                           seed=seed, skipped=skipped)
    click.echo(json.dumps(result, indent=2) if as_json else format_report(result))


def _evaluate_stance(path: str, fmt: str, *, as_json: bool, stance_model: str | None,
                     model: str | None, n_boot: int = 1000, seed: int = 0) -> None:
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
    except (OSError, ValueError, io.InputError) as exc:
        raise click.ClickException(f"cannot read gold {fmt} data: {exc}") from None
    if not items:
        raise click.ClickException(f"no {fmt} gold items found in {path}")
    scorer = None
    if stance_model:
        try:
            scorer = StanceModel.load(stance_model)
        except ModelUnavailable as exc:
            raise click.ClickException(str(exc)) from None
    result = evaluate_stance(items, fmt, nlp=load_nlp(model), model=scorer, warn=warn,
                             n_boot=n_boot, seed=seed)
    click.echo(json.dumps(result, indent=2) if as_json else format_stance_report(result))


def _evaluate_thesis(folder: str, *, as_json: bool, model: str | None, n_boot: int, seed: int) -> None:
    """``--format thesis``: argmap's major claim against a folder's thesis gold."""
    import json
    from pathlib import Path

    from ..evaluate.thesis import evaluate_thesis, format_thesis_report, read_thesis_gold

    if not Path(folder).is_dir():
        raise click.ClickException(f"{io.shown(folder)}: --format thesis needs a folder with thesis.json")
    skipped: list[str] = []

    def skip(message: str) -> None:
        skipped.append(message)
        click.echo(f"warning: {message}", err=True)

    try:
        golds = read_thesis_gold(folder, on_error=skip)
    except (OSError, io.InputError) as exc:
        raise click.ClickException(f"cannot read thesis gold: {exc}") from None
    if not golds:
        raise click.ClickException(f"no usable thesis gold in {io.shown(folder)}")
    result = evaluate_thesis(golds, load_nlp(model), n_boot=n_boot, seed=seed, skipped=skipped)
    click.echo(json.dumps(result, indent=2) if as_json else format_thesis_report(result), nl=False)
