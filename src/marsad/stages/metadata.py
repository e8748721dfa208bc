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

The month names of dateline dates come from the times stage's ``calendar`` table; nothing
here raises on odd input: a missing piece is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..langdata.loader import LangData
from ..model import Named
from ..settings import Settings
from .normalize import NormalizedText, folding_table, normalize_string
from .segment import Segmentation

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
_YMD_DATE = re.compile(r"(?<!\d)(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?!\d)")
_WORD = re.compile(r"[^\W_]+")


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
        hits.append(_Hit(agency, m.start(), m.end()))
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


def _month_words(words: list[str], k: int, months: dict[str, _Month]) -> tuple[int, _Month] | None:
    """The month named at word ``k`` (two words first: "تشرين الأول"): (words used, month)."""
    if k + 1 < len(words) and f"{words[k]} {words[k + 1]}" in months:
        return 2, months[f"{words[k]} {words[k + 1]}"]
    if words[k] in months:
        return 1, months[words[k]]
    return None


def _dateline_date(view_span: str, lang: LangData) -> str | None:
    """The Gregorian date written in a dateline ("22 يوليو 2021ء", "23 أيلول/سبتمبر 2013",
    "26 شوال 1436ه لموافق 11 اغسطس 2015م", "22/07/2021"), as ISO, else ``None``.
    Month names are the ``calendar`` table's; Hijri dates are left to the times stage."""
    months = month_lookup(lang)
    words = [m.group() for m in re.finditer(r"\d+|[^\W\d_]+", view_span)]
    k = 0
    while k < len(words):
        found = _month_words(words, k, months)
        if found is None:
            k += 1
            continue
        used, month = found
        day = words[k - 1] if k > 0 and words[k - 1].isdigit() else None
        j = k + used
        while j < len(words):  # "أيلول/سبتمبر": the alternative name of the same month
            alt = _month_words(words, j, months)
            if alt is None:
                break
            j += alt[0]
        year = words[j] if j < len(words) and words[j].isdigit() else None
        if month.calendar == "gregorian" and day and year and len(year) == 4 and int(day) <= 31:
            iso = _valid(int(year), month.number, int(day))
            if iso:
                return iso
        k = j
    hijri = lang.derived("metadata.hijri_markers", _hijri_markers)
    for m in _YMD_DATE.finditer(view_span):
        iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso and not _followed_by(view_span, m.end(), hijri):
            return iso
    for m in _NUMERIC_DATE.finditer(view_span):
        # "18/9/1436هـ (5/7/2015م)": a numeric date marked Hijri is not a Gregorian one.
        iso = _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso and not _followed_by(view_span, m.end(), hijri):
            return iso
    return None


def _hijri_markers(lang: LangData) -> tuple[str, ...]:
    """Era markers of the Hijri calendar (``time_expressions`` table), normalized, longest first."""
    table = lang.get("time_expressions") or {}
    markers = {
        normalize_string(row["text"], lang=lang) for row in table.get("era_markers", [])
        if row.get("calendar") == "hijri"
    }
    return tuple(sorted((m for m in markers if m), key=len, reverse=True))


def _followed_by(view: str, end: int, markers: tuple[str, ...]) -> bool:
    rest = view[end:end + 12].lstrip()
    return any(rest.startswith(marker) and (len(rest) == len(marker) or not rest[len(marker)].isalpha())
               for marker in markers)


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


def _accept(view: str, s: int, e: int, matcher: _AgencyMatcher, lang: LangData, *, line: bool = False
            ) -> _Dateline | None:
    s, e = _trim(view, s, e)
    if e <= s:
        return None
    hits = _agency_hits(view, s, e, matcher, line=line)
    date_iso = _dateline_date(view[s:e], lang) if any(ch.isdigit() for ch in view[s:e]) else None
    if not hits and not date_iso:
        return None
    if not hits and line and _words(view, s, e) > _MAX_DATE_ONLY_WORDS:
        return None  # a short sentence with a date ("قتل 5 أشخاص في 3 يوليو 2015") is not a dateline
    return _Dateline(s, e, tuple(hits), date_iso)


