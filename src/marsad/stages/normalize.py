"""The normalized view of a text for matching, with an offset map back to the original.

``Document.text`` is never changed. Every character of the view records the span of the
original it came from, so a match ``view[a:b]`` maps back to ``text[start:end]`` exactly.
What is folded (letter variants, digits, harakat, bidi controls, ...) is language data:
the ``normalization`` table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from ..langdata.loader import LangData
from ..settings import Settings

__all__ = ["NormalizedText", "normalize", "normalize_string", "folding_table", "deleted_characters"]


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """``text`` is the view; ``starts[i]``/``ends[i]`` is the original span of ``text[i]``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span (end exclusive) to the original span it came from."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else self.original_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]


@dataclass(frozen=True, slots=True)
class _Folding:
    table: dict[str, str]  # original char -> view chars ('' deletes)
    casefold: bool
    split_digits: bool
    no_space_before: frozenset[str]
    no_space_after: frozenset[str]
    # Runs of "plain" characters (see _plain_runs), translated in one call by ``plain_map``.
    plain_runs: re.Pattern[str] = re.compile(r"(?!)")
    plain_map: dict[int, str] = field(default_factory=dict)


def folding_table(lang: LangData) -> _Folding:
    return lang.derived("normalize.folding", _build_folding)


def deleted_characters(lang: LangData) -> frozenset[str]:
    """The characters the normalized view drops (harakat, tatweel, ...)."""
    return lang.derived(
        "normalize.deleted", lambda ld: frozenset(ch for ch, folded in folding_table(ld).table.items() if folded == "")
    )


def _build_folding(lang: LangData) -> _Folding:
    spec = lang.table("normalization")
    table: dict[str, str] = {}
    for row in spec["delete_ranges"]:
        for code in range(ord(row[0]), ord(row[1]) + 1):
            table[chr(code)] = ""
    compat = spec.get("compatibility")
    char_map = spec["char_map"]

    def fold(ch: str) -> str:
        # Map after compatibility decomposition, so presentation forms (U+FE8D...) fold too.
        out = unicodedata.normalize(compat, ch) if compat else ch
        return "".join(table.get(c, char_map.get(c, c)) for c in out)

    # Precompute the Arabic, Arabic presentation and general punctuation blocks; other
    # characters are folded on the fly (see _fold_char).
    for block in ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x2000, 0x206F)):
        for code in range(block[0], block[1] + 1):
            ch = chr(code)
            if ch not in table:
                folded = fold(ch)
                if folded != ch:
                    table[ch] = folded
    for ch, target in char_map.items():
        table.setdefault(ch, target)
    folding = _Folding(
        table=table,
        casefold=bool(spec.get("casefold")),
        split_digits=bool(spec.get("split_digits_from_letters")),
        no_space_before=frozenset(spec.get("no_space_before", "")),
        no_space_after=frozenset(spec.get("no_space_after", "")),
    )
    return _with_plain_runs(folding)


