"""Events (PLACEHOLDER: being written)."""

from __future__ import annotations

from ..langdata.loader import LangData
from ..model import Entity, Event, Quote, TimeExpr
from ..settings import Settings
from .metadata import Metadata
from .normalize import NormalizedText
from .segment import Segmentation

__all__ = ["extract_events"]


def extract_events(
    text: str, norm: NormalizedText, seg: Segmentation, meta: Metadata, times: tuple[TimeExpr, ...],
    entities: tuple[Entity, ...], quotes: tuple[Quote, ...], *, lang: LangData, settings: Settings,
) -> tuple[Event, ...]:
    return ()
