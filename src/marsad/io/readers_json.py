"""Streaming JSON for the readers: JSON Lines line by line, and a JSON document (an array of
records, one object, or several objects one after another) split into its records without
loading it whole.

The splitter only tracks strings and bracket depth to find where each record ends; each
record is then parsed on its own with :func:`json.loads`, so a malformed record is reported
and the scan goes on with the next one. A record longer than the cap is skipped (its
characters are not kept) and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

__all__ = ["RawRecord", "iter_json_lines", "iter_json_records"]

_OUTSIDE = re.compile(r'["\[\]{}]')
_INSIDE = re.compile(r'["\\]')
_SCALAR_END = re.compile(r"[,\]\s]")
_NON_WS = re.compile(r"\S")
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record's text as found (``text`` is None when ``error`` says why it was skipped)."""

    index: int  # 1-based position in the file (the line number for JSON Lines)
    line: int  # 1-based line where the record starts
    text: str | None
    error: str | None = None


def iter_json_lines(stream: TextIO, *, max_chars: int) -> Iterator[RawRecord]:
    """Yield each non-blank line of a JSON Lines stream; a line longer than ``max_chars`` is
    skipped (read through to its end without keeping it) and reported."""
    number = 0
    while True:
        line = stream.readline(max_chars + 1)
        if not line:
            return
        number += 1
        if len(line) > max_chars and not line.endswith("\n"):
            while True:  # drain the rest of the oversized line
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith("\n"):
                    break
            yield RawRecord(number, number, None, f"line longer than {max_chars} characters; skipped")
            continue
        if line.strip():
            yield RawRecord(number, number, line)


class _Splitter:
    """A buffer over text chunks whose consumed prefix is dropped as the scan moves on."""

    def __init__(self, stream: TextIO, max_chars: int) -> None:
        self.stream = stream
        self.max_chars = max_chars
        self.buf = ""
        self.base_line = 1  # line number of buf[0]
        self._mark = (0, 1)  # a position in buf and its line number, to count on from
        self.eof = False

    def more(self, keep_from: int) -> int:
        """Drop ``buf[:keep_from]``, append the next chunk; return how far positions shifted."""
        if keep_from:
            self.base_line = self.line_at(keep_from)
            self.buf = self.buf[keep_from:]
            self._mark = (0, self.base_line)
        chunk = self.stream.read(_CHUNK)
        if not chunk:
            self.eof = True
        self.buf += chunk
        return keep_from

    def line_at(self, pos: int) -> int:
        mark, line = self._mark
        if pos < mark:
            mark, line = 0, self.base_line
        line += self.buf.count("\n", mark, pos)
        self._mark = (pos, line)
        return line

    def skip_ws(self, pos: int) -> int:
        """Position of the next non-space character (``len(buf)`` at end of input)."""
        while True:
            m = _NON_WS.search(self.buf, pos)
            if m:
                return m.start()
            if self.eof:
                return len(self.buf)
            pos -= self.more(len(self.buf))
            pos = 0

    def scan_value(self, start: int) -> tuple[int, int, bool, str | None]:
        """Find the end of the JSON value that starts at ``start``.

        Returns ``(start, end, oversize, error)`` with positions in the (possibly shifted)
        buffer; when ``oversize`` the value's characters were dropped as they were passed."""
        buf_first = self.buf[start]
        oversize = False
        if buf_first not in "{[\"":
            while True:  # a bare scalar: up to the next comma, bracket or space
                m = _SCALAR_END.search(self.buf, start)
                if m:
                    return start, m.start(), False, None
                if self.eof:
                    return start, len(self.buf), False, None
                start -= self.more(start)
        depth = 0
        in_string = False
        i = start
        while True:
            if in_string:
                m = _INSIDE.search(self.buf, i)
                if m and m.group() == "\\" and m.end() >= len(self.buf):
                    m = None  # the escaped character is in the next chunk
                if m:
                    if m.group() == '"':
                        in_string = False
                        i = m.end()
                        if depth == 0:
                            return start, i, oversize, None
                    else:
                        i = m.end() + 1
                    continue
                i = max(i, len(self.buf) - 1) if self.buf.endswith("\\") else len(self.buf)
            else:
                m = _OUTSIDE.search(self.buf, i)
                if m:
                    ch = m.group()
                    i = m.end()
                    if ch == '"':
                        in_string = True
                    elif ch in "[{":
                        depth += 1
                    else:
                        depth -= 1
                        if depth == 0:
                            return start, i, oversize, None
                        if depth < 0:
                            return start, i, oversize, "unbalanced closing bracket"
                    continue
                i = len(self.buf)
            if self.eof:
                return start, len(self.buf), oversize, "unexpected end of input (truncated JSON?)"
            if i - start > self.max_chars:
                oversize = True
            keep = i if oversize else start
            shift = self.more(keep)
            start, i = start - shift, i - shift
            if oversize:
                start = i  # the dropped characters are gone; keep scanning from here


def iter_json_records(stream: TextIO, *, max_chars: int) -> Iterator[RawRecord]:
    """Yield the records of a JSON document: the elements of a top-level array, or each
    top-level value when the document is one object (or several in a row)."""
    sp = _Splitter(stream, max_chars)
    sp.more(0)
    index = 0
    pos = 0
    in_array = opened = False  # only a document that opens with "[" is an array of records
    while True:
        pos = sp.skip_ws(pos)
        if pos >= len(sp.buf):
            if in_array:
                yield RawRecord(index + 1, sp.line_at(pos), None, "unexpected end of input: the array is not closed")
            return
        ch = sp.buf[pos]
        if not in_array and ch == "[" and index == 0 and not opened:
            in_array = opened = True
            pos += 1
            continue
        if in_array and ch == "]":
            in_array = False
            pos += 1
            continue
        if in_array and ch == ",":
            pos += 1
            continue
        index += 1
        line = sp.line_at(pos)
        start, end, oversize, error = sp.scan_value(pos)
        if oversize or end - start > max_chars:
            yield RawRecord(index, line, None, error or f"record longer than {max_chars} characters; skipped")
        elif error:
            yield RawRecord(index, line, None, error)
        else:
            yield RawRecord(index, line, sp.buf[start:end])
        pos = max(end, start + 1)
        if error and sp.eof and pos >= len(sp.buf):
            return
