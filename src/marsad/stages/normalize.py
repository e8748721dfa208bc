"""The normalized view of a text for matching, with an offset map back to the original.

``Document.text`` is never changed. Every character of the view records the span of the
original it came from, so a match ``view[a:b]`` maps back to ``text[start:end]`` exactly.
What is folded (letter variants, digits, harakat, bidi controls, ...) is language data:
the ``normalization`` table.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..langdata.loader import LangData
from ..settings import Settings

__all__ = ["NormalizedText", "normalize", "normalize_string", "folding_table"]


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


def folding_table(lang: LangData) -> _Folding:
    return lang.derived("normalize.folding", _build_folding)


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
    return _Folding(
        table=table,
        casefold=bool(spec.get("casefold")),
        split_digits=bool(spec.get("split_digits_from_letters")),
        no_space_before=frozenset(spec.get("no_space_before", "")),
        no_space_after=frozenset(spec.get("no_space_after", "")),
    )


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
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch, folding)
        if not folded:
            continue
        for piece in folded:
            if piece in " \r\f\v":
                piece = " "
            if piece == " ":
                # Collapse runs of spaces; drop spaces at line starts and after opening marks.
                if not out or out[-1] in " \n" or out[-1] in folding.no_space_after:
                    continue
            elif piece == "\n" and out and out[-1] == " ":
                out.pop(), starts.pop(), ends.pop()
            elif piece in folding.no_space_before and out and out[-1] == " ":
                out.pop(), starts.pop(), ends.pop()
            if folding.split_digits and out and piece != " " and (
                (piece.isdigit() and _is_letter(out[-1])) or (_is_letter(piece) and out[-1].isdigit())
            ):
                # "15أيار" -> "15 أيار": a zero-width space in the original at the boundary.
                out.append(" ")
                starts.append(i)
                ends.append(i)
            out.append(piece)
            starts.append(i)
            ends.append(i + 1)
    return NormalizedText("".join(out), tuple(starts), tuple(ends), len(text))


def normalize_string(value: str, *, lang: LangData) -> str:
    """The view of a dictionary entry or a query: the same folding as for articles."""
    return normalize(value, lang=lang).text.strip()
