"""Month names, header dates and the dates written in a dateline (read by the times stage)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ...langdata.loader import LangData
from ..normalize import folding_table, normalize_string
from ..segment import tokenize_view
from ..times import dates_in_tokens
from .agencies import _Hit
from .context import _Ctx

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")


@dataclass(frozen=True, slots=True)
class _Month:
    number: int
    calendar: str


def build_month_lookup(lang: LangData) -> dict[str, _Month]:
    """Normalized month name (one or two words) -> month, from the times stage's ``calendar``
    table (``gregorian_months`` and ``hijri_months``: ``{"name", "month"}`` rows)."""
    out: dict[str, _Month] = {}
    table = lang.get("calendar") or {}
    for key, calendar in (("gregorian_months", "gregorian"), ("hijri_months", "hijri")):
        for row in table.get(key, []):
            try:
                view = normalize_string(str(row["name"]), lang=lang)
                number = int(row["month"])
            except (KeyError, TypeError, ValueError):
                continue
            if view and 1 <= number <= 12:
                out.setdefault(view, _Month(number, calendar))
    return out


def month_lookup(lang: LangData) -> dict[str, _Month]:
    """Normalized month name -> (number, calendar), from the ``calendar`` table (empty without it)."""
    folding_table(lang)
    return lang.derived("metadata.months", build_month_lookup)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


# Rules of the times stage whose value is a dateline's date: a full calendar day, in either
# calendar, with or without its weekday ("wd+"); a day and month without a year ("dm") takes
# the year that puts it nearest the header's date (none without one). Relative words ("اليوم")
# and days named with a modifier ("22 يوليو الماضي") are running text, not a dateline.
_DATELINE_RULES = frozenset({"dmy", "numeric", "hijri_dmy", "hijri_dmy_gregorian_year", "numeric_hijri", "dm"})


@dataclass(frozen=True, slots=True)
class _Date:
    vstart: int
    vend: int
    iso: str
    gregorian: bool
    yearless: bool  # "6 أغسطس": the year is the header date's


def _date_links(lang: LangData) -> frozenset[str]:
    """Normalized words of the ``news_agencies`` table's ``datelines.date_links`` ("الموافق")."""
    rows = (lang.get("news_agencies") or {}).get("datelines", {}).get("date_links", [])
    return frozenset(w for row in rows for _, _, w in tokenize_view(normalize_string(row, lang=lang)))


def _header_date(value: str) -> str | None:
    m = _ISO.search(value or "")
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC_DATE.search(value or "")
    if m:
        return _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _dates(ctx: _Ctx, s: int, e: int, hits: Sequence[_Hit] = ()) -> list[_Date]:
    """The dateline dates written in view ``[s, e)`` (the times stage reads them; see
    ``_DATELINE_RULES``), outside the agency names ``hits`` ("عين اليوم" is no day)."""
    if not any(ch.isdigit() for ch in ctx.view[s:e]):
        return []  # every dateline date has a number: its day or its year
    tokens = ctx.tokens
    lo = bisect_left(tokens, s, key=lambda t: t.vstart)
    hi = bisect_left(tokens, e, key=lambda t: t.vstart)
    while hi > lo and tokens[hi - 1].vend > e:
        hi -= 1
    out: list[_Date] = []
    for found in dates_in_tokens(tokens, lo, hi, lang=ctx.lang, published=ctx.pub):
        if found.value is None or found.granularity != "day" or len(found.value) != 10:
            continue
        if found.rule.removeprefix("wd+") not in _DATELINE_RULES:
            continue
        vs, ve = tokens[found.start].vstart, tokens[found.end - 1].vend
        if any(h.vstart < ve and vs < h.vend for h in hits):
            continue
        out.append(_Date(vs, ve, found.value, found.calendar == "gregorian", found.rule.endswith("dm")))
    return out


def _chosen(dates: Sequence[_Date]) -> str | None:
    """The dateline's date: the Gregorian writing when the Hijri one is given too."""
    return next((d.iso for d in dates if d.gregorian), dates[0].iso if dates else None)


def _nearest_year(month: int, day: int, pub: date) -> str | None:
    """ISO date of ``day``/``month`` in the year that puts it nearest ``pub``."""
    found = [(abs((d - pub).days), d) for y in (pub.year - 1, pub.year, pub.year + 1)
             if (iso := _valid(y, month, day)) and (d := date.fromisoformat(iso))]
    return min(found)[1].isoformat() if found else None


def _numeric_day_month(ctx: _Ctx, s: int, e: int, hits: Sequence[_Hit]) -> list[_Date]:
    """A numeric day and month without a year in view ``[s, e)`` («الكويت - 5 - 8 (كونا)»: the
    table's ``numeric_day_month_separators``), outside the agency names ``hits``; the year is the
    one nearest the header's date (none without it). Only for a credited dateline."""
    pattern = ctx.shapes.numeric_dm
    if pattern is None or ctx.pub is None or not hits:
        return []
    out: list[_Date] = []
    for m in pattern.finditer(ctx.view, s, e):
        if any(h.vstart < m.end() and m.start() < h.vend for h in hits):
            continue
        day, month = int(m.group(1)), int(m.group(2))
        iso = _nearest_year(month, day, ctx.pub) if 1 <= month <= 12 else None
        if iso:
            out.append(_Date(m.start(), m.end(), iso, True, True))
    return out[:1]
