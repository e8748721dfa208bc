"""Date expressions: find them in the normalized view and resolve them to ISO values.

Every expression is matched on the tokens of the normalized view (so أيار/ايار, يونيه/يونية,
"15أيار" all match) and mapped back to original offsets; ``rule`` names the pattern. The
words are language data: ``calendar`` (month names of every dialect family, Hijri months,
weekdays; generated from CLDR and hijridate) and ``time_expressions`` (cues, era markers,
relative words).

Patterns and how they resolve (``pub`` is the publication date; without it every expression
that needs it gets ``value=None``):

* ``dmy`` day month year (``23 أيلول/سبتمبر 2013``, ``22 يوليو 2021ء``) -> YYYY-MM-DD; an
  impossible day (31 February) keeps the expression with ``value=None`` and rule ``dmy:invalid``.
  A weekday before it (``الخميس 22 يوليو 2021``) is part of the expression (``wd+dmy``).
* ``dm`` day month without a year -> the year (pub's, the one before or after) that puts the
  date closest to ``pub`` (``relative=True``); with ``الماضي``/``المقبل`` after it, the closest
  date before/after ``pub``.
* ``my`` month year -> YYYY-MM. ``month`` a month alone after ``شهر`` or before a modifier
  (``يوليو الماضي``) -> YYYY-MM resolved against ``pub`` (``relative=True``).
* Hijri (``15 رمضان 1436 هـ``, ``رمضان 1436``; calendar ``hijri``): converted with
  ``hijridate`` (years 1343-1500 AH); the value is Gregorian. A Hijri month-year has the
  Gregorian month of the Hijri month's 15th day; a Hijri year alone the Gregorian year of its
  middle (6 Jumada II). A Hijri month with a Gregorian year (``رمضان 2015``) takes the Hijri
  year whose month falls in that Gregorian year. Outside 1343-1500 AH the value is None (rule
  ``:out_of_range``); a Hijri day-month without a year is not taken (month names like صفر are
  also common words).
* A day can be a number, ``الـ8 من`` or an ordinal with ``من`` (``السابع من كانون الأول``); a
  month pair is one month (``أيلول/سبتمبر``, ``يوليو (تموز)``, ``أغسطس آب``). A day-month
  after a naming noun (``فريق 14 آذار``, ``أحداث 11 سبتمبر``) is a name, not a date. A month
  alone also counts after a preposition (``في مارس``, ``منتصف أغسطس``), resolved like ``شهر``.
* Numeric ``22/7/2021``, ``22-07-2021``, ``2021-07-22`` (day first unless the year is), and
  ``1436/9/15`` read as Hijri when the year is in the Hijri range or ``هـ`` follows.
* Years: after a cue (``عام 1992``, ``سنة 2015``, ``لعام``, ``عامي 2012 و2013``), with an era
  marker (``2021ء``, ``2021م``, ``1436هـ``), or bare after a preposition (``منذ 2011``, ``في
  2012``) only when four digits within 1900 .. pub year + 5. Bare numbers (``201``, ``70``,
  ``100م`` = 100 metres) are never years; ``قبل الميلاد`` years keep ``value=None`` (rule ``:bce``). ``year_coord`` is the second year of a pair (``2012 و2013``).
* ``same_year`` (``في نفس العام``, ``في العام نفسه``, ``في ذات العام``) -> the year of the nearest
  date expression before it that has a value; None when there is none.
* Relative days (``اليوم``, ``أمس``, ``أول من أمس``, ``غدا`` ...) -> pub + offset, except inside
  names (``روسيا اليوم``, ``اليوم الوطني``; and any expression overlapping the publisher's or
  wire's span found by the metadata stage). A weekday right
  after is part of the expression (``اليوم الخميس``, ``أمس الأربعاء``) and wins over the offset
  when they disagree: the latest such weekday on or before the anchor (after it for the future).
* Weekdays (``الثلاثاء``, ``يوم الأحد``) -> the latest such day on or before ``pub`` (the
  publication day itself when it is that weekday); with ``الماضي`` strictly before, with
  ``المقبل``/``القادم`` strictly after.
* Periods: ``الشهر الماضي/الجاري/المقبل`` -> YYYY-MM, ``العام الماضي``/``هذا العام`` -> YYYY.
  ``الأسبوع الماضي/المقبل`` is kept (span, ``relative=True``, rule ``week``) with
  ``value=None`` and ``granularity=None``: the document schema has no week granularity and a
  single day seven days away would claim a precision the text does not give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..langdata.loader import LangData
from ..model import TimeExpr
from ..settings import Settings
from .normalize import NormalizedText, deleted_characters, normalize_string
from .segment import Orthography, Segmentation, Token, orthography, tokenize_view

if TYPE_CHECKING:  # the metadata stage reads its dateline dates with this module
    from .metadata import Metadata

__all__ = ["extract_times", "dates_in_tokens", "TokenDate"]

_HIJRI_MIN, _HIJRI_MAX = 1343, 1500  # the range hijridate converts
_BARE_YEAR_MIN = 1900
_CUE_YEAR_MIN, _YEAR_MAX = 1000, 2200
_MIN_FORM_LEN = 4  # shorter names (آب, ماي) must be written without clitics


# --- the matchers derived from the tables -------------------------------------------------


def _is_proclitic_form(word: str, form: str, rewrites: tuple[tuple[str, str], ...]) -> bool:
    """``form`` is ``word`` without proclitics (وفي -> في, للعام -> العام: ``rewrites`` are the
    article written short after a proclitic), not without a suffix (غداة -> غدا is another word)."""
    return word.endswith(form) or any(
        form.startswith(article) and word.endswith(short + form[len(article):]) for short, article in rewrites)


class _Phrases:
    """Token-sequence phrases with a payload; the longest match at a position wins."""

    def __init__(self, min_form_len: int = 2, rewrites: tuple[tuple[str, str], ...] = ()) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._min_form_len = min_form_len
        self._rewrites = rewrites

    def first_words(self) -> set[str]:
        return set(self._by_first)

    def add(self, words: tuple[str, ...], payload: Any) -> None:
        if not words:
            return
        bucket = self._by_first.setdefault(words[0], [])
        if all(w != words for w, _ in bucket):
            bucket.append((words, payload))
            bucket.sort(key=lambda item: -len(item[0]))

    def match(self, tokens: Sequence[Token], i: int, limit: int, *, forms: bool = True) -> tuple[int, Any] | None:
        if i >= limit:
            return None
        tok = tokens[i]
        keys = tok.forms if forms else (tok.norm,)
        best: tuple[int, Any] | None = None
        for key in keys:
            bucket = self._by_first.get(key)
            if bucket is None or key != tok.norm and (
                len(key) < self._min_form_len or not _is_proclitic_form(tok.norm, key, self._rewrites)
            ):
                continue
            for words, payload in bucket:
                end = i + len(words)
                if end > limit or (best is not None and end <= best[0]):
                    continue
                if all(tokens[i + k].norm == words[k] for k in range(1, len(words))):
                    best = (end, payload)
                    break
        return best


@dataclass(frozen=True, slots=True)
class _Matchers:
    months: _Phrases  # payload (calendar, month)
    weekdays: _Phrases  # payload weekday (Monday=0)
    relative_days: _Phrases  # payload (offset, excluded next words, excluded previous words)
    units: _Phrases  # payload unit
    after_mods: _Phrases  # payload offset
    before_mods: _Phrases
    year_cues: _Phrases
    eras: _Phrases  # payload calendar
    same_year: _Phrases
    year_preps: _Phrases
    connectors: _Phrases
    bridges: _Phrases
    weekday_cues: _Phrases
    weekday_bridges: _Phrases
    month_cues: _Phrases
    ordinal_days: _Phrases  # payload day
    day_links: _Phrases
    day_prefixes: _Phrases
    named_day_heads: _Phrases
    year_heads: _Phrases
    not_year_after: _Phrases
    weekday_not_after: frozenset[str]
    pair_separators: tuple[tuple[str, str], ...]
    orth: Orthography  # commas, percent signs, the article (segmentation table)
    first_words: frozenset[str]  # first words of every phrase, to trim a proclitic off a span


def _words(value: str, lang: LangData) -> tuple[str, ...]:
    return tuple(w for _, _, w in tokenize_view(normalize_string(value, lang=lang)))


def _build(lang: LangData) -> _Matchers:
    cal = lang.table("calendar")
    spec = lang.table("time_expressions")

    orth = orthography(lang)

    def phrases(items: list[tuple[str, Any]], min_form_len: int = 2) -> _Phrases:
        out = _Phrases(min_form_len, orth.article_rewrites)
        for text, payload in items:
            out.add(_words(text, lang), payload)
        return out

    def plain(key: str) -> _Phrases:
        return phrases([(w, True) for w in spec[key]])

    months = phrases(
        [(e["name"], ("gregorian", e["month"])) for e in cal["gregorian_months"]]
        + [(e["name"], ("hijri", e["month"])) for e in cal["hijri_months"]],
        _MIN_FORM_LEN,
    )
    def word_set(words: list[str]) -> frozenset[str]:
        return frozenset(normalize_string(w, lang=lang) for w in words)

    rel = phrases([
        (e["text"], (e["offset"], word_set(e.get("not_followed_by", [])), word_set(e.get("not_preceded_by", []))))
        for e in spec["relative_days"]
    ])
    mods = spec["period_modifiers"]
    made = dict(
        months=months,
        weekdays=phrases([(e["name"], e["weekday"]) for e in cal["weekdays"]]),
        relative_days=rel,
        units=phrases([(e["text"], e["unit"]) for e in spec["period_units"]]),
        after_mods=phrases([(e["text"], e["offset"]) for e in mods if e["position"] == "after"]),
        before_mods=phrases([(e["text"], e["offset"]) for e in mods if e["position"] == "before"]),
        year_cues=plain("year_cues"),
        eras=phrases([(e["text"], e["calendar"]) for e in spec["era_markers"]]),
        same_year=plain("same_year"),
        year_preps=plain("year_prepositions"),
        connectors=plain("year_connectors"),
        bridges=plain("month_year_bridges"),
        weekday_cues=plain("weekday_day_cues"),
        weekday_bridges=plain("weekday_date_bridges"),
        month_cues=plain("month_cues"),
        ordinal_days=phrases([(e["text"], e["day"]) for e in spec["ordinal_days"]]),
        day_links=plain("day_month_links"),
        day_prefixes=plain("day_number_prefixes"),
        named_day_heads=plain("named_day_heads"),
        year_heads=plain("year_heads"),
        not_year_after=plain("not_year_after"),
        weekday_not_after=frozenset(normalize_string(w, lang=lang) for w in spec["weekday_not_after"]),
        pair_separators=tuple((normalize_string(a, lang=lang), normalize_string(b, lang=lang))
                              for a, b in spec["month_pair_separators"]),
    )
    first: set[str] = set()
    for value in made.values():
        if isinstance(value, _Phrases):
            first |= value.first_words()
    return _Matchers(**made, orth=orth, first_words=frozenset(first))


def _matchers(lang: LangData) -> _Matchers:
    return lang.derived("times.matchers", _build)


# --- calendar arithmetic -------------------------------------------------------------------


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _hijri_to_gregorian(y: int, m: int, d: int) -> dt.date | None:
    from hijridate import Hijri

    if not _HIJRI_MIN <= y <= _HIJRI_MAX:
        return None
    try:
        return Hijri(y, m, d, validate=True).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _gregorian_to_hijri_year(day: dt.date) -> int | None:
    from hijridate import Gregorian

    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def _closest_year(pub: dt.date, build: Any, years: Sequence[int], direction: int | None) -> dt.date | None:
    """The candidate date nearest ``pub`` (direction -1: before it, +1: after it)."""
    best: dt.date | None = None
    for year in years:
        day = build(year)
        if day is None:
            continue
        if direction == -1 and day >= pub or direction == 1 and day <= pub:
            continue
        if best is None or abs((day - pub).days) < abs((best - pub).days):
            best = day
    return best


def _weekday_near(anchor: dt.date, weekday: int, direction: int) -> dt.date:
    """direction 0: on or before anchor; -1: strictly before; +1: strictly after; 2: on or after."""
    if direction in (0, -1):
        back = (anchor.weekday() - weekday) % 7
        if back == 0 and direction == -1:
            back = 7
        return anchor - dt.timedelta(days=back)
    ahead = (weekday - anchor.weekday()) % 7
    if ahead == 0 and direction == 1:
        ahead = 7
    return anchor + dt.timedelta(days=ahead)


def _add_months(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


# --- matching ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cand:
    end: int  # token index, exclusive
    value: str | None
    granularity: str | None
    calendar: str = "gregorian"
    relative: bool = False
    rule: str = ""


class _Parser:
    def __init__(self, tokens: Sequence[Token], m: _Matchers, pub: dt.date | None) -> None:
        self.t = tokens
        self.m = m
        self.pub = pub

    # pieces

    def number(self, i: int, limit: int, digits: tuple[int, int]) -> int | None:
        if i >= limit:
            return None
        word = self.t[i].norm
        if word.isdigit() and digits[0] <= len(word) <= digits[1]:
            return int(word)
        return None

    def year(self, i: int, limit: int) -> tuple[int, int, str | None] | None:
        """(end, year, era calendar or None): four digits, maybe in parentheses (عام (1976)),
        then an era marker if any."""
        paren = i < limit and self.t[i].norm == "("
        y = self.number(i + paren, limit, (4, 4))
        if y is None:
            return None
        end = i + paren + 1
        era = self.m.eras.match(self.t, end, limit, forms=False)
        if era is not None:
            end = era[0]
        if paren:
            if end >= limit or self.t[end].norm != ")":
                return None
            end += 1
            if era is None:
                era = self.m.eras.match(self.t, end, limit, forms=False)
                if era is not None:
                    end = era[0]
        return end, y, era[1] if era is not None else None

    def month(self, i: int, limit: int) -> tuple[int, str, int] | None:
        found = self.m.months.match(self.t, i, limit)
        if found is None:
            return None
        end, (calendar, month) = found
        for opening, closing in self.m.pair_separators:
            if end < limit and (self.t[end].norm == opening or not opening):
                other = self.m.months.match(self.t, end + (1 if opening else 0), limit, forms=False)
                if other is None or other[1] != (calendar, month):
                    continue
                stop = other[0]
                if closing:
                    if stop >= limit or self.t[stop].norm != closing:
                        continue
                    stop += 1
                return stop, calendar, month
        return end, calendar, month

    def bridged_year(self, i: int, limit: int) -> tuple[int, int, str | None] | None:
        found = self.year(i, limit)
        if found is not None:
            return found
        bridge = self.m.bridges.match(self.t, i, limit)
        if bridge is not None:
            return self.year(bridge[0], limit)
        return None

    # patterns

    def day(self, i: int, limit: int) -> tuple[int, int] | None:
        """(end, day) of a day before its month: ``23``, ``الـ8 من``, ``السابع من``."""
        k = i
        prefix = self.m.day_prefixes.match(self.t, k, limit, forms=False)
        if prefix is not None:
            k = prefix[0]
        day = self.number(k, limit, (1, 2))
        if day is not None and 1 <= day <= 31:
            k += 1
        elif prefix is None:
            ordinal = self.m.ordinal_days.match(self.t, k, limit)
            if ordinal is None:
                return None
            k, day = ordinal
        else:
            return None
        link = self.m.day_links.match(self.t, k, limit, forms=False)
        if link is not None:
            return link[0], day
        if prefix is not None or not self.t[i].is_number:
            return None  # "الـ8" and "السابع" need "من" before the month
        return k, day

    def date(self, i: int, limit: int) -> _Cand | None:
        found_day = self.day(i, limit)
        day, start = (found_day[1], found_day[0]) if found_day is not None else (None, i)
        mon = self.month(start, limit)
        if mon is None:
            return None
        end, calendar, month = mon
        has_day = found_day is not None
        yr = self.bridged_year(end, limit)
        if yr is not None:
            y_end, year, era = yr
            cand = self._with_year(y_end, day if has_day else None, month, year, calendar, era)
            if cand is not None:
                return cand
        if calendar == "hijri":
            return None
        mod = self.m.after_mods.match(self.t, end, limit, forms=False)
        direction = mod[1] if mod is not None else None
        stop = mod[0] if mod is not None else end
        pub = self.pub
        if has_day:
            assert day is not None
            if i > 0 and self.m.named_day_heads.match(self.t, i - 1, limit) is not None:
                return None
            rule = "dm" if direction is None else "dm+mod"
            if pub is None:
                return _Cand(stop, None, "day", relative=True, rule=rule)
            years = (pub.year - 1, pub.year, pub.year + 1)
            found = _closest_year(pub, lambda y: _date(y, month, day), years, direction or None)
            value = found.isoformat() if found else None
            return _Cand(stop, value, "day", relative=True, rule=rule if found else rule + ":invalid")
        before = i > 0 and self.t[i - 1].sentence == self.t[i].sentence
        cued = before and self.m.month_cues.match(self.t, i - 1, limit) is not None
        after_prep = before and self.m.year_preps.match(self.t, i - 1, limit) is not None
        if direction is None and not cued and not after_prep:
            return None
        rule = "month" if direction is None else "month+mod"
        if pub is None:
            return _Cand(stop, None, "month", relative=True, rule=rule)
        if direction == 0:
            y = pub.year
        elif direction == -1:
            y = pub.year if month < pub.month else pub.year - 1
        elif direction == 1:
            y = pub.year if month > pub.month else pub.year + 1
        else:
            distance = {yy: abs((yy * 12 + month) - (pub.year * 12 + pub.month)) for yy in
                        (pub.year, pub.year - 1, pub.year + 1)}
            y = min(distance, key=lambda yy: (distance[yy], yy > pub.year))
        return _Cand(stop, f"{y:04d}-{month:02d}", "month", relative=True, rule=rule)

    def _with_year(self, end: int, day: int | None, month: int, year: int, calendar: str,
                   era: str | None) -> _Cand | None:
        rule = "dmy" if day is not None else "my"
        gran = "day" if day is not None else "month"
        if calendar == "gregorian":
            if era in ("hijri", "bce") or not _CUE_YEAR_MIN <= year <= _YEAR_MAX:
                return None
            if day is None:
                return _Cand(end, f"{year:04d}-{month:02d}", gran, rule=rule)
            found = _date(year, month, day)
            return _Cand(end, found.isoformat() if found else None, gran,
                         rule=rule if found else rule + ":invalid")
        # Hijri month
        rule = "hijri_" + rule
        if era == "bce":
            return None
        if era == "gregorian" or (era is None and year > _HIJRI_MAX + 100):
            return self._hijri_in_gregorian_year(end, day, month, year, rule)
        if not _HIJRI_MIN <= year <= _HIJRI_MAX:
            return _Cand(end, None, gran, "hijri", rule=rule + ":out_of_range")
        if day is not None:
            found = _hijri_to_gregorian(year, month, day)
            return _Cand(end, found.isoformat() if found else None, gran, "hijri",
                         rule=rule if found else rule + ":invalid")
        mid = _hijri_to_gregorian(year, month, 15)
        return _Cand(end, mid.strftime("%Y-%m") if mid else None, gran, "hijri", rule=rule)

    def _hijri_in_gregorian_year(self, end: int, day: int | None, month: int, year: int,
                                 rule: str) -> _Cand | None:
        gran = "day" if day is not None else "month"
        guess = _gregorian_to_hijri_year(dt.date(min(max(year, 1), 9999), 7, 1)) if 1924 <= year <= 2077 else None
        if guess is None:
            return _Cand(end, None, gran, "hijri", rule=rule + "_gregorian_year")
        for hy in (guess - 1, guess, guess + 1):
            found = _hijri_to_gregorian(hy, month, day or 15)
            if found is not None and found.year == year:
                value = found.isoformat() if day is not None else found.strftime("%Y-%m")
                return _Cand(end, value, gran, "hijri", rule=rule + "_gregorian_year")
        return _Cand(end, None, gran, "hijri", rule=rule + "_gregorian_year")

    def _weekday_at(self, i: int, limit: int) -> tuple[int, int] | None:
        """A weekday name at ``i``, after an optional cue ("يوم"): (end token, weekday)."""
        k = i
        cue = self.m.weekday_cues.match(self.t, k, limit)
        if cue is not None:
            k = cue[0]
        return self.m.weekdays.match(self.t, k, limit)

    def weekday_date(self, i: int, limit: int) -> _Cand | None:
        wd = self._weekday_at(i, limit)
        if wd is None:
            return None
        k = wd[0]
        if k < limit and self.t[k].norm in self.m.orth.commas:
            k += 1
        bridge = self.m.weekday_bridges.match(self.t, k, limit)
        if bridge is not None:
            k = bridge[0]
        paren = k < limit and self.t[k].norm == "("
        cand = self.date(k + paren, limit) or self.numeric(k + paren, limit)
        if cand is None or cand.rule.startswith("month"):
            return None
        end = cand.end
        if paren:
            if end >= limit or self.t[end].norm != ")":
                return None
            end += 1
        return _Cand(end, cand.value, cand.granularity, cand.calendar, cand.relative, "wd+" + cand.rule)

    def numeric(self, i: int, limit: int) -> _Cand | None:
        if i >= limit:
            return None
        tok = self.t[i]
        if not tok.norm[:1].isdigit():
            return None
        parts: list[str] = []
        end = i
        if "." in tok.norm:
            parts = tok.norm.split(".")
            end = i + 1
        elif i + 4 < limit:
            sep = self.t[i + 1].norm
            if sep in {"/", "-"} and self.t[i + 3].norm == sep:
                seq = self.t[i:i + 5]
                parts = [seq[0].norm, seq[2].norm, seq[4].norm]
                end = i + 5
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            return None
        if len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2:
            y, mo, d = int(parts[0]), int(parts[1]), int(parts[2])
        elif len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
            d, mo, y = int(parts[0]), int(parts[1]), int(parts[2])
        else:
            return None
        if not 1 <= mo <= 12 or not 1 <= d <= 31:
            return None
        era = self.m.eras.match(self.t, end, limit, forms=False)
        if era is not None:
            end = era[0]
        if (era is not None and era[1] == "hijri") or (era is None and _HIJRI_MIN <= y <= _HIJRI_MAX):
            found = _hijri_to_gregorian(y, mo, d)
            return _Cand(end, found.isoformat() if found else None, "day", "hijri",
                         rule="numeric_hijri" if found else "numeric_hijri:invalid")
        if not _CUE_YEAR_MIN <= y <= _YEAR_MAX:
            return None
        found = _date(y, mo, d)
        return _Cand(end, found.isoformat() if found else None, "day",
                     rule="numeric" if found else "numeric:invalid")

    def year_value(self, end: int, year: int, era: str | None, rule: str) -> _Cand:
        if era == "bce":
            return _Cand(end, None, "year", rule=rule + ":bce")
        if era == "hijri":
            mid = _hijri_to_gregorian(year, 6, 6)
            return _Cand(end, f"{mid.year:04d}" if mid else None, "year", "hijri", rule=rule)
        return _Cand(end, f"{year:04d}", "year", rule=rule)

    def cued_year(self, i: int, limit: int) -> _Cand | None:
        cue = self.m.year_cues.match(self.t, i, limit)
        if cue is None:
            return None
        yr = self.year(cue[0], limit)
        if yr is None:
            return None
        end, year, era = yr
        if era != "hijri" and not _CUE_YEAR_MIN <= year <= _YEAR_MAX:
            return None
        return self.year_value(end, year, era, "year_cue")

    def era_year(self, i: int, limit: int) -> _Cand | None:
        yr = self.year(i, limit)
        if yr is None or yr[2] is None:
            return None
        end, year, era = yr
        if era == "gregorian" and not _CUE_YEAR_MIN <= year <= _YEAR_MAX:
            return None
        return self.year_value(end, year, era, "year_era")

    def _bare_year_ok(self, year: int) -> bool:
        top = self.pub.year + 5 if self.pub else _YEAR_MAX
        return _BARE_YEAR_MIN <= year <= top

    def bare_year(self, i: int, limit: int) -> _Cand | None:
        """A four-digit year without a cue: after a preposition (منذ 2011) or a head noun (حرب
        1948), or alone in parentheses ((1948))."""
        if i == 0 or self.t[i - 1].sentence != self.t[i].sentence:
            return None
        alone = self.t[i - 1].norm == "(" and i + 1 < limit and self.t[i + 1].norm == ")"
        if alone and i > 1 and self.m.not_year_after.match(self.t, i - 2, limit) is not None:
            return None
        if not alone and self.m.year_preps.match(self.t, i - 1, limit) is None and \
                self.m.year_heads.match(self.t, i - 1, limit) is None:
            return None
        y = self.number(i, limit, (4, 4))
        if y is None or not self._bare_year_ok(y):
            return None
        if i + 1 < limit and self.t[i + 1].norm in self.m.orth.percent_signs:
            return None
        return _Cand(i + 1, f"{y:04d}", "year", rule="year_bare")

    def coordinated_year(self, i: int, limit: int) -> _Cand | None:
        """The second year of a pair: called at the token after a year expression."""
        conn = self.m.connectors.match(self.t, i, limit)
        if conn is None:
            return None
        yr = self.year(conn[0], limit)
        if yr is None:
            return None
        end, year, era = yr
        if era is None and not self._bare_year_ok(year):
            return None
        cand = self.year_value(end, year, era, "year_coord")
        return _Cand(cand.end, cand.value, cand.granularity, cand.calendar, rule="year_coord")

    def relative_day(self, i: int, limit: int) -> _Cand | None:
        found = self.m.relative_days.match(self.t, i, limit)
        if found is None:
            return None
        end, (offset, not_before, not_after) = found
        if end < limit and self.t[end].norm in not_before:
            return None
        if i > 0 and self.t[i - 1].sentence == self.t[i].sentence and not_after & set(self.t[i - 1].forms):
            return None
        k = end + 1 if end < limit and self.t[end].norm in self.m.orth.commas else end
        wd = self.m.weekdays.match(self.t, k, limit, forms=False)
        weekday = None
        rule = f"day{offset:+d}"
        if wd is not None:
            end, weekday = wd[0], wd[1]
            rule += "+wd"
        if self.pub is None:
            return _Cand(end, None, "day", relative=True, rule=rule)
        anchor = self.pub + dt.timedelta(days=offset)
        if weekday is not None and anchor.weekday() != weekday:
            anchor = _weekday_near(anchor, weekday, 0 if offset <= 0 else 2)
        return _Cand(end, anchor.isoformat(), "day", relative=True, rule=rule)

    def weekday(self, i: int, limit: int) -> _Cand | None:
        wd = self._weekday_at(i, limit)
        if wd is None:
            return None
        if i > 0 and self.t[i - 1].norm in self.m.weekday_not_after:
            return None
        end, weekday = wd
        mod = self.m.after_mods.match(self.t, end, limit, forms=False)
        direction = 0
        rule = "weekday"
        if mod is not None:
            end, direction = mod[0], mod[1]
            rule = "weekday+mod"
        if self.pub is None:
            return _Cand(end, None, "day", relative=True, rule=rule)
        value = _weekday_near(self.pub, weekday, direction)
        return _Cand(end, value.isoformat(), "day", relative=True, rule=rule)

    def period(self, i: int, limit: int) -> _Cand | None:
        before = self.m.before_mods.match(self.t, i, limit)
        k = before[0] if before is not None else i
        unit = self.m.units.match(self.t, k, limit, forms=before is None)
        if unit is None:
            return None
        end, name = unit
        if before is not None:
            offset = before[1]
        else:
            after = self.m.after_mods.match(self.t, end, limit, forms=False)
            if after is None:
                return None
            end, offset = after
        rule = f"{name}{offset:+d}"
        if name == "week" or self.pub is None:
            gran = None if name == "week" else name
            return _Cand(end, None, gran, relative=True, rule=rule)
        if name == "month":
            y, mo = _add_months(self.pub.year, self.pub.month, offset)
            return _Cand(end, f"{y:04d}-{mo:02d}", "month", relative=True, rule=rule)
        return _Cand(end, f"{self.pub.year + offset:04d}", "year", relative=True, rule=rule)

    def same_year(self, i: int, limit: int) -> _Cand | None:
        found = self.m.same_year.match(self.t, i, limit)
        if found is None:
            return None
        return _Cand(found[0], None, "year", rule="same_year")

    def best(self, i: int, limit: int) -> _Cand | None:
        tok = self.t[i]
        first = self.m.first_words
        if not tok.norm[:1].isdigit() and first.isdisjoint(tok.forms):
            return None  # nothing starts here: most tokens
        best: _Cand | None = None
        for parse in (self.weekday_date, self.numeric, self.date, self.relative_day, self.cued_year,
                      self.era_year, self.bare_year, self.period, self.same_year, self.weekday):
            cand = parse(i, limit)
            if cand is not None and (best is None or cand.end > best.end):
                best = cand
        return best


def _proclitic(tok: Token, m: _Matchers) -> int:
    """How many view characters of ``tok`` are a proclitic before the matched word (وفي -> 1)."""
    if tok.norm in m.first_words or not tok.is_word:
        return 0
    skips = [len(tok.norm) - len(f) for f in tok.forms[1:] if f in m.first_words and tok.norm.endswith(f)]
    return min(skips, default=0)


def _scan(parser: _Parser, lo: int, hi: int, limit_of: Any) -> Iterator[tuple[int, _Cand]]:
    """(first token, candidate) of every date expression starting in tokens [lo, hi), the
    longest at each place; ``limit_of(i)`` is the token index an expression at ``i`` ends by."""
    tokens = parser.t
    first = parser.m.first_words
    i = lo
    while i < hi:
        tok = tokens[i]
        if not tok.norm[:1].isdigit() and first.isdisjoint(tok.forms):
            i += 1  # nothing starts here (as in _Parser.best): most tokens
            continue
        limit = limit_of(i)
        cand = parser.best(i, limit)
        if cand is None:
            i += 1
            continue
        yield i, cand
        i = cand.end
        while cand is not None and cand.granularity == "year" and cand.rule.startswith("year"):
            cand = parser.coordinated_year(i, limit)
            if cand is not None:
                # the second year's span starts at its number, not at the connector
                start = next(k for k in range(i, cand.end) if tokens[k].norm.isdigit())
                yield start, cand
                i = cand.end


@dataclass(frozen=True, slots=True)
class TokenDate:
    """A date expression found by :func:`dates_in_tokens`: tokens ``[start, end)``, its value
    and ``rule`` as in :class:`~marsad.model.TimeExpr`."""

    start: int
    end: int
    value: str | None
    granularity: str | None
    calendar: str
    relative: bool
    rule: str


def dates_in_tokens(tokens: Sequence[Token], start: int, end: int, *, lang: LangData,
                    published: dt.date | None = None) -> tuple[TokenDate, ...]:
    """The date expressions within tokens ``[start, end)`` (none runs past ``end``, sentence
    ends do not stop one), read as :func:`extract_times` reads them, resolved against
    ``published``. The metadata stage reads a dateline's date with this."""
    if not 0 <= start < end <= len(tokens):
        return ()
    parser = _Parser(tokens, _matchers(lang), published)
    return tuple(TokenDate(i, c.end, c.value, c.granularity, c.calendar, c.relative, c.rule)
                 for i, c in _scan(parser, start, end, lambda _i: end))


