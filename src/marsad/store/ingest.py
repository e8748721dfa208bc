"""Reading, coding and storing articles in batches: ``ingest_paths`` and ``ingest_records``.

The readers (:func:`marsad.io.readers.iter_articles`) stream records from every format; each
record is coded by the per-article function (:class:`marsad.scale.CodeTask`) in this process,
in a pool of worker processes (``workers``) or on a Dask cluster (``engine="dask"``); the
documents come back in input order and are stored here, ``batch_size`` per transaction. So
the store holds the same documents, clusters and events whatever the engine or the number of
workers, and a run killed at any moment leaves whole batches only: running it again skips
what was stored (by the hash of each record as read, without coding it again; by content id
for a new record with a known text) and stores the rest.

Memory stays bounded: the reader streams, at most ``4 * workers`` chunks of ``chunk_size``
records are in flight, and one batch waits for its transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .. import __version__
from ..confidence import check_confidence
from ..io.readers import RecordResult, iter_articles, iter_input_files
from ..io.text import Article
from ..model import Document
from ..pipeline import code_article
from ..scale import CodeTask, WorkItem, make_engine
from ..settings import Settings
from .core import Store
from .rows import DocumentRows

__all__ = ["IngestReport", "ingest_paths", "ingest_records", "input_key", "record_key"]


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did. ``records`` were handled (coded, failed or skipped), of the
    ``read`` the reader gave so far; ``skipped`` records were stored by an earlier run (or
    earlier in this one). ``total_bytes``/``bytes_done``/``read_done``: the input files'
    sizes, all and finished reading, and the records those held (for the progress estimate)."""

    files: int = 0
    records: int = 0
    read: int = 0
    coded: int = 0
    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: int = 0
    batches: int = 0
    seconds: float = 0.0
    store_seconds: float = 0.0  # of which writing to the store (dedup, index, events)
    #: CPU time of the process that reads and writes (with workers > 1 it codes nothing): the
    #: serial part of a run, which no number of workers shortens.
    cpu_seconds: float = 0.0
    workers: int = 1
    engine: str = "local"
    peak_in_flight: int = 0  # most records held between the reader and the store at once
    total_bytes: int = 0
    bytes_done: int = 0
    read_done: int = 0  # records read from the files finished
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.files} files",
            f"{self.records} articles",
            f"{self.added} documents stored",
            f"{self.near_duplicates} of them joined an existing story",
            f"{self.duplicates} exact duplicates",
            f"{self.skipped} already stored",
            f"{len(self.failed)} failed",
        ]
        where = f"{self.engine}, {self.workers} worker{'s' if self.workers != 1 else ''}"
        return ", ".join(parts) + (f" ({self.batches} batches, {self.seconds:.1f} s, "
                                   f"{self.cpu_seconds:.1f} CPU s in the writing process, {where})")


def input_key(data: bytes, *, published: str | None) -> str:
    """What identifies an input for a rerun: its bytes, the options that change its coding,
    and the coder's version."""
    digest = hashlib.sha256()
    for part in (__version__.encode(), (published or "").encode(), data):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def record_key(article: Article, *, published: str | None) -> str:
    """:func:`input_key` of one record as read: its text, header fields and reader warnings
    (the same record in a renamed file, or re-read from its archive, has the same key)."""
    header = json.dumps(dict(article.header), ensure_ascii=False, sort_keys=True)
    data = "\x1e".join((article.text, header, "\x1f".join(article.warnings))).encode("utf-8", "surrogatepass")
    return input_key(data, published=published)


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path) if path != "-" else 0
    except OSError:
        return 0


def ingest_paths(
    paths: Iterable[str],
    *,
    store: Store,
    text_field: str | None = None,
    date_field: str | None = None,
    title_field: str | None = None,
    url_field: str | None = None,
    format: str | None = None,
    **options: Any,
) -> IngestReport:
    """Read the articles under ``paths`` (every format :func:`~marsad.io.readers.iter_articles`
    knows; the ``*_field`` and ``format`` arguments are its own), code them and store them.
    Unreadable records are listed in ``report.failed``; the rest go on. ``options`` are those of
    :func:`ingest_records` (batch_size, workers, engine, coder, progress, ...)."""
    paths = list(paths)
    total = sum(_file_size(p) for p in iter_input_files(paths))
    records = iter_articles(paths, text_field=text_field, date_field=date_field, title_field=title_field,
                            url_field=url_field, format=format)
    return ingest_records(records, store=store, total_bytes=total, **options)


