"""Title, publisher, wire agency and publication date (PLACEHOLDER: being written)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..langdata.loader import LangData
from ..model import Named
from ..settings import Settings
from .normalize import NormalizedText
from .segment import Segmentation

__all__ = ["Metadata", "extract_metadata"]


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    publisher: Named | None = None
    wire: Named | None = None
    published: str | None = None
    published_basis: str | None = None  # given, dateline, header, or None
    dateline: tuple[int, int] | None = None  # original span of the dateline, if any
    warnings: tuple[str, ...] = ()


def extract_metadata(
    text: str, norm: NormalizedText, seg: Segmentation, header: Mapping[str, str], *,
    lang: LangData, settings: Settings,
) -> Metadata:
    if header.get("published"):
        return Metadata(published=header["published"][:10], published_basis="given")
    return Metadata()
