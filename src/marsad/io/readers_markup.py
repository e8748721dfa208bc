"""Markup for the readers: encodings of byte streams, HTML pages (main text and metadata by
trafilatura, never fetching anything), HTML fragments to plain text, and RSS/Atom feeds
(feedparser).

Encodings: a byte order mark wins; then a charset the document declares (``<meta charset>``,
``http-equiv``, the XML prolog, or an HTTP header) when the bytes decode under it (a declared
single-byte charset on bytes that are valid UTF-8 with non-ASCII text is overridden: such bytes
are UTF-8); otherwise :func:`marsad.io.text.decode_bytes` detects UTF-8, UTF-16, Windows-1256 or
ISO-8859-6. For markup and JSON the Arabic code pages are told apart on the non-ASCII runs
only, so tags, keys and URLs do not dilute the score.
"""

from __future__ import annotations

import codecs
import io
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from ..errors import InputError
from .text import BYTE_ORDER_MARKS, decode_bytes

__all__ = [
    "FeedItem",
    "HtmlPage",
    "decode_markup",
    "detect_encoding",
    "extract_html",
    "html_to_text",
    "iter_feed_items",
    "optional_import",
]

_SINGLE_BYTE = {"cp1256", "iso8859-6", "iso8859_6"}
_HIGH_RUNS = re.compile(rb"[\x80-\xff][\x80-\xff\x20]*")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I)
_XML_PROLOG = re.compile(r"^\s*<\?xml\b[^>]*\?>")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)


def optional_import(module: str, what: str) -> Any:
    """Import a library one format needs; a missing one is an :class:`InputError` that names it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise InputError(f"reading {what} needs the {module.split('.')[0]!r} package ({exc})") from None


def _codec_name(label: str) -> str | None:
    label = label.strip().lower()
    if label in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        label = "cp1252"  # what browsers do with these labels
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def detect_encoding(data: bytes, *, name: str = "<input>") -> str:
    """Name the encoding of ``data`` (a whole document or a sample of its start).

    Raises :class:`InputError` for binary content."""
    if len(data) > 1 and len(data) % 2:
        data = data[:-1]  # a sample may end mid UTF-16 unit
    for bom, encoding in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            return encoding
    try:
        _, encoding = decode_bytes(data, name=name)
    except InputError:
        encoding = None
        if b"\x00" in data:
            raise
    if encoding == "utf-8-truncated":
        return "utf-8"
    if encoding is None or encoding in _SINGLE_BYTE:
        runs = b" ".join(_HIGH_RUNS.findall(data))
        if runs:
            try:
                _, encoding = decode_bytes(runs, name=name)
            except InputError:
                pass
    if encoding is None:
        raise InputError("undecodable: not UTF-8, UTF-16 or an Arabic code page", path=name)
    return encoding


def decode_markup(data: bytes, *, name: str = "<input>", declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode HTML or XML bytes; return ``(text, encoding, warnings)``."""
    warnings: list[str] = []
    for bom, encoding in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding, warnings
    head = data[:4096]
    label = declared
    if not label:
        m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
        label = m.group(1).decode("ascii") if m else None
    codec = _codec_name(label) if label else None
    if label and codec is None:
        warnings.append(f"unknown declared charset {label!r}; detected instead")
    if codec and codec not in ("utf-16", "utf-32", "utf-16-le", "utf-16-be"):
        if codec != "utf-8" and not data.isascii():
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                warnings.append(f"declared charset {label!r} but the bytes are UTF-8; read as UTF-8")
                return text, "utf-8", warnings
        try:
            return data.decode(codec), codec, warnings
        except UnicodeDecodeError:
            warnings.append(f"bytes do not match the declared charset {label!r}; detected instead")
    encoding = detect_encoding(data, name=name)
    return data.decode(encoding, errors="replace"), encoding, warnings


def charset_of_content_type(value: str | None) -> str | None:
    m = _HEADER_CHARSET.search(value or "")
    return m.group(1) if m else None


# ----------------------------------------------------------------------------- HTML to text

_SKIP = {"script", "style", "noscript", "template", "iframe", "svg", "head", "object", "select", "button"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "td", "th", "tr", "ul",
}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: scripts, styles and the like dropped, one line per block,
    runs of spaces folded."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


# ----------------------------------------------------------------------------- HTML pages