def _published(meta: Metadata) -> dt.date | None:
    if not meta.published:
        return None
    try:
        return dt.date.fromisoformat(meta.published[:10])
    except ValueError:
        return None


def extract_times(
    text: str, norm: NormalizedText, seg: Segmentation, meta: Metadata, *, lang: LangData, settings: Settings
) -> tuple[TimeExpr, ...]:
    """Every date expression of ``text``, in text order, resolved against ``meta.published``."""
    tokens = seg.tokens
    if not tokens:
        return ()
    parser = _Parser(tokens, _matchers(lang), _published(meta))
    sentence_end = seg.sentence_tokens
    found = list(_scan(parser, 0, len(tokens), lambda i: sentence_end[tokens[i].sentence][1]))
    matchers = parser.m
    deleted = deleted_characters(lang)
    names = [(n.start, n.end) for n in (meta.publisher, meta.wire)
             if n is not None and n.start is not None and n.end is not None]
    out: list[TimeExpr] = []
    last_year: str | None = None
    for i, cand in found:
        start, end = norm.to_original(tokens[i].vstart + _proclitic(tokens[i], matchers), tokens[cand.end - 1].vend)
        while end < len(text) and text[end] in deleted:  # "هـ": the tatweel belongs to the marker
            end += 1
        if any(s < end and start < e for s, e in names):
            continue  # part of the publisher's or agency's name ("عين اليوم")
        value = cand.value
        if cand.rule == "same_year":
            value = last_year
        if value is not None:
            last_year = value[:4]
        out.append(TimeExpr(
            text=text[start:end], start=start, end=end, value=value, granularity=cand.granularity,
            calendar=cand.calendar, relative=cand.relative, rule=cand.rule,
        ))
    return tuple(out)
