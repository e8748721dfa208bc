"""The Dask engine: the same per-article function mapped over partitions on a Dask cluster,
each partition written by its worker as one Parquet shard, the shards read back in input
order (so the store merges them exactly as the local engine's results).

Without a scheduler address a ``LocalCluster`` of worker processes is started. With an
address, the shard folder must be one the workers can write and this process can read (a
shared file system). At most ``max_partitions`` partitions (default two per worker thread)
are in flight; a shard is deleted once read unless the folder was given by the caller.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..store.rows import DocumentRows
from .local import InFlight
from .work import CodeTask, WorkItem, WorkResult

__all__ = ["DaskEngine", "SHARD_COLUMNS", "code_partition", "read_shard"]

#: The columns of a shard, one row per input record in input order.
SHARD_COLUMNS = ("index", "origin", "input_key", "doc_id", "document", "rows", "error")


def _require() -> Any:
    try:
        import distributed
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError('the Dask engine needs dask[distributed] and pyarrow: pip install "dask[distributed]" '
                         "pyarrow") from None
    return distributed


def code_partition(task: CodeTask, items: list[WorkItem], shard: str) -> tuple[str, int]:
    """Run on a Dask worker: code every item of one partition and write the shard."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    results = task.run_chunk(items)
    table = pa.table({
        "index": pa.array([r.index for r in results], pa.int64()),
        "origin": pa.array([r.origin for r in results], pa.string()),
        "input_key": pa.array([r.key for r in results], pa.string()),
        "doc_id": pa.array([r.document["id"] if r.document else r.rows.id if r.rows else None
                            for r in results], pa.string()),
        "document": pa.array([json.dumps(r.document, ensure_ascii=False) if r.document else None
                              for r in results], pa.string()),
        "rows": pa.array([r.rows.to_json() if r.rows else None for r in results], pa.string()),
        "error": pa.array([r.error for r in results], pa.string()),
    })
    tmp = f"{shard}.{os.getpid()}-{uuid.uuid4().hex}.part"  # a task run twice never shares a temp file
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, shard)  # a shard is whole or absent
    return shard, len(results)


def read_shard(path: str | Path) -> Iterator[WorkResult]:
    """The rows of one shard as :class:`WorkResult` (documents and store rows decoded from JSON)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=list(SHARD_COLUMNS))
    for row in table.to_pylist():
        doc = json.loads(row["document"]) if row["document"] is not None else None
        rows = DocumentRows.from_json(row["rows"]) if row["rows"] is not None else None
        yield WorkResult(row["index"], row["origin"], row["input_key"], doc, row["error"], rows)


class DaskEngine:
    """Code work items on a Dask cluster (``with`` connects, or starts a LocalCluster)."""

    name = "dask"

    def __init__(self, task: CodeTask | None = None, *, scheduler: str | None = None, workers: int | None = None,
                 partition_size: int = 200, max_partitions: int | None = None, shard_dir: str | None = None,
                 processes: bool = True, threads_per_worker: int = 1) -> None:
        self.task = task or CodeTask()
        self.scheduler = scheduler
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.partition_size = partition_size
        self.max_partitions = max_partitions
        self.processes = processes
        self.threads_per_worker = threads_per_worker
        self.keep_shards = shard_dir is not None
        self.shard_dir = shard_dir
        self.counter = InFlight()
        self.shards_written = 0
        self._client: Any = None
        self._cluster: Any = None
        self._tmp: str | None = None

    def __enter__(self) -> DaskEngine:
        distributed = _require()
        if self.shard_dir is None:
            self._tmp = tempfile.mkdtemp(prefix="marsad-shards-")
            self.shard_dir = self._tmp
        else:
            Path(self.shard_dir).mkdir(parents=True, exist_ok=True)
        if self.scheduler:
            try:
                self._client = distributed.Client(self.scheduler, timeout="20s")
            except OSError as exc:
                raise InputError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
        else:
            self._cluster = distributed.LocalCluster(
                n_workers=self.workers, threads_per_worker=self.threads_per_worker, processes=self.processes,
                dashboard_address=None, silence_logs=40)
            self._client = distributed.Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _limit(self) -> int:
        if self.max_partitions is not None:
            return self.max_partitions
        threads = sum(self._client.nthreads().values()) if self._client is not None else self.workers
        return max(2, 2 * threads)

    def map(self, items: Iterable[WorkItem]) -> Iterator[WorkResult]:
        """Results in input order, read back from the shards."""
        if self._client is None:
            raise RuntimeError("use the engine in a with block")
        source = iter(items)
        limit = self._limit()
        pending: deque[tuple[Any, int]] = deque()
        number = 0
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                part = list(islice(source, self.partition_size))
                if not part:
                    exhausted = True
                    break
                self.counter.take(len(part))
                shard = os.path.join(str(self.shard_dir), f"part-{number:06d}.parquet")
                number += 1
                future = self._client.submit(code_partition, self.task, part, shard, pure=False)
                pending.append((future, len(part)))
            if not pending:
                return
            future, size = pending.popleft()
            shard, count = future.result()
            if count != size:
                raise RuntimeError(f"shard {shard} holds {count} rows, not {size}")
            self.shards_written += 1
            for result in read_shard(shard):
                self.counter.give()
                yield result
            if not self.keep_shards:
                os.remove(shard)
