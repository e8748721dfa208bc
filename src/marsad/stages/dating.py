"""The last date fallback of an article's events: the article's own date expressions.

The events stage dates each event from its clause (basis ``text``), else from the document's
publication date (``published``). An article with no publication date (no dateline date, no
header date) leaves the rest undated; this stage gives those the latest full calendar date the
article writes (basis ``article``): news reports what happened last, and the earlier dates it
writes are background ("the treaty signed on 15 May 1992"). Relative expressions ("اليوم
الخميس") have no value without a publication date and are not used. An article with no full
date leaves its events undated (``date`` and ``date_basis`` None).

The store then puts the story's date (its earliest dated member) before this one, and merges
events that have no date at all by their story (see :mod:`marsad.store.core`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..langdata.loader import LangData
from ..model import Event, TimeExpr
from ..settings import Settings
from .metadata import Metadata

__all__ = ["article_date", "date_events"]


def article_date(times: Sequence[TimeExpr]) -> str | None:
    """The latest day-precision, absolute ISO date among ``times``; None when there is none."""
    days = [t.value for t in times
            if t.value and not t.relative and t.granularity == "day" and len(t.value) == 10]
    return max(days) if days else None


def date_events(events: Sequence[Event], times: Sequence[TimeExpr], meta: Metadata, *,
                lang: LangData, settings: Settings) -> tuple[Event, ...]:
    """``events`` with the undated ones dated by :func:`article_date` (basis ``article``)."""
    del lang, settings  # the same rule for every language; nothing to set
    if meta.published or all(e.date is not None for e in events):
        return tuple(events)
    fallback = article_date(times)
    if fallback is None:
        return tuple(events)
    return tuple(e if e.date is not None else replace(e, date=fallback, date_basis="article") for e in events)
