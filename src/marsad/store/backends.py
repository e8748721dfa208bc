"""The two database backends behind one small interface: SQLite (default) and PostgreSQL.

Every statement is written once with ``?`` placeholders and parameterised; the PostgreSQL
backend turns ``?`` into psycopg's ``%s``. The only dialect-specific parts are the column
types the migrations substitute (``{blob}``, ``{float}``), the full-text index (FTS5 on
SQLite, a ``tsvector`` with a GIN index on PostgreSQL) and the writer lock.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError

__all__ = ["Backend", "SQLiteBackend", "PostgresBackend", "connect", "describe_url"]

_PARAM = re.compile(r"\?")
#: How much of a SQLite store a reader's connection memory-maps (SQLite caps it at its own
#: build limit, 2 GB by default): pages are read from the OS cache in place, without a copy
#: into the connection's own small cache (whole-corpus store, network 51 -> 33 ms CPU).
READER_MMAP_BYTES = 1 << 33


@contextmanager
def _guard(errors: tuple[type[BaseException], ...], what: str) -> Iterator[None]:
    """Database driver errors become one-line :class:`StoreError` messages."""
    try:
        yield
    except errors as exc:
        lines = str(exc).strip().splitlines()
        raise StoreError(f"{what}: {lines[0] if lines else type(exc).__name__}") from exc


class Backend:
    """A connection with the few operations the store needs."""

    dialect = ""
    types: dict[str, str] = {}
    errors: tuple[type[BaseException], ...] = ()

    def __init__(self, url: str) -> None:
        self.url = url
        self._depth = 0

    # -- statements -------------------------------------------------------------------------
    def sql(self, statement: str) -> str:
        return statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def iterate(self, statement: str, params: Sequence[Any] = (), *, size: int = 500) -> Iterator[tuple[Any, ...]]:
        raise NotImplementedError

    def query_one(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self.query(statement, params)
        return rows[0] if rows else None

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        row = self.query_one(statement, params)
        return row[0] if row else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def lock_writers(self) -> None:
        """Inside a transaction: make concurrent writers wait for this one."""

    def table_exists(self, name: str) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- full-text search -------------------------------------------------------------------
    def add_search_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        raise NotImplementedError

    def search_ids(self, groups: Sequence[Sequence[str]], limit: int, offset: int = 0) -> list[tuple[str, float]]:
        """Documents whose index holds, for every group, at least one of its terms; best first."""
        raise NotImplementedError

    def count_search(self, groups: Sequence[Sequence[str]]) -> tuple[int, int]:
        """How many documents match, and how many stories (clusters) they make."""
        raise NotImplementedError

    def count_matches(self, groups: Sequence[Sequence[str]]) -> int:
        """How many documents match (the index alone: no join to the documents)."""
        raise NotImplementedError


class SQLiteBackend(Backend):
    dialect = "sqlite"
    types = {"blob": "BLOB", "float": "DOUBLE PRECISION", "bigint": "INTEGER"}
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, url: str, path: str, *, reader: bool = False) -> None:
        super().__init__(url)
        self.path = path
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot create the store: folder {parent} does not exist")
        try:
            # A reader may be handed from thread to thread (one at a time: a pool of them).
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=60.0, check_same_thread=not reader)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                if reader:
                    self.conn.execute(f"PRAGMA mmap_size = {READER_MMAP_BYTES}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open SQLite store {path}: {exc}") from None

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        with _guard(self.errors, "SQLite"):
            self.conn.execute(statement, tuple(params))

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        with _guard(self.errors, "SQLite"):
            self.conn.executemany(statement, rows)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with _guard(self.errors, "SQLite"):
            return self.conn.execute(statement, tuple(params)).fetchall()

    def iterate(self, statement: str, params: Sequence[Any] = (), *, size: int = 500) -> Iterator[tuple[Any, ...]]:
        with _guard(self.errors, "SQLite"):
            cursor = self.conn.execute(statement, tuple(params))
            while True:
                rows = cursor.fetchmany(size)
                if not rows:
                    return
                yield from rows

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        # IMMEDIATE takes the write lock at once: one writer at a time, readers go on (WAL).
        self.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    def table_exists(self, name: str) -> bool:
        return bool(self.query("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)))

    def close(self) -> None:
        self.conn.close()

    def add_search_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        self.executemany("INSERT INTO search_index (doc_id, terms) VALUES (?, ?)", rows)

    @staticmethod
    def _match(groups: Sequence[Sequence[str]]) -> str:
        def quote(term: str) -> str:
            return '"' + term.replace('"', '""') + '"'

        return " AND ".join("(" + " OR ".join(quote(t) for t in group) + ")" for group in groups)

    def search_ids(self, groups: Sequence[Sequence[str]], limit: int, offset: int = 0) -> list[tuple[str, float]]:
        # FTS5's own ``rank`` (bm25) order: a top-k sort inside the index, 4x faster than ordering
        # by bm25() and an id on a frequent term of the whole corpus (10 vs 40 ms); ties keep the
        # index's (rowid) order, so pages stay stable.
        rows = self.query(
            "SELECT doc_id, rank FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (self._match(groups), limit, offset),
        )
        return [(doc_id, -float(score)) for doc_id, score in rows]

    def count_matches(self, groups: Sequence[Sequence[str]]) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM search_index WHERE search_index MATCH ?",
                               (self._match(groups),)) or 0)

    def count_search(self, groups: Sequence[Sequence[str]]) -> tuple[int, int]:
        row = self.query_one(
            # the (id, cluster_id) index covers the join: the wide document rows are not read
            "SELECT COUNT(*), COUNT(DISTINCT d.cluster_id) FROM search_index JOIN documents d "
            "INDEXED BY documents_id_cluster ON d.id = search_index.doc_id WHERE search_index MATCH ?",
            (self._match(groups),))
        return (int(row[0]), int(row[1])) if row else (0, 0)


class PostgresBackend(Backend):
    dialect = "postgresql"
    types = {"blob": "BYTEA", "float": "DOUBLE PRECISION", "bigint": "BIGINT"}
    errors: tuple[type[BaseException], ...] = ()

    def __init__(self, url: str) -> None:
        super().__init__(url)
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "a PostgreSQL store needs psycopg 3: pip install 'psycopg[binary]' (or marsad[postgres])"
            ) from None
        self.errors = (psycopg.Error,)
        self._cursors = 0
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot connect to PostgreSQL: {message}") from None
        encoding = self.scalar("SHOW server_encoding")
        if str(encoding).upper() not in ("UTF8", "UTF-8"):
            self.conn.close()
            raise StoreError(f"the PostgreSQL database uses {encoding}; Marsad needs a UTF8 database "
                             "(CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)")

    def sql(self, statement: str) -> str:
        return _PARAM.sub("%s", statement)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        with _guard(self.errors, "PostgreSQL"):
            self.conn.execute(self.sql(statement), tuple(params))

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with _guard(self.errors, "PostgreSQL"), self.conn.cursor() as cur:
                cur.executemany(self.sql(statement), rows)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with _guard(self.errors, "PostgreSQL"), self.conn.cursor() as cur:
            cur.execute(self.sql(statement), tuple(params))
            return [tuple(r) for r in cur.fetchall()]

    def iterate(self, statement: str, params: Sequence[Any] = (), *, size: int = 500) -> Iterator[tuple[Any, ...]]:
        # A server-side cursor: exports stream instead of loading every row into memory.
        self._cursors += 1
        name = f"marsad_iter_{self._cursors}"
        with _guard(self.errors, "PostgreSQL"), self.conn.transaction(), self.conn.cursor(name=name) as cur:
            cur.itersize = size
            cur.execute(self.sql(statement), tuple(params))
            while True:
                rows = cur.fetchmany(size)
                if not rows:
                    return
                for row in rows:
                    yield tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def lock_writers(self) -> None:
        # One writer at a time: document order (seq) and story clusters stay consistent.
        self.execute("LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE")

    def table_exists(self, name: str) -> bool:
        return self.scalar("SELECT to_regclass(?) IS NOT NULL", (name,)) is True

    def close(self) -> None:
        self.conn.close()

    def add_search_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        self.executemany("INSERT INTO search_index (doc_id, terms) VALUES (?, ?)", rows)

    @staticmethod
    def _tsquery(groups: Sequence[Sequence[str]]) -> str:
        # Terms are normalized word or number tokens (letters and digits only); quoted anyway.
        def quote(term: str) -> str:
            return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"

        return " & ".join("(" + " | ".join(quote(t) for t in group) + ")" for group in groups)

    def search_ids(self, groups: Sequence[Sequence[str]], limit: int, offset: int = 0) -> list[tuple[str, float]]:
        rows = self.query(
            "SELECT doc_id, ts_rank(tsv, q) AS score FROM search_index, to_tsquery('simple', ?) AS q "
            "WHERE tsv @@ q ORDER BY score DESC, doc_id LIMIT ? OFFSET ?",
            (self._tsquery(groups), limit, offset),
        )
        return [(doc_id, float(score)) for doc_id, score in rows]

    def count_search(self, groups: Sequence[Sequence[str]]) -> tuple[int, int]:
        row = self.query_one(
            "SELECT COUNT(*), COUNT(DISTINCT d.cluster_id) FROM search_index s JOIN documents d ON d.id = s.doc_id "
            "WHERE s.tsv @@ to_tsquery('simple', ?)", (self._tsquery(groups),))
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def count_matches(self, groups: Sequence[Sequence[str]]) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM search_index WHERE tsv @@ to_tsquery('simple', ?)",
                               (self._tsquery(groups),)) or 0)


def describe_url(url: str | Path | None) -> tuple[str, str]:
    """``(dialect, target)`` of a store address: a PostgreSQL URL, ``sqlite:///path`` or a path."""
    text = str(url) if url is not None else "marsad.db"
    if not text.strip():
        raise StoreError("empty store address")
    lowered = text.lower()
    if lowered.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return "postgresql", text.replace("postgresql+psycopg://", "postgresql://", 1)
    if lowered.startswith("sqlite:"):
        rest = text[len("sqlite:"):]
        if rest in ("", "//", "///:memory:", "//:memory:"):
            return "sqlite", ":memory:"
        if not rest.startswith("///"):
            raise StoreError(f"bad SQLite URL {text!r}: use sqlite:///relative/path.db or sqlite:////absolute/path.db")
        return "sqlite", rest[3:]
    if "://" in text:
        raise StoreError(f"unknown store URL {text!r}: use a file path, sqlite:///path or postgresql://...")
    return "sqlite", text


def connect(url: str | Path | None, *, create: bool = True, reader: bool = False) -> Backend:
    """A connection to the store at ``url``. ``reader``: one that a pool hands to one thread at
    a time, whichever thread (SQLite: not tied to the thread that opened it, and memory-mapped)."""
    dialect, target = describe_url(url)
    if dialect == "postgresql":
        return PostgresBackend(target)
    if not create and target != ":memory:" and not Path(target).expanduser().exists():
        raise StoreError(f"no store at {target} (marsad ingest creates it)")
    return SQLiteBackend(str(url) if url is not None else "marsad.db", target, reader=reader)
