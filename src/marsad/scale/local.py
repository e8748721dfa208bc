"""The local engine: a process pool on this machine, results in input order, a bounded
number of chunks in flight however long the input.

Items are sent in chunks of ``chunk_size``; at most ``max_chunks`` chunks (default four per
worker) are submitted and not yet given back, so at most ``(max_chunks + 1) * chunk_size``
items are held between the input iterator and the caller. With one worker (or an input
smaller than one chunk) items are coded in this process, with no pool.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from ..errors import MarsadError
from .work import CodeTask, WorkItem, WorkResult

__all__ = ["LocalEngine", "InFlight", "ordered_map"]


class InFlight:
    """Counts items taken from the input and not yet handed back (the bound's witness)."""

    __slots__ = ("current", "peak", "taken", "given")

    def __init__(self) -> None:
        self.current = self.peak = self.taken = self.given = 0

    def take(self, n: int) -> None:
        self.taken += n
        self.current += n
        self.peak = max(self.peak, self.current)

    def give(self, n: int = 1) -> None:
        self.given += n
        self.current -= n


def _noop() -> int:
    return os.getpid()


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the parent's loaded language data (copy-on-write); the pool is started
    # before any progress thread, so no lock is copied held.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def ordered_map(
    run_chunk: Callable[[list[Any]], list[Any]],
    items: Iterable[Any],
    *,
    workers: int,
    chunk_size: int = 8,
    max_chunks: int | None = None,
    counter: InFlight | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[Any]:
    """``run_chunk`` over ``items`` in chunks, yielding each result in input order. Without a
    ``pool`` (or with one worker) everything runs here; ``run_chunk`` must be picklable."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    counter = counter or InFlight()
    limit = max_chunks if max_chunks is not None else 4 * max(workers, 1)
    source = iter(items)
    if pool is None or workers <= 1:
        while chunk := list(islice(source, chunk_size)):
            counter.take(len(chunk))
            for result in run_chunk(chunk):
                counter.give()
                yield result
        return
    pending: deque[tuple[Future[list[Any]], int]] = deque()
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            chunk = list(islice(source, chunk_size))
            if not chunk:
                exhausted = True
                break
            counter.take(len(chunk))
            pending.append((pool.submit(run_chunk, chunk), len(chunk)))
        if not pending:
            return
        future, size = pending.popleft()
        try:
            results = future.result()
        except BrokenProcessPool:
            raise MarsadError("a worker process died (out of memory?); the batches stored so far are kept: "
                              "run the same command again to go on") from None
        if len(results) != size:
            raise RuntimeError("a worker returned the wrong number of results")
        for result in results:
            counter.give()
            yield result


class LocalEngine:
    """Code work items on ``workers`` processes of this machine (``with`` starts and stops
    the pool)."""

    name = "local"

    def __init__(self, task: CodeTask | None = None, *, workers: int | None = None, chunk_size: int = 8,
                 max_chunks: int | None = None) -> None:
        self.task = task or CodeTask()
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.chunk_size = chunk_size
        self.max_chunks = max_chunks if max_chunks is not None else 4 * self.workers
        self.counter = InFlight()
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            frozen = False
            if _context().get_start_method() == "fork":
                self.task.warm()
                # The language data, matchers and models just built live as long as the workers:
                # keep them out of the cycle collector's scans (in the workers, whose collections
                # would also copy the shared pages), as the gc docs advise before a fork.
                gc.freeze()
                frozen = True
            try:
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context())
                for future in [self._pool.submit(_noop) for _ in range(self.workers)]:
                    future.result()
            finally:
                if frozen:
                    gc.unfreeze()  # the workers are forked; this process collects as before
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, items: Iterable[WorkItem]) -> Iterator[WorkResult]:
        """Results in input order. The pool starts only when the input is longer than one chunk."""
        source = iter(items)
        first = list(islice(source, self.chunk_size + 1))
        if len(first) <= self.chunk_size or self.workers <= 1:
            pool = None
        else:
            pool = self._start()

        def chained() -> Iterator[WorkItem]:
            yield from first
            yield from source

        return ordered_map(self.task.run_chunk, chained(), workers=self.workers if pool else 1,
                           chunk_size=self.chunk_size, max_chunks=self.max_chunks, counter=self.counter,
                           pool=pool)
