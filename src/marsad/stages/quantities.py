"""Quantities (PLACEHOLDER: being written)."""

from __future__ import annotations

from ..langdata.loader import LangData
from ..model import Quantity
from ..settings import Settings
from .normalize import NormalizedText
from .segment import Segmentation

__all__ = ["extract_quantities"]


def extract_quantities(
    text: str, norm: NormalizedText, seg: Segmentation, *, lang: LangData, settings: Settings
) -> tuple[Quantity, ...]:
    return ()
