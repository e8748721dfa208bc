"""The event model's confidence as users filter on it: checking a threshold, the default one,
and keeping a document's events at or above it.

Every pattern candidate is an event with a ``confidence`` (the event model's calibrated
probability that it is a real event). The default threshold is the one the model's
cross-validation chose (``threshold`` in the model's ``config.json``). An event without a
confidence (coded without a model, or stored before the store kept confidences) passes any
threshold: nothing says it is below it.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from .errors import MarsadError, QueryError
from .model import Document, Event
from .settings import Settings

__all__ = ["check_confidence", "default_threshold", "passes", "keep_confident"]


def check_confidence(value: Any, what: str = "min-confidence") -> float | None:
    """A threshold in [0, 1] (None or "" stays None); anything else is a :class:`QueryError`."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool):
        raise QueryError(f"{what} {value!r} is not a number between 0 and 1")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise QueryError(f"{what} {str(value)[:40]!r} is not a number between 0 and 1") from None
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        raise QueryError(f"{what} must be between 0 and 1, not {str(value)[:40]}")
    return number


def default_threshold(settings: Settings | None = None) -> float:
    """The threshold the event model's cross-validation chose (0 when no model is shipped or
    the settings turn it off: then events carry no confidence and every one passes)."""
    settings = settings or Settings()
    if settings.event_model == "none":
        return 0.0
    from .stages.events.model import load_event_model

    try:
        return load_event_model(settings.event_model).threshold
    except MarsadError:
        if settings.event_model is not None:
            raise  # a model the user named must load
        return 0.0


def passes(event: Event, threshold: float | None) -> bool:
    """Whether ``event`` is kept at ``threshold`` (None or 0: every event)."""
    return not threshold or event.confidence is None or event.confidence >= threshold


def keep_confident(doc: Document, threshold: float | None) -> Document:
    """``doc`` with only the events that pass ``threshold`` (the same object when all pass)."""
    if not threshold:
        return doc
    kept = tuple(e for e in doc.events if passes(e, threshold))
    return doc if len(kept) == len(doc.events) else dataclasses.replace(doc, events=kept)
