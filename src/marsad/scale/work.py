"""The unit of parallel work: one article in (:class:`WorkItem`), one document dict or one
error out (:class:`WorkResult`), by the same pure function on every engine."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..confidence import keep_confident
from ..errors import MarsadError
from ..model import Document, Source, document_from_dict, document_to_dict
from ..pipeline import code_article
from ..settings import Settings
from ..store.minhash import LSHParams
from ..store.rows import DocumentRows, document_rows

__all__ = ["ArticleTimeout", "CodeTask", "WorkItem", "WorkResult", "code_item", "decode_document", "time_limit"]


class ArticleTimeout(BaseException):
    """Raised in the coding thread when one article ran past its time limit (a BaseException,
    as KeyboardInterrupt is: no ``except Exception`` on the way swallows it)."""


def _can_interrupt() -> bool:
    # SIGALRM reaches the main thread only: a pool worker's, or the ingest's own when it
    # codes in-process; a Dask worker's task threads cannot be interrupted this way. A timer
    # armed already belongs to the program that calls us: it is left alone.
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() \
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in the block once it has run ``seconds`` (wall clock;
    0 or less, a thread other than the main one, or an interval timer armed already: no
    limit). The timer is stopped and the previous SIGALRM handler put back on the way out."""
    if seconds <= 0 or not _can_interrupt():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class WorkItem(NamedTuple):
    """One record to code. ``index`` is its place in the input (results keep that order);
    ``error`` is set for a record the reader could not read (passed through, not coded)."""

    index: int
    origin: str
    key: str
    text: str = ""
    header: Mapping[str, str] | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None


class WorkResult(NamedTuple):
    """What coding one :class:`WorkItem` gave: the document's dict form, or its store rows
    (when the task makes them), or an error."""

    index: int
    origin: str
    key: str
    document: dict[str, Any] | None = None
    error: str | None = None
    rows: DocumentRows | None = None


@dataclass(frozen=True, slots=True)
class CodeTask:
    """The per-article function with its options bound: ``task(item) -> WorkResult``.
    Picklable (``coder`` must be a module-level function) so it can run in another process
    or on a Dask worker; each process loads the language data once (cached per process).

    With ``store_lsh`` (a store's MinHash parameters) the result carries the document's store
    rows (:func:`marsad.store.rows.document_rows`) instead of its dict form: the index terms,
    signature and event rows are then made here, in parallel, not by the process that writes."""

    coder: Callable[..., Document] = code_article
    published: str | None = None
    settings: Settings | None = None
    lang: str = "ar"
    store_lsh: LSHParams | None = None
    #: Events below this confidence are dropped from the document (0: keep every candidate).
    min_confidence: float = 0.0

    def __call__(self, item: WorkItem) -> WorkResult:
        if item.error is not None:
            return WorkResult(item.index, item.origin, item.key, None, item.error)
        from ..langdata.loader import load_langdata

        source = Source(path=None if item.origin == "-" else item.origin,
                        url=(item.header or {}).get("url") or None)
        extra = {"warnings": tuple(item.warnings)} if item.warnings else {}
        settings = self.settings or Settings()
        try:
            lang = load_langdata(self.lang)  # loaded before the clock starts (once per process)
            try:
                with time_limit(settings.article_timeout):
                    doc = self.coder(item.text, header=dict(item.header or {}), published=self.published,
                                     source=source, lang=lang, settings=settings, **extra)
                    doc = keep_confident(doc, self.min_confidence)
                    rows = None
                    if self.store_lsh is not None:
                        from ..actors import actor_registry

                        registry = actor_registry(lang, settings.actors).version
                        rows = document_rows(doc, lang=lang, lsh=self.store_lsh, registry=registry)
            except ArticleTimeout:
                return WorkResult(item.index, item.origin, item.key, None,
                                  f"coding took longer than {settings.article_timeout:g} s (--article-timeout) for "
                                  f"{len(item.text):,} characters; not stored")
            if rows is not None:
                return WorkResult(item.index, item.origin, item.key, None, None, rows)
        except MarsadError as exc:
            return WorkResult(item.index, item.origin, item.key, None, exc.message)
        except Exception as exc:  # a bug in one article must not stop a run of millions
            return WorkResult(item.index, item.origin, item.key, None,
                              f"coding failed: {type(exc).__name__}: {exc}")
        return WorkResult(item.index, item.origin, item.key, document_to_dict(doc), None)

    def warm(self) -> None:
        """Load the language data and build its matchers in this process (a forked worker
        then shares them instead of building its own)."""
        self(WorkItem(-1, "warm-up", "", "تجربة."))

    def run_chunk(self, items: Iterable[WorkItem]) -> list[WorkResult]:
        return [self(item) for item in items]


def code_item(item: WorkItem, task: CodeTask | None = None) -> WorkResult:
    """Code one item with ``task`` (default: :func:`marsad.pipeline.code_article`)."""
    return (task or CodeTask())(item)


def decode_document(value: dict[str, Any] | str) -> Document:
    """A document from its dict form or that dict as JSON (as a Parquet shard keeps it)."""
    return document_from_dict(json.loads(value) if isinstance(value, str) else value)
