"""The headline: the body's first line when it is short, not a sentence and followed by a blank line."""

from __future__ import annotations

import re

from ..normalize import NormalizedText
from .text import word_count

_TITLE_MAX_CHARS = 250
_TITLE_MAX_WORDS = 35


def _headline(text: str, norm: NormalizedText, lines: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Original span of the first line when it is a headline, else ``None``."""
    if not lines:
        return None
    vs, ve = lines[0]
    view = norm.text
    if ve - vs > _TITLE_MAX_CHARS or word_count(view, vs, ve) > _TITLE_MAX_WORDS or view[ve - 1] == ".":
        return None
    start, end = norm.to_original(vs, ve)
    rest = text[end:]
    if not re.match(r"[^\S\n]*\r?\n[^\S\n]*\r?\n", rest):
        return None  # a headline is followed by a blank line
    if len(lines) < 2:
        return None
    return start, end
