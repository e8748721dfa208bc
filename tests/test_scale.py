"""Ingest at scale: parallel equals serial, progress, bad records, the Dask engine, and the
bound on what is held in flight (counted, never timed)."""

from __future__ import annotations

import io
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import root
from marsad.io.readers import Origin, RecordResult
from marsad.io.text import Article
from marsad.scale import (
    CodeTask,
    InFlight,
    IngestProgress,
    LocalEngine,
    WorkItem,
    estimate_total,
    ordered_map,
)
from marsad.store import IngestReport, ingest_paths, open_store
from marsad.store.ingest import ingest_records

from .conftest import EXAMPLE
from .store_fixtures import fault_coder, store_snapshot

N_SYNTHETIC = 30


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(7, 12))) + "."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~30 small Arabic articles: distinct stories, exact copies, near copies (one sentence
    changed), a JSON Lines file of four records (one of them broken) and an empty file."""
    rng = random.Random(61)
    example = EXAMPLE.read_text(encoding="utf-8")
    words = sorted(set(re.findall(r"[\u0621-\u064a]{3,}", example)))
    folder = tmp_path_factory.mktemp("scale") / "articles"
    folder.mkdir()
    bodies: list[str] = []
    for i in range(N_SYNTHETIC - 6):
        if i % 8 == 5:
            body = bodies[i - 3]  # an exact copy: skipped by its record key
        elif i % 8 == 7:
            body = bodies[i - 2] + "\n" + _sentence(rng, words)  # a near copy (one more line): joins the story
        else:
            day = rng.randint(1, 28)
            body = "\n".join([f"# title: {_sentence(rng, words)[:-1]}", "",
                              f"موسكو ({day} يوليو 2021) - {_sentence(rng, words)}"]
                             + [_sentence(rng, words) for _ in range(rng.randint(8, 12))])
        bodies.append(body)
        (folder / f"{i:03d}.txt").write_text(body + "\n", encoding="utf-8")
    (folder / "example.txt").write_text(example, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    lines = [json.dumps({"id": f"r{k}", "title": f"خبر {k}", "date": f"2021-07-2{k}",
                         "text": " ".join(_sentence(rng, words) for _ in range(5))}, ensure_ascii=False)
             for k in range(3)]
    lines.insert(2, '{"id": "broken", "text": ')
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _ingest(db: Path, corpus: Path, **kwargs) -> IngestReport:
    with open_store(str(db)) as store:
        return ingest_paths([str(corpus)], store=store, batch_size=7, chunk_size=3, **kwargs)


@pytest.fixture(scope="module")
def serial(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[IngestReport, dict]:
    db = tmp_path_factory.mktemp("serial") / "one.db"
    report = _ingest(db, corpus, workers=1)
    return report, store_snapshot(str(db))


def test_two_workers_store_what_one_worker_stores(corpus: Path, serial, tmp_path: Path) -> None:
    one, expected = serial
    two = _ingest(tmp_path / "two.db", corpus, workers=2)
    assert two.workers == 2 and two.batches == one.batches > 1
    for name in ("files", "records", "coded", "added", "duplicates", "near_duplicates", "skipped"):
        assert getattr(two, name) == getattr(one, name), name
    assert two.failed == one.failed
    got = store_snapshot(str(tmp_path / "two.db"))
    for table in expected:
        assert got[table] == expected[table], table
    # the corpus exercises what must come out equal: order, clusters, merged events
    clusters = {row[2] for row in expected["documents"]}
    assert one.near_duplicates >= 2 and len(clusters) == one.added - one.near_duplicates
    assert one.skipped == 3 and len(expected["mentions"]) > len(expected["events"]) > 0
    assert [row[1] for row in expected["documents"]] == list(range(1, one.added + 1))


def test_a_bad_record_is_reported_and_the_rest_lands(serial) -> None:
    report, snapshot = serial
    failed = dict(report.failed)
    assert len(failed) == 2
    (empty,) = [m for p, m in failed.items() if p.endswith("empty.txt")]
    assert "empty" in empty
    assert any("wire.jsonl" in p for p in failed)
    stored = {row[7] for row in snapshot["documents"]}  # source_path
    assert sum("wire.jsonl" in (p or "") for p in stored) == 3  # the three good records
    assert report.records == N_SYNTHETIC - 6 + 1 + 1 + 4
    assert report.added + report.duplicates + report.skipped + len(report.failed) == report.records


def test_rerun_skips_everything_with_workers(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    first = _ingest(db, corpus, workers=2)
    again = _ingest(db, corpus, workers=2)
    assert again.added == 0 and again.coded == 0
    assert again.skipped == first.added + first.duplicates + first.skipped
    assert len(again.failed) == len(first.failed)


# -- progress ---------------------------------------------------------------------------------

class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_lines_every_n_seconds_when_not_a_tty() -> None:
    out, clock = io.StringIO(), _Clock()
    progress = IngestProgress(stream=out, every=10, tty=False, clock=clock)
    report = IngestReport(total_bytes=1000)
    steps = ((1, 5, 0, 0), (4, 10, 0, 0), (12, 20, 20, 250), (15, 30, 20, 250), (23, 40, 40, 500),
             (25, 46, 40, 500))
    for t, records, read_done, done in steps:
        clock.now, report.records, report.read, report.bytes_done = t, records, records, done
        report.read_done = read_done
        progress(report)
    progress.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 4  # at 1 s, at 12 s, at 23 s and the last state (25 s) at the end
    assert lines[0].startswith("marsad ingest: 5 articles") and "ETA unknown" in lines[0]
    assert "20 of ~80 articles" in lines[1] and "articles/s" in lines[1]
    assert "ETA 0:00:36" in lines[1]  # 60 left at 20 / 12 s
    assert lines[3].startswith("marsad ingest: 46 of ~80 articles")
    progress.close()
    assert len(out.getvalue().splitlines()) == 4  # nothing new: nothing repeated


@pytest.mark.parametrize(("read", "read_done", "done", "total", "expected"), [
    (0, 0, 0, 0, None), (10, 0, 0, 100, None), (10, 10, 50, 100, 20), (14, 10, 50, 100, 20),
    (30, 30, 100, 100, 30), (7, 7, 10, 0, None), (25, 10, 50, 100, 25),
])
def test_estimate_total(read: int, read_done: int, done: int, total: int, expected: int | None) -> None:
    report = IngestReport(read=read, read_done=read_done, records=read, bytes_done=done, total_bytes=total)
    assert estimate_total(report) == expected


def test_progress_bar_on_a_terminal() -> None:
    out = io.StringIO()
    progress = IngestProgress(stream=out, tty=True)
    progress(IngestReport(records=3, read=3, read_done=3, added=2, total_bytes=10, bytes_done=5))
    progress.close()
    assert "articles/s" in out.getvalue() and "3/6" in out.getvalue()


def test_cli_logs_progress_lines_when_not_on_a_terminal(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(root, ["ingest", str(corpus), "--db", str(tmp_path / "cli.db"), "--workers", "2",
                                       "--progress-every", "0"])
    assert result.exit_code == 2, result.output  # the two bad records
    lines = [line for line in result.stderr.splitlines() if line.startswith("marsad ingest:")]
    assert len(lines) >= N_SYNTHETIC - 3 and all("articles/s" in line for line in lines)  # one per article coded
    assert "2 workers" in result.stdout and "2 failed" in result.stdout
    quiet = CliRunner().invoke(root, ["ingest", str(corpus), "--db", str(tmp_path / "cli.db"), "-q"])
    assert "marsad ingest:" not in quiet.stderr


# -- bounded memory -----------------------------------------------------------------------------

class _Counted:
    """A generator of tiny articles that counts what was taken from it: 50 texts, each under
    100 headers (every record is coded; the store keeps 50 and counts the rest as duplicates)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.pulled = 0

    def __iter__(self) -> Iterator[RecordResult]:
        for i in range(self.n):
            self.pulled += 1
            k = i % 50
            text = f"قال المتحدث {k} إن الوزير زار المدينة رقم {k} في يوليو.\nوأضاف أن الزيارة {k} انتهت."
            yield RecordResult(Origin(path=f"gen/{i // 100}", record=i + 1), Article(text, {"id": str(i)}))


