"""The read-only routes borrow an open store from a pool instead of opening one per request:
the store is opened once for many requests, lent across threads, a store whose request failed
on the database is dropped, and SQLite readers are memory-mapped."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the observatory needs fastapi (pip install fastapi uvicorn jinja2 httpx)")
pytest.importorskip("httpx", reason="the API tests need httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from marsad.api import create_app  # noqa: E402
from marsad.errors import QueryError, StoreError  # noqa: E402
from marsad.store import open_store  # noqa: E402
from marsad.web import context  # noqa: E402
from marsad.web.context import StorePool  # noqa: E402

from .store_fixtures import make_doc, make_event  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
BASE = "http://127.0.0.1"
TEXT = "أعلنت روسيا وطاجيكستان اتفاقا في موسكو."


@pytest.fixture()
def store_path(tmp_path: Path, lang: Any) -> Path:
    path = tmp_path / "pool.db"
    with open_store(path, lang=lang) as store:
        store.ingest([make_doc(TEXT, published="2021-07-22", events=(
            make_event(TEXT, "أعلنت", eid="a", source="RUS", target="TJK", cameo="057", date="2021-07-22"),))])
    return path


def test_requests_share_one_open_store(store_path: Path, lang: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[bool] = []
    real = context.open_store

    def counting(*args: Any, **kwargs: Any):
        opened.append(bool(kwargs.get("reader")))
        return real(*args, **kwargs)

    monkeypatch.setattr(context, "open_store", counting)
    app = create_app(store_url=str(store_path), lang=lang, cache_entries=0, check_store=False)
    with TestClient(app, base_url=BASE) as client:
        for url in ("/api/events", "/api/documents", "/api/documents?q=روسيا", "/api/timeline", "/api/network",
                    "/api/map", "/api/stats", "/api/events?since=2021-13"):  # the last one is a 400
            client.get(url)
        assert client.get("/api/events").json()["total"] == 1
    assert opened == [True]  # one reader, opened once (it was one store opened per request)


def test_a_store_that_failed_is_dropped_and_a_users_mistake_keeps_it(store_path: Path, lang: Any) -> None:
    made: list[Any] = []

    def opener():
        made.append(open_store(store_path, lang=lang, create=False, reader=True))
        return made[-1]

    pool = StorePool(opener, size=2)
    with pytest.raises(QueryError), pool.lend():
        raise QueryError("bad parameter")
    assert pool.idle() == 1 and len(made) == 1
    with pytest.raises(StoreError), pool.lend() as st:
        assert st is made[0]
        raise StoreError("SQLite: disk I/O error")
    assert pool.idle() == 0
    with pool.lend() as st:
        assert st is made[1]  # a fresh one
        # lent to another thread than the one that opened it
        found: list[Any] = []
        worker = threading.Thread(target=lambda: found.append(st.db.scalar("SELECT COUNT(*) FROM documents")))
        worker.start()
        worker.join()
        assert found == [1]
    pool.close()
    assert pool.idle() == 0


def test_sqlite_readers_are_memory_mapped(store_path: Path, lang: Any) -> None:
    with open_store(store_path, lang=lang, create=False, reader=True) as st:
        assert int(st.db.scalar("PRAGMA mmap_size")) > 0
    with open_store(store_path, lang=lang, create=False) as st:
        assert int(st.db.scalar("PRAGMA mmap_size")) == 0  # writers as before


def test_serve_keeps_idle_connections_for_slow_clients(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 100 busy clients on two cores: uvicorn's 5 s closed connections a client was about to reuse
    # (httpx ReadError in bench/api_load.py); marsad serve keeps them 30 s unless told otherwise.
    import uvicorn
    from click.testing import CliRunner

    from marsad.cli import root

    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: runs.append(kwargs))
    for extra, seconds in (([], 30), (["--keep-alive", "75"], 75)):
        result = CliRunner().invoke(root, ["serve", "--db", str(store_path), "--port", "0", *extra])
        assert result.exit_code == 0, result.output
        assert runs[-1]["timeout_keep_alive"] == seconds
    assert CliRunner().invoke(root, ["serve", "--db", str(store_path), "--keep-alive", "0"]).exit_code == 2
