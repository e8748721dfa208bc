"""What the dateline finder reads, and what it finds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ...langdata.loader import LangData
from ..normalize import normalize_string
from ..segment import Token
from .agencies import _AgencyMatcher, _Hit


@dataclass(frozen=True, slots=True)
class _Dateline:
    vstart: int
    vend: int
    hits: tuple[_Hit, ...]
    date: str | None


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What the dateline finder reads: the view, its tokens, the agency matcher, the date link
    words, the date a year-less dateline date is resolved against (the header's), and the
    ``datelines`` knowledge of the ``news_agencies`` table (:class:`_Shapes`)."""

    view: str
    tokens: Sequence[Token]
    matcher: _AgencyMatcher
    lang: LangData
    links: frozenset[str]
    pub: date | None
    shapes: _Shapes


@dataclass(frozen=True, slots=True)
class _Shapes:
    """Dateline shapes from language data: the numeric day-month pattern («5 - 8», from
    ``datelines.numeric_day_month_separators``), the normalized words that make a parenthesised
    outlet the object of running text (``credit_objects``: «لـ(عكاظ)»), and the normalized
    gazetteer place names that make an author-place line a dateline (when ``byline_places``)."""

    numeric_dm: re.Pattern[str] | None
    credit_objects: frozenset[str]
    places: frozenset[str]


def _build_shapes(lang: LangData) -> _Shapes:
    table = (lang.get("news_agencies") or {}).get("datelines", {})
    seps = "".join(re.escape(c) for c in table.get("numeric_day_month_separators", []))
    numeric = re.compile(rf"(?<![\d{seps}])(\d{{1,2}})\s*[{seps}]\s*(\d{{1,2}})(?!\s*[{seps}]?\s*\d)") if seps else None
    objects = frozenset(normalize_string(w, lang=lang) for w in table.get("credit_objects", [])) - {""}
    places: frozenset[str] = frozenset()
    if table.get("byline_places"):
        rows = (lang.get("gazetteer") or {}).get("places", [])
        places = frozenset(v for row in rows for name in row.get("names", [])
                           if (v := normalize_string(str(name), lang=lang)))
    return _Shapes(numeric, objects, places)


def dateline_shapes(lang: LangData) -> _Shapes:
    return lang.derived("metadata.shapes", _build_shapes)
