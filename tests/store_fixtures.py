"""Fixtures for the store tests: a real PostgreSQL server started by the test run itself,
and a ``store_url`` fixture parametrised over SQLite and PostgreSQL.

The server: ``initdb`` into a temporary folder, ``postgres`` on 127.0.0.1 at a free port
(as the ``postgres`` user when the tests run as root), one fresh database per test, stopped
at the end of the session. PostgreSQL tests skip, with the reason, when the server binaries
(``/usr/lib/postgresql/*/bin``) or psycopg are absent.

Import into a test module: ``from .store_fixtures import pg_server, store_url  # noqa: F401``.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["PgServer", "pg_bin_dir", "pg_server", "store_url", "BACKENDS"]

BACKENDS = ("sqlite", "postgresql")
_counter = itertools.count(1)


def pg_bin_dir() -> Path | None:
    """The newest PostgreSQL server bin folder on this machine, or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    bin_dir: Path
    root: Path
    port: int
    as_user: list[str]
    test_db: str = ""

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, db: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *args], capture_output=True, text=True, check=check, timeout=120)

    def create_database(self) -> str:
        import psycopg

        name = f"marsad_test_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def create_schema(self, db: str) -> str:
        """A fresh schema in ``db`` and the URL whose connections use it (much faster than a
        database per test)."""
        import psycopg

        name = f"t{next(_counter)}"
        with psycopg.connect(self.url(db), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return self.url(db) + f"?options=-csearch_path%3D{name}"

    def drop_schema(self, db: str, url: str) -> None:
        import psycopg

        name = url.rsplit("%3D", 1)[1]
        with psycopg.connect(self.url(db), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def _start_server() -> PgServer:
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries are absent (apt-get install -y postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg 3 is not installed (pip install 'psycopg[binary]')")
    as_user: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    if os.geteuid() == 0:
        # initdb refuses to run as root: the cluster belongs to the postgres user.
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip("running as root and there is no 'postgres' user to own the test cluster")
        os.chown(root, user.pw_uid, user.pw_gid)
        runuser = shutil.which("runuser")
        as_user = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-s", "/bin/sh", "-c"]
        if not runuser:  # pragma: no cover - runuser is in util-linux
            raise RuntimeError("runuser is needed to start PostgreSQL as root")
    data = root / "data"
    server = PgServer(bin_dir, root, _free_port(), as_user)
    server.run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
               "--locale=C.UTF-8", "--no-sync")
    started = server.run(
        str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-t", "60", "-o",
        f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=50",
        "start", check=False,
    )
    if started.returncode != 0:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log[-2000:]}")
    _watchdog(server)
    import psycopg

    for _ in range(50):
        try:
            psycopg.connect(server.admin_url, connect_timeout=2).close()
            break
        except psycopg.OperationalError:
            time.sleep(0.1)
    return server


_WATCHDOG = """
import os, shutil, subprocess, sys, time
parent, root, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
while True:
    try:
        os.kill(parent, 0)
    except OSError:
        break
    if not os.path.isdir(root):
        sys.exit(0)
    time.sleep(1)
subprocess.run(cmd, capture_output=True, timeout=60)
shutil.rmtree(root, ignore_errors=True)
"""


def _watchdog(server: PgServer) -> None:
    """Stop the server and remove its folder if the test process dies without its teardown
    (killed, or its output pipe closed)."""
    stop = [*server.as_user, str(server.bin_dir / "pg_ctl"), "-D", str(server.root / "data"), "-m", "immediate",
            "-w", "stop"]
    subprocess.Popen([sys.executable, "-c", _WATCHDOG, str(os.getpid()), str(server.root), *stop],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = _start_server()
    server.test_db = server.create_database()
    try:
        yield server
    finally:
        server.run(str(server.bin_dir / "pg_ctl"), "-D", str(server.root / "data"), "-m", "fast", "-w",
                   "stop", check=False)
        shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store address on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "marsad.db")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create_schema(server.test_db)
    try:
        yield url
    finally:
        server.drop_schema(server.test_db, url)


# -- documents built by hand ------------------------------------------------------------------

def make_doc(text: str, *, events: tuple = (), entities: tuple = (), publisher: str | None = None,
             published: str | None = None, title: str | None = None, url: str | None = None):
    """A Document with the id ``code_article`` would give, and hand-made events/entities."""
    from marsad import load_langdata
    from marsad.model import Document, Named, Source
    from marsad.pipeline import document_id
    from marsad.stages.normalize import normalize
    from marsad.stages.segment import segment

    lang = load_langdata("ar")
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    return Document(
        id=document_id(norm.text), language="ar", text=text, published=published, title=title,
        publisher=Named(text=publisher, name=publisher) if publisher else None,
        source=Source(path=None, url=url), sentences=seg.sentences, events=tuple(events),
        entities=tuple(entities),
    )


def make_event(text: str, phrase: str, *, eid: str, source: str | None, target: str | None, cameo: str,
               date: str | None, plover: str = "CONSULT", occurrence: int = 0, sentence: int = 0,
               location=None, source_entity: str | None = None, target_entity: str | None = None,
               modality: str = "asserted", negated: bool = False):
    """An Event whose offsets point at the ``occurrence``-th ``phrase`` in ``text``."""
    from marsad.model import Event, Participant

    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Event(
        id=eid, sentence=sentence, start=start, end=start + len(phrase), text=phrase,
        source=Participant(code=source, entity=source_entity, text=None) if source else None,
        target=Participant(code=target, entity=target_entity, text=None) if target else None,
        cameo=cameo, root=cameo[:2], plover=plover, modality=modality, negated=negated, date=date,
        rule=f"test:{cameo}", quad_class=1, goldstein=1.0, location=location,
    )


# -- synthetic articles for the fault test ------------------------------------------------------

def write_synthetic_articles(folder: Path, n: int, *, seed: int = 7, vocabulary_text: str) -> list[Path]:
    """``n`` article files made of random sentences over the words of ``vocabulary_text``:
    mostly distinct stories, with about 4% byte-identical copies and 4% near-duplicates (one
    sentence changed), so dedup is exercised too. Deterministic for a seed."""
    import random
    import re

    rng = random.Random(seed)
    words = sorted(set(re.findall(r"[\u0621-\u064a]{3,}", vocabulary_text)))
    folder.mkdir(parents=True, exist_ok=True)

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(8, 16))) + "."

    bodies: list[str] = []
    paths: list[Path] = []
    for i in range(n):
        roll = rng.random()
        if bodies and roll < 0.04:
            body = rng.choice(bodies)  # the same bytes again
        elif bodies and roll < 0.08:
            lines = rng.choice(bodies).split("\n")
            lines[rng.randrange(1, len(lines))] = sentence()
            body = "\n".join(lines)
        else:
            day = rng.randint(1, 28)
            body = "\n".join([sentence()[:-1], f"(سبوتنيك - {day} يوليو 2021)"] +
                             [sentence() for _ in range(rng.randint(5, 9))])
        bodies.append(body)
        path = folder / f"{i:05d}.txt"
        path.write_text(body + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# -- the fault test's coder and driver ----------------------------------------------------------

_FAULT_ACTORS = ("RUSGOV", "TJK", "AFGMIL", "TAL", "IRN", "USA")
_FAULT_CODES = (("042", "CONSULT"), ("0334", "AGREE"), ("112", "ACCUSE"), ("193", "ASSAULT"), ("141", "PROTEST"))


def fault_coder(text, *, header=None, published=None, source=None, lang=None, settings=None):
    """A fast stand-in for ``code_article`` (normalize + segment + the content id) that also
    makes deterministic events from each body sentence's first word, so the same events
    recur across articles and are merged: the fault test exercises every table."""
    import re
    import zlib

    from marsad.model import Document, Event, Participant
    from marsad.pipeline import document_id
    from marsad.stages.normalize import normalize
    from marsad.stages.segment import segment

    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    day = re.search(r"(\d{1,2}) يوليو (\d{4})", text)
    published = published or (f"{day[2]}-07-{int(day[1]):02d}" if day else None)
    events = []
    for i, sent in enumerate(seg.sentences[2:], start=2):
        word = sent.text.split()[0]
        h = zlib.crc32(word.encode())
        cameo, plover = _FAULT_CODES[(h // 36) % len(_FAULT_CODES)]
        start = sent.start + sent.text.index(word)
        events.append(Event(
            id=f"ev{i}", sentence=i, start=start, end=start + len(word), text=word,
            source=Participant(_FAULT_ACTORS[h % 6]), target=Participant(_FAULT_ACTORS[(h // 6) % 6]),
            cameo=cameo, root=cameo[:2], plover=plover, modality="asserted", negated=False, date=published,
            rule="fault-test"))
    return Document(id=document_id(norm.text), language="ar", text=text, published=published, source=source,
                    sentences=seg.sentences, events=tuple(events))


def fault_driver(db: str, folder: str, batch_size: int) -> None:
    """What the fault test runs in a subprocess (and kills)."""
    from marsad.store import ingest_paths, open_store

    with open_store(db) as store:
        report = ingest_paths([folder], store=store, batch_size=batch_size, coder=fault_coder)
    print(report.summary(), flush=True)


def store_snapshot(url: str) -> dict[str, list[tuple]]:
    """Every table's rows in a stable order (timestamps left out), to compare two stores."""
    from marsad.store import open_store

    queries = {
        "documents": "SELECT id, seq, cluster_id, similarity, published, title, publisher, source_path, text, "
                     "doc_json FROM documents ORDER BY seq",
        "seen_inputs": "SELECT input_key, doc_id FROM seen_inputs ORDER BY input_key",
        "signatures": "SELECT doc_id, sig FROM minhash_signatures ORDER BY doc_id",
        "bands": "SELECT band, hash, doc_id FROM minhash_bands ORDER BY band, hash, doc_id",
        "entities": "SELECT * FROM entities ORDER BY doc_id, entity_id",
        "events": "SELECT * FROM events ORDER BY id",
        "mentions": "SELECT * FROM mentions ORDER BY doc_id, mention_id",
        "quotes": "SELECT * FROM quotes ORDER BY doc_id, quote_id",
        "search": "SELECT doc_id, terms FROM search_index ORDER BY doc_id",
    }
    with open_store(url) as store:
        return {name: [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                       for row in store.db.query(sql)] for name, sql in queries.items()}


def store_integrity_problems(url: str) -> list[str]:
    """What a half-stored batch would leave: documents without their signature, bands,
    search row or mentions, events whose counts disagree with their mentions."""
    import json

    snap = store_snapshot(url)
    problems = []
    docs = {row[0]: json.loads(row[-1]) for row in snap["documents"]}
    for name, col in (("signatures", 0), ("bands", 2), ("search", 0), ("mentions", 0)):
        ids = {row[col] for row in snap[name]}
        if ids - set(docs):
            problems.append(f"{name} rows for documents not stored: {len(ids - set(docs))}")
        if name != "mentions" and set(docs) - ids:
            problems.append(f"documents without {name}: {len(set(docs) - ids)}")
    mentions_per_doc: dict[str, int] = {}
    for row in snap["mentions"]:
        mentions_per_doc[row[0]] = mentions_per_doc.get(row[0], 0) + 1
    for doc_id, doc in docs.items():
        if mentions_per_doc.get(doc_id, 0) != len(doc["events"]):
            problems.append(f"document {doc_id} has {len(doc['events'])} events but "
                            f"{mentions_per_doc.get(doc_id, 0)} mentions")
    with_counts: dict[int, int] = {}
    for row in snap["mentions"]:
        with_counts[row[2]] = with_counts.get(row[2], 0) + 1
    with __import__("marsad.store", fromlist=["open_store"]).open_store(url) as store:
        for event in store.events():
            if event["num_mentions"] != with_counts.get(event["id"], 0):
                problems.append(f"event {event['id']} counts {event['num_mentions']} mentions, "
                                f"has {with_counts.get(event['id'], 0)}")
    return problems
