"""The store: SQLite by default, PostgreSQL for teams, the same schema and queries on both.

>>> from marsad.store import open_store, ingest_paths
>>> with open_store("marsad.db") as store:                      # doctest: +SKIP
...     report = ingest_paths(["articles/"], store=store)
...     hits = store.search("طاجيكستان")
...     rows = store.events(actor="RUS", since="2021-07-01")

Addresses: a file path or ``sqlite:///path`` (SQLite, created if missing) or
``postgresql://user@host:port/db`` (psycopg 3, a UTF8 database). Named migrations
(``migrations.py``) create and upgrade the one schema on open.

* Dedup: exact by content id (``Document.id``); near-duplicates by MinHash (128 permutations
  over word 3-shingles of the normalized text) with LSH bands kept in ``minhash_bands``, so
  it works across runs and on PostgreSQL; a near-duplicate joins the story (``cluster_id``)
  of the most similar stored document at or above the threshold (default 0.8).
* Events with the same source, target, CAMEO code and date are one row of ``events``; each
  occurrence is a row of ``mentions`` (document, sentence, offsets), as GDELT's Events and
  Mentions tables, with ``num_mentions``, ``num_sources`` (distinct publishers),
  ``num_articles`` and ``num_stories`` (distinct clusters) on each event.
* Search indexes the same terms on both backends: the project's normalization plus each
  token's clitic-stripped forms. SQLite: FTS5 (unicode61 tokenizer, bm25 ranking).
  PostgreSQL: a generated ``tsvector`` with the ``simple`` configuration over those
  pre-normalized terms (no stemming or stop words of PostgreSQL's own), GIN index, ts_rank.
* Each :meth:`Store.ingest` call is one transaction; ``ingest_paths`` commits per batch, so
  a killed run leaves whole batches and a rerun completes it without duplicates.
"""

from __future__ import annotations

from .backends import describe_url
from .core import EVENT_COLUMNS, BatchResult, SearchHit, Store, event_id_for, event_key, open_store
from .export import FORMATS, GDELT_COLUMNS, TABLES
from .ingest import IngestReport, ingest_paths, ingest_records
from .migrations import MIGRATIONS
from .query import EventFilter

__all__ = [
    "BatchResult",
    "EVENT_COLUMNS",
    "EventFilter",
    "FORMATS",
    "GDELT_COLUMNS",
    "IngestReport",
    "MIGRATIONS",
    "SearchHit",
    "Store",
    "TABLES",
    "describe_url",
    "event_id_for",
    "event_key",
    "ingest_paths",
    "ingest_records",
    "open_store",
]
