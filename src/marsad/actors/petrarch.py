"""Read PETRARCH/Phoenix actor dictionaries: the format of UniversalPetrarch's
``actor_dict_ar_v4.txt`` and PETRARCH's ``Phoenix.Countries.actors.txt`` /
``Phoenix.International.actors.txt``.

An entry starts with a line holding its name (words joined by ``_``, a trailing ``_``), and
optionally its codes on the same line; ``+NAME`` lines are aliases of the entry; indented
``[CODE dates]`` lines add codes. ``#`` starts a comment. A code's dates are
``YYYYMMDD-YYYYMMDD``, ``>YYYYMMDD`` (from), ``<YYYYMMDD`` (until), or the same with six
digits (``YYMMDD``, as in the Phoenix files); ``[---]`` is "no code".

:func:`parse` keeps what it can read and lists what it cannot (``problems``), with line
numbers: the real dictionaries are hand-edited and carry malformed codes and dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

__all__ = ["DictCode", "DictEntry", "Parsed", "parse", "parse_dates", "split_code"]

_BRACKET = re.compile(r"\[([^\]]*)\]")
_CODE = re.compile(r"^(?:[A-Z]{3})+$")
#: Placeholder dates of the source: an end of 1800-01-01 means "open", a start of 1970-01-01 "unknown".
OPEN_END = date(1800, 1, 1)
UNKNOWN_START = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class DictCode:
    code: str
    start: date | None = None
    end: date | None = None
    line: int = 0


@dataclass(slots=True)
class DictEntry:
    name: str  # words separated by spaces (the source's ``_`` joiners replaced)
    line: int
    aliases: list[tuple[str, int]] = field(default_factory=list)
    codes: list[DictCode] = field(default_factory=list)


@dataclass(slots=True)
class Parsed:
    entries: list[DictEntry]
    problems: list[tuple[int, str]]  # (line, what was skipped and why)


def _day(text: str) -> date | None:
    text = text.strip()
    if len(text) == 6 and text.isdigit():  # YYMMDD (Phoenix): 00-29 are 20xx
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"bad date {text!r}")
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def parse_dates(text: str) -> tuple[date | None, date | None]:
    """``(start, end)`` of a date range as the dictionaries write it; ``ValueError`` if unreadable."""
    text = text.strip()
    if not text:
        return None, None
    if text.startswith(">"):
        return _day(text[1:]), None
    if text.startswith("<"):
        return None, _day(text[1:])
    if "-" in text:
        first, _, last = text.partition("-")
        return _day(first), _day(last)
    raise ValueError(f"bad date range {text!r}")


def split_code(code: str) -> list[str]:
    """A CAMEO actor code in its three-letter blocks (``AFGREBTAL`` -> AFG, REB, TAL)."""
    return [code[k:k + 3] for k in range(0, len(code), 3)]


def _name(raw: str) -> str:
    return " ".join(w for w in re.split(r"[_\s]+", raw.strip()) if w)


def _codes(text: str, line: int, problems: list[tuple[int, str]]) -> list[DictCode]:
    out: list[DictCode] = []
    for m in _BRACKET.finditer(text):
        body = m.group(1).strip()
        code, _, dates = body.partition(" ")
        if code == "---" or not body:
            continue
        if not _CODE.match(code):
            problems.append((line, f"malformed code [{body}]"))
            continue
        try:
            start, end = parse_dates(dates)
        except ValueError as exc:
            problems.append((line, f"[{body}]: {exc}"))
            continue
        out.append(DictCode(code, start, end, line))
    return out


def parse(text: str) -> Parsed:
    entries: list[DictEntry] = []
    problems: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip().replace("\u200e", "")
        if not line:
            continue
        if line.startswith("["):
            if not entries:
                problems.append((number, "codes before any entry"))
                continue
            entries[-1].codes += _codes(line, number, problems)
            continue
        if line.startswith("+"):
            if not entries:
                problems.append((number, "alias before any entry"))
                continue
            head, _, rest = line[1:].partition("[")
            if _name(head):
                entries[-1].aliases.append((_name(head), number))
            if rest:
                entries[-1].codes += _codes("[" + rest, number, problems)
            continue
        head, _, rest = line.partition("[")
        name = _name(head)
        if not name:
            problems.append((number, "an entry without a name"))
            continue
        entry = DictEntry(name, number)
        if rest:
            entry.codes += _codes("[" + rest, number, problems)
        entries.append(entry)
    return Parsed(entries, problems)
