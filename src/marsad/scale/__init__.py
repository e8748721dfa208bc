"""Ingest at scale: the per-article function (``work``), a local process-pool engine and a
Dask engine that both give results in input order with a bounded number in flight, and the
progress display.

>>> from marsad.scale import LocalEngine, CodeTask          # doctest: +SKIP
>>> with LocalEngine(CodeTask(), workers=4) as engine:
...     for result in engine.map(items):                     # WorkItem -> WorkResult, in order
...         ...

``marsad.store.ingest_paths(..., workers=N)`` and ``engine="dask"`` use them; the Dask
engine is imported only when asked for (it needs ``dask[distributed]`` and ``pyarrow``).
"""

from __future__ import annotations

from typing import Any

from .local import InFlight, LocalEngine, ordered_map
from .progress import IngestProgress, estimate_total
from .work import ArticleTimeout, CodeTask, WorkItem, WorkResult, code_item, decode_document, time_limit

__all__ = [
    "ArticleTimeout",
    "CodeTask",
    "InFlight",
    "IngestProgress",
    "LocalEngine",
    "WorkItem",
    "WorkResult",
    "code_item",
    "decode_document",
    "estimate_total",
    "make_engine",
    "ordered_map",
    "time_limit",
]

ENGINES = ("local", "dask")


def make_engine(name: str, task: CodeTask, *, workers: int | None = None, scheduler: str | None = None,
                **options: Any) -> Any:
    """``local`` (a process pool) or ``dask`` (a cluster at ``scheduler``, or a LocalCluster)."""
    if name == "local":
        return LocalEngine(task, workers=workers, **options)
    if name == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(task, workers=workers, scheduler=scheduler, **options)
    raise ValueError(f"unknown engine {name!r}; one of {', '.join(ENGINES)}")
