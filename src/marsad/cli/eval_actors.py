"""``marsad eval actors FILE [--corpus DIR]``: actor mentions found, their CAMEO country and role,
and canonical names, against hand-annotated actor mentions of SaudiNewsNet articles."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..evaluation.corpus import default_corpus_dir

__all__ = ["register"]


@click.command("actors")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="SaudiNewsNet raw zips the gold points into (default ../shared/data/corpora/saudinewsnet/raw)")
@click.option("--errors", is_flag=True, help="also list every missed, miscoded or misnamed mention")
def eval_actors_command(file: str, corpus: str | None, errors: bool) -> None:
    """Code the articles FILE points into and score their actor mentions against it; print JSON."""
    from ..evaluation.actors import evaluate_actors

    raw = Path(corpus) if corpus else default_corpus_dir()
    result = evaluate_actors(file, raw, errors=errors)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1))


def register(root: click.Group) -> None:
    group = root.commands.get("eval")
    if isinstance(group, click.Group):
        group.add_command(eval_actors_command)
