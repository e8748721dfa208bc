"""Date expressions (PLACEHOLDER: being written)."""

from __future__ import annotations

from ..langdata.loader import LangData
from ..model import TimeExpr
from ..settings import Settings
from .metadata import Metadata
from .normalize import NormalizedText
from .segment import Segmentation

__all__ = ["extract_times"]


def extract_times(
    text: str, norm: NormalizedText, seg: Segmentation, meta: Metadata, *, lang: LangData, settings: Settings
) -> tuple[TimeExpr, ...]:
    return ()
