"""(commands being written)"""

from __future__ import annotations

import click


def register(root: click.Group) -> None:
    return None
