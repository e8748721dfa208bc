"""``marsad eval triples FILE [--min-confidence X] [--errors]``: whole who-did-what-to-whom
triples of the current model against a hand check of SaudiNewsNet event candidates."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..evaluation.corpus import default_corpus_dir

__all__ = ["register"]


@click.command("triples")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--min-confidence", default=None,
              help="count events at or above this confidence (default: the model's threshold)")
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="SaudiNewsNet raw zips the labels point into (default ../shared/data/corpora/saudinewsnet/raw)")
@click.option("--errors", is_flag=True, help="also list every passing label not wholly right and every real one missed")
def eval_triples_command(file: str, min_confidence: str | None, corpus: str | None, errors: bool) -> None:
    """Re-code the articles FILE labels and score events, sources and targets against it; print JSON."""
    from ..evaluation.triples import evaluate_triples

    raw = Path(corpus) if corpus else default_corpus_dir()
    result = evaluate_triples(file, raw, min_confidence=min_confidence, errors=errors)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1))


def register(root: click.Group) -> None:
    group = root.commands.get("eval")
    if isinstance(group, click.Group):
        group.add_command(eval_triples_command)
