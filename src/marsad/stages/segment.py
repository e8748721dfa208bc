"""Sentences and tokens with offsets into the original, and each token's base forms.

A token's ``forms`` are its normalized surface followed by what remains after stripping the
language's clitics ("لطاجيكستان" -> "طاجيكستان", "والأفغانية" -> "الافغانيه", "افغانيه"),
so dictionaries written in base form match inflected text. The clitics are language data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..langdata.loader import LangData
from ..model import Sentence
from ..settings import Settings
from .normalize import NormalizedText, normalize_string

__all__ = ["Token", "Segmentation", "char_to_token", "segment", "token_forms", "tokenize_view"]

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[^\w\s]")
_CLOSERS = frozenset("\"'»”’)]}")


@dataclass(frozen=True, slots=True)
class Token:
    index: int
    sentence: int
    start: int  # original offsets
    end: int
    vstart: int  # offsets in the normalized view
    vend: int
    norm: str
    forms: tuple[str, ...]

    @property
    def is_word(self) -> bool:
        return self.norm[:1].isalpha()

    @property
    def is_number(self) -> bool:
        return self.norm[:1].isdigit()


@dataclass(frozen=True, slots=True)
class Segmentation:
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    sentence_tokens: tuple[tuple[int, int], ...]  # [first, last) token index per sentence


@dataclass(frozen=True, slots=True)
class _Clitics:
    slots: tuple[tuple[str, ...], ...]
    rewrites: tuple[tuple[str, str], ...]
    enclitics: tuple[str, ...]
    restore: tuple[tuple[str, str], ...]
    min_stem: int
    sentence_end: frozenset[str]
    no_break_after: frozenset[str]
    initials: bool


def _build_clitics(lang: LangData) -> _Clitics:
    spec = lang.table("segmentation")

    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

    return _Clitics(
        slots=tuple(tuple(norm(p) for p in slot) for slot in spec["proclitic_slots"]),
        rewrites=tuple((norm(r[0]), norm(r[1])) for r in spec.get("rewrites", [])),
        enclitics=tuple(sorted({norm(e) for e in spec["enclitics"]}, key=len, reverse=True)),
        restore=tuple((norm(r[0]), norm(r[1])) for r in spec.get("enclitic_restore", [])),
        min_stem=int(spec["min_stem"]),
        sentence_end=frozenset(spec["sentence_end"]),
        no_break_after=frozenset(norm(a) for a in spec.get("no_break_after", [])),
        initials=bool(spec.get("initials_are_abbreviations")),
    )


def _clitics(lang: LangData) -> _Clitics:
    return lang.derived("segment.clitics", _build_clitics)


def _strip_prefixes(word: str, cl: _Clitics) -> list[str]:
    found = [word]
    frontier = [word]
    last = len(cl.slots) - 1
    for k, slot in enumerate(cl.slots):
        grown: list[str] = []
        for stem in frontier:
            options = [stem]
            if k == last:
                # "لل" (ل + ال) is rewritten to its article form before the article slot.
                options += [new + stem[len(old):] for old, new in cl.rewrites if stem.startswith(old)]
            for option in options:
                if option is not stem:
                    grown.append(option)
                for prefix in slot:
                    if option.startswith(prefix) and len(option) - len(prefix) >= cl.min_stem:
                        grown.append(option[len(prefix):])
        frontier = frontier + grown
        found += grown
    return found


def token_forms(word: str, *, lang: LangData) -> tuple[str, ...]:
    """The normalized ``word`` and its clitic-stripped base forms, surface first."""
    cl = _clitics(lang)
    if not word[:1].isalpha():
        return (word,)
    forms: dict[str, None] = {}
    for stem in _strip_prefixes(word, cl):
        forms[stem] = None
        for suffix in cl.enclitics:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= max(cl.min_stem, 2):
                base = stem[: -len(suffix)]
                forms[base] = None
                for old, new in cl.restore:
                    if base.endswith(old):
                        forms[base[: -len(old)] + new] = None
                break
    return tuple(forms)


def char_to_token(seg: Segmentation) -> dict[int, int]:
    """Original character offset -> index of the token covering it (for mapping spans of other
    stages, such as entities and times, onto tokens)."""
    return {pos: tok.index for tok in seg.tokens for pos in range(tok.start, tok.end)}


def tokenize_view(view: str) -> list[tuple[int, int, str]]:
    """Token spans of a normalized string: words, numbers, single punctuation marks."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(view)]


def _sentence_spans(view: str, raw_tokens: list[tuple[int, int, str]], cl: _Clitics) -> list[tuple[int, int]]:
    """Sentence spans in the view: ends at a sentence mark (not after an abbreviation or
    inside a number) and at every line break."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(view)
    prev_word = ""
    token_at = {s: w for s, _, w in raw_tokens}
    i = 0
    while i < n:
        ch = view[i]
        word = token_at.get(i)
        if ch == "\n" or ch in cl.sentence_end:
            end = i + (0 if ch == "\n" else 1)
            is_break = True
            if ch == ".":
                nxt = view[i + 1] if i + 1 < n else " "
                abbreviation = prev_word in cl.no_break_after or (
                    cl.initials and len(prev_word) == 1 and prev_word.isalpha() and view[i - 1:i] == prev_word
                )
                if not (nxt.isspace() or nxt in _CLOSERS) or abbreviation:
                    is_break = False
            if is_break:
                while end < n and view[end] in _CLOSERS:
                    end += 1
                if view[start:end].strip():
                    spans.append((start, end))
                start = end if ch != "\n" else i + 1
                i = start
                prev_word = ""
                continue
        if word is not None and word[:1].isalnum():
            prev_word = word
        i += 1
    if view[start:].strip():
        spans.append((start, n))
    # Trim white space at both ends.
    trimmed = []
    for s, e in spans:
        while s < e and view[s].isspace():
            s += 1
        while e > s and view[e - 1].isspace():
            e -= 1
        trimmed.append((s, e))
    return trimmed


def segment(
    text: str, norm: NormalizedText, *, lang: LangData, settings: Settings | None = None
) -> Segmentation:
    """Split into sentences and tokens; every offset points into the original ``text``."""
    cl = _clitics(lang)
    view = norm.text
    raw = tokenize_view(view)
    spans = _sentence_spans(view, raw, cl)
    sentences: list[Sentence] = []
    sentence_tokens: list[tuple[int, int]] = []
    tokens: list[Token] = []
    cache: dict[str, tuple[str, ...]] = {}
    t = 0
    for s_index, (vs, ve) in enumerate(spans):
        start, end = norm.to_original(vs, ve)
        sentences.append(Sentence(start=start, end=end, text=text[start:end]))
        first = len(tokens)
        while t < len(raw) and raw[t][0] < ve:
            ts, te, w = raw[t]
            t += 1
            if ts < vs:
                continue
            forms = cache.get(w)
            if forms is None:
                forms = cache[w] = token_forms(w, lang=lang)
            os_, oe = norm.to_original(ts, te)
            tokens.append(Token(len(tokens), s_index, os_, oe, ts, te, w, forms))
        sentence_tokens.append((first, len(tokens)))
    return Segmentation(tuple(sentences), tuple(tokens), tuple(sentence_tokens))
