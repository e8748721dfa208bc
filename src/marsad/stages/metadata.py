"""Title, publisher, wire agency and publication date of an article.

Where each comes from, strongest first:

* ``published``: the header field ``published`` (given by the user, basis ``given``), the date
  in the body's dateline (basis ``dateline``), the header fields ``date_extracted`` / ``date``
  (basis ``header``); otherwise ``None``.
* ``publisher`` / ``wire``: the dateline at the top of the body ("(پاکستان پوائنٹ نیوز / سبوتنيك
  - 22 يوليو 2021ء)", "القاهرة (رويترز) -", "سبق- الرياض:", "عين اليوم – أنقرة") matched against
  the ``news_agencies`` table on the normalized view; the header ``source`` (and ``url``
  domain) names the publisher when the dateline does not, and wins over a publisher-kind name
  in the dateline (which is then the credit, i.e. the wire).
* ``title``: the header field ``title``, else the body's first line when it is a headline
  (short, no sentence-final period, followed by a blank line).

A dateline's date is read by the times stage (:func:`~marsad.stages.times.dates_in_tokens`:
every form it reads, both calendars); it counts when it is a full day (``_DATELINE_RULES``) in
a dateline that credits an agency or outlet ("القاهرة (رويترز) 3 مارس 2016 -", "بيروت 3 آذار 2016
(أ ف ب) -", "الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس"), or on a short line that is only
a place and a date; a day and month without a year take the year nearest the header's date.
Nothing here raises on odd input: a missing piece is ``None``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..langdata.loader import LangData
from ..model import Named
from ..settings import Settings
from .normalize import NormalizedText, folding_table, normalize_string
from .segment import Segmentation, Token, tokenize_view
from .times import dates_in_tokens

__all__ = ["Metadata", "extract_metadata", "agency_matcher", "build_month_lookup", "month_lookup"]


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    publisher: Named | None = None
    wire: Named | None = None
    published: str | None = None
    published_basis: str | None = None  # given, dateline, header, or None
    dateline: tuple[int, int] | None = None  # original span of the dateline, if any
    warnings: tuple[str, ...] = ()


# Structure of datelines (not language data: punctuation and sizes).
_SEPARATORS = "-/:()،,|.\u2013\u2014"
_ELEMENT_EDGE = set(_SEPARATORS) | {"\n", "[", "]"}
_MAX_SHORT_LINE = 110  # characters of a line that is only a dateline ("عين اليوم – أنقرة")
_MAX_SHORT_WORDS = 14
_MAX_HEAD = 90  # characters at the start of a paragraph searched for "سبق- الرياض:" style heads
_MAX_PIECE_WORDS = 4
_SENTENCE_END = ".!?؟"
_MAX_DATE_ONLY_WORDS = 6  # a dateline line without an agency: place and date only
_PAREN_START = 60  # a dateline "(...)" opens within this many characters of its line
_PAREN_LEN = 160
_LINES_SEARCHED = 3  # non-empty lines after the title
_BULLETS = "-*\u2022\u25cf\u25aa"
_MAX_BULLETS = 8
_TITLE_MAX_CHARS = 250
_TITLE_MAX_WORDS = 35
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")
_WORD = re.compile(r"[^\W_]+")
_HEAD_SEPARATORS = "-:|،,\u2013\u2014"  # what closes a date after a credit


# --------------------------------------------------------------------------- agencies


@dataclass(frozen=True, slots=True)
class _Agency:
    id: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class _AgencyMatcher:
    pattern: re.Pattern[str] | None
    groups: dict[str, tuple[_Agency, bool]]  # regex group name -> (agency, is abbreviation)
    by_header: dict[str, _Agency]
    by_domain: dict[str, _Agency]


def _name_regex(view: str, abbreviation: bool) -> str:
    pieces = [p for p in re.split(r"[\s.]+", view) if p]
    if abbreviation and len(pieces) > 1 and all(len(p) <= 2 for p in pieces):
        # "أ ف ب", "أ.ف.ب", "أ. ف. ب": letters with spaces or dots between them (never
        # glued: "آب" is a month, not "أ ب").
        return r"[\s.]+".join(re.escape(p) for p in pieces) + r"\.?"
    if len(pieces) > 1 and "." in view:
        return r"[\s.]*".join(re.escape(p) for p in pieces)
    return r"\s+".join(re.escape(p) for p in pieces) if pieces else re.escape(view)


def _build_agencies(lang: LangData) -> _AgencyMatcher:
    rows = lang.get("news_agencies", {"agencies": []})["agencies"]
    alternatives: list[tuple[int, str, str]] = []
    groups: dict[str, tuple[_Agency, bool]] = {}
    by_header: dict[str, _Agency] = {}
    by_domain: dict[str, _Agency] = {}
    for row in rows:
        agency = _Agency(row["id"], row["name"], row["kind"])
        for abbreviation, key in ((False, "names"), (True, "abbreviations")):
            for value in row.get(key, []):
                view = normalize_string(value, lang=lang)
                if not view:
                    continue
                group = f"g{len(groups)}"
                groups[group] = (agency, abbreviation)
                alternatives.append((len(view), group, _name_regex(view, abbreviation)))
        for source in row.get("header_sources", []):
            by_header[source.strip().lower()] = agency
        for domain in row.get("domains", []):
            by_domain[domain.strip().lower()] = agency
    alternatives.sort(key=lambda item: -item[0])  # longest names first
    body = "|".join(f"(?P<{group}>{regex})" for _, group, regex in alternatives)
    pattern = re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])") if body else None
    return _AgencyMatcher(pattern, groups, by_header, by_domain)


def agency_matcher(lang: LangData) -> _AgencyMatcher:
    return lang.derived("metadata.agencies", _build_agencies)


def _is_element(view: str, start: int, end: int, lo: int, hi: int, *, line: bool = False) -> bool:
    """An abbreviation counts only as a whole element of the dateline: between separators, or
    closing a dateline line ("بيروت 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس")."""
    i = start - 1
    while i >= lo and view[i] == " ":
        i -= 1
    j = end
    while j < hi and view[j] == " ":
        j += 1
    before_ok = i < lo or view[i] in _ELEMENT_EDGE
    after_ok = j >= hi or view[j] in _ELEMENT_EDGE
    if before_ok and after_ok:
        return True
    # Closing a dateline line right after its date: "... 2015 م واس".
    prev = view[lo:start].split()[-1:] if line and j >= hi else []
    return bool(prev) and (prev[0].isdigit() or len(prev[0]) == 1)


@dataclass(frozen=True, slots=True)
class _Hit:
    agency: _Agency
    vstart: int
    vend: int
    abbreviation: bool = False


def _agency_hits(view: str, lo: int, hi: int, matcher: _AgencyMatcher, *, line: bool = False) -> list[_Hit]:
    if matcher.pattern is None or hi <= lo:
        return []
    hits: list[_Hit] = []
    for m in matcher.pattern.finditer(view, lo, hi):
        group = m.lastgroup
        if group is None:
            continue
        agency, abbreviation = matcher.groups[group]
        if abbreviation and not _is_element(view, m.start(), m.end(), lo, hi, line=line):
            continue
        if hits and hits[-1].agency.id == agency.id and _only_glue(view[hits[-1].vend:m.start()]):
            continue  # "وكالة الأنباء السعودية (واس)": one mention, the first name
        hits.append(_Hit(agency, m.start(), m.end(), abbreviation))
    return hits


def _only_glue(between: str) -> bool:
    return all(ch in " ()" for ch in between)


# --------------------------------------------------------------------------- months / dates


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


# --------------------------------------------------------------------------- dateline


@dataclass(frozen=True, slots=True)
class _Dateline:
    vstart: int
    vend: int
    hits: tuple[_Hit, ...]
    date: str | None


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What the dateline finder reads: the view, its tokens, the agency matcher, the date link
    words, and the date a year-less dateline date is resolved against (the header's)."""

    view: str
    tokens: Sequence[Token]
    matcher: _AgencyMatcher
    lang: LangData
    links: frozenset[str]
    pub: date | None


