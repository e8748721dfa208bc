"""Readers for every news format: one stream of articles from files, directories, archives
and standard input, with every bad record reported and skipped.

:func:`iter_articles` takes paths (files, directories read recursively in sorted order, ``-``
for standard input) and yields one :class:`RecordResult` per record: where it came from
(:class:`Origin`: file, archive member, record number) and either an
:class:`~marsad.io.text.Article` or the reason it could not be read. A bad record never
stops the rest of its file; a truncated archive yields what it holds, then one error.

Formats are recognised by content first (the first 64 KiB), the extension only breaking ties:

============  ==========================================================  ===========================
format        recognised by                                                one record is
============  ==========================================================  ===========================
``gzip``      magic ``1f 8b``; the content inside is recognised again      (what is inside)
``zip``       magic ``PK``; members in name order, each recognised         (what is inside)
``warc``      ``WARC/`` (plain or gzipped)                                 an HTML ``response`` record
``feed``      markup whose first element is ``rss``, ``feed`` or ``RDF``    a feed item
``html``      any other markup (``<html``, ``<!doctype`` ...)               the page
``json``      ``[`` or a multi-line ``{``: an array, an object, objects    an array element / object
``jsonl``     a first line that is a whole JSON value, or ``.jsonl``        a line
``text``      anything else: plain text with an optional ``# key: value``   the file
============  ==========================================================  ===========================

Header keys every reader uses (all values strings; absent when unknown):

``title``, ``url`` (canonical link for HTML, ``WARC-Target-URI`` for WARC, item link for
feeds), ``source`` (outlet: the record's source field, the site name, the feed title),
``author``, ``id``, ``date`` (the publication date as found, rewritten to ISO 8601 when it can
be parsed: ``2015-07-21T02:51:32``, ``2021-07-22``, ``2021-07-22T10:30:00Z``), ``date_raw`` (the
date as written, when that differs), ``date_basis`` (``published``: the document's own date;
``updated``: a feed item's update time; ``crawled``: only a capture time was known, such as
SaudiNewsNet's ``date_extracted`` or a WARC-Date), ``fetched`` (WARC-Date), ``warc_record_id``,
``canonical_url`` (WARC: the page's canonical link when it differs from the target URI),
``description``. JSON records and text header blocks also keep their other short scalar fields
under their own (lower-cased) names, except that a JSON record's ``published`` field is never
copied: that key overrides the article's dateline downstream and is the caller's to give (a
text header block keeps its keys as written, as :func:`marsad.io.files.read_article_file` does).

Memory stays bounded: JSON Lines are read line by line, JSON arrays element by element, WARC
and zip archives record by record; one record (a line, an element, a page, a text file, a WARC
payload) larger than ``max_record_bytes`` is reported and skipped. A feed is parsed whole, up to
``max_feed_bytes``. Standard input is spooled to a temporary file. Nothing is fetched.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import IO, Any

from ..errors import InputError
from .readers_json import RawRecord, iter_json_lines, iter_json_records
from .readers_markup import (
    charset_of_content_type,
    detect_encoding,
    extract_html,
    iter_feed_items,
    optional_import,
)
from .text import Article, read_article_bytes, unsupported_language

__all__ = [
    "DEFAULT_FIELDS",
    "DIRECTORY_SUFFIXES",
    "FORMATS",
    "check_folders",
    "FieldMap",
    "Origin",
    "RecordResult",
    "iso_date",
    "iter_articles",
    "iter_input_files",
    "record_to_article",
    "sniff_format",
]

MAX_RECORD_BYTES = 16 * 1024 * 1024
MAX_FEED_BYTES = 64 * 1024 * 1024
_HEAD = 1 << 16
_MAX_DEPTH = 4  # archives inside archives
FORMATS = ("gzip", "zip", "warc", "feed", "html", "json", "jsonl", "text")

#: File name endings a directory walk reads (files named explicitly are always read).
DIRECTORY_SUFFIXES = frozenset({
    "", ".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".jsonlines",
    ".warc", ".gz", ".zip", ".xml", ".rss", ".atom",
})
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_FEED_SUFFIXES = {".rss", ".atom"}
_FIRST_ELEMENT = re.compile(r"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<![^>]*>\s*)*<([A-Za-z][\w:.-]*)", re.S)
_JSON_OPEN = re.compile(r'(?:\[\s*(?:[\[{"\]\d-]|true|false|null)|\{\s*["}])|[^\[{]')
_SURROGATE = re.compile("[\udc80-\udcff]")
_SINGLE_BYTE_CODECS = {"cp1256", "iso8859-6", "iso8859_6"}


# ----------------------------------------------------------------------------- public types


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Where a JSON record keeps each field: candidate names tried in order; a dotted name
    (``meta.title``) reaches into nested objects."""

    text: tuple[str, ...] = ("text", "content", "body", "article", "maintext")
    date: tuple[str, ...] = (
        "date", "published", "pubDate", "date_published", "datePublished", "published_at",
        "publish_date", "publication_date",
    )
    crawled: tuple[str, ...] = ("date_extracted", "date_crawled", "crawled", "fetched", "date_download")
    title: tuple[str, ...] = ("title", "headline")
    url: tuple[str, ...] = ("url", "link", "uri")
    id: tuple[str, ...] = ("id", "_id", "doc_id", "uuid")
    author: tuple[str, ...] = ("author", "authors", "byline")
    source: tuple[str, ...] = ("source", "sitename", "site", "publisher", "source_domain")


