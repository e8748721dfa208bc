#!/usr/bin/env python3
"""The fault check with the real command and the whole pipeline: ``kill -9`` a
``marsad ingest`` of N articles at random points, rerun it, and compare the store with an
uninterrupted run's, table by table (tests/test_store_fault.py does the same quickly, with
a light coder). Usage::

    scripts/store_fault_check.py [--articles N] [--kills K] [--db-url URL] [--seed S] [FOLDER]

FOLDER holds the articles; by default N synthetic ones are written to a temporary folder.
``--db-url`` (an empty PostgreSQL database) is used for the killed runs instead of SQLite;
the uninterrupted reference is always a SQLite file. Exits 1 when the stores differ.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _ingest(db: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "marsad", "ingest", str(folder), "--db", db, "-q",
                             "--batch-size", "50"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--db-url", default=None)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from tests.store_fixtures import store_integrity_problems, store_snapshot, write_synthetic_articles

    with tempfile.TemporaryDirectory(prefix="marsad-fault-") as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "articles"
            example = REPO / "src" / "marsad" / "examples" / "sputnik-tajikistan-2021-07-22.ar.txt"
            write_synthetic_articles(folder, args.articles, vocabulary_text=example.read_text(encoding="utf-8"))
        reference_db = str(Path(tmp) / "reference.db")
        started = time.perf_counter()
        proc = _ingest(reference_db, folder)
        out, err = proc.communicate()
        duration = time.perf_counter() - started
        if proc.returncode not in (0, 2):
            print(err, file=sys.stderr)
            return 1
        print(f"uninterrupted: {duration:.1f} s: {out.strip()}")
        reference = store_snapshot(reference_db)

        db = args.db_url or str(Path(tmp) / "killed.db")
        rng = random.Random(args.seed)
        for k in range(args.kills):
            proc = _ingest(db, folder)
            delay = rng.uniform(0.1, 0.5) * duration
            time.sleep(delay)
            alive = proc.poll() is None
            if alive:
                os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
            problems = store_integrity_problems(db)
            stored = len(store_snapshot(db)["documents"])
            print(f"kill {k + 1} after {delay:.1f} s ({'killed' if alive else 'had finished'}): "
                  f"{stored} documents stored, {len(problems)} integrity problems")
            if problems:
                print("\n".join(problems[:10]))
                return 1
        started = time.perf_counter()
        proc = _ingest(db, folder)
        out, _ = proc.communicate()
        print(f"rerun to the end: {time.perf_counter() - started:.1f} s: {out.strip()}")
        final = store_snapshot(db)
        differ = [t for t in reference if final[t] != reference[t]]
        sizes = {t: len(v) for t, v in final.items()}
        print(f"tables: {sizes}")
        print("final store equals the uninterrupted one" if not differ else f"tables differ: {differ}")
        return 1 if differ else 0


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
