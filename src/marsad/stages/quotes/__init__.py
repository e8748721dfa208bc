"""Quotes and their speakers (a package: ``cues`` the compiled cue table, ``marks`` quoted
stretches, ``phrases`` skippable phrases, ``speakers`` coreference and addressees, ``sources``
source markers; ``article`` one article's indexes and token predicates, ``subjects`` who speaks,
``reading`` where speech starts and ends, ``extract`` the walk over cues and quoted stretches)."""

from __future__ import annotations

from .cues import QuoteCues, quote_cues
from .extract import QuoteFindings, extract_quotes, find_quotes, quotes_of, speakers_of
from .marks import Intervals
from .speakers import is_addressee, resolve_entity

__all__ = ["extract_quotes", "find_quotes", "QuoteFindings", "quotes_of", "speakers_of", "QuoteCues", "quote_cues", "resolve_entity", "is_addressee", "Intervals"]
