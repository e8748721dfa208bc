"""Bytes to article text: encoding detection and the metadata header block.

Encodings are detected from the content, never from the file name: byte order marks,
strict UTF-8, UTF-16 without BOM (NUL patterns), then the single-byte code pages that the
languages' ``encodings`` tables name (Arabic: Windows-1256, ISO-8859-6), scored by how often
each language's word openers start a word, charset-normalizer breaking ties. Binary content, empty files and
text that decodes to nothing readable raise :class:`InputError`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import InputError
from ..langdata.loader import available_languages, load_langdata

__all__ = ["BYTE_ORDER_MARKS", "Article", "decode_bytes", "parse_article_text", "read_article_bytes",
           "unsupported_language"]

BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_LINE = re.compile(r"^#\s*([A-Za-z_][\w-]*)\s*:\s?(.*)$")
# Control characters other than tab, newline, carriage return, form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read: the body text and the header fields found above it."""

    text: str
    header: Mapping[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Script:
    """A language's letters and legacy code pages, from its ``encodings`` table."""

    ranges: tuple[tuple[str, str], ...]
    code_pages: tuple[str, ...]
    openers: re.Pattern[str] | None  # a word opener at the start of a word

    def share(self, text: str) -> float:
        """The share of the letters of ``text`` that are this script's."""
        letters = mine = 0
        for ch in text:
            if ch.isalpha():
                letters += 1
                mine += any(lo <= ch <= hi for lo, hi in self.ranges)
        return mine / letters if letters else 0.0


@cache
def _scripts() -> tuple[_Script, ...]:
    """Every language's ``encodings`` table: the reader does not know an article's language,
    and a new language's code pages and letters come with its data, not with code."""
    tables = (load_langdata(lang).get("encodings") for lang in available_languages())
    return tuple(_script_of(table) for table in tables if table)


def _script_of(table: Mapping[str, Any]) -> _Script:
    """A validated ``encodings`` table as a :class:`_Script`."""
    openers = sorted(table["word_openers"], key=len, reverse=True)
    return _Script(tuple((lo, hi) for lo, hi in table["script_ranges"]), tuple(table["code_pages"]),
                   re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, openers)) + ")") if openers else None)


@cache
def _utf16_high_bytes() -> frozenset[int]:
    """The high bytes of the languages' letters in UTF-16 (0x06 for U+06xx)."""
    return frozenset(code >> 8 for s in _scripts() for lo, hi in s.ranges for code in range(ord(lo), ord(hi) + 1))


def _looks_utf16(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0) / (len(data) / 2)
    odd_nul = data[1::2].count(0) / (len(data) / 2)
    # Latin text in UTF-16 has NULs in every other byte; Arabic has 0x06 there instead.
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    half = len(data) / 2
    for high, encoding in ((data[1::2], "utf-16-le"), (data[0::2], "utf-16-be")):
        letters = sum(high.count(b) for b in _utf16_high_bytes())
        if letters > 0.3 * half and high.count(0) + letters > 0.8 * half:
            return encoding
    return None


