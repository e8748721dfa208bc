"""The fixed train/dev split of ANERcorp train used to train and tune the shipped model."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from ..evaluation.ner import read_conll

__all__ = ["DEV_FRACTION", "split_train_dev", "anercorp_train_dev", "ANERCORP_TRAIN"]

T = TypeVar("T")
DEV_FRACTION = 0.1
ANERCORP_TRAIN = Path("data") / "ner" / "anercorp" / "train.txt"  # relative to ../shared


def split_train_dev(sentences: list[T], fraction: float = DEV_FRACTION) -> tuple[list[T], list[T]]:
    """DEV is the LAST ``round(fraction * N)`` sentences (whole documents stay on one side,
    except the one cut at the boundary); TRAIN is everything before."""
    n_dev = round(fraction * len(sentences))
    return sentences[: len(sentences) - n_dev], sentences[len(sentences) - n_dev:]


def anercorp_train_dev(shared: Path, fraction: float = DEV_FRACTION) -> tuple[list, list]:
    """Read ``<shared>/data/ner/anercorp/train.txt`` (tags mapped PERS->PER) and split it."""
    return split_train_dev(read_conll(Path(shared) / ANERCORP_TRAIN), fraction)
