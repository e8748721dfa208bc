"""Finding and reading article files (plain text; richer formats come with the readers)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .text import Article, read_article_bytes

__all__ = ["iter_article_files", "read_article_file"]

_TEXT_SUFFIXES = {".txt", ".text", ""}


def read_article_file(path: str | Path, *, max_bytes: int = 64 * 1024 * 1024) -> Article:
    """Read one article; ``"-"`` reads standard input."""
    name = str(path)
    try:
        if name == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError("is a directory", path=name) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=name) from None
    if len(data) > max_bytes:
        raise InputError(f"larger than {max_bytes} bytes; split it first", path=name)
    return read_article_bytes(data, name=name)


def iter_article_files(paths: Iterable[str]) -> Iterator[str]:
    """Expand directories (recursively, text files in name order); keep files and ``-`` as given."""
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            yield from (
                str(p) for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES and not p.name.startswith(".")
            )
        else:
            yield raw