@dataclass(frozen=True, slots=True)
class HtmlPage:
    text: str
    header: Mapping[str, str]
    encoding: str
    warnings: tuple[str, ...]


def extract_html(data: bytes, *, name: str, url: str | None = None, declared: str | None = None) -> HtmlPage:
    """Main text and metadata of one HTML page. Header keys: title, url (canonical link, else
    ``url``), source (site name, else host), author, date (published, as ``YYYY-MM-DD``),
    description."""
    trafilatura = optional_import("trafilatura", "HTML pages")
    html, encoding, warnings = decode_markup(data, name=name, declared=declared)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises whatever lxml raises on broken markup
        raise InputError(f"HTML extraction failed: {type(exc).__name__}: {exc}", path=name) from None
    fields = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (fields.get("text") or "").strip()
    if not text:
        raise InputError("no article text found in the HTML page", path=name)
    header: dict[str, str] = {}
    for key, field in (("title", "title"), ("url", "url"), ("author", "author"), ("description", "description")):
        value = fields.get(field)
        if isinstance(value, str) and value.strip():
            header[key] = value.strip()
    source = fields.get("sitename") or fields.get("hostname")
    if isinstance(source, str) and source.strip():
        header["source"] = source.strip()
    date = fields.get("date")
    if isinstance(date, str) and date.strip():
        header["date"] = date.strip()
        header["date_basis"] = "published"
    if url and "url" not in header:
        header["url"] = url
    return HtmlPage(text=text, header=header, encoding=encoding, warnings=tuple(warnings))


# ----------------------------------------------------------------------------- feeds


@dataclass(frozen=True, slots=True)
class FeedItem:
    index: int
    text: str | None
    header: Mapping[str, str]
    error: str | None = None


def _iso_struct(value: time.struct_time | None) -> str | None:
    if not value:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)


def _entry_body(entry: Any) -> str:
    candidates = []
    for content in entry.get("content") or ():
        candidates.append((content.get("value") or "", content.get("type") or "text/html"))
    if not any(value.strip() for value, _ in candidates):
        detail = entry.get("summary_detail") or {}
        candidates = [(entry.get("summary") or "", detail.get("type") or "text/html")]
    value, kind = max(candidates, key=lambda c: len(c[0]))
    if "html" in kind:
        return html_to_text(value)
    return "\n".join(line.strip() for line in value.splitlines() if line.strip())


def iter_feed_items(data: bytes, *, name: str) -> Iterator[FeedItem]:
    """Each item of an RSS or Atom feed: its content (else summary) as plain text and header
    fields title, url (the item's link), date (published, else updated; ISO UTC), date_raw
    (the date as written), author, source (the feed's title), id (the item's guid)."""
    feedparser = optional_import("feedparser", "RSS/Atom feeds")
    text, encoding, _ = decode_markup(data, name=name)
    text = _XML_PROLOG.sub("", text, count=1)
    utf8 = ('<?xml version="1.0" encoding="utf-8"?>\n' + text.lstrip("\ufeff")).encode("utf-8")
    parsed = feedparser.parse(
        io.BytesIO(utf8),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        resolve_relative_uris=False,
        sanitize_html=True,
    )
    if not parsed.entries:
        reason = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        raise InputError(f"no feed items found{reason}", path=name)
    feed_title = html_to_text(parsed.feed.get("title") or "")
    for index, entry in enumerate(parsed.entries, start=1):
        header: dict[str, str] = {}
        title = html_to_text(entry.get("title") or "")
        if title:
            header["title"] = title
        if entry.get("link"):
            header["url"] = entry["link"]
        for raw_key, parsed_key, basis in (("published", "published_parsed", "published"),
                                           ("updated", "updated_parsed", "updated")):
            if entry.get(raw_key):
                header["date"] = _iso_struct(entry.get(parsed_key)) or entry[raw_key]
                header["date_raw"] = entry[raw_key]
                header["date_basis"] = basis
                break
        if entry.get("author"):
            header["author"] = entry["author"]
        if feed_title:
            header["source"] = feed_title
        if entry.get("id"):
            header["id"] = entry["id"]
        body = _entry_body(entry)
        if not body:
            yield FeedItem(index, None, header, "item has no content or summary text")
        else:
            yield FeedItem(index, body, header)
