"""The command line: thin wrappers that turn library errors into one-line messages.

Each module in ``COMMAND_MODULES`` adds its commands through ``register(root)``.
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import MarsadError

__all__ = ["main", "root"]

COMMAND_MODULES = ("code", "eval_ner", "eval_events", "eval_quotes", "eval_actors", "eval_triples", "eval_candidates", "explain", "store", "actors", "serve")


class _Root(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MarsadError as exc:
            click.echo(f"marsad: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marsad")
def root() -> None:
    """Marsad: explainable political event data from Arabic news."""


@root.group("eval")
def eval_group() -> None:
    """Measure quality against gold files."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(root)


def main() -> None:
    root(prog_name="marsad")