def ingest_records(
    records: Iterable[RecordResult],
    *,
    store: Store,
    batch_size: int = 200,
    published: str | None = None,
    settings: Settings | None = None,
    progress: Callable[[IngestReport], None] | None = None,
    coder: Callable[..., Document] = code_article,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    chunk_size: int = 8,
    engine_options: dict[str, Any] | None = None,
    total_bytes: int = 0,
    min_confidence: float | None = None,
) -> IngestReport:
    """Code and store ``records`` (from :func:`~marsad.io.readers.iter_articles`, read lazily),
    ``batch_size`` documents per transaction, in input order.

    ``coder`` is :func:`marsad.pipeline.code_article` or a module-level function with its
    signature; ``workers`` processes code (1: in this process); ``engine`` is ``local`` or
    ``dask`` (``scheduler``: a Dask scheduler address; none starts a LocalCluster).
    ``progress`` is called with the report after every record handled. ``min_confidence``
    (default 0): events below it are not stored; 0 stores every candidate with its confidence,
    so the threshold can be chosen when reading."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    from ..actors import actor_registry

    actor_registry(store.lang, (settings or Settings()).actors)  # a bad user registry: one error, nothing stored
    report = IngestReport(workers=max(1, workers), engine=engine, total_bytes=total_bytes)
    started = time.perf_counter()
    cpu_started = time.process_time()
    # Workers make each document's store rows too: this process only clusters and writes.
    task = CodeTask(coder=coder, published=published, settings=settings or Settings(), lang=store.lang.lang,
                    store_lsh=store.lsh, min_confidence=check_confidence(min_confidence) or 0.0)
    pending: list[tuple[DocumentRows, str]] = []  # a document's rows, its input key
    in_flight: set[str] = set()  # keys sent to be coded and not yet stored
    failed_keys: set[str] = set()  # keys whose coding failed in this run (not retried in it)

    def flush() -> None:
        if not pending:
            return
        began = time.perf_counter()
        result = store.ingest_rows([d for d, _ in pending], input_keys=[k for _, k in pending])
        report.store_seconds += time.perf_counter() - began
        report.added += result.added
        report.duplicates += result.duplicates
        report.near_duplicates += result.near_duplicates
        report.batches += 1
        in_flight.difference_update(k for _, k in pending)  # now known to the store
        pending.clear()

    def items() -> Iterator[WorkItem]:
        """Records as work items; those stored already (or earlier in this run) are skipped."""
        index = 0
        current: str | None = None
        size = 0
        source = iter(records)
        while chunk := list(islice(source, chunk_size)):
            keyed: list[tuple[RecordResult, str]] = []
            for rec in chunk:
                if rec.origin.path != current:
                    report.bytes_done += size
                    report.read_done = report.read
                    current, size = rec.origin.path, _file_size(rec.origin.path)
                    report.files += 1
                report.read += 1
                keyed.append((rec, record_key(rec.article, published=published) if rec.article else ""))
            known = store.known_inputs([k for _, k in keyed if k])  # one query per chunk
            for rec, key in keyed:
                if rec.article is None:
                    yield WorkItem(index, str(rec.origin), "", error=rec.error or "unreadable")
                elif key in known or key in in_flight or key in failed_keys:
                    report.skipped += 1
                    report.records += 1
                    continue
                else:
                    in_flight.add(key)
                    article = rec.article
                    yield WorkItem(index, str(rec.origin), key, article.text, dict(article.header),
                                   tuple(article.warnings))
                index += 1
        report.bytes_done += size
        report.read_done = report.read

    options = dict(engine_options or {})
    if engine == "local":
        options.setdefault("chunk_size", chunk_size)
    runner = make_engine(engine, task, workers=workers, scheduler=scheduler, **options)
    with runner:
        for result in runner.map(items()):
            report.records += 1
            if result.rows is None:
                report.failed.append((result.origin, result.error or "failed"))
                if result.key:
                    in_flight.discard(result.key)
                    failed_keys.add(result.key)
            else:
                report.coded += 1
                pending.append((result.rows, result.key))
            held = report.read - report.records + len(pending)
            report.peak_in_flight = max(report.peak_in_flight, held)
            if len(pending) >= batch_size:
                flush()
            if progress is not None:
                progress(report)
        flush()
    report.seconds = time.perf_counter() - started
    report.cpu_seconds = time.process_time() - cpu_started
    if progress is not None:
        progress(report)
    return report
