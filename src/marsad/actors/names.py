"""Latin names of people: the spelling English-language news and users write.

Arabic leaves short vowels out, so a letter-by-letter romanisation gives "Hidr Albadi" where
users search for "Haider al-Abadi". ``latin_name`` asks ``arabic-name-romanizer`` (MIT,
offline: about 60,000 spellings attested in Wikidata, ranked by country, with its own rules
for names nobody spelled), after the language's ``transliteration`` table, whose whole words
win (foreign names written in Arabic: بوتين is Putin, not the library's "Boutine"). Without
the library, or for a word it has nothing for, the table's letter rules
(:func:`romanize_letters`) answer. The library's ONNX model for unknown names is not loaded:
it costs tens of milliseconds a name, and the rules are close enough for the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..langdata.loader import LangData

__all__ = ["latin_name", "romanize_letters"]


def romanize_letters(words: Sequence[str], table: dict[str, Any]) -> str | None:
    """A best-effort Latin form by the ``transliteration`` table alone (vowels are guessed)."""
    out: list[str] = []
    for word in words:
        if word in table["words"]:
            out.append(table["words"][word])
            continue
        parts = []
        for piece in word.split("-"):
            if not piece:
                continue
            latin = ""
            body = piece
            tail = ""
            for suffix, value in sorted(table["final"].items(), key=lambda kv: -len(kv[0])):
                if body.endswith(suffix) and len(body) > len(suffix) + 1:
                    body, tail = body[: -len(suffix)], value
                    break
            for k, ch in enumerate(body):
                if k == 0 and ch in table["initial"]:
                    latin += table["initial"][ch]
                else:
                    latin += table["letters"].get(ch, "")
            latin += tail
            if latin:
                parts.append(latin[:1].upper() + latin[1:])
        if parts:
            out.append("-".join(parts))
    return " ".join(out) or None


class _Names:
    """The library's transliterator with the table's whole words as its user dictionary."""

    def __init__(self, lang: LangData) -> None:
        self.table = lang.table("transliteration")
        self.iso2 = {row["iso3"]: row["iso2"] for row in lang.table("country_names")["countries"]}
        try:
            from arabic_name_romanizer import Transliterator
            from arabic_name_romanizer.lookup import UserDictionary
        except ImportError:  # not installed: the table's rules alone
            self.engine = None
            return
        words = UserDictionary.from_pairs((arabic, latin, 100) for arabic, latin in self.table["words"].items())
        self.engine = Transliterator(user_dictionary=words, auto_load_model=False)

    def name(self, words: Sequence[str], country: str | None) -> str | None:
        words = [w for w in words if w]
        if not words:
            return None
        if self.engine is None:
            return romanize_letters(words, self.table)
        got = self.engine.transliterate(" ".join(words), country=self.iso2.get(country or ""))
        return str(got) if got else romanize_letters(words, self.table)


def latin_name(words: Sequence[str], *, lang: LangData, country: str | None = None) -> str | None:
    """The usual Latin spelling of a person's name given as its Arabic words (``country``: the
    ISO3 code of the person's country, a hint for regional spellings: Gamal in Egypt, Jamal in
    the Gulf)."""
    return lang.derived("actors.latin_names", _Names).name(words, country)
