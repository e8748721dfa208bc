#!/usr/bin/env python3
"""The store's cost against coding alone, measured in the same run on the same articles.

Codes every article once without storing (the baseline), then ingests the same files into
a fresh store (coding + storing, in batches), then runs the same ingest again (everything
already stored). Prints articles per second for each and the ratio ingest/coding, i.e.
what the store adds. Usage::

    bench/store_ingest.py [TXT_FOLDER] [--limit N] [--db URL] [--batch-size N]

Set --limit lower for a quick run (the whole pipeline codes a few articles a second).

The folder defaults to ``../shared/data/corpora/saudinewsnet/political-sample/txt``; when it
is absent, 400 synthetic articles (random sentences over the example article's words) are
used. ``--db`` defaults to a temporary SQLite file; a ``postgresql://`` URL must name an
empty database.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "data" / "corpora" / "saudinewsnet" / "political-sample" / "txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--db", default=None)
    parser.add_argument("--batch-size", type=int, default=200)
    args, _ = parser.parse_known_args(argv)

    from marsad.io.files import iter_article_files, read_article_file
    from marsad.langdata.loader import load_langdata
    from marsad.pipeline import code_article
    from marsad.store import ingest_paths, open_store

    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        folder = args.folder or (DEFAULT if DEFAULT.is_dir() else None)
        if folder is None:
            sys.path.insert(0, str(REPO))
            from tests.store_fixtures import write_synthetic_articles

            folder = Path(tmp) / "articles"
            example = REPO / "src" / "marsad" / "examples" / "sputnik-tajikistan-2021-07-22.ar.txt"
            write_synthetic_articles(folder, args.limit, vocabulary_text=example.read_text(encoding="utf-8"))
            what = f"{args.limit} synthetic articles"
        else:
            what = str(folder)
        paths = list(iter_article_files([str(folder)]))[: args.limit]
        lang = load_langdata("ar")
        code_article("تجربة.", lang=lang)  # load and derive the language data before timing

        started = time.perf_counter()
        chars = 0
        for path in paths:
            article = read_article_file(path)
            chars += len(article.text)
            code_article(article.text, header=article.header, lang=lang)
        coding = time.perf_counter() - started

        url = args.db or str(Path(tmp) / "bench.db")
        with open_store(url, lang=lang) as store:
            started = time.perf_counter()
            report = ingest_paths(paths, store=store, batch_size=args.batch_size)
            ingest = time.perf_counter() - started
            started = time.perf_counter()
            again = ingest_paths(paths, store=store, batch_size=args.batch_size)
            rerun = time.perf_counter() - started
            stats = store.stats()

    n = len(paths)
    print(f"articles: {n} from {what} ({chars / max(n, 1):.0f} characters on average), store {store.dialect}")
    print(f"coding only:        {coding:7.2f} s  {n / coding:8.1f} articles/s")
    print(f"ingest (code+store):{ingest:7.2f} s  {n / ingest:8.1f} articles/s   ratio to coding {ingest / coding:.2f}")
    print(f"of which storing:   {report.store_seconds:7.2f} s  {report.store_seconds / n * 1000:8.2f} ms/article "
          f"({report.store_seconds / ingest:.0%} of ingest; dedup, search index, event merge, commit)")
    print(f"rerun (all stored): {rerun:7.2f} s  {n / rerun:8.1f} articles/s   skipped {again.skipped}")
    print(f"stored {report.added} documents in {stats['stories']} stories, {stats['events']} events from "
          f"{stats['mentions']} mentions; {len(report.failed)} unreadable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
