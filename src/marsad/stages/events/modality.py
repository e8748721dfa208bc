"""Modality and date of a candidate: negation, intent (future, pledges), conditionals and
goals, claims inside quotes, and the date from its clause (``ar/modality.json``).
"""

from __future__ import annotations

from datetime import date

from ...model import TimeExpr
from ..segment import Token
from .candidates import PatternIndex, phrase_at

__all__ = ["future_verb", "negated_before", "intended", "conditional", "purpose", "clause_date", "parse_iso"]


def future_verb(tok: Token, ix: PatternIndex) -> bool:
    n = tok.norm
    for p in ix.future_prefixes:
        for lead in ("", *ix.conjunction_letters):
            head = lead + p
            if n.startswith(head) and n[len(head):] in ix.verb_forms:
                return True
    return False


def negated_before(tokens: tuple[Token, ...], i: int, cs: int, ix: PatternIndex) -> bool:
    return any(f in ix.negation_words for t in tokens[max(cs, i - ix.negation_window):i] for f in t.forms[:1])


def intended(tokens: tuple[Token, ...], i: int, hi: int, first: int, ce: int, ix: PatternIndex, *,
             nominal: bool) -> bool:
    """Future or pledged: a future verb at or before the trigger, an intent word before it (a
    semicolon in between cancels), or for a nominal trigger a future verb right after it."""
    intent = future_verb(tokens[i], ix)
    for t in tokens[max(first, i - ix.intent_window):i]:
        if t.norm in ix.orth.semicolons:
            intent = False
        elif future_verb(t, ix) or any(f in ix.intent_words for f in t.forms[:2]):
            intent = True
    if nominal and not intent:
        intent = any(future_verb(t, ix) for t in tokens[hi + 1:min(ce, hi + 1 + ix.future_lookahead)])
    return intent


def conditional(tokens: tuple[Token, ...], i: int, cs: int, ix: PatternIndex) -> bool:
    for j in range(max(cs, i - ix.conditional_window), i):
        if any(phrase_at(tokens, j, i, phrase) for phrase in ix.conditionals):
            return True
    return False


def clause_date(times: tuple[TimeExpr, ...], time_tokens: dict[int, tuple[int | None, int | None]],
                lo: int, hi: int, first: int, cs: int, ce: int, ix: PatternIndex) -> str | None:
    """The date of the candidate from its clause: the nearest after the trigger within the
    after-window, else one ending within the before-window, else one fronted at the start of
    the sentence. ``times`` are the sentence's, in text order; ``time_tokens`` their token spans."""
    when: str | None = None
    for n, t in enumerate(times):
        if not t.value:
            continue
        ti, te = time_tokens[n]
        if ti is None or te is None or not (cs <= ti < ce):
            continue
        if ti > hi and ti - hi <= ix.time_after_window:
            when = t.value
            break
        if te < lo and lo - te <= ix.time_before_window:
            when = t.value
    if when is None:
        # A fronted time adverbial ("وفي نفس العام، قامت ...") dates the whole sentence.
        for n, t in enumerate(times):
            ti = time_tokens[n][0]
            if t.value and ti is not None and first <= ti < min(lo, first + ix.fronted_time_window):
                when = t.value
    return when


def purpose(tokens: tuple[Token, ...], i: int, form: str, cs: int, ix: PatternIndex) -> bool:
    """A nominal trigger names a goal, not an occurrence: it carries a purpose proclitic
    ("للتوصل إلى اتفاق لوقف إطلاق النار") or follows a purpose word ("بهدف اغتياله") in its
    clause. After a 'subjected' word the proclitic is a plain preposition ("تعرضت قافلته لهجوم")."""
    tok = tokens[i]
    at = tok.norm.find(form)
    head = tok.norm[:at] if at > 0 else ""
    before = tokens[max(cs, i - ix.purpose_window):i]
    if head in ix.purpose_proclitics and not any(f in ix.subjected_words for t in before for f in t.forms):
        return True
    return any(phrase_at(tokens, j, i, phrase)
               for j in range(max(cs, i - ix.purpose_window), i) for phrase in ix.purpose_words)


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