def test_ingest_never_holds_more_than_the_bound(tmp_path: Path) -> None:
    n, workers, chunk, batch = 5000, 2, 4, 50
    source = _Counted(n)
    held: list[int] = []

    def watch(report: IngestReport) -> None:
        left = report.added + report.duplicates + report.skipped + len(report.failed)
        held.append(source.pulled - left)

    with open_store(str(tmp_path / "bound.db")) as store:
        report = ingest_records(source, store=store, workers=workers, chunk_size=chunk, batch_size=batch,
                                coder=fault_coder, progress=watch)
    assert (report.coded, report.added, report.duplicates) == (n, 50, n - 50)
    assert source.pulled == n and len(held) == n + 1
    bound = (4 * workers + 1) * chunk + chunk + batch  # in flight, the chunk being read, one batch
    assert max(held) <= bound < n / 40
    assert report.peak_in_flight <= bound


def test_ordered_map_keeps_order_and_its_bound() -> None:
    taken = 0

    def numbers() -> Iterator[int]:
        nonlocal taken
        for i in range(5000):
            taken += 1
            yield i

    counter = InFlight()
    out = []
    for value in ordered_map(_double_all, numbers(), workers=1, chunk_size=5, counter=counter):
        out.append(value)
        assert taken - len(out) <= 5
    assert out == [2 * i for i in range(5000)] and counter.peak <= 5 and counter.current == 0


