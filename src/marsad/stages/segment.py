"""Sentences and tokens with offsets into the original, and each token's base forms.

A token's ``forms`` are its normalized surface followed by what remains after stripping the
language's clitics ("لطاجيكستان" -> "طاجيكستان", "والأفغانية" -> "الافغانيه", "افغانيه"),
so dictionaries written in base form match inflected text. The clitics are language data.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from ..langdata.loader import LangData
from ..model import Sentence
from ..settings import Settings
from .normalize import NormalizedText, normalize_string

__all__ = [
    "Token", "TokenAt", "Segmentation", "FormsMemo", "Orthography", "orthography", "char_to_token", "forms_memo", "segment", "token_forms", "tokenize_view",
]

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[^\w\s]")
_CLOSERS = frozenset("\"'»”’)]}")


class Token(NamedTuple):
    """One token. A named tuple, not a dataclass: an article makes hundreds, and a frozen
    dataclass costs three times as much to build (a third of segmentation's time)."""

    index: int  # type: ignore[assignment]  # shadows tuple.index, which no caller uses
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
    enclitic_sets: tuple[tuple[int, frozenset[str]], ...]  # the enclitics by length, longest first
    restore: tuple[tuple[str, str], ...]
    min_stem: int
    sentence_end: frozenset[str]
    no_break_after: frozenset[str]
    initials: bool
    breaks: re.Pattern[str]  # a line break or a sentence mark: where a sentence may end


def _build_clitics(lang: LangData) -> _Clitics:
    spec = lang.table("segmentation")

    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

    sentence_end = frozenset(spec["sentence_end"])
    marks = sorted({"\n"} | {ch for ch in sentence_end if len(ch) == 1})
    enclitics = tuple(sorted({norm(e) for e in spec["enclitics"]}, key=len, reverse=True))
    lengths = sorted({len(e) for e in enclitics}, reverse=True)
    return _Clitics(
        slots=tuple(tuple(norm(p) for p in slot) for slot in spec["proclitic_slots"]),
        rewrites=tuple((norm(r[0]), norm(r[1])) for r in spec.get("rewrites", [])),
        enclitics=enclitics,
        enclitic_sets=tuple((n, frozenset(e for e in enclitics if len(e) == n)) for n in lengths),
        restore=tuple((norm(r[0]), norm(r[1])) for r in spec.get("enclitic_restore", [])),
        min_stem=int(spec["min_stem"]),
        sentence_end=sentence_end,
        no_break_after=frozenset(norm(a) for a in spec.get("no_break_after", [])),
        initials=bool(spec.get("initials_are_abbreviations")),
        breaks=re.compile("[" + "".join(re.escape(ch) for ch in marks) + "]"),
    )


def _clitics(lang: LangData) -> _Clitics:
    return lang.derived("segment.clitics", _build_clitics)


@dataclass(frozen=True, slots=True)
class Orthography:
    """The marks and letters the stages test, from the segmentation table (normalized where the
    stages compare normalized tokens): every stage reads them here, none spells them."""

    articles: tuple[str, ...]  # the definite article(s), normalized ("ال")
    article_rewrites: tuple[tuple[str, str], ...]  # proclitic + article written short: ("لل", "ال")
    feminine_endings: tuple[str, ...]  # as written ("ة")
    feminine_folded: tuple[str, ...]  # as normalized ("ه")
    commas: frozenset[str]
    semicolons: frozenset[str]
    sentence_marks: frozenset[str]  # the sentence ends that are marks (not line breaks)
    percent_signs: frozenset[str]

    def has_article(self, word: str) -> bool:
        return word.startswith(self.articles)

    def article_length(self, word: str) -> int:
        """Characters of the article ``word`` starts with (0 when none)."""
        return next((len(a) for a in self.articles if word.startswith(a)), 0)


def _build_orthography(lang: LangData) -> Orthography:
    spec = lang.table("segmentation")

    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

    feminine = tuple(spec.get("feminine_endings", []))
    return Orthography(
        articles=tuple(norm(a) for a in spec.get("articles", [])),
        article_rewrites=_clitics(lang).rewrites,
        feminine_endings=feminine,
        feminine_folded=tuple(norm(f) for f in feminine),
        commas=frozenset(spec.get("commas", [])),
        semicolons=frozenset(spec.get("semicolons", [])),
        sentence_marks=frozenset(ch for ch in spec["sentence_end"] if not ch.isspace()),
        percent_signs=frozenset(spec.get("percent_signs", [])),
    )


def orthography(lang: LangData) -> Orthography:
    return lang.derived("segment.orthography", _build_orthography)


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


class FormsMemo:
    """A bounded memo of ``token_forms`` for one language (owned by its ``LangData``; cleared
    when it holds ``limit`` words). Forms depend only on the word and the language data."""

    __slots__ = ("limit", "table")

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self.table: dict[str, tuple[str, ...]] = {}

    def get(self, word: str, lang: LangData) -> tuple[str, ...]:
        forms = self.table.get(word)
        if forms is None:
            forms = _token_forms(word, _clitics(lang))
            if len(self.table) >= self.limit:
                self.table.clear()
            self.table[word] = forms
        return forms


def forms_memo(lang: LangData) -> FormsMemo:
    return lang.derived("segment.forms_memo", lambda _lang: FormsMemo())


def token_forms(word: str, *, lang: LangData) -> tuple[str, ...]:
    """The normalized ``word`` and its clitic-stripped base forms, surface first (memoized per
    language, see :class:`FormsMemo`)."""
    if not word[:1].isalpha():
        return (word,)
    return forms_memo(lang).get(word, lang)


def _token_forms(word: str, cl: _Clitics) -> tuple[str, ...]:
    forms: dict[str, None] = {}
    floor = max(cl.min_stem, 2)
    for stem in _strip_prefixes(word, cl):
        forms[stem] = None
        size = len(stem)
        # The longest enclitic the stem ends with, leaving at least ``floor`` letters (one
        # lookup per enclitic length; two enclitics of one length cannot both end it).
        for length, suffixes in cl.enclitic_sets:
            if size - length >= floor and stem[size - length:] in suffixes:
                base = stem[: -length]
                forms[base] = None
                for old, new in cl.restore:
                    if base.endswith(old):
                        forms[base[: -len(old)] + new] = None
                break
    return tuple(forms)


class TokenAt(Mapping[int, int]):
    """Original character offset -> index of the token covering it, found by bisection over
    the token starts (tokens are sorted and do not overlap): nothing is built per character."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._starts = [t.start for t in tokens]
        self._ends = [t.end for t in tokens]

    def get(self, pos: int, default: int | None = None) -> int | None:  # type: ignore[override]
        k = bisect_right(self._starts, pos) - 1
        return k if k >= 0 and pos < self._ends[k] else default

    def covering(self, start: int, end: int) -> range:
        """Indices of the tokens with a character in ``[start, end)``, in order."""
        if end <= start:
            return range(0)
        return range(bisect_right(self._ends, start), bisect_left(self._starts, end))

    def __getitem__(self, pos: int) -> int:
        k = self.get(pos)
        if k is None:
            raise KeyError(pos)
        return k

    def __contains__(self, pos: object) -> bool:
        return isinstance(pos, int) and self.get(pos) is not None

    def __iter__(self) -> Iterator[int]:
        for start, end in zip(self._starts, self._ends, strict=True):
            yield from range(start, end)

    def __len__(self) -> int:
        return sum(end - start for start, end in zip(self._starts, self._ends, strict=True))


def char_to_token(seg: Segmentation) -> TokenAt:
    """Original character offset -> index of the token covering it (for mapping spans of other
    stages, such as entities and times, onto tokens)."""
    return TokenAt(seg.tokens)


def tokenize_view(view: str) -> list[tuple[int, int, str]]:
    """Token spans of a normalized string: words, numbers, single punctuation marks."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(view)]


def _sentence_spans(view: str, raw_tokens: list[tuple[int, int, str]], cl: _Clitics) -> list[tuple[int, int]]:
    """Sentence spans in the view: ends at a sentence mark (not after an abbreviation or
    inside a number) and at every line break.

    Only the marks are visited; the word before a full stop is the last word (a token starting
    with a letter or digit) that starts after the previous sentence end and before the stop."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(view)
    word_at = [(s, w) for s, _, w in raw_tokens if w[:1].isalnum()]
    word_pos = [s for s, _ in word_at]
    resume = 0  # where the sentence being read started (a mark before it was passed over)
    for mark in cl.breaks.finditer(view):
        i = mark.start()
        if i < resume:
            continue
        ch = view[i]
        end = i + (0 if ch == "\n" else 1)
        if ch == ".":
            k = bisect_left(word_pos, i) - 1
            prev_word = word_at[k][1] if k >= 0 and word_pos[k] >= resume else ""
            nxt = view[i + 1] if i + 1 < n else " "
            abbreviation = prev_word in cl.no_break_after or (
                cl.initials and len(prev_word) == 1 and prev_word.isalpha() and view[i - 1:i] == prev_word
            )
            if not (nxt.isspace() or nxt in _CLOSERS) or abbreviation:
                continue
        while end < n and view[end] in _CLOSERS:
            end += 1
        if view[start:end].strip():
            spans.append((start, end))
        start = end if ch != "\n" else i + 1
        resume = start
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
    memo = forms_memo(lang)
    starts, ends = norm.starts, norm.ends  # a token is never empty: to_original(ts, te) inlined
    cache: dict[str, tuple[str, ...]] = {}
    cap = (settings or Settings()).max_sentence_tokens
    t = 0
    for vs, ve in spans:
        inside: list[int] = []  # the raw tokens of this span
        while t < len(raw) and raw[t][0] < ve:
            if raw[t][0] >= vs:
                inside.append(t)
            t += 1
        cuts = _cuts(inside, raw, cap)
        for k, (a, b) in enumerate(pairwise(cuts)):
            # a span of more than ``cap`` tokens is cut in pieces: its first piece starts where the
            # span does, its last ends where it does, the others at their tokens
            pvs = vs if k == 0 else raw[inside[a]][0]
            pve = ve if b == len(inside) else raw[inside[b - 1]][1]
            start, end = norm.to_original(pvs, pve)
            s_index = len(sentences)
            sentences.append(Sentence(start=start, end=end, text=text[start:end]))
            first = len(tokens)
            for r in inside[a:b]:
                ts, te, w = raw[r]
                forms = cache.get(w)
                if forms is None:
                    forms = cache[w] = memo.get(w, lang) if w[:1].isalpha() else (w,)
                tokens.append(Token(len(tokens), s_index, starts[ts], ends[te - 1], ts, te, w, forms))
            sentence_tokens.append((first, len(tokens)))
    return Segmentation(tuple(sentences), tuple(tokens), tuple(sentence_tokens))


def _cuts(inside: list[int], raw: list[tuple[int, int, str]], cap: int) -> list[int]:
    """Where a span's tokens are cut into sentences of at most ``cap`` tokens: ``[0, n]`` when
    it has no more (every article of the reference sets); else after the last punctuation
    token in the second half of each ``cap`` tokens (a comma, a dash), or at ``cap`` when there
    is none. A text without sentence marks (a PDF dump, a transcript) then costs every stage
    that looks within the sentence a bounded amount per token, not the length of the text."""
    n = len(inside)
    cuts = [0]
    while n - cuts[-1] > cap:
        lo = cuts[-1]
        cut = lo + cap
        for k in range(lo + cap, lo + cap // 2, -1):
            if not raw[inside[k - 1]][2][:1].isalnum():
                cut = k
                break
        cuts.append(cut)
    cuts.append(n)
    return cuts