def _lines(view: str) -> list[tuple[int, int]]:
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


def _letters(lang: LangData) -> tuple[tuple[str, str], ...]:
    """The Unicode ranges of the language's letters (its ``encodings`` table), derived once."""
    return lang.derived("metadata.letters", lambda ld: tuple(
        (lo, hi) for lo, hi in ld.get("encodings", {}).get("script_ranges", ())))


def _content_start(view: str, s: int, e: int, letters: tuple[tuple[str, str], ...]) -> int:
    """Skip leading words without the language's letters or digits (site debris: "Next
    Previous"). ``letters``: the Unicode ranges of the language's script (its ``encodings``
    table); without them any letter counts."""
    i = s
    while i < e:
        ch = view[i]
        if ch == "(" or ch.isdigit() or (any(lo <= ch <= hi for lo, hi in letters) if letters else ch.isalpha()):
            return i
        i += 1
    return s


def _trim(view: str, s: int, e: int) -> tuple[int, int]:
    strip = set(" -/:،,|.") | {"\u2013", "\u2014"}
    while s < e and view[s] in strip:
        s += 1
    while e > s and view[e - 1] in strip:
        e -= 1
    return s, e


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


def _elements(ctx: _Ctx, s: int, e: int, spans: Sequence[tuple[int, int]]) -> int:
    """Words of view ``[s, e)``, an agency name or a date (``spans``) counting as one word and a
    date link ("الموافق") as none."""
    n = sum(1 for a, _ in spans if s <= a < e)
    for m in _WORD.finditer(ctx.view, s, e):
        if any(a <= m.start() < b for a, b in spans):
            continue
        if spans and m.group() in ctx.links:
            continue
        n += 1
    return n


