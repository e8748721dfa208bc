"""``marsad eval events FILE...``: detection P/R/F1 per PLOVER type and actor-country accuracy."""

from __future__ import annotations

import json

import click

__all__ = ["register"]


@click.command("events")
@click.argument("files", nargs=-1, required=True)
def eval_events_command(files: tuple[str, ...]) -> None:
    """Measure the event coder on gold JSONL files (detection and span records); print JSON."""
    from ..evaluation.events import evaluate_files

    click.echo(json.dumps(evaluate_files(files), ensure_ascii=False, indent=2))


def register(root: click.Group) -> None:
    group = root.commands.get("eval")
    if isinstance(group, click.Group):
        group.add_command(eval_events_command)
