"""``marsad eval quotes FILE [--corpus DIR]``: quote span precision/recall and speaker accuracy
against hand-annotated quotes of SaudiNewsNet articles."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..evaluation.corpus import default_corpus_dir

__all__ = ["register"]


@click.command("quotes")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="SaudiNewsNet raw zips the gold points into (default ../shared/data/corpora/saudinewsnet/raw)")
@click.option("--articles", type=click.Path(dir_okay=False), default=None,
              help="the annotated articles, url<TAB>zip<TAB>outlet<TAB>count (default FILE.articles or STEM.articles.tsv)")
@click.option("--errors", is_flag=True, help="also list every missed, spurious and wrong-speaker quote")
def eval_quotes_command(file: str, corpus: str | None, articles: str | None, errors: bool) -> None:
    """Code the articles listed beside FILE and score their quotes against it; print JSON."""
    from ..evaluation.quotes import evaluate_quotes

    raw = Path(corpus) if corpus else default_corpus_dir()
    result = evaluate_quotes(file, raw, articles=articles, errors=errors)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1))


def register(root: click.Group) -> None:
    group = root.commands.get("eval")
    if isinstance(group, click.Group):
        group.add_command(eval_quotes_command)