def _credits(ctx: _Ctx, s: int, e: int, *, line: bool = False) -> list[_Hit]:
    """The agencies named in dateline ``[s, e)``. An abbreviation that the times stage reads as
    a date ("اليوم", today; also the outlet اليوم) credits only when it opens a dateline that
    goes on ("اليوم - الدمام"): not after words ("قال مسؤولون، اليوم (الثلاثاء)"), not alone
    ("اليوم، وبعد إغلاق الملف ...")."""
    hits = _agency_hits(ctx.view, s, e, ctx.matcher, line=line)
    view = ctx.view
    return [h for h in hits if not h.abbreviation
            or (not _WORD.search(view, s, h.vstart) and _WORD.search(view, h.vend, e))
            or not _is_date_word(ctx, h)]


def _is_date_word(ctx: _Ctx, hit: _Hit) -> bool:
    tokens = ctx.tokens
    lo = bisect_left(tokens, hit.vstart, key=lambda t: t.vstart)
    hi = bisect_left(tokens, hit.vend, key=lambda t: t.vstart)
    return any(tokens[d.start].vstart <= hit.vstart and hit.vend <= tokens[d.end - 1].vend
               for d in dates_in_tokens(tokens, lo, hi, lang=ctx.lang))


def _accept(ctx: _Ctx, s: int, e: int, *, line: bool = False) -> _Dateline | None:
    view = ctx.view
    s, e = _trim(view, s, e)
    if e <= s:
        return None
    hits = _credits(ctx, s, e, line=line)
    dates = _dates(ctx, s, e, hits)
    if not hits:  # a day and month alone ("15 أغسطس: صحا الجو") date only a credited dateline
        dates = [d for d in dates if not d.yearless]
    if not hits and not dates:
        return None
    if not hits and line and _elements(ctx, s, e, [(d.vstart, d.vend) for d in dates]) > _MAX_DATE_ONLY_WORDS:
        return None  # a short sentence with a date ("قتل 5 أشخاص في 3 يوليو 2015") is not a dateline
    return _Dateline(s, e, tuple(hits), _chosen(dates))


