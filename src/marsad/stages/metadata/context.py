"""What the dateline finder reads, and what it finds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ...langdata.loader import LangData
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
    words, and the date a year-less dateline date is resolved against (the header's)."""

    view: str
    tokens: Sequence[Token]
    matcher: _AgencyMatcher
    lang: LangData
    links: frozenset[str]
    pub: date | None