DEFAULT_FIELDS = FieldMap()


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from. ``record`` is 1-based: the line number in JSON Lines, the
    element number in a JSON array, the record number in a WARC (counting every record), the
    item number in a feed; None for a file that is one article."""

    path: str
    member: str | None = None  # archive member ("2015-07-21.json"; nested: "inner.zip/a.json")
    record: int | None = None
    line: int | None = None  # line where the record starts (JSON, JSON Lines)
    format: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.member:
            where += f"!{self.member}"
        if self.format == "jsonl" and self.line is not None:
            where += f":{self.line}"
        elif self.record is not None:
            where += f"#{self.record}"
            if self.line is not None:
                where += f" (line {self.line})"
        return where


@dataclass(frozen=True, slots=True)
class RecordResult:
    """One record: an article, or the reason it was skipped."""

    origin: Origin
    article: Article | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None

    def __str__(self) -> str:
        return f"{self.origin}: {self.error}" if self.error else str(self.origin)


ErrorSink = list[RecordResult] | Callable[[RecordResult], Any] | None


@dataclass(frozen=True, slots=True)
class _Ctx:
    fields: FieldMap
    explicit: frozenset[str]
    max_record_bytes: int
    max_feed_bytes: int
    format: str | None


# ----------------------------------------------------------------------------- entry point


def _names(value: str | Sequence[str] | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    return (value,) if isinstance(value, str) else tuple(value)


def iter_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    text_field: str | Sequence[str] | None = None,
    date_field: str | Sequence[str] | None = None,
    title_field: str | Sequence[str] | None = None,
    url_field: str | Sequence[str] | None = None,
    id_field: str | Sequence[str] | None = None,
    errors: ErrorSink = None,
    format: str | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
    max_feed_bytes: int = MAX_FEED_BYTES,
) -> Iterator[RecordResult]:
    """Yield every record of ``paths`` in order.

    The ``*_field`` arguments name the JSON field (or fields, tried in order) to read; a field
    named explicitly must be present, the defaults (:class:`FieldMap`) are tried quietly.
    ``errors``: None yields failed records too (``result.error`` set, ``result.article`` None);
    a list collects them instead and a callable receives them, so only articles are yielded.
    ``format`` forces one of :data:`FORMATS` for every path instead of recognising it."""
    if format is not None and format not in FORMATS:
        raise InputError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    explicit = {
        name for name, value in (("text", text_field), ("date", date_field), ("title", title_field),
                                 ("url", url_field), ("id", id_field)) if value is not None
    }
    fields = FieldMap(
        text=_names(text_field, DEFAULT_FIELDS.text),
        date=_names(date_field, DEFAULT_FIELDS.date),
        crawled=() if date_field is not None else DEFAULT_FIELDS.crawled,
        title=_names(title_field, DEFAULT_FIELDS.title),
        url=_names(url_field, DEFAULT_FIELDS.url),
        id=_names(id_field, DEFAULT_FIELDS.id),
    )
    ctx = _Ctx(fields, frozenset(explicit), max_record_bytes, max_feed_bytes, format)
    for result in _iter_all(paths, ctx):
        if result.article is not None:
            reason = unsupported_language(result.article.text)
            if reason:
                result = RecordResult(result.origin, error=reason)
        if result.error is None or errors is None:
            yield result
        elif isinstance(errors, list):
            errors.append(result)
        else:
            errors(result)


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Expand directories recursively (sorted; a directory's files before its subdirectories;
    hidden entries and unknown extensions skipped); keep files and ``-`` as given."""
    for raw in paths:
        name = os.fspath(raw)
        if name != "-" and os.path.isdir(name):
            for root, dirs, files in os.walk(name):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in sorted(files):
                    if file.startswith("."):
                        continue
                    if _suffix(file) in DIRECTORY_SUFFIXES:
                        yield os.path.join(root, file)
        else:
            yield name