# Blocks whose characters may be "plain" (Latin to Arabic, punctuation, presentation forms).
_PLAIN_BLOCKS = ((0x0000, 0x07FF), (0x2000, 0x206F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _with_plain_runs(folding: _Folding) -> _Folding:
    """Add the fast path of :func:`normalize`.

    A character is *plain* when it folds to exactly one character that takes none of the
    special branches of the character loop: not white space or a line break, not a mark that
    removes a space before it, and not a digit (when digits are split from letters). A run of
    plain characters maps one to one onto the view, so it is translated in one call; inside
    a run, a single ASCII space between plain characters is plain too, unless the character
    before it opens (``no_space_after``), since the loop would keep exactly that space. Every
    other character goes through the loop, so the view is the same either way."""
    plain: list[int] = []
    opener_free: list[int] = []
    plain_map: dict[int, str] = {}
    special = " \r\f\v\n"
    for first, last in _PLAIN_BLOCKS:
        for code in range(first, last + 1):
            ch = chr(code)
            out = _fold_char(ch, folding)
            if len(out) != 1 or out in special or out.isspace() or out in folding.no_space_before or (
                folding.split_digits and out.isdigit()
            ):
                continue
            plain.append(code)
            if out not in folding.no_space_after:
                opener_free.append(code)
            if out != ch:
                plain_map[code] = out
    if _fold_char(" ", folding) != " ":
        return replace(folding, plain_runs=re.compile(f"{_char_class(plain)}+"), plain_map=plain_map)
    cls = _char_class(plain)
    pattern = f"{cls}+(?:(?<={_char_class(opener_free)}) {cls}+)*"
    return replace(folding, plain_runs=re.compile(pattern), plain_map=plain_map)


def _char_class(codes: list[int]) -> str:
    """A regular-expression class of sorted code points, as ranges."""
    parts: list[str] = []
    k = 0
    while k < len(codes):
        j = k
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[k])), re.escape(chr(codes[j]))
        parts.append(lo if j == k else f"{lo}-{hi}")
        k = j + 1
    return "[" + "".join(parts) + "]"


def _fold_char(ch: str, folding: _Folding) -> str:
    mapped = folding.table.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch.lower() if folding.casefold else ch
    out = unicodedata.normalize("NFKC", ch)
    if folding.casefold:
        out = out.casefold()
    return out


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def normalize(text: str, *, lang: LangData, settings: Settings | None = None) -> NormalizedText:
    """Build the matching view of ``text`` (pure; ``text`` is not changed)."""
    folding = folding_table(lang)
    out: list[str] = []  # pieces of the view; a space that may be removed is always its own piece
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    split_digits = folding.split_digits
    plain_map = folding.plain_map
    for m in folding.plain_runs.finditer(text):
        a, b = m.span()
        if a > pos:
            _fold_chars(text, pos, a, folding, out, starts, ends)
        run = m.group().translate(plain_map)
        if split_digits and out and run[0].isalpha() and out[-1][-1].isdigit():
            out.append(" ")  # "15أيار" -> "15 أيار", as in _fold_chars
            starts.append(a)
            ends.append(a)
        out.append(run)
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))
        pos = b
    if pos < len(text):
        _fold_chars(text, pos, len(text), folding, out, starts, ends)
    return NormalizedText("".join(out), tuple(starts), tuple(ends), len(text))


def _fold_chars(
    text: str, lo: int, hi: int, folding: _Folding, out: list[str], starts: list[int], ends: list[int]
) -> None:
    """The character loop over ``text[lo:hi]``, appending to the view built so far."""
    for i in range(lo, hi):
        folded = _fold_char(text[i], folding)
        if not folded:
            continue
        for piece in folded:
            if piece in " \r\f\v":
                piece = " "
            last = out[-1][-1] if out else ""
            if piece == " ":
                # Collapse runs of spaces; drop spaces at line starts and after opening marks.
                if not out or last in " \n" or last in folding.no_space_after:
                    continue
            elif piece == "\n" and out and last == " ":
                out.pop(), starts.pop(), ends.pop()
            elif piece in folding.no_space_before and out and last == " ":
                out.pop(), starts.pop(), ends.pop()
            if out:
                last = out[-1][-1]
            if folding.split_digits and out and piece != " " and (
                (piece.isdigit() and _is_letter(last)) or (_is_letter(piece) and last.isdigit())
            ):
                # "15أيار" -> "15 أيار": a zero-width space in the original at the boundary.
                out.append(" ")
                starts.append(i)
                ends.append(i)
            out.append(piece)
            starts.append(i)
            ends.append(i + 1)


def normalize_string(value: str, *, lang: LangData) -> str:
    """The view of a dictionary entry or a query: the same folding as for articles."""
    folding = folding_table(lang)
    if folding.plain_runs.fullmatch(value):
        return value.translate(folding.plain_map).strip()  # one plain run: what normalize() makes of it
    return normalize(value, lang=lang).text.strip()