def _words(view: str, s: int, e: int) -> int:
    return len(_WORD.findall(view, s, e))


def _piece_words(ctx: _Ctx, s: int, e: int) -> int:
    """Words of a dateline piece; in a piece that names an agency its dates count as none
    ("بيروت 3 آذار 2016 (أ ف ب)" is four words, like "بيروت (أ ف ب)"), elsewhere a date is
    words like any other ("عقد في 3 مارس 2016:" is running text)."""
    words = _words(ctx.view, s, e)
    hits = _credits(ctx, s, e)
    if not hits:
        return words
    dates = _dates(ctx, s, e, hits)
    return words - sum(_words(ctx.view, d.vstart, d.vend) for d in dates) - sum(
        1 for m in _WORD.finditer(ctx.view, s, e) if dates and m.group() in ctx.links)


def _date_after(ctx: _Ctx, at: int, e: int) -> tuple[int, str] | None:
    """(end, ISO) of a date starting at ``at`` (spaces skipped) that closes its dateline: only
    dates and date links up to a separator or the line's end ("القاهرة (رويترز) 3 مارس 2016 -")."""
    view = ctx.view
    while at < e and view[at] == " ":
        at += 1
    stop = at
    while stop < e and view[stop] not in _HEAD_SEPARATORS:
        stop += 1
    dates = _dates(ctx, at, stop)
    if not dates or dates[0].vstart != at:
        return None
    if _elements(ctx, at, stop, [(d.vstart, d.vend) for d in dates]) != len(dates):
        return None  # running text after the date ("(رويترز) 3 مارس 2016 قال ...")
    return dates[-1].vend, _chosen(dates) or dates[0].iso


def _paren_dateline(ctx: _Ctx, s: int, e: int) -> _Dateline | None:
    view = ctx.view
    open_at = view.find("(", s, min(e, s + _PAREN_START))
    if open_at < 0:
        return None
    close_at = view.find(")", open_at + 1, min(e, open_at + _PAREN_LEN))
    if close_at < 0:
        return None
    inner = _accept(ctx, open_at + 1, close_at)
    if inner is None or not inner.hits:
        return None  # "نشرت «المدينة» يوم الأحد (5/7/2015م) تقريرا": a date inside running text
    end = close_at + 1
    when = inner.date
    after = _date_after(ctx, end, e)  # "موسكو (سبوتنيك) 22 يوليو 2021 - ..."
    if after is not None:
        end, when = after[0], when or after[1]
    prefix = view[s:open_at].strip(" -\u2013")
    if not prefix:
        return _Dateline(open_at, end, inner.hits, when) if end > close_at + 1 else inner
    if any(ch in ".:؛" for ch in prefix):
        return None
    # "القاهرة (رويترز)", "بيروت 3 آذار 2016 (أ ف ب)": the place (and date) before a credit
    # belong to it; more words are running text ("نشرت «المدينة» يوم الأحد (واس)").
    dates = _dates(ctx, s, open_at)
    if _elements(ctx, s, open_at, [(d.vstart, d.vend) for d in dates]) > 3:
        return None
    return _Dateline(s, end, inner.hits, when or _chosen(dates))


