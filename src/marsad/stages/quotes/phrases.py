"""Skippable phrases between a cue and what was said (adverbials, fillers)."""

from __future__ import annotations

from ..segment import Token
from .cues import QuoteCues

__all__ = ["match_phrase", "skippable"]


def match_phrase(tokens: tuple[Token, ...], i: int, end: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Number of tokens of the longest phrase starting at token ``i`` (0 when none)."""
    for phrase in phrases:
        k = len(phrase)
        if i + k <= end and all(phrase[j] in tokens[i + j].forms for j in range(k)):
            return k
    return 0


def skippable(tokens: tuple[Token, ...], i: int, end: int, cues: QuoteCues) -> int:
    """Tokens of the adverbial, else the filler, starting at token ``i`` (0 when none)."""
    if i >= end or cues.phrase_firsts.isdisjoint(tokens[i].forms):
        return 0  # no phrase starts with any form of this token
    return match_phrase(tokens, i, end, cues.adverbials) or match_phrase(tokens, i, end, cues.fillers)
