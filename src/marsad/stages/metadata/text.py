"""Lines and words of the normalized view (structure, not language data)."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+")


def lines(view: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of the view, trimmed."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in view.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and view[s].isspace():
            s += 1
        while e > s and view[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def word_count(view: str, s: int, e: int) -> int:
    return len(WORD.findall(view, s, e))