def _readable(text: str) -> bool:
    if not text.strip():
        return False
    controls = len(_CONTROL.findall(text))
    return controls <= max(2, len(text) // 200)


def decode_bytes(data: bytes, *, name: str = "<input>") -> tuple[str, str]:
    """Decode article bytes; return ``(text, encoding)`` or raise :class:`InputError`.

    The encoding is ``utf-8-truncated`` when the last character was cut mid-sequence (a
    truncated download): the complete characters are kept."""
    if not data or not data.strip():
        raise InputError("empty input", path=name)
    for bom, encoding in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} after its byte order mark: {exc.reason}", path=name) from None
            if not _readable(text):
                raise InputError("no readable text", path=name)
            return text, encoding
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if _readable(text):
                return text, utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError("binary content (NUL bytes), not a text article", path=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3 and exc.start > 0:
            text = data[: exc.start].decode("utf-8", errors="strict")
            if _readable(text):
                return text, "utf-8-truncated"
        text = ""
    else:
        if not _readable(text):
            raise InputError("binary content (control characters), not a text article", path=name)
        return text, "utf-8"
    return _decode_single_byte(data, name=name)


def _decode_single_byte(data: bytes, *, name: str) -> tuple[str, str]:
    """A legacy code page of a language with an ``encodings`` table (Arabic: Windows-1256 or
    ISO-8859-6). Such code pages decode most bytes to the language's letters, so score each
    decoding by how often the language's word openers ("ال" for Arabic, its commonest letter
    pair) open a word; charset-normalizer's pick breaks ties."""
    from charset_normalizer import from_bytes

    scripts = _scripts()
    pages = list(dict.fromkeys(page for s in scripts for page in s.code_pages))
    if not pages:
        raise InputError("undecodable: not UTF-8 or UTF-16", path=name)
    best = from_bytes(data, cp_isolation=pages).best()
    preferred = best.encoding if best is not None else pages[0]
    scored: list[tuple[int, int, str, str]] = []
    for script in scripts:
        for encoding in script.code_pages:
            try:
                text = data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
            if _readable(text) and script.share(text) > 0.3:
                openers = len(script.openers.findall(text)) if script.openers else 0
                scored.append((openers, encoding == preferred, encoding, text))
    if not scored:
        other = from_bytes(data).best()
        found = unsupported_language(str(other)) if other is not None else None
        if found:
            raise InputError(f"{found} (read as {other.encoding}, a code page of no language Marsad codes)", path=name)
        raise InputError(f"undecodable: not UTF-8, UTF-16 or a known code page ({', '.join(pages)})", path=name)
    _, _, encoding, text = max(scored)
    return text, encoding


# Below this share of letters in the scripts of the languages Marsad codes, an article is in
# another language. It is low because Arabic articles that list English film titles or quote
# English at length run down to 6% Arabic letters (SaudiNewsNet), and they must not be lost.
_MIN_SUPPORTED_SHARE = 0.05
_MIN_LETTERS = 20  # fewer letters than this cannot be told apart
_SAMPLE_CHARS = 5000  # the head of the article tells its language
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _supported_letters() -> re.Pattern[str]:
    ranges = "".join(f"{re.escape(lo)}-{re.escape(hi)}" for s in _scripts() for lo, hi in s.ranges)
    return re.compile(f"[{ranges}]")


def unsupported_language(text: str) -> str | None:
    """A one-line reason when ``text`` is not in a language Marsad codes, else None.

    The scripts come from the languages' ``encodings`` tables; the language named in the
    reason is py3langid's guess and the script is Unicode's, so no language is spelt here."""
    sample = text[:_SAMPLE_CHARS]
    letters = _LETTER.findall(sample)
    if len(letters) < _MIN_LETTERS:
        return None
    supported = len(_supported_letters().findall(sample))
    if supported >= _MIN_SUPPORTED_SHARE * len(letters):
        return None
    scripts = Counter(unicodedata.name(ch, "UNKNOWN").split(" ")[0] for ch in letters)
    script = scripts.most_common(1)[0][0].title()
    import py3langid

    found, _ = py3langid.classify(text[:20_000])
    codes = ", ".join(available_languages())
    return f"not a language Marsad codes: the text looks like {found!r} in {script} script (Marsad codes: {codes})"


def parse_article_text(text: str) -> Article:
    """Split a leading ``# key: value`` header block (as in SaudiNewsNet exports) from the body."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = _HEADER_LINE.match(lines[i].strip("\ufeff\r"))
        if not m:
            break
        header[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if not header:
        return Article(text=text)
    body = "\n".join(lines[i:]).lstrip("\r\n")
    return Article(text=body, header=header)


def read_article_bytes(data: bytes, *, name: str = "<input>") -> Article:
    text, encoding = decode_bytes(data, name=name)
    article = parse_article_text(text)
    if not article.text.strip():
        raise InputError("no article text after the header", path=name)
    warnings = ("input ends in a cut UTF-8 character (truncated file?); it was dropped",) if (
        encoding == "utf-8-truncated") else ()
    return Article(text=article.text, header=article.header, encoding=encoding, warnings=warnings)