def _suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return ("." + base.rsplit(".", 1)[-1].lower()) if "." in base.lstrip(".") else ""


def _iter_all(paths: Iterable[str | os.PathLike[str]], ctx: _Ctx) -> Iterator[RecordResult]:
    for raw in paths:
        name = os.fspath(raw)
        files = 0
        results = 0
        for file in iter_input_files([name]):
            files += 1
            for result in _iter_file(file, ctx):
                results += 1
                yield result
        if results == 0 and name != "-" and os.path.isdir(name):
            # A folder that gives nothing is a mistake worth saying (a wrong path, files of
            # other kinds), not a silent success.
            reason = _NO_FILES if files == 0 else f"folder has no articles: its {files} file(s) hold no records"
            yield RecordResult(Origin(path=name), error=reason)


_NO_FILES = ("folder has no article files (looked for " + ", ".join(sorted(s for s in DIRECTORY_SUFFIXES if s))
             + " or extension-less files, recursively, hidden ones skipped)")


def check_folders(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Raise :class:`InputError` naming the first folder of ``paths`` that holds no file a
    directory walk reads (``marsad code`` / ``ingest`` check before doing anything)."""
    for raw in paths:
        name = os.fspath(raw)
        if name != "-" and os.path.isdir(name) and next(iter_input_files([name]), None) is None:
            raise InputError(_NO_FILES, path=name)


def _iter_file(name: str, ctx: _Ctx) -> Iterator[RecordResult]:
    origin = Origin(path=name)
    try:
        if name == "-":
            if sys.stdin is None:
                yield RecordResult(origin, error="no standard input")
                return
            with tempfile.TemporaryFile() as spool:
                shutil.copyfileobj(sys.stdin.buffer, spool, 1 << 20)
                spool.seek(0)
                yield from _read_stream(spool, origin, name, ctx, 0)
        else:
            with open(name, "rb") as handle:
                yield from _read_stream(handle, origin, name, ctx, 0)
    except IsADirectoryError:
        yield RecordResult(origin, error="is a directory")
    except OSError as exc:
        yield RecordResult(origin, error=exc.strerror or str(exc))


# ----------------------------------------------------------------------------- sniffing


def _head_text(head: bytes) -> str:
    """The start of the content as text, good enough to find ASCII markers."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="ignore")
    if b"\x00" in head[:200]:
        sample = head[:200]
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return head[: len(head) // 2 * 2].decode(encoding, errors="ignore")
    return head.decode("latin-1")


def sniff_format(head: bytes, name: str = "") -> str:
    """Name the format of content starting with ``head`` (see the module table); the file
    name's extension only decides between JSON and JSON Lines and for markup that is neither
    clearly a page nor a feed."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    text = _head_text(head).lstrip()
    suffix = _suffix(name)
    if text.startswith("WARC/"):
        return "warc"
    if text.startswith("<"):
        m = _FIRST_ELEMENT.match(text)
        element = m.group(1).lower() if m else ""
        if element in ("rss", "feed", "rdf:rdf", "rdf"):
            return "feed"
        if element in ("html", "head", "body") or suffix in _HTML_SUFFIXES:
            return "html"
        if suffix in _FEED_SUFFIXES:
            return "feed"
        return "html"
    if _JSON_OPEN.match(text) is None:
        return "text"  # prose that happens to open with a bracket: "[عاجل] ..."
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        if suffix in _JSONL_SUFFIXES:
            return "jsonl"
        first, newline, _ = text.partition("\n")
        if not newline:
            return "json"
        try:
            json.loads(first)
        except ValueError:
            # A pretty-printed object opens with a line that is not whole JSON; a JSON Lines
            # file with a bad first line has a second line that opens a record.
            rest = text[len(first) + 1:].lstrip("\r\n")
            second = rest.partition("\n")[0].strip()
            return "jsonl" if second.startswith("{") and second.endswith("}") else "json"
        return "jsonl"
    return "text"


# ----------------------------------------------------------------------------- dispatch


def _read_capped(stream: IO[bytes], limit: int, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"larger than {limit} bytes; skipped", path=name)
    return data


def _read_head(stream: IO[bytes]) -> tuple[bytes, BaseException | None]:
    """The first bytes of a stream, which is then rewound; a truncated compressed stream gives
    what it could decompress and the error."""
    parts: list[bytes] = []
    size = 0
    problem: BaseException | None = None
    try:
        while size < _HEAD:
            part = stream.read(min(1024, _HEAD - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
    except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile, OSError) as exc:
        problem = exc
    stream.seek(0)
    return b"".join(parts), problem


def _read_stream(stream: IO[bytes], origin: Origin, name: str, ctx: _Ctx, depth: int) -> Iterator[RecordResult]:
    """Recognise one seekable stream's format and read it."""
    head, problem = _read_head(stream)
    if not head:
        yield RecordResult(origin, error=f"cannot read: {_reason(problem)}" if problem else "empty input")
        return
    fmt = ctx.format if (ctx.format and depth == 0) else sniff_format(head, name)
    origin = Origin(origin.path, origin.member, format=fmt)
    try:
        if fmt == "gzip":
            yield from _read_gzip(stream, origin, name, ctx, depth)
        elif fmt == "zip":
            yield from _read_zip(stream, origin, ctx, depth)
        elif fmt == "warc":
            yield from _read_warc(stream, origin, ctx)
        elif fmt == "feed":
            yield from _read_feed(stream, origin, name, ctx)
        elif fmt in ("json", "jsonl"):
            yield from _read_json(stream, head, origin, name, ctx, lines=fmt == "jsonl")
        elif fmt == "html":
            data = _read_capped(stream, ctx.max_record_bytes, name)
            page = extract_html(data, name=name)
            yield RecordResult(origin, Article(page.text, page.header, page.encoding, page.warnings))
        else:
            data = _read_capped(stream, ctx.max_record_bytes, name)
            article = read_article_bytes(data, name=name)
            header = _canonical_header(article.header, ctx.fields)
            yield RecordResult(origin, Article(article.text, header, article.encoding, article.warnings))
    except InputError as exc:
        yield RecordResult(origin, error=exc.message)
    except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as exc:
        yield RecordResult(origin, error=f"truncated or corrupt {fmt} data: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def _read_gzip(stream: IO[bytes], origin: Origin, name: str, ctx: _Ctx, depth: int) -> Iterator[RecordResult]:
    if depth >= _MAX_DEPTH:
        yield RecordResult(origin, error="archives nested too deeply")
        return
    with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
        head, _ = _read_head(inner)
    if head.lstrip().startswith(b"WARC/"):
        stream.seek(0)
        yield from _read_warc(stream, Origin(origin.path, origin.member, format="warc"), ctx)
        return
    stream.seek(0)
    with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
        yield from _read_stream(inner, origin, _strip_gz(name), ctx, depth + 1)


def _read_zip(stream: IO[bytes], origin: Origin, ctx: _Ctx, depth: int) -> Iterator[RecordResult]:
    if depth >= _MAX_DEPTH:
        yield RecordResult(origin, error="archives nested too deeply")
        return
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        yield RecordResult(origin, error=f"not a readable zip archive: {_reason(exc)}")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            base = info.filename.rstrip("/").rsplit("/", 1)[-1]
            if info.is_dir() or base.startswith(".") or info.filename.startswith("__MACOSX/"):
                continue
            member = f"{origin.member}/{info.filename}" if origin.member else info.filename
            member_origin = Origin(origin.path, member)
            try:
                with archive.open(info) as handle:
                    yield from _read_stream(handle, member_origin, info.filename, ctx, depth + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error, OSError) as exc:
                yield RecordResult(member_origin, error=f"cannot read archive member: {_reason(exc)}")


# ----------------------------------------------------------------------------- WARC


def _read_warc(stream: IO[bytes], origin: Origin, ctx: _Ctx) -> Iterator[RecordResult]:
    archive = optional_import("warcio.archiveiterator", "WARC files").ArchiveIterator(stream, no_record_parse=False)
    archive.INC_RECORD = ""  # warcio prints a bad record boundary to stderr; reported here instead
    records = iter(archive)
    number = 0
    record = None
    while True:
        try:
            if record is not None and getattr(record.raw_stream, "limit", 0) > 0:
                while record.raw_stream.read(1 << 16):  # what was left unread: is it all there?
                    pass
                if getattr(record.raw_stream, "limit", 0) > 0:
                    raise EOFError(f"record {number} is cut short")
            record = next(records)
            number += 1
            here = Origin(origin.path, origin.member, record=number, format="warc")
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2") or ("html" not in content_type.lower() and content_type):
                continue
            data = record.content_stream().read(ctx.max_record_bytes + 1)
            if not content_type and not data.lstrip()[:1] == b"<":
                continue  # no type given and not markup
        except StopIteration:
            problem = _warc_tail(stream, archive, number)
            if problem:
                yield RecordResult(Origin(origin.path, origin.member, record=number + 1, format="warc"),
                                   error=f"truncated or corrupt WARC after record {number}: {problem}")
            return
        except Exception as exc:  # warcio raises ArchiveLoadFailed, EOFError, zlib.error, ValueError ...
            yield RecordResult(
                Origin(origin.path, origin.member, record=number + 1, format="warc"),
                error=f"truncated or corrupt WARC after record {number}: {_reason(exc)}",
            )
            return
        if getattr(record.raw_stream, "limit", 0) > 0 and len(data) <= ctx.max_record_bytes:
            missing = record.raw_stream.limit
            yield RecordResult(here, error=f"truncated WARC: record {number} lacks its last {missing} bytes")
            return
        if len(data) > ctx.max_record_bytes:
            yield RecordResult(here, error=f"payload larger than {ctx.max_record_bytes} bytes; skipped")
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        warc_date = record.rec_headers.get_header("WARC-Date")
        try:
            page = extract_html(data, name=str(here), url=url, declared=charset_of_content_type(content_type))
        except InputError as exc:
            yield RecordResult(here, error=exc.message)
            continue
        header = dict(page.header)
        warnings = page.warnings
        if getattr(archive, "err_count", 0):
            warnings += (f"{archive.err_count} WARC record(s) so far not followed by a blank line "
                         "(wrong Content-Length?)",)
        if url:
            if header.get("url") and header["url"] != url:
                header["canonical_url"] = header["url"]
            header["url"] = url
        if warc_date:
            header["fetched"] = warc_date
            if "date" not in header:
                header["date"] = warc_date
                header["date_basis"] = "crawled"
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        if record_id:
            header["warc_record_id"] = record_id
        yield RecordResult(here, Article(page.text, header, page.encoding, warnings))


def _warc_tail(stream: IO[bytes], archive: Any, records: int) -> str | None:
    """Why the bytes after the last record read are not a clean end (warcio stops quietly at
    a cut gzip member), or None."""
    if not records:
        return None
    try:
        end = archive.get_record_offset() + archive.get_record_length()
        stream.seek(end)
        tail = stream.read(4096)
    except (OSError, ValueError, EOFError, zlib.error):
        return None
    if not tail.strip():
        return None
    return f"{len(tail)}{'+' if len(tail) == 4096 else ''} bytes after it could not be read (cut file?)"


# ----------------------------------------------------------------------------- feeds


def _read_feed(stream: IO[bytes], origin: Origin, name: str, ctx: _Ctx) -> Iterator[RecordResult]:
    data = _read_capped(stream, ctx.max_feed_bytes, name)
    try:
        items = list(iter_feed_items(data, name=name))
    except InputError:
        raise
    except Exception as exc:  # feedparser's parsers raise many things on broken XML
        raise InputError(f"feed parsing failed: {_reason(exc)}", path=name) from None
    for item in items:
        here = Origin(origin.path, origin.member, record=item.index, format="feed")
        if item.error or item.text is None:
            yield RecordResult(here, error=item.error or "empty item")
            continue
        header = _canonical_header(item.header, ctx.fields)
        yield RecordResult(here, Article(item.text, header, "utf-8"))


# ----------------------------------------------------------------------------- JSON


def _read_json(
    stream: IO[bytes], head: bytes, origin: Origin, name: str, ctx: _Ctx, *, lines: bool,
) -> Iterator[RecordResult]:
    sample = head if len(head) < _HEAD else head[: _HEAD - 8]
    encoding = detect_encoding(sample, name=name)
    errors = "replace" if encoding.startswith(("utf-16", "utf-32")) else "surrogateescape"
    text = io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline="")  # type: ignore[arg-type]
    try:
        raws = (iter_json_lines if lines else iter_json_records)(text, max_chars=ctx.max_record_bytes)
        for raw in raws:
            yield _json_result(raw, origin, encoding, ctx, lines=lines)
    except UnicodeError as exc:
        yield RecordResult(origin, error=f"cannot decode as {encoding}: {_reason(exc)}")
    finally:
        text.detach()


def _json_result(raw: RawRecord, origin: Origin, encoding: str, ctx: _Ctx, *, lines: bool) -> RecordResult:
    here = Origin(origin.path, origin.member, record=raw.index, line=raw.line, format=origin.format)
    if raw.text is None:
        return RecordResult(here, error=raw.error)
    try:
        source, warnings = _redecode(raw.text, encoding, str(here))
    except InputError as exc:
        return RecordResult(here, error=exc.message)
    try:
        value = json.loads(source)
    except json.JSONDecodeError as exc:
        where = f" (column {exc.colno})" if lines else f" (line {raw.line + exc.lineno - 1}, column {exc.colno})"
        return RecordResult(here, error=f"malformed JSON: {exc.msg}{where}")
    except RecursionError:
        return RecordResult(here, error="malformed JSON: nested too deeply")
    if not isinstance(value, dict):
        return RecordResult(here, error=f"record is a JSON {type(value).__name__}, not an object")
    try:
        article = record_to_article(value, ctx.fields, explicit=ctx.explicit, encoding=encoding)
    except InputError as exc:
        return RecordResult(here, error=exc.message)
    if warnings:
        article = Article(article.text, article.header, article.encoding, tuple(warnings) + article.warnings)
    return RecordResult(here, article)


def _redecode(text: str, encoding: str, name: str) -> tuple[str, list[str]]:
    """A record of a file whose encoding was guessed from its start may be in another one (files
    concatenated from several sources): bytes the guess could not decode (kept as surrogate
    escapes), or valid UTF-8 read through a single-byte guess, are decoded again."""
    other = None
    if _SURROGATE.search(text):
        data = text.encode(encoding, errors="surrogateescape")
        other = detect_encoding(data, name=name)
    elif encoding in _SINGLE_BYTE_CODECS and not text.isascii():
        data = text.encode(encoding, errors="surrogateescape")
        try:
            return data.decode("utf-8"), [f"record read as UTF-8 (the file reads as {encoding})"]
        except UnicodeDecodeError:
            return text, []
    if other is None or other == encoding:
        return text, []
    return data.decode(other, errors="replace"), [f"record read as {other} (the file reads as {encoding})"]


def _lookup(record: Mapping[str, Any], path: str) -> Any:
    value = record.get(path)
    if value is not None or "." not in path:
        return value
    value = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    if isinstance(value, list):
        parts = [p for p in (_as_text(v) for v in value) if p and p.strip()]
        return "; ".join(parts) if parts else None
    return None


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        value = _as_text(_lookup(record, name))
        if value is not None and value.strip():
            return name, value.strip()
    return None


def record_to_article(
    record: Mapping[str, Any], fields: FieldMap = DEFAULT_FIELDS, *, explicit: frozenset[str] = frozenset(),
    encoding: str = "utf-8",
) -> Article:
    """An article from one JSON object; raises :class:`InputError` when it has no text."""
    for key in explicit:
        names: tuple[str, ...] = getattr(fields, key)
        if all(_lookup(record, n) is None for n in names):
            raise InputError(f"no {' or '.join(repr(n) for n in names)} field")
    body = None
    text_name = None
    for name in fields.text:
        value = _lookup(record, name)
        if isinstance(value, list):
            value = "\n".join(v for v in value if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            body, text_name = value, name
            break
    if body is None:
        raise InputError(f"no article text (tried {', '.join(fields.text)})")
    header: dict[str, str] = {}
    for key in ("title", "url", "id", "author", "source"):
        found = _first(record, getattr(fields, key))
        if found:
            header[key] = found[1]
    used = {text_name, "published"}  # "published" downstream overrides the dateline: never copied
    for key in ("title", "url", "id", "author", "source"):
        found = _first(record, getattr(fields, key))
        if found:
            used.add(found[0])
    found = _first(record, fields.date)
    if found:
        _set_date(header, found[1], "published")
        used.add(found[0])
    else:
        found = _first(record, fields.crawled)
        if found:
            _set_date(header, found[1], "crawled")
    for key, value in record.items():
        if key in used or key.lower() in header or not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        text = str(value).strip()
        if text and len(text) <= 1000:
            header[key.lower()] = text
    text = body.strip("\r\n")
    if not text.strip():
        raise InputError("empty article text")
    return Article(text=text, header=header, encoding=encoding)


# ----------------------------------------------------------------------------- headers and dates


def iso_date(value: str) -> str | None:
    """ISO 8601 for a date written as ISO (with a space or ``T``, ``Z`` allowed) or as in
    e-mail and RSS (``Wed, 21 Jul 2021 10:00:00 +0000``); None when it is neither."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if parsed is None:
            return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return parsed.date().isoformat()
    result = parsed.isoformat()
    return result[:-6] + "Z" if result.endswith("+00:00") and text.endswith("Z") else result


def _set_date(header: dict[str, str], value: str, basis: str) -> None:
    iso = iso_date(value)
    header["date"] = iso or value
    if iso and iso != value:
        header["date_raw"] = value
    header["date_basis"] = basis


def _canonical_header(header: Mapping[str, str], fields: FieldMap) -> dict[str, str]:
    """A text header block or feed item, with ``date`` filled from the date-like keys found."""
    out = {k: v for k, v in header.items() if not (isinstance(v, str) and not v.strip())}
    lowered = {k.lower(): v for k, v in out.items()}
    if "date" in out and "date_basis" not in out:
        date = out.pop("date")
        _set_date(out, date, "published")
        return out
    if "date" in out:
        return out
    for names, basis in ((fields.date, "published"), (fields.crawled, "crawled")):
        for name in names:
            value = lowered.get(name.lower())
            if value:
                _set_date(out, value, basis)
                return out
    return out

