"""Quotes and their speakers (PLACEHOLDER: being written)."""

from __future__ import annotations

from ..langdata.loader import LangData
from ..model import Entity, Quote
from ..settings import Settings
from .normalize import NormalizedText
from .segment import Segmentation

__all__ = ["extract_quotes"]


def extract_quotes(
    text: str, norm: NormalizedText, seg: Segmentation, entities: tuple[Entity, ...], *,
    lang: LangData, settings: Settings,
) -> tuple[Quote, ...]:
    return ()
