"""Wire agencies and outlets of the ``news_agencies`` table: the matcher over the normalized
view, the agencies named in a stretch of a dateline, and the outlet named by the header."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ...langdata.loader import LangData
from ...model import Named
from ..normalize import NormalizedText, normalize_string

# Structure of datelines (not language data: punctuation).
_SEPARATORS = "-/:()،,|.\u2013\u2014"
_ELEMENT_EDGE = set(_SEPARATORS) | {"\n", "[", "]"}


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
