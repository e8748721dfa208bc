"""The metadata stage: title, publisher, wire and publication date of an article."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ...langdata.loader import LangData
from ...model import Named
from ...settings import Settings
from ..normalize import NormalizedText
from ..segment import Segmentation, Token
from .agencies import _header_agency, _named, agency_matcher
from .context import _Ctx, _Dateline, dateline_shapes
from .dateline import _find_dateline, _letters, _line_dateline
from .dates import _date_links, _header_date
from .model import Metadata
from .text import lines as _lines
from .title import _headline


def _metadata(text: str, norm: NormalizedText, tokens: Sequence[Token], header: Mapping[str, str],
              lang: LangData) -> Metadata:
    view = norm.text
    matcher = agency_matcher(lang)
    lines = _lines(view)
    warnings: list[str] = []

    given = str(header.get("published") or "").strip()
    given_iso = _header_date(given) if given else None
    if given and given_iso is None:
        warnings.append(f"given publication date {given!r} is not an ISO date; ignored")
    header_iso: str | None = None
    for key in ("date_extracted", "date", "date_published", "pubdate"):
        value = str(header.get(key) or "").strip()
        header_iso = _header_date(value) if value else None
        if header_iso:
            break
    known = given_iso or header_iso  # the year of a dateline's "6 أغسطس"
    ctx = _Ctx(view, tokens, matcher, lang, lang.derived("metadata.date_links", _date_links),
               date.fromisoformat(known) if known else None, dateline_shapes(lang))

    title_span = _headline(text, norm, lines)
    dateline: _Dateline | None = None
    if title_span is not None:
        # A first line that is a dated credit ("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م
        # واس" above a blank line) is the dateline, not a headline.
        top, _ = _line_dateline(ctx, *lines[0], _letters(lang))
        if top is not None and top.hits and top.date:
            dateline, title_span = top, None
    title = str(header.get("title") or "").strip() or None
    if title is None and title_span is not None:
        title = text[title_span[0]:title_span[1]].strip() or None

    if dateline is None:
        dateline = _find_dateline(ctx, lines, 1 if title_span else 0)
    dateline_span = norm.to_original(dateline.vstart, dateline.vend) if dateline else None

    publisher: Named | None = None
    wire: Named | None = None
    header_agency, header_source = _header_agency(header, matcher)
    hits = [h for h in (dateline.hits if dateline else ()) if h.agency.kind != "generic"]
    if header_agency is not None:
        own = next((h for h in hits if h.agency.id == header_agency.id), None)
        publisher = _named(text, norm, own) if own else Named(text=header_source, name=header_agency.name)
    elif header_source:
        publisher = Named(text=header_source, name=None)
    else:
        first_pub = next((h for h in hits if h.agency.kind == "publisher"), None)
        if first_pub is not None:
            publisher = _named(text, norm, first_pub)
    publisher_name = publisher.name if publisher else None
    credits = [h for h in hits if h.agency.name != publisher_name]
    credit = next((h for h in credits if h.agency.kind == "wire"), None) or next(iter(credits), None)
    if credit is not None:
        wire = _named(text, norm, credit)
    elif publisher is None:
        wire_only = next((h for h in hits if h.agency.kind == "wire"), None)
        wire = _named(text, norm, wire_only) if wire_only else None

    published: str | None = None
    basis: str | None = None
    if given_iso:
        published, basis = given_iso, "given"
    elif dateline is not None and dateline.date:
        published, basis = dateline.date, "dateline"
    elif header_iso:
        published, basis = header_iso, "header"
    return Metadata(
        title=title,
        publisher=publisher,
        wire=wire,
        published=published,
        published_basis=basis,
        dateline=dateline_span,
        warnings=tuple(warnings),
    )


def extract_metadata(
    text: str, norm: NormalizedText, seg: Segmentation, header: Mapping[str, str], *,
    lang: LangData, settings: Settings,
) -> Metadata:
    """Title, publisher, wire and publication date (see the module docstring)."""
    return _metadata(text, norm, seg.tokens, header or {}, lang)
