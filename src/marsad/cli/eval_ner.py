"""``marsad eval ner FILE [--model PATH]``: entity-level scores of the NER model on a gold file."""

from __future__ import annotations

import json

import click

__all__ = ["register"]


@click.command("ner")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--model", "model_path", type=click.Path(), default=None,
              help="Model folder or .crfsuite file (default: the model shipped with marsad).")
def ner_command(file: str, model_path: str | None) -> None:
    """Tag FILE ('token TAG' lines, blank line between sentences) and print P/R/F1 as JSON."""
    from ..evaluation.ner import evaluate_ner_file
    from ..ner import load_ner_model

    model = load_ner_model(model_path)
    result = evaluate_ner_file(file, model)
    result["model"] = str(model.folder)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1))


def register(root: click.Group) -> None:
    group = root.commands["eval"]
    assert isinstance(group, click.Group)
    group.add_command(ner_command)