def _words(view: str, s: int, e: int) -> int:
    return len(_WORD.findall(view, s, e))


def _paren_dateline(view: str, s: int, e: int, matcher: _AgencyMatcher, lang: LangData) -> _Dateline | None:
    open_at = view.find("(", s, min(e, s + _PAREN_START))
    if open_at < 0:
        return None
    close_at = view.find(")", open_at + 1, min(e, open_at + _PAREN_LEN))
    if close_at < 0:
        return None
    inner = _accept(view, open_at + 1, close_at, matcher, lang)
    if inner is None:
        return None
    prefix = view[s:open_at].strip(" -\u2013")
    if not prefix:
        return inner
    if _words(view, s, open_at) <= 3 and not any(ch in ".:؛" for ch in prefix):
        # "القاهرة (رويترز) -": the place before the parenthesis belongs to the dateline.
        return _Dateline(s, close_at + 1, inner.hits, inner.date)
    return None  # "نشرت «المدينة» يوم الأحد (5/7/2015م) تقريرا": a date inside running text


def _head_dateline(view: str, s: int, e: int, matcher: _AgencyMatcher, lang: LangData) -> _Dateline | None:
    """"سبق- الرياض:", "خالد علي– سبق– جدة:", "القاهرة - رويترز -": short pieces joined by
    separators at the start of a paragraph."""
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
        n = _words(piece, 0, len(piece))
        if n > _MAX_PIECE_WORDS:
            break
        pos_end = pos + len(piece)
        if n:
            end = pos_end
        pos = pos_end + len(sep)
        if sep:
            separators += 1
        if sep == ":":
            break
    if separators == 0 or end <= s:
        return None
    return _accept(view, s, end, matcher, lang)


def _find_dateline(view: str, lines: list[tuple[int, int]], first: int, matcher: _AgencyMatcher,
                   lang: LangData) -> _Dateline | None:
    searched = 0
    letters = _letters(lang)
    for s, e in lines[first:first + _LINES_SEARCHED + _MAX_BULLETS]:
        if view[s] in _BULLETS:
            continue  # summary bullets above the story ("- نجاح عمليات التحالف ...")
        searched += 1
        if searched > _LINES_SEARCHED:
            break
        s = _content_start(view, s, e, letters)
        if view[s] == "(":  # "(پاکستان پوائنٹ نیوز / سبوتنيك - 22 يوليو 2021ء) أعلن ..."
            found = _paren_dateline(view, s, e, matcher, lang) or _head_dateline(view, s, e, matcher, lang)
        else:  # "الرياض - وكالة الأنباء السعودية (واس): ...", "القاهرة (رويترز) - ..."
            found = _head_dateline(view, s, e, matcher, lang) or _paren_dateline(view, s, e, matcher, lang)
        if found is not None:
            return found
        if e - s <= _MAX_SHORT_LINE and _words(view, s, e) <= _MAX_SHORT_WORDS and view[e - 1] not in _SENTENCE_END:
            found = _accept(view, s, e, matcher, lang, line=True)
            if found is not None:
                return found
            continue
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


def _metadata(text: str, norm: NormalizedText, header: Mapping[str, str], lang: LangData) -> Metadata:
    view = norm.text
    matcher = agency_matcher(lang)
    lines = _lines(view)
    warnings: list[str] = []

    title_span = _headline(text, norm, lines)
    title = str(header.get("title") or "").strip() or None
    if title is None and title_span is not None:
        title = text[title_span[0]:title_span[1]].strip() or None

    dateline = _find_dateline(view, lines, 1 if title_span else 0, matcher, lang)
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
    given = str(header.get("published") or "").strip()
    if given:
        published = _header_date(given)
        if published:
            basis = "given"
        else:
            warnings.append(f"given publication date {given!r} is not an ISO date; ignored")
    if published is None and dateline is not None and dateline.date:
        published, basis = dateline.date, "dateline"
    if published is None:
        for key in ("date_extracted", "date", "date_published", "pubdate"):
            value = str(header.get(key) or "").strip()
            iso = _header_date(value) if value else None
            if iso:
                published, basis = iso, "header"
                break
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
    return _metadata(text, norm, header or {}, lang)