def _double_all(chunk: list[int]) -> list[int]:
    return [2 * x for x in chunk]


def test_local_engine_bound_with_a_pool() -> None:
    items = (WorkItem(i, f"x#{i}", f"k{i}", f"نص رقم {i}.") for i in range(400))
    with LocalEngine(CodeTask(coder=fault_coder), workers=2, chunk_size=3, max_chunks=4) as engine:
        results = list(engine.map(items))
    assert [r.index for r in results] == list(range(400))
    assert all(r.document and r.error is None for r in results)
    assert engine.counter.peak <= (4 + 1) * 3 and engine.counter.current == 0


# -- Dask -----------------------------------------------------------------------------------------

def test_dask_engine_equals_the_local_engine(corpus: Path, serial, tmp_path: Path) -> None:
    """On a LocalCluster of two worker processes, reached by its address (as a remote one)."""
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    one, expected = serial
    shards = tmp_path / "shards"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        report = _ingest(tmp_path / "dask.db", corpus, engine="dask", scheduler=cluster.scheduler_address,
                         engine_options={"partition_size": 6, "shard_dir": str(shards)})
    assert report.engine == "dask"
    for name in ("records", "coded", "added", "duplicates", "near_duplicates", "skipped", "batches"):
        assert getattr(report, name) == getattr(one, name), name
    assert report.failed == one.failed
    got = store_snapshot(str(tmp_path / "dask.db"))
    for table in expected:
        assert got[table] == expected[table], table
    files = sorted(shards.glob("part-*.parquet"))
    assert len(files) == -(-(one.records - one.skipped) // 6)
    table = pq.read_table(files[0])
    assert table.column_names == ["index", "origin", "input_key", "doc_id", "document", "rows", "error"]
    assert table.column("index").to_pylist() == list(range(6))
    # An ingest's workers made the store rows (the writer only clusters and writes): no dict forms.
    assert table.column("document").null_count == 6
    assert table.column("rows").null_count == sum(e is not None for e in table.column("error").to_pylist())
