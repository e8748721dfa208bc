"""The README is tested: it starts with the two commands, and every `marsad ...` line in its
code blocks names a real command with real options."""

from __future__ import annotations

import re
import shlex

import click
import pytest

from marsad.cli import root

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(?:sh)?\n(.*?)```", README, re.S)
LINES = [
    line.split("#")[0].strip()
    for block in BLOCKS
    for line in block.splitlines()
    if line.strip().startswith("marsad ")
]


def test_readme_starts_with_demo_and_test() -> None:
    first_block = BLOCKS[0].splitlines()
    assert first_block[0].startswith("make demo")
    assert first_block[1].startswith("make test")


def test_readme_documents_every_command() -> None:
    for name in root.commands:
        assert f"marsad {name}" in README, name


def _command(words: list[str]) -> tuple[click.Command, list[str]]:
    command: click.Command = root
    rest = words[1:]
    while isinstance(command, click.Group) and rest and rest[0] in command.commands:
        command = command.commands[rest[0]]
        rest = rest[1:]
    return command, rest


@pytest.mark.parametrize("line", LINES)
def test_readme_command_lines_are_real(line: str) -> None:
    words = shlex.split(line.replace("|", " "))
    command, rest = _command(words)
    if command is root:
        assert rest and all(w.startswith("--") for w in rest), f"{line}: no such command"
    known = {opt for param in command.params for opt in getattr(param, "opts", [])}
    known |= {"--help", "-h"}
    for word in rest:
        if word.startswith("--"):
            assert word.split("=")[0] in known, f"{line}: {word} is not an option of {command.name}"