def _head_dateline(ctx: _Ctx, s: int, e: int) -> _Dateline | None:
    """"سبق- الرياض:", "خالد علي– سبق– جدة:", "القاهرة - رويترز -", "القاهرة (رويترز) 3 مارس
    2016 -": short pieces joined by separators at the start of a paragraph."""
    view = ctx.view
    hi = min(e, s + _MAX_HEAD)
    # a slash inside a numeric date ("5/7/2015") separates nothing
    pieces = re.split(r"([\-:|،,\u2013\u2014]|(?<!\d)/|/(?!\d))", view[s:hi])
    pos = s
    end = s
    separators = 0
    for k in range(0, len(pieces), 2):
        piece = pieces[k]
        sep = pieces[k + 1] if k + 1 < len(pieces) else ""
        if k + 1 >= len(pieces) and hi < e:
            break  # the piece runs past the head: not a dateline piece
        pos_end = pos + len(piece)
        n = _piece_words(ctx, pos, pos_end)
        if n > _MAX_PIECE_WORDS:
            break
        if n:
            end = pos_end
        pos = pos_end + len(sep)
        if sep:
            separators += 1
        if sep == ":":
            break
    if separators == 0 or end <= s:
        return None
    found = _accept(ctx, s, end)
    # pieces without a credit are running text ("يغادر – بمشيئة الله – يوم غد الخميس 14 / 10 /
    # 1436هـ"); a line that is only a place and a date is read whole (_line_dateline)
    return found if found is not None and found.hits else None


def _line_dateline(ctx: _Ctx, s: int, e: int, letters: tuple[tuple[str, str], ...]
                   ) -> tuple[_Dateline | None, bool]:
    """The dateline of one line, and whether the line may be followed by one (it is short and
    not a sentence: a title-like line); running text ends the search."""
    view = ctx.view
    s = _content_start(view, s, e, letters)
    if view[s] == "(":  # "(پاکستان پوائنٹ نیوز / سبوتنيك - 22 يوليو 2021ء) أعلن ..."
        found = _paren_dateline(ctx, s, e) or _head_dateline(ctx, s, e)
    else:  # "الرياض - وكالة الأنباء السعودية (واس): ...", "القاهرة (رويترز) - ..."
        found = _head_dateline(ctx, s, e) or _paren_dateline(ctx, s, e)
    if found is not None:
        return found, False
    if e - s <= _MAX_SHORT_LINE and _words(view, s, e) <= _MAX_SHORT_WORDS and view[e - 1] not in _SENTENCE_END:
        return _accept(ctx, s, e, line=True), True
    return None, False


def _find_dateline(ctx: _Ctx, lines: list[tuple[int, int]], first: int) -> _Dateline | None:
    searched = 0
    letters = _letters(ctx.lang)
    for s, e in lines[first:first + _LINES_SEARCHED + _MAX_BULLETS]:
        if ctx.view[s] in _BULLETS:
            continue  # summary bullets above the story ("- نجاح عمليات التحالف ...")
        searched += 1
        if searched > _LINES_SEARCHED:
            break
        found, go_on = _line_dateline(ctx, s, e, letters)
        if found is not None:
            return found
        if not go_on:
            return None  # the first paragraph of running text: the last place a dateline can be
    return None


# --------------------------------------------------------------------------- title


