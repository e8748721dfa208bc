"""``marsad eval candidates FILE [--min-confidence X]``: hand-labelled pattern candidates of
SaudiNewsNet scored with the current model (precision and recall at the threshold, by root,
and the calibration table)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..evaluation.corpus import default_corpus_dir

__all__ = ["register"]


@click.command("candidates")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--min-confidence", default=None,
              help="count candidates at or above this confidence (default: the model's threshold)")
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="SaudiNewsNet raw zips the labels point into (default ../shared/data/corpora/saudinewsnet/raw)")
def eval_candidates_command(file: str, min_confidence: str | None, corpus: str | None) -> None:
    """Re-code the articles FILE labels and score the labelled candidates' confidences; print JSON."""
    from ..evaluation.candidates import evaluate_candidates

    raw = Path(corpus) if corpus else default_corpus_dir()
    click.echo(json.dumps(evaluate_candidates(file, raw, min_confidence=min_confidence), ensure_ascii=False, indent=1))


def register(root: click.Group) -> None:
    group = root.commands.get("eval")
    if isinstance(group, click.Group):
        group.add_command(eval_candidates_command)
