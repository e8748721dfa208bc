"""The fault test: ``kill -9`` an ingest of 2,000 articles at random points, rerun, and the
final store equals an uninterrupted run's: no document lost or doubled, no half batch.

The articles are synthetic (random sentences over the example article's words, with exact
and near copies) and are coded by ``fault_coder`` (normalize + segment + deterministic
events), so the test measures the store, not the speed of the other stages.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import EXAMPLE, REPO
from .store_fixtures import (  # noqa: F401
    pg_server,
    store_integrity_problems,
    store_snapshot,
    store_url,
    write_synthetic_articles,
)

N_ARTICLES = 2000
BATCH = 50
KILLS = 3


def _start(db: str, folder: Path) -> subprocess.Popen[str]:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from tests.store_fixtures import fault_driver; "
            "fault_driver(sys.argv[2], sys.argv[3], int(sys.argv[4]))")
    return subprocess.Popen([sys.executable, "-c", code, str(REPO), db, str(folder), str(BATCH)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)


def _finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    return out


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fault") / "articles"
    write_synthetic_articles(folder, N_ARTICLES, vocabulary_text=EXAMPLE.read_text(encoding="utf-8"))
    return folder


@pytest.fixture(scope="module")
def reference(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, float, str]:
    """One uninterrupted run (SQLite): what every killed-and-rerun store must equal, on
    either backend."""
    url = str(tmp_path_factory.mktemp("reference") / "reference.db")
    started = time.perf_counter()
    out = _finish(_start(url, articles))
    duration = time.perf_counter() - started
    snapshot = store_snapshot(url)
    assert len(snapshot["documents"]) > 0.9 * N_ARTICLES
    assert len(snapshot["mentions"]) > len(snapshot["events"]) > 0
    return snapshot, duration, out.strip()


@pytest.mark.slow
def test_kill_9_and_rerun_equals_an_uninterrupted_run(articles: Path, store_url: str,  # noqa: F811
                                                      reference: tuple[dict, float, str]) -> None:
    expected, duration, reference_out = reference
    rng = random.Random(2026)
    killed_alive = 0
    counts = []
    for _ in range(KILLS):
        proc = _start(store_url, articles)
        time.sleep(rng.uniform(0.15, 0.45) * duration)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_alive += 1
        proc.communicate(timeout=60)
        assert store_integrity_problems(store_url) == []
        counts.append(len(store_snapshot(store_url)["documents"]))
    started = time.perf_counter()
    final_out = _finish(_start(store_url, articles))
    last = time.perf_counter() - started
    final = store_snapshot(store_url)

    assert killed_alive >= 2, "the kills came too late to interrupt anything"
    assert counts == sorted(counts) and 0 < counts[-1] < len(expected["documents"])
    assert {k: len(v) for k, v in final.items()} == {k: len(v) for k, v in expected.items()}
    for table in expected:
        assert final[table] == expected[table], f"table {table} differs after the kills"
    ids = [row[0] for row in final["documents"]]
    assert len(ids) == len(set(ids))
    print(f"\n{store_url.split('?')[0]}: uninterrupted SQLite run {duration:.1f} s ({reference_out}); "
          f"documents stored when killed: {counts}; last run {last:.1f} s: {final_out.strip()}")
