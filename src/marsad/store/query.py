"""Checking what a user asks for before it reaches SQL: dates, codes, formats.

Every value becomes a bound parameter; nothing a user types is pasted into a statement.
Malformed or unknown values raise :class:`QueryError` with a one-line message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..confidence import check_confidence
from ..errors import QueryError
from ..langdata.loader import LangData
from ..model import MODALITIES

__all__ = ["EventFilter", "code_prefix", "check_date", "check_actor_code", "check_iso3", "check_limit", "check_modality", "known_iso3"]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ACTOR = re.compile(r"^[A-Z0-9]{3,30}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_CAMEO = re.compile(r"^\d{2,4}$")
_PLOVER = re.compile(r"^[A-Z][A-Z_-]{1,30}$")


def check_date(value: str | None, what: str, *, end: bool = False) -> str | None:
    """An ISO date, month or year; returns the first (or, with ``end``, last) day it covers
    as YYYY-MM-DD."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), int(match[2] or 0), int(match[3] or 0)
        if day:
            return date(year, month, day).isoformat()
        if month:
            date(year, month, 1)
            if not end:
                return f"{year:04d}-{month:02d}-01"
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1).isoformat()
        return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"
    except ValueError:
        raise QueryError(f"{what} {text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)") from None


def check_actor_code(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    code = str(value).strip().upper()
    if not _ACTOR.match(code):
        raise QueryError(f"{what} {value!r} is not an actor code (letters and digits, e.g. RUS or RUSGOV)")
    return code


def known_iso3(lang: LangData | None) -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes from the ``countries`` table (empty when there is none)."""
    if lang is None or "countries" not in lang:
        return frozenset()
    return lang.derived("store.iso3", lambda ld: frozenset(row["iso3"] for row in ld.table("countries")["countries"]))


def check_iso3(value: str | None, lang: LangData | None = None) -> str | None:
    if value is None or value == "":
        return None
    code = str(value).strip().upper()
    if not _ISO3.match(code):
        raise QueryError(f"country {value!r} is not an ISO 3166-1 alpha-3 code (e.g. TJK)")
    known = known_iso3(lang)
    if known and code not in known:
        raise QueryError(f"unknown country code {code!r}")
    return code


def check_limit(value: Any, what: str = "limit") -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{what} {value!r} is not a whole number") from None
    if number < 0:
        raise QueryError(f"{what} must not be negative")
    return number


def _cameo_table(lang: LangData | None) -> dict[str, Any] | None:
    if lang is None or "cameo" not in lang:
        return None
    return lang.table("cameo").get("codes")


def check_cameo(value: str | None, lang: LangData | None) -> str | None:
    if value is None or value == "":
        return None
    code = str(value).strip()
    if not _CAMEO.match(code) or not 1 <= int(code[:2]) <= 20:
        raise QueryError(f"event code {value!r} is not a CAMEO code prefix (two to four digits, 01-20 first)")
    codes = _cameo_table(lang)
    if codes is not None and not any(c.startswith(code) for c in codes):
        raise QueryError(f"unknown CAMEO code {code!r}")
    return code


def check_plover(value: str | None, lang: LangData | None) -> str | None:
    if value is None or value == "":
        return None
    code = str(value).strip().upper()
    if not _PLOVER.match(code):
        raise QueryError(f"PLOVER type {value!r} is not a type name (e.g. ASSAULT)")
    codes = _cameo_table(lang)
    if codes is not None:
        known = {row.get("plover") for row in codes.values() if row.get("plover")}
        if known and code not in known:
            raise QueryError(f"unknown PLOVER type {code!r} (known: {', '.join(sorted(known))})")
    return code


#: The ``modality`` filter's extra value: events with a negated mention.
NEGATED = "negated"


def check_modality(value: str | None) -> tuple[str, ...] | None:
    """A comma-separated list of modalities (``asserted,claim``) or ``negated``."""
    if value is None or str(value).strip() == "":
        return None
    names = tuple(dict.fromkeys(v.strip().lower() for v in str(value).split(",") if v.strip()))
    unknown = [n for n in names if n not in MODALITIES and n != NEGATED]
    if unknown or not names:
        raise QueryError(f"modality {str(value)[:40]!r} is not a list of {', '.join((*MODALITIES, NEGATED))}")
    return names


def code_prefix(column: str, code: str) -> tuple[str, list[str]]:
    """SQL (``?`` placeholders) and parameters for "``column`` begins with ``code``". Codes are
    [A-Z0-9] only (no LIKE wildcards inside) and at most 30 long, so every code that begins
    with ``code`` lies between it and ``code`` + "Z" * 30 in any collation: the range beside
    LIKE lets both databases use the column's index (SQLite's LIKE is case-blind and cannot)."""
    return f"({column} LIKE ? AND {column} >= ? AND {column} <= ?)", [code + "%", code, code + "Z" * 30]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Checked event filters. Codes match as prefixes (RUS matches RUSGOV); dates are
    inclusive; ``country`` matches either actor's country or the event's location;
    ``modality`` keeps events with a mention of one of those modalities that is not negated
    (or, for ``negated``, with a negated mention). ``min_confidence`` keeps events with a
    mention whose confidence is at least that (a mention without one, stored before the store
    kept confidences, always passes); only those mentions are counted and listed then. None or
    0: every candidate."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    code: str | None = None
    plover: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    modality: tuple[str, ...] | None = None
    limit: int | None = None
    min_confidence: float | None = None

    @classmethod
    def make(cls, *, lang: LangData | None = None, actor: str | None = None, source: str | None = None,
             target: str | None = None, code: str | None = None, plover: str | None = None,
             country: str | None = None, since: str | None = None, until: str | None = None,
             modality: str | None = None, limit: Any = None, min_confidence: Any = None) -> EventFilter:
        made = cls(
            actor=check_actor_code(actor, "actor"),
            source=check_actor_code(source, "source"),
            target=check_actor_code(target, "target"),
            code=check_cameo(code, lang),
            plover=check_plover(plover, lang),
            country=check_iso3(country, lang),
            since=check_date(since, "since"),
            until=check_date(until, "until", end=True),
            modality=check_modality(modality),
            limit=check_limit(limit),
            min_confidence=check_confidence(min_confidence) or None,
        )
        if made.since and made.until and made.since > made.until:
            raise QueryError(f"since {since} is after until {until}")
        return made

    def mention_ok(self, alias: str = "m") -> tuple[str, list[Any]]:
        """`` AND <the mention passes the threshold>`` and its parameter ("" without one)."""
        if not self.min_confidence:
            return "", []
        return f" AND ({alias}.confidence IS NULL OR {alias}.confidence >= ?)", [self.min_confidence]

    def where(self, *, unknown_confidence: bool | None = None) -> tuple[str, list[Any]]:
        """The WHERE clause (``?`` placeholders) and its parameters. With a threshold,
        ``unknown_confidence`` True or False keeps only the events without a confidence or only
        those at or above it (the two parts of "passes", apart: one index range each)."""
        clauses: list[str] = []
        params: list[Any] = []

        def prefix(column: str, value: str) -> str:
            sql, values = code_prefix(column, value)
            clauses_params.extend(values)
            return sql

        clauses_params: list[Any] = []
        if self.actor:
            clauses.append(f"({prefix('e.source_code', self.actor)} OR {prefix('e.target_code', self.actor)})")
        if self.source:
            clauses.append(prefix("e.source_code", self.source))
        if self.target:
            clauses.append(prefix("e.target_code", self.target))
        if self.code:
            clauses.append(prefix("e.cameo", self.code))
        params += clauses_params
        if self.plover:
            clauses.append("e.plover = ?")
            params.append(self.plover)
        if self.country:
            clauses.append("(e.source_country = ? OR e.target_country = ? OR e.location_country = ?)")
            params += [self.country] * 3
        if self.since:
            clauses.append("e.event_date >= ?")
            params.append(self.since)
        if self.until:
            # Partial dates ("2021-07") sort before any day of that month, so compare on prefix.
            clauses.append("SUBSTR(e.event_date, 1, 10) <= ?")
            params.append(self.until)
        if self.modality:
            either = []
            kinds = [m for m in self.modality if m != NEGATED]
            if kinds:
                marks = ", ".join("?" for _ in kinds)
                either.append(f"(m.negated = 0 AND m.modality IN ({marks}))")
                params += kinds
            if NEGATED in self.modality:
                either.append("m.negated <> 0")
            ok, ok_params = self.mention_ok()
            clauses.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id AND ({' OR '.join(either)}){ok})")
            params += ok_params
        if self.min_confidence:
            # The merged event's confidence is its best mention's (NULL when one has none), so
            # this is "a mention passes", on an index.
            if unknown_confidence is None:
                clauses.append("(e.confidence IS NULL OR e.confidence >= ?)")
                params.append(self.min_confidence)
            elif unknown_confidence:
                clauses.append("e.confidence IS NULL")
            else:
                clauses.append("e.confidence >= ?")
                params.append(self.min_confidence)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
