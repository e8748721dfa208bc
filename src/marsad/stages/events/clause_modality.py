"""The modality, date and CAMEO code of one candidate (the cues are in ``modality``): negated,
intent (the pattern's intent code), hypothetical, a claim of the quote's speaker, historical
(dated in the text well before publication), else asserted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ...model import Entity
from ...settings import Settings
from ..normalize import normalize_string
from ..quotes.cues import QuoteCues
from ..segment import token_forms
from .candidates import cameo_entry
from .context import Article, Candidate
from .modality import clause_date, conditional, intended, negated_before, parse_iso, purpose

__all__ = ["Modality", "candidate_modality"]


@dataclass(frozen=True)
class Modality:
    modality: str
    negated: bool
    code: str  # the CAMEO code: the pattern's, or its intent code for an intent
    entry: dict[str, Any]  # the code's CAMEO entry
    plover: str  # "" for what did not occur (negated, hypothetical)
    date: str | None
    date_basis: str | None  # "text" or "published"


def _cue_of(c: Candidate, art: Article, cues: QuoteCues | None):
    quote = c.quote
    if quote is None or not quote.cue or cues is None:
        return None
    for f in token_forms(normalize_string(quote.cue, lang=art.lang), lang=art.lang):
        if f in cues.verbs:
            return cues.verbs[f]
    return None


def candidate_modality(art: Article, c: Candidate, source: Entity | None, *, cues: QuoteCues | None,
                       settings: Settings) -> Modality:
    tokens, ix = art.tokens, art.ix
    negated = negated_before(tokens, c.i, c.cs, ix)
    cue = _cue_of(c, art, cues)
    if cue is not None and cue.negates:
        negated = True
    intent = intended(tokens, c.i, c.hi, c.first, c.ce, ix, nominal=c.nominal)
    hypothetical = conditional(tokens, c.i, c.cs, ix)
    if c.nominal and not hypothetical:
        hypothetical = purpose(tokens, c.i, c.form, c.cs, ix)
    # the date: from the clause, else the publication's
    when = clause_date(art.sentence_times[c.sentence], art.sentence_time_tokens[c.sentence],
                       c.lo, c.hi, c.first, c.cs, c.ce, ix)
    date_basis = "text" if when else None
    if when is None and art.meta.published:
        when, date_basis = art.meta.published, "published"
    historical = False
    if date_basis == "text" and art.published is not None:
        d = parse_iso(when)
        historical = d is not None and d < art.published - timedelta(days=settings.historical_days)
    quote = c.quote
    claim = (
        quote is not None and cue is not None and cue.claim and source is not None
        and art.index.resolve(source.id) == art.index.resolve(quote.speaker)
    )
    if historical:
        modality = "historical"
    elif intent:
        modality = "intent"
    elif hypothetical:
        modality = "hypothetical"
    elif claim and not negated:
        modality = "claim"
    else:
        modality = "asserted"
    code = c.pattern.intent if (modality == "intent" and c.pattern.intent) else c.pattern.cameo
    entry = cameo_entry(art.lang, code)
    # a PLOVER type only for an event that occurs: not a negated or hypothetical one
    plover = "" if (negated or modality == "hypothetical") else entry.get("plover") or ""
    return Modality(modality=modality, negated=negated, code=code, entry=entry, plover=plover,
                    date=when, date_basis=date_basis)
