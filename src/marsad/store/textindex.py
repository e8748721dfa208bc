"""What the full-text index holds and how a query and a snippet are made.

Index and query go through the same functions: the project's normalization
(``normalize``/``normalize_string``: harakat, hamza and letter variants folded) and the
segmenter's ``token_forms`` (surface + clitic-stripped forms, so "طاجيكستان" finds
"لطاجيكستان"). The database only sees space-separated, already normalized terms.
Snippets are cut from the ORIGINAL text through the normalized view's offset map.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import QueryError
from ..langdata.loader import LangData
from ..stages.normalize import _fold_char, deleted_characters, folding_table, normalize, normalize_string
from ..stages.segment import forms_memo, token_forms, tokenize_view

__all__ = ["Highlight", "analyse", "index_terms", "query_groups", "match_spans", "snippet", "words"]

MAX_QUERY_TERMS = 16
# The segmenter's word and number tokens (``tokenize_view`` without its punctuation branch,
# which never starts with a letter or digit): the tokens ``_word_tokens`` keeps, found directly.
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Highlight:
    start: int
    end: int


def _word_tokens(view: str) -> Iterator[tuple[int, int, str]]:
    for start, end, token in tokenize_view(view):
        if token[:1].isalnum():
            yield start, end, token


def words(text: str, *, lang: LangData) -> list[str]:
    """The normalized word and number tokens of a text, in order (MinHash shingles use these)."""
    return [token for _, _, token in _word_tokens(normalize(text, lang=lang).text)]


def analyse(text: str, *, lang: LangData) -> tuple[list[str], str]:
    """One pass over the normalized text: its word tokens (for shingles) and its index terms
    (every token's surface and base forms, space-separated, in text order)."""
    tokens = _WORD.findall(normalize(text, lang=lang).text)
    memo = forms_memo(lang)  # token_forms' own memo, read directly: one dict lookup a known word
    known = memo.table
    terms: list[str] = []
    for token in tokens:
        forms = known.get(token)
        if forms is None:
            forms = memo.get(token, lang) if token[:1].isalpha() else (token,)
        terms.extend(forms)
    return tokens, " ".join(terms)


def index_terms(text: str, *, lang: LangData) -> str:
    """Space-separated index terms: every token's surface and base forms, in text order."""
    return analyse(text, lang=lang)[1]


def query_groups(query: str, *, lang: LangData) -> list[tuple[str, ...]]:
    """One group of alternative terms per query word (its surface and base forms); a
    document matches when it holds a term of every group."""
    if not isinstance(query, str) or not query.strip():
        raise QueryError("empty search query")
    if len(query) > 1000:
        raise QueryError("search query longer than 1000 characters")
    view = normalize_string(query, lang=lang)
    groups: list[tuple[str, ...]] = []
    for _, _, token in _word_tokens(view):
        forms = token_forms(token, lang=lang)
        if forms not in groups:
            groups.append(forms)
    if not groups:
        raise QueryError(f"search query {query!r} has no words to look for")
    if len(groups) > MAX_QUERY_TERMS:
        raise QueryError(f"search query has {len(groups)} words; at most {MAX_QUERY_TERMS}")
    return groups


#: How many characters of a document :func:`match_spans` normalizes at a time when it looks only
#: within a snippet's reach (the rest of a long document is then never normalized). The first
#: match of a search hit is most often in its first 100 characters and a snippet reaches 190
#: past it: pieces of 512 normalized about 520 characters a hit, pieces of 128 about 330.
PIECE = 128


class _Fold(dict[int, str]):
    """Code point -> the view's characters for it ('' when the view drops it), for
    ``str.translate``: each character folded alone, as :func:`normalize` folds it, filled in on
    first use. Spaces are not collapsed nor digits split from letters: a word of the view is
    still a substring of the folded text."""

    def __init__(self, lang: LangData) -> None:
        super().__init__()
        self.folding = folding_table(lang)

    def __missing__(self, code: int) -> str:
        out = _fold_char(chr(code), self.folding)
        self[code] = out
        return out


def _fold(lang: LangData) -> _Fold:
    return lang.derived("textindex.fold", _Fold)


def _edits(lang: LangData) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The starts and the ends a token's base form may have that the token itself does not: a
    rewritten proclitic (ل + ال -> "ال") and a restored ending (ت -> "ه"), from the segmentation
    data, normalized. Cut those off a base form and what is left is in the token."""
    def build(ld: LangData) -> tuple[tuple[str, ...], tuple[str, ...]]:
        spec = ld.table("segmentation") if "segmentation" in ld else {}

        def made(key: str) -> tuple[str, ...]:
            return tuple(sorted({normalize_string(row[1], lang=ld) for row in spec.get(key, [])} - {""},
                                key=len, reverse=True))

        return made("rewrites"), made("enclitic_restore")

    return lang.derived("textindex.edits", build)


def _core(term: str, starts: tuple[str, ...], ends: tuple[str, ...]) -> str:
    for start in starts:
        if term.startswith(start):
            term = term[len(start):]
            break
    for end in ends:
        if term.endswith(end):
            return term[:-len(end)]
    return term


def _cores(wanted: set[str], lang: LangData) -> tuple[str, ...] | None:
    """What any token that matches one of ``wanted`` holds, folded, as a substring (see
    :func:`_edits`), or None when a term is too short to tell (every piece is then read)."""
    starts, ends = _edits(lang)
    cores = tuple({_core(term, starts, ends) for term in wanted})
    return None if any(not core for core in cores) else cores


def _pieces(text: str, size: int, deleted: frozenset[str]) -> Iterator[tuple[int, int]]:
    """``text`` as consecutive ``[lo, hi)`` ranges of about ``size`` characters, each cut just
    after a space or line break that a letter follows (one the view keeps: not in ``deleted``). No token of the normalized view crosses
    such a cut, and the views of the pieces put end to end are the view of the whole text: the
    space is kept between two letters, and where the view drops it (after a space or an
    opening mark) the character before the cut is no word character either."""
    lo, n = 0, len(text)
    while lo < n:
        hi = lo + max(1, size)
        while hi < n and not (text[hi - 1] in " \n" and text[hi].isalpha() and text[hi] not in deleted):
            hi += 1
        hi = min(hi, n)
        yield lo, hi
        lo = hi


def match_spans(text: str, groups: list[tuple[str, ...]], *, lang: LangData,
                within: int | None = None, piece: int = PIECE) -> list[Highlight]:
    """Original-text spans of the tokens that match any query group; with ``within``, only
    those starting at most that many characters after the first (what a snippet shows): the
    text is then normalized ``piece`` characters at a time and the rest of a long document is
    not read once the snippet's matches are found."""
    wanted = {term for group in groups for term in group}
    deleted = deleted_characters(lang)
    memo = forms_memo(lang)  # token_forms' memo, read directly (as analyse does): one dict lookup a known word
    known = memo.table
    # Before the first match, a piece whose folded text holds no match's core cannot hold a
    # match: it is folded by one str.translate, not normalized and tokenized.
    cores = _cores(wanted, lang) if within is not None else None
    fold = _fold(lang) if cores else None
    spans = []
    first_view: int | None = None  # view offset of the first match
    base = 0  # view offset of the current piece (from the first piece normalized: only distances count)
    for lo, hi in ((0, len(text)),) if within is None else _pieces(text, piece, deleted):
        if first_view is None and fold is not None and cores is not None:
            folded = text[lo:hi].translate(fold)
            if not any(core in folded for core in cores):
                continue
        norm = normalize(text[lo:hi] if (lo, hi) != (0, len(text)) else text, lang=lang)
        for found in _WORD.finditer(norm.text):  # _word_tokens' tokens, one at a time
            vstart, vend, token = found.start(), found.end(), found.group()
            # The view is never longer than the original between two points, so a view distance
            # over ``within`` is an original distance over it too.
            if within is not None and first_view is not None and base + vstart > first_view + within:
                return spans
            forms = known.get(token)
            if forms is None:
                forms = memo.get(token, lang) if token[:1].isalpha() else (token,)
            if not wanted.isdisjoint(forms):
                first_view = base + vstart if first_view is None else first_view
                start, end = norm.to_original(vstart, vend)
                start, end = start + lo, end + lo
                # Take in the marks the view dropped after the word's last letter (harakat, tatweel).
                while end < len(text) and text[end] in deleted:
                    end += 1
                spans.append(Highlight(start, end))
        base += len(norm.text)
    return spans


def snippet_reach(width: int) -> int:
    """How far after the first match a snippet of ``width`` can reach (see :func:`snippet`)."""
    return width + 30


def snippet(text: str, spans: list[Highlight], *, width: int = 160, mark: tuple[str, str] = ("[", "]")) -> str:
    """A window of the original text around the first match, matches wrapped in ``mark``
    (``spans`` from :func:`match_spans` with ``within=snippet_reach(width)`` suffice)."""
    if not spans:
        cut = text[:width]
        return " ".join(cut.split()) + ("…" if len(text) > width else "")
    first = spans[0]
    lo = max(0, first.start - width // 3)
    hi = min(len(text), lo + width)
    while lo > 0 and not text[lo - 1].isspace() and first.start - lo < width // 2:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - lo < width + 30:
        hi += 1
    pieces = []
    pos = lo
    for span in spans:
        if span.start < lo or span.end > hi:
            continue
        pieces.append(text[pos:span.start])
        pieces.append(mark[0] + text[span.start:span.end] + mark[1])
        pos = span.end
    pieces.append(text[pos:hi])
    body = " ".join("".join(pieces).split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