def _headline(text: str, norm: NormalizedText, lines: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Original span of the first line when it is a headline, else ``None``."""
    if not lines:
        return None
    vs, ve = lines[0]
    view = norm.text
    if ve - vs > _TITLE_MAX_CHARS or _words(view, vs, ve) > _TITLE_MAX_WORDS or view[ve - 1] == ".":
        return None
    start, end = norm.to_original(vs, ve)
    rest = text[end:]
    if not re.match(r"[^\S\n]*\r?\n[^\S\n]*\r?\n", rest):
        return None  # a headline is followed by a blank line
    if len(lines) < 2:
        return None
    return start, end


# --------------------------------------------------------------------------- the stage


def _named(text: str, norm: NormalizedText, hit: _Hit) -> Named:
    start, end = norm.to_original(hit.vstart, hit.vend)
    return Named(text=text[start:end], name=hit.agency.name, start=start, end=end)


def _header_agency(header: Mapping[str, str], matcher: _AgencyMatcher) -> tuple[_Agency | None, str]:
    source = str(header.get("source") or header.get("publisher") or "").strip()
    if source and source.lower() in matcher.by_header:
        return matcher.by_header[source.lower()], source
    url = str(header.get("url") or "").strip().lower()
    m = re.match(r"^[a-z]+://([^/:?#]+)", url)
    if m:
        host = m.group(1)
        for domain, agency in matcher.by_domain.items():
            if host == domain or host.endswith("." + domain):
                return agency, source or host
    return None, source


def _metadata(text: str, norm: NormalizedText, tokens: Sequence[Token], header: Mapping[str, str],
              lang: LangData) -> Metadata:
    view = norm.text
    matcher = agency_matcher(lang)
    lines = _lines(view)
    warnings: list[str] = []

    given = str(header.get("published") or "").strip()
    given_iso = _header_date(given) if given else None
    if given and given_iso is None:
        warnings.append(f"given publication date {given!r} is not an ISO date; ignored")
    header_iso: str | None = None
    for key in ("date_extracted", "date", "date_published", "pubdate"):
        value = str(header.get(key) or "").strip()
        header_iso = _header_date(value) if value else None
        if header_iso:
            break
    known = given_iso or header_iso  # the year of a dateline's "6 أغسطس"
    ctx = _Ctx(view, tokens, matcher, lang, lang.derived("metadata.date_links", _date_links),
               date.fromisoformat(known) if known else None)

    title_span = _headline(text, norm, lines)
    dateline: _Dateline | None = None
    if title_span is not None:
        # A first line that is a dated credit ("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م
        # واس" above a blank line) is the dateline, not a headline.
        top, _ = _line_dateline(ctx, *lines[0], _letters(lang))
        if top is not None and top.hits and top.date:
            dateline, title_span = top, None
    title = str(header.get("title") or "").strip() or None
    if title is None and title_span is not None:
        title = text[title_span[0]:title_span[1]].strip() or None

    if dateline is None:
        dateline = _find_dateline(ctx, lines, 1 if title_span else 0)
    dateline_span = norm.to_original(dateline.vstart, dateline.vend) if dateline else None

    publisher: Named | None = None
    wire: Named | None = None
    header_agency, header_source = _header_agency(header, matcher)
    hits = [h for h in (dateline.hits if dateline else ()) if h.agency.kind != "generic"]
    if header_agency is not None:
        own = next((h for h in hits if h.agency.id == header_agency.id), None)
        publisher = _named(text, norm, own) if own else Named(text=header_source, name=header_agency.name)
    elif header_source:
        publisher = Named(text=header_source, name=None)
    else:
        first_pub = next((h for h in hits if h.agency.kind == "publisher"), None)
        if first_pub is not None:
            publisher = _named(text, norm, first_pub)
    publisher_name = publisher.name if publisher else None
    credits = [h for h in hits if h.agency.name != publisher_name]
    credit = next((h for h in credits if h.agency.kind == "wire"), None) or next(iter(credits), None)
    if credit is not None:
        wire = _named(text, norm, credit)
    elif publisher is None:
        wire_only = next((h for h in hits if h.agency.kind == "wire"), None)
        wire = _named(text, norm, wire_only) if wire_only else None

    published: str | None = None
    basis: str | None = None
    if given_iso:
        published, basis = given_iso, "given"
    elif dateline is not None and dateline.date:
        published, basis = dateline.date, "dateline"
    elif header_iso:
        published, basis = header_iso, "header"
    return Metadata(
        title=title,
        publisher=publisher,
        wire=wire,
        published=published,
        published_basis=basis,
        dateline=dateline_span,
        warnings=tuple(warnings),
    )


def extract_metadata(
    text: str, norm: NormalizedText, seg: Segmentation, header: Mapping[str, str], *,
    lang: LangData, settings: Settings,
) -> Metadata:
    """Title, publisher, wire and publication date (see the module docstring)."""
    return _metadata(text, norm, seg.tokens, header or {}, lang)
