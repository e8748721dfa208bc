"""Quoted stretches between quotation marks and the interval index over them."""

from __future__ import annotations

from bisect import bisect_right
from itertools import pairwise

__all__ = ["quoted_spans", "Intervals", "last_non_space"]


def quoted_spans(text: str, marks: tuple[tuple[str, str], ...], *, breaks: tuple[str, ...] = (),
                 colons: str = ":：") -> list[tuple[int, int, int, int]]:
    """(open, end, content_start, content_end) of quoted stretches, paragraph by paragraph
    (``end`` is one past the closing mark). Paragraphs end at line breaks and at each of
    ``breaks`` (" \u00a0 ", the non-breaking space that stands for a paragraph in scraped
    pages). An opening mark right after a speech colon that is never closed in its paragraph
    (a broken mark: «قال: "…» to the paragraph's end) runs to the end of the paragraph."""
    spans: list[tuple[int, int, int, int]] = []
    closers = {a: b for a, b in marks}
    pos = 0
    for whole in text.split("\n"):
        parts = [whole]
        for sep in breaks:
            parts = [piece for part in parts for piece in _split_keep(part, sep)]
        for line in parts:
            _line_spans(line, pos, closers, colons, spans)
            pos += len(line)
        pos += 1
    return spans


def _split_keep(line: str, sep: str) -> list[str]:
    """``line`` cut after each ``sep`` (kept at the end of its piece, so lengths add up)."""
    pieces = line.split(sep)
    return [p + sep for p in pieces[:-1]] + [pieces[-1]]


def _line_spans(line: str, pos: int, closers: dict[str, str], colons: str,
                spans: list[tuple[int, int, int, int]]) -> None:
    i = 0
    n = len(line)
    absent: set[str] = set()  # closing marks not found after some point of this line: nor later
    while i < n:
        ch = line[i]
        if ch in closers and not (ch == "'" and 0 < i < n - 1 and line[i - 1].isalpha() and line[i + 1].isalpha()):
            close = -1 if closers[ch] in absent else line.find(closers[ch], i + 1)
            if close == -1:
                absent.add(closers[ch])  # every later opening mark of it would search to the end again
                k = i - 1
                while k >= 0 and line[k].isspace():
                    k -= 1
                if k >= 0 and line[k] in colons:
                    close = n  # a broken mark after a speech colon: the words run to the paragraph's end
                    while close > i + 1 and line[close - 1].isspace():
                        close -= 1
                else:
                    i += 1
                    continue
            a, b = i + 1, close
            while a < b and (line[a].isspace() or line[a] in colons):
                a += 1
            while b > a and line[b - 1].isspace():
                b -= 1
            if b - a >= 2:
                spans.append((pos + i, pos + min(close + 1, n), pos + a, pos + b))
            i = close + 1
            continue
        i += 1


class Intervals:
    """Half-open ``(start, end)`` intervals whose starts and ends are both in ascending order
    (quoted spans, sentences): :meth:`first` is the first one holding a position, found by
    bisection: what ``next(k for k, (a, b) in enumerate(spans) if a <= pos < b)`` finds, without
    walking every span of the document for each position (quadratic on a long article)."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        if any(x > y for x, y in pairwise(self.starts)) or any(x > y for x, y in pairwise(self.ends)):
            raise ValueError("interval starts and ends must both be in ascending order")

    def first(self, pos: int) -> int | None:
        # The intervals ending after pos are a suffix (ends ascending), those starting at or
        # before it a prefix (starts ascending): the first holding pos begins the suffix.
        k = bisect_right(self.ends, pos)
        return k if k < len(self.starts) and self.starts[k] <= pos else None

    def __contains__(self, pos: int) -> bool:
        return self.first(pos) is not None


def last_non_space(text: str, end: int) -> int:
    """Index of the last character before ``end`` that is not white space (-1 when none):
    ``len(text[:end].rstrip()) - 1`` without copying the text before ``end``."""
    k = end - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k
