"""The metadata stage's record: title, publisher, wire, publication date and dateline span."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Named


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    publisher: Named | None = None
    wire: Named | None = None
    published: str | None = None
    published_basis: str | None = None  # given, dateline, header, or None
    dateline: tuple[int, int] | None = None  # original span of the dateline, if any
    warnings: tuple[str, ...] = ()
