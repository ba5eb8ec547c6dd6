"""The ``argmap`` command line: thin commands over the library, one module per command.

Example:

    argmap extract corpus/ -o outputs/
"""
from __future__ import annotations

import click

from .compare import compare
from .evaluate import evaluate
from .export import export_cmd
from .extract import extract
from .keypoints import keypoints_cmd
from .summarize import summarize

__all__ = ["cli", "main"]


@click.group()
@click.version_option(package_name="argmap")
def cli() -> None:
    """Map the arguments of opinion essays: claims, entities, stances, graphs.

    Example:

        argmap extract corpus/ -o outputs/
    """


for _command in (extract, summarize, compare, keypoints_cmd, export_cmd, evaluate):
    cli.add_command(_command)


def main() -> None:  # pragma: no cover - console entry
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
