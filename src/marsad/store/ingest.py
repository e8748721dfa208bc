"""Reading, coding and storing article files in batches: ``ingest_paths``.

Each batch is one transaction. A run killed at any moment leaves whole batches only, and
running the same command again skips what was stored (by the hash of each input's bytes,
without coding it again; by content id for a new file with a known text) and stores the rest.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .. import __version__
from ..errors import InputError
from ..io.files import iter_article_files
from ..io.text import read_article_bytes
from ..model import Document, Source
from ..pipeline import code_article
from ..settings import Settings
from .core import Store

__all__ = ["IngestReport", "ingest_paths", "input_key"]

MAX_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did. ``skipped`` inputs were stored by an earlier run."""

    files: int = 0
    coded: int = 0
    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: int = 0
    batches: int = 0
    seconds: float = 0.0
    store_seconds: float = 0.0  # of which writing to the store (dedup, index, events)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.files} files",
            f"{self.added} documents stored",
            f"{self.near_duplicates} of them joined an existing story",
            f"{self.duplicates} exact duplicates",
            f"{self.skipped} already stored",
            f"{len(self.failed)} failed",
        ]
        return ", ".join(parts) + f" ({self.batches} batches, {self.seconds:.1f} s)"


def input_key(data: bytes, *, published: str | None) -> str:
    """What identifies an input for a rerun: its bytes, the options that change its coding,
    and the coder's version."""
    digest = hashlib.sha256()
    for part in (__version__.encode(), (published or "").encode(), data):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def _read(path: str) -> bytes:
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputError("is a directory", path=path) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=path) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"larger than {MAX_BYTES} bytes; split it first", path=path)
    return data


def ingest_paths(
    paths: Iterable[str],
    *,
    store: Store,
    batch_size: int = 200,
    published: str | None = None,
    settings: Settings | None = None,
    progress: Callable[[IngestReport], None] | None = None,
    coder: Callable[..., Document] = code_article,
) -> IngestReport:
    """Code the article files under ``paths`` and store them, ``batch_size`` documents per
    transaction. Unreadable inputs are listed in ``report.failed``; the rest go on.
    ``coder`` is :func:`marsad.pipeline.code_article` or a function with its signature."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = IngestReport()
    started = time.perf_counter()
    lang = store.lang
    settings = settings or Settings()
    pending: list[tuple[Document, str]] = []
    pending_keys: set[str] = set()

    def flush() -> None:
        if not pending:
            return
        began = time.perf_counter()
        result = store.ingest([d for d, _ in pending], input_keys=[k for _, k in pending])
        report.store_seconds += time.perf_counter() - began
        report.added += result.added
        report.duplicates += result.duplicates
        report.near_duplicates += result.near_duplicates
        report.batches += 1
        pending.clear()
        pending_keys.clear()
        if progress is not None:
            progress(report)

    def handle(chunk: list[str]) -> None:
        read: list[tuple[str, bytes, str]] = []
        for path in chunk:
            report.files += 1
            try:
                data = _read(path)
            except InputError as exc:
                report.failed.append((path, exc.message))
                continue
            read.append((path, data, input_key(data, published=published)))
        known = store.known_inputs([key for _, _, key in read])  # one query for the chunk
        for path, data, key in read:
            if key in known or key in pending_keys:
                report.skipped += 1
                continue
            try:
                article = read_article_bytes(data, name=path)
                source = Source(path=None if path == "-" else path, url=article.header.get("url") or None)
                doc = coder(article.text, header=article.header, published=published, source=source,
                            lang=lang, settings=settings)
            except InputError as exc:
                report.failed.append((path, exc.message))
                continue
            report.coded += 1
            pending.append((doc, key))
            pending_keys.add(key)
            if len(pending) >= batch_size:
                flush()

    chunk: list[str] = []
    for path in iter_article_files(paths):
        chunk.append(path)
        if len(chunk) >= batch_size:
            handle(chunk)
            chunk = []
    handle(chunk)
    flush()
    report.seconds = time.perf_counter() - started
    return report
