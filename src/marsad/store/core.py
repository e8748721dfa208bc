"""The store: documents, story clusters, merged events with their mentions, actors, search.

One :class:`Store` works over either backend with the same statements. Writes go through
:meth:`Store.ingest`, one transaction per call: a batch is stored whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..confidence import check_confidence
from ..errors import QueryError, StoreError
from ..langdata.loader import LangData, load_langdata
from ..model import MODALITIES, Document, document_from_dict
from . import minhash, textindex
from .backends import Backend, connect
from .migrations import EVENT_SUMMARY_SET, MIGRATIONS, applied_migrations, migrate, modality_bits_sql
from .query import EventFilter, check_limit
from .quotes import INSERT_QUOTES, QUOTE_COLUMNS, QUOTE_ORDER, QuoteFilter
from .rows import EVENT_ROW, DocumentRows, document_rows, event_id_for, event_key, merge_key

__all__ = ["Store", "BatchResult", "SearchHit", "open_store", "event_key", "event_id_for", "EVENT_COLUMNS"]

DEFAULT_NEAR_THRESHOLD = 0.8
#: Mention date bases the store replaces by the story's date (the earliest publication date of
#: the story's members): the article's own latest date and an earlier story date; and any
#: mention without a date.
_STORY_DATED = ("article", "story")
#: An event is a "root event" (GDELT's IsRootEvent) when a mention is in the first sentences
#: (the headline and the lead).
ROOT_SENTENCES = 3

EVENT_COLUMNS = (
    "id", "date", "source_code", "source_name", "source_country", "target_code", "target_name",
    "target_country", "cameo", "root", "plover", "quad_class", "goldstein", "num_mentions",
    "num_sources", "num_articles", "num_stories", "is_root", "location_name", "location_country",
    "location_lat", "location_lon", "first_doc", "text", "modalities", "num_negated", "confidence",
)


def _event_select(ok: str = "") -> str:
    """The SELECT of EVENT_COLUMNS over ``events e``. ``ok`` (`` AND <mention passes>``, see
    :meth:`EventFilter.mention_ok`): the counts, the root flag and the modalities are then those
    of the mentions that pass, made from the mentions only for an event with a mention below the
    threshold (``low_confidence``); every ``?`` of the statement is the threshold."""
    if ok:
        all_pass = "(e.low_confidence IS NULL OR e.low_confidence >= ?)"

        def counted(stored: str, made: str) -> str:
            return f"CASE WHEN {all_pass} THEN e.{stored} ELSE {made} END"

        of_event = f"FROM mentions m WHERE m.event_id = e.id{ok}"
        with_doc = f"FROM mentions m JOIN documents md ON md.id = m.doc_id WHERE m.event_id = e.id{ok}"
        counts = ", ".join((
            counted("num_mentions", f"(SELECT COUNT(*) {of_event})"),
            counted("num_sources", f"(SELECT COUNT(DISTINCT COALESCE(md.publisher, md.id)) {with_doc})"),
            counted("num_articles", f"(SELECT COUNT(DISTINCT m.doc_id) {of_event})"),
            counted("num_stories", f"(SELECT COUNT(DISTINCT md.cluster_id) {with_doc})"),
            counted("is_root", f"CASE WHEN EXISTS (SELECT 1 {of_event} AND m.sentence < {ROOT_SENTENCES}) "
                               "THEN 1 ELSE 0 END"),
        )) + ", "
        modalities = counted("modality_bits", modality_bits_sql("e", ok))
        negated = counted("num_negated", f"(SELECT COUNT(*) FROM mentions m WHERE m.event_id = e.id "
                                         f"AND m.negated <> 0{ok})")
    else:
        counts = "e.num_mentions, e.num_sources, e.num_articles, e.num_stories, e.is_root, "
        modalities, negated = "e.modality_bits", "e.num_negated"
    return (
        "SELECT e.id, e.event_date, e.source_code, e.source_name, e.source_country, e.target_code, "
        "e.target_name, e.target_country, e.cameo, e.root, e.plover, e.quad_class, e.goldstein, "
        f"{counts}e.location_name, "
        "e.location_country, e.location_lat, e.location_lon, e.first_doc, e.first_text AS text, "
        f"{modalities} AS modalities, {negated} AS num_negated, "
        "e.confidence FROM events e"
    )


_EVENT_SELECT = _event_select()


def event_select(flt: EventFilter | None) -> tuple[str, list[Any]]:
    """The SELECT of EVENT_COLUMNS for ``flt`` (its threshold changes the counts) and its
    parameters, which come before those of ``flt.where()``."""
    ok, ok_params = (flt or EventFilter()).mention_ok()
    if not ok:
        return _EVENT_SELECT, []
    sql = _event_select(ok)
    return sql, ok_params * sql.count("?")


def mentions_counted(flt: EventFilter | None) -> tuple[str, list[Any]]:
    """An event's number of mentions for ``flt`` (those that pass its threshold), as SQL over
    ``events e``, with its parameters: the stored count when every mention passes."""
    ok, ok_params = (flt or EventFilter()).mention_ok()
    if not ok:
        return "e.num_mentions", []
    return (f"CASE WHEN (e.low_confidence IS NULL OR e.low_confidence >= ?) THEN e.num_mentions "
            f"ELSE (SELECT COUNT(*) FROM mentions m WHERE m.event_id = e.id{ok}) END", ok_params * 2)

#: The order of events everywhere (dated first, oldest first); the ``events_order`` index has it.
_EVENT_ORDER = "(e.event_date IS NULL), e.event_date, e.id"

MENTION_COLUMNS = (
    "event_id", "doc_id", "mention_id", "sentence", "char_start", "char_end", "text", "rule",
    "modality", "negated", "source_text", "target_text", "attributed_to", "date_basis", "confidence",
    "published", "publisher", "source_url",
)
DOCUMENT_COLUMNS = (
    "id", "cluster_id", "similarity", "published", "title", "publisher", "wire", "language",
    "source_path", "source_url", "ingested_at", "text", "registry_version",
)


def modality_names(bits: int | None) -> str:
    """The modalities of a bit set from :func:`~marsad.store.migrations.modality_bits_sql`, comma-separated, in
    schema order."""
    value = int(bits or 0)
    return ",".join(name for bit, name in enumerate(MODALITIES) if value >> bit & 1)


def event_row(values: Sequence[Any]) -> dict[str, Any]:
    """A row of :func:`event_select` as a dict of EVENT_COLUMNS (the modality bits as names)."""
    row = dict(zip(EVENT_COLUMNS, values, strict=True))
    row["modalities"] = modality_names(row["modalities"])
    row["num_negated"] = int(row["num_negated"] or 0)
    for name in ("num_mentions", "num_sources", "num_articles", "num_stories", "is_root"):
        row[name] = int(row[name] or 0)
    return row


@dataclass(frozen=True, slots=True)
class BatchResult:
    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    added_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    score: float
    title: str | None
    published: str | None
    publisher: str | None
    cluster_id: str
    snippet: str
    highlights: tuple[textindex.Highlight, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "score": round(self.score, 6), "title": self.title,
                "published": self.published, "publisher": self.publisher, "cluster_id": self.cluster_id,
                "snippet": self.snippet, "highlights": [[h.start, h.end] for h in self.highlights]}


@dataclass(slots=True)
class _BatchRows:
    """The rows of one batch, written together at its end."""

    documents: list[tuple[Any, ...]] = field(default_factory=list)
    signatures: list[tuple[Any, ...]] = field(default_factory=list)
    bands: list[tuple[Any, ...]] = field(default_factory=list)
    search: list[tuple[str, str]] = field(default_factory=list)
    entities: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    seen: list[tuple[Any, ...]] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)
    added: list[str] = field(default_factory=list)
    added_set: set[str] = field(default_factory=set)
    sigs: dict[str, tuple[Any, str, int]] = field(default_factory=dict)  # in-batch: sig, cluster, seq
    bands_index: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    story_dates: dict[str, str | None] = field(default_factory=dict)  # cluster -> earliest publication date
    redate: set[str] = field(default_factory=set)  # stories whose earliest date moved: re-date their mentions


def _day(value: str | None) -> str | None:
    """An ISO publication date as the day it gives (``YYYY-MM-DD``), else None."""
    return value[:10] if value and len(value) >= 10 else None


def _dated(event: tuple[Any, ...], mention: tuple[Any, ...], story: str,
           story_date: str | None) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """An event and mention row of a document in ``story`` dated by the store's rules: a
    mention with no date from its clause or its document takes the story's date (its earliest
    dated member), else keeps the article's own date; one with no date at all is merged by
    its story (the key holds ``story:<cluster id>`` where the date would be)."""
    basis = mention[13]
    if (event[2] is not None and basis not in _STORY_DATED) or (basis == "article" and story_date is None):
        return event, mention
    if story_date is not None:
        when, key_when, basis = story_date, story_date, "story"
    else:
        when, key_when, basis = None, f"story:{story}", None
    key = merge_key(event[3], event[4], event[5], key_when)
    eid = event_id_for(key)
    return (eid, key, when, *event[3:]), (*mention[:2], eid, *mention[3:13], basis, *mention[14:])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Store:
    """A Marsad store over SQLite or PostgreSQL; use :func:`open_store`."""

    def __init__(self, db: Backend, *, lang: LangData | None = None,
                 near_threshold: float | None = None) -> None:
        self.db = db
        self._lang = lang
        migrate(db, lang=lambda: self.lang)
        meta = self._meta()
        if "minhash_perm" not in meta:
            threshold = DEFAULT_NEAR_THRESHOLD if near_threshold is None else near_threshold
            self._check_threshold(threshold)
            params = minhash.choose_params(threshold)
            with db.transaction():
                for key, value in {**params.to_meta(), "near_threshold": str(threshold)}.items():
                    db.execute("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                               (key, value))
            meta = self._meta()
        self.lsh = minhash.LSHParams.from_meta(meta)
        self.near_threshold = float(meta["near_threshold"]) if near_threshold is None else near_threshold
        self._check_threshold(self.near_threshold)

    @staticmethod
    def _check_threshold(value: float) -> None:
        if not 0.0 < value <= 1.0:
            raise StoreError(f"near-duplicate threshold {value} must be in (0, 1]")

    # -- plumbing ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self.db.url

    @property
    def dialect(self) -> str:
        return self.db.dialect

    @property
    def lang(self) -> LangData:
        if self._lang is None:
            self._lang = load_langdata("ar")
        return self._lang

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self) -> dict[str, str]:
        return {k: v for k, v in self.db.query("SELECT key, value FROM store_meta")}

    def migrations(self) -> list[str]:
        return applied_migrations(self.db)

    # -- writing ----------------------------------------------------------------------------
    def known_inputs(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(keys)):
            marks = ", ".join("?" for _ in chunk)
            found.update(r[0] for r in self.db.query(
                f"SELECT input_key FROM seen_inputs WHERE input_key IN ({marks})", chunk))
        return found

    def has_document(self, doc_id: str) -> bool:
        return self.db.query_one("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None

    def ingest(self, docs: Iterable[Document], *, input_keys: Sequence[str | None] | None = None,
               dict_forms: Sequence[Mapping[str, Any] | None] | None = None,
               registry: str | None = None) -> BatchResult:
        """Store documents in ONE transaction: exact duplicates (same id) are skipped,
        near-duplicates join the story cluster of the most similar stored document (or of an
        earlier one in the same batch), events are merged with their mentions. ``input_keys``
        (one per document) record what was read so a rerun can skip it without coding.
        ``dict_forms`` (one per document, or None) are their ``document_to_dict`` forms when the
        caller has them already: stored as they are, not made again. ``registry``: the version
        of the actor registry they were coded with (default: the shipped registry's, what
        :func:`~marsad.pipeline.code_article` uses without a user registry)."""
        docs = list(docs)
        if registry is None:
            from ..actors import actor_registry

            registry = actor_registry(self.lang).version
        forms = list(dict_forms) if dict_forms is not None else [None] * len(docs)
        if len(forms) != len(docs):
            raise ValueError("dict_forms must have one entry per document")
        made: dict[str, DocumentRows] = {}
        for doc, form in zip(docs, forms, strict=True):
            if doc.id not in made:
                made[doc.id] = document_rows(doc, lang=self.lang, lsh=self.lsh, form=form, registry=registry)
        return self.ingest_rows([made[d.id] for d in docs], input_keys=input_keys)

    def ingest_rows(self, documents: Sequence[DocumentRows],
                    *, input_keys: Sequence[str | None] | None = None) -> BatchResult:
        """:meth:`ingest` for documents whose rows were made already (by
        :func:`marsad.store.rows.document_rows`, where they were coded), in ONE transaction."""
        keys = list(input_keys) if input_keys is not None else [None] * len(documents)
        if len(keys) != len(documents):
            raise ValueError("input_keys must have one key per document")
        for item in documents:
            if item.lsh != self.lsh or item.lang != self.lang.lang:
                raise StoreError(f"document {item.id} was prepared for another store "
                                 f"({item.lang}, {item.lsh}); this one is {self.lang.lang}, {self.lsh}")
        rows = _BatchRows()
        duplicates = near = 0
        with self.db.transaction():
            self.db.lock_writers()
            seq = int(self.db.scalar("SELECT COALESCE(MAX(seq), 0) FROM documents") or 0)
            stored = self._stored_ids([d.id for d in documents])
            for item, key in zip(documents, keys, strict=True):
                if item.id in stored or item.id in rows.sigs or item.id in rows.added_set:
                    duplicates += 1
                else:
                    seq += 1
                    near += self._add_rows(item, seq, rows)
                if key is not None:
                    rows.seen.append((key, item.id))
            self._write(rows)
        return BatchResult(len(rows.added), duplicates, near, tuple(rows.added))

    def _stored_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(sorted(set(ids))):
            marks = ", ".join("?" for _ in chunk)
            found.update(r[0] for r in self.db.query(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return found

    def _cluster_for(self, sig: Any, bands: Sequence[tuple[int, int]],
                     rows: _BatchRows) -> tuple[str | None, float | None]:
        where = " OR ".join("(band = ? AND hash = ?)" for _ in bands)
        params = [v for pair in bands for v in pair]
        candidates = sorted({r[0] for r in self.db.query(
            f"SELECT DISTINCT doc_id FROM minhash_bands WHERE {where}", params)})
        scored: list[tuple[bytes | np.ndarray, str, int]] = []
        for chunk in _chunks(candidates, 200):
            marks = ", ".join("?" for _ in chunk)
            scored += self.db.query(
                f"SELECT s.sig, d.cluster_id, d.seq FROM minhash_signatures s JOIN documents d ON d.id = s.doc_id "
                f"WHERE s.doc_id IN ({marks})", chunk)
        in_batch = {doc_id for band in bands for doc_id in rows.bands_index.get(band, ())}
        scored += [rows.sigs[doc_id] for doc_id in sorted(in_batch)]
        best: tuple[float, int, str] | None = None
        for other, cluster, seq in scored:
            other_sig = other if isinstance(other, np.ndarray) else minhash.from_bytes(other)
            score = minhash.similarity(sig, other_sig)
            if score >= self.near_threshold and (best is None or (score, -seq) > (best[0], -best[1])):
                best = (score, seq, cluster)
        return (best[2], best[0]) if best else (None, None)

    def _add_rows(self, doc: DocumentRows, seq: int, rows: _BatchRows) -> bool:
        """Queue one new document's rows; True when it joined an existing story."""
        sig = minhash.from_bytes(doc.signature) if doc.signature is not None else None
        cluster, similarity = self._cluster_for(sig, doc.bands, rows) if doc.bands else (None, None)
        language, published, title, publisher, wire, path, url, text, doc_json = doc.document
        rows.documents.append((doc.id, seq, cluster or doc.id, similarity, language, published, title, publisher,
                               wire, path, url, text, doc_json, _now(), doc.registry))
        rows.added.append(doc.id)
        rows.added_set.add(doc.id)
        if sig is not None:
            rows.signatures.append((doc.id, doc.signature))
            rows.sigs[doc.id] = (sig, cluster or doc.id, seq)
            for band in doc.bands:
                rows.bands.append((band[0], band[1], doc.id))
                rows.bands_index.setdefault(band, []).append(doc.id)
        rows.search.append((doc.id, doc.terms))
        rows.entities += doc.entities
        rows.quotes += doc.quotes
        story = cluster or doc.id
        before = self._story_date(story, rows) if cluster is not None else None
        day = _day(published)
        story_date = min(before, day) if before and day else (before or day)
        rows.story_dates[story] = story_date
        if cluster is not None and day is not None and (before is None or day < before):
            rows.redate.add(story)  # members dated by the story (or not at all) move to this date
        for event_row, mention_row in doc.events:
            event_row, mention_row = _dated(event_row, mention_row, story, story_date)
            rows.events.append(event_row)
            rows.mentions.append(mention_row)
            rows.touched.add(event_row[0])
        return cluster is not None

    def _story_date(self, story: str, rows: _BatchRows) -> str | None:
        """The earliest publication date of the story's members, stored or in this batch."""
        if story not in rows.story_dates:
            found = self.db.scalar("SELECT MIN(published) FROM documents WHERE cluster_id = ? AND published IS NOT NULL",
                                   (story,))
            rows.story_dates[story] = _day(found)
        return rows.story_dates[story]

    def _redate_stories(self, rows: _BatchRows) -> None:
        """Move the mentions of each story in ``rows.redate`` that are dated by their story, by
        the article alone or not at all to the events of the story's (new) earliest date, so
        the merge does not depend on the order the copies arrive in."""
        cols = ", ".join(f"e.{c}" for c in EVENT_ROW)
        marks = ", ".join("?" for _ in _STORY_DATED)
        new_events: list[tuple[Any, ...]] = []
        moves: list[tuple[Any, ...]] = []
        for story in sorted(rows.redate):
            when = rows.story_dates.get(story)
            if when is None:  # pragma: no cover - a story is only marked when it gains a date
                continue
            found = self.db.query(
                f"SELECT m.doc_id, m.mention_id, {cols} FROM mentions m JOIN documents d ON d.id = m.doc_id "
                f"JOIN events e ON e.id = m.event_id WHERE d.cluster_id = ? "
                f"AND (e.event_date IS NULL OR m.date_basis IN ({marks})) ORDER BY d.seq, m.char_start",
                (story, *_STORY_DATED))
            for doc_id, mention_id, *event in found:
                key = merge_key(event[3], event[4], event[5], when)
                eid = event_id_for(key)
                if eid == event[0]:
                    continue
                new_events.append((eid, key, when, *event[3:-1], doc_id))
                moves.append((eid, doc_id, mention_id))
                rows.touched.update((event[0], eid))
        if not moves:
            return
        self._insert_events(new_events)
        self.db.executemany("UPDATE mentions SET event_id = ?, date_basis = 'story' WHERE doc_id = ? AND mention_id = ?",
                            moves)

    def _write(self, rows: _BatchRows) -> None:
        db = self.db
        db.executemany(
            "INSERT INTO documents (id, seq, cluster_id, similarity, language, published, title, publisher, wire, "
            "source_path, source_url, text, doc_json, ingested_at, registry_version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.documents)
        db.executemany("INSERT INTO minhash_signatures (doc_id, sig) VALUES (?, ?)", rows.signatures)
        db.executemany("INSERT INTO minhash_bands (band, hash, doc_id) VALUES (?, ?, ?)", rows.bands)
        if rows.search:
            db.add_search_rows(rows.search)
        db.executemany(
            "INSERT INTO entities (doc_id, entity_id, type, text, canonical, actor_code, country, role, title, "
            "basis, char_start, char_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (doc_id, entity_id) DO NOTHING", rows.entities)
        db.executemany(INSERT_QUOTES, rows.quotes)
        self._insert_events(rows.events)
        db.executemany(
            "INSERT INTO mentions (doc_id, mention_id, event_id, sentence, char_start, char_end, text, rule, modality, "
            "negated, source_text, target_text, attributed_to, date_basis, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id, mention_id) DO NOTHING",
            rows.mentions)
        db.executemany(
            "INSERT INTO seen_inputs (input_key, doc_id) VALUES (?, ?) ON CONFLICT (input_key) DO NOTHING", rows.seen)
        if rows.redate:
            self._redate_stories(rows)
        touched = sorted(rows.touched)
        self._update_event_counts(touched)
        if rows.redate:  # events whose every mention moved to the story's date
            for chunk in _chunks(touched):
                db.execute(f"DELETE FROM events WHERE num_mentions = 0 AND id IN ({', '.join('?' for _ in chunk)})",
                           chunk)

    def _insert_events(self, events: Sequence[tuple[Any, ...]]) -> None:
        self.db.executemany(
            "INSERT INTO events (id, merge_key, event_date, source_code, target_code, cameo, root, plover, quad_class, "
            "goldstein, source_name, target_name, source_country, target_country, source_role, target_role, "
            "location_name, location_country, location_feature, location_lat, location_lon, location_gazetteer, "
            "first_doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            # A negated or hypothetical mention has no PLOVER type; the event takes one from the
            # first mention that reports it as occurring, whichever document came first.
            "ON CONFLICT (id) DO UPDATE SET plover = excluded.plover "
            "WHERE COALESCE(events.plover, '') = '' AND COALESCE(excluded.plover, '') <> ''", events)

    def _update_event_counts(self, event_ids: Sequence[int]) -> None:
        self.db.executemany(
            "UPDATE events SET "
            "num_mentions = (SELECT COUNT(*) FROM mentions m WHERE m.event_id = events.id), "
            "num_articles = (SELECT COUNT(DISTINCT m.doc_id) FROM mentions m WHERE m.event_id = events.id), "
            "num_sources = (SELECT COUNT(DISTINCT COALESCE(d.publisher, d.id)) FROM mentions m "
            "JOIN documents d ON d.id = m.doc_id WHERE m.event_id = events.id), "
            "num_stories = (SELECT COUNT(DISTINCT d.cluster_id) FROM mentions m "
            "JOIN documents d ON d.id = m.doc_id WHERE m.event_id = events.id), "
            "is_root = CASE WHEN EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = events.id "
            "AND m.sentence < ?) THEN 1 ELSE 0 END, "
            # The best mention's confidence; unknown (NULL) when a mention has none, so that
            # "the event passes a threshold" is "a mention passes it", whichever came first.
            "confidence = CASE WHEN EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = events.id "
            "AND m.confidence IS NULL) THEN NULL "
            f"ELSE (SELECT MAX(m.confidence) FROM mentions m WHERE m.event_id = events.id) END, {EVENT_SUMMARY_SET} "
            "WHERE id = ?",
            [(ROOT_SENTENCES, eid) for eid in event_ids],
        )

    # -- reading ----------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> Document:
        row = self.db.query_one("SELECT doc_json FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise QueryError(f"no document {doc_id!r} in the store")
        return document_from_dict(json.loads(row[0]))

    def iter_documents(self) -> Iterable[Document]:
        for (data,) in self.db.iterate("SELECT doc_json FROM documents ORDER BY seq"):
            yield document_from_dict(json.loads(data))

    def document_rows(self) -> list[dict[str, Any]]:
        cols = ", ".join(DOCUMENT_COLUMNS)
        return [dict(zip(DOCUMENT_COLUMNS, r, strict=True))
                for r in self.db.query(f"SELECT {cols} FROM documents ORDER BY seq")]

    def search(self, query: str, *, limit: int = 20, offset: int = 0, one_per_story: bool = False,
               mark: tuple[str, str] = ("[", "]"), width: int = 160,
               all_highlights: bool = True) -> list[SearchHit]:
        """Documents matching every word of ``query`` (any of its normalized and clitic-
        stripped forms), best first, each with a snippet cut from its original text. With
        ``one_per_story``, only the best document of each story (near-duplicate cluster).
        ``all_highlights=False``: only the matches the snippet can show are looked for (a
        results page: the rest of a long document is not read)."""
        limit = check_limit(limit) or 0
        offset = check_limit(offset, "offset") or 0
        groups = textindex.query_groups(query, lang=self.lang)
        found: list[tuple[str, float, tuple[Any, ...]]] = []
        seen: set[str] = set()
        page = limit * 4 if one_per_story else limit
        skip = 0 if one_per_story else offset
        while len(found) < limit + (offset if one_per_story else 0):
            batch = self.db.search_ids(groups, page, skip)
            rows = self._search_rows([doc_id for doc_id, _ in batch])  # one statement a batch, not one a hit
            for doc_id, score in batch:
                row = rows.get(doc_id)
                if row is None or (one_per_story and row[4] in seen):
                    continue
                seen.add(row[4])
                found.append((doc_id, score, row))
            if len(batch) < page or not one_per_story:
                break
            skip += page
        if one_per_story:
            found = found[offset:]
        hits: list[SearchHit] = []
        for doc_id, score, (text, title, published, publisher, cluster) in found[:limit]:
            spans = textindex.match_spans(text, groups, lang=self.lang,
                                          within=None if all_highlights else textindex.snippet_reach(width))
            hits.append(SearchHit(doc_id, score, title, published, publisher, cluster,
                                  textindex.snippet(text, spans, width=width, mark=mark), tuple(spans)))
        return hits

    def _search_rows(self, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """``(text, title, published, publisher, cluster_id)`` of each of ``ids`` that is stored."""
        found: dict[str, tuple[Any, ...]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ", ".join("?" for _ in chunk)
            for doc_id, *row in self.db.query("SELECT id, text, title, published, publisher, cluster_id "
                                              f"FROM documents WHERE id IN ({marks})", chunk):
                found[doc_id] = tuple(row)
        return found

    def count_search(self, query: str) -> int:
        """How many documents match ``query``."""
        return self.db.count_matches(textindex.query_groups(query, lang=self.lang))

    def search_counts(self, query: str) -> tuple[int, int]:
        """How many documents match ``query`` and how many stories (near-duplicate clusters)
        they are."""
        return self.db.count_search(textindex.query_groups(query, lang=self.lang))

    def event_filter(self, **filters: Any) -> EventFilter:
        return EventFilter.make(lang=self.lang, **filters)

    def events(self, filters: EventFilter | None = None, **kwargs: Any) -> list[dict[str, Any]]:
        """Merged events matching the filters (see :class:`EventFilter`), oldest first."""
        flt = filters if filters is not None else self.event_filter(**kwargs)
        select, params = event_select(flt)
        where, where_params = flt.where()
        params += where_params
        sql = f"{select}{where} ORDER BY {_EVENT_ORDER}"
        if flt.limit is not None:
            sql += " LIMIT ?"
            params.append(flt.limit)
        return [event_row(r) for r in self.db.query(sql, params)]

    def events_page(self, filters: EventFilter | None = None, *, limit: int, offset: int = 0) -> list[dict[str, Any]]:
        """One page of :meth:`events` (same rows, same order): the page's ids first, in the
        order of the ``events_order`` index, then their rows with the per-event subqueries,
        so a page costs its own rows, not a sort of every matching event's details."""
        flt = filters or EventFilter()
        where, params = flt.where()
        ids = [r[0] for r in self.db.query(
            f"SELECT e.id FROM events e{where} ORDER BY {_EVENT_ORDER} LIMIT ? OFFSET ?",
            [*params, check_limit(limit), check_limit(offset, "offset")])]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        select, select_params = event_select(flt)  # the threshold changes the counts
        rows = {r[0]: event_row(r) for r in self.db.query(f"{select} WHERE e.id IN ({marks})", [*select_params, *ids])}
        return [rows[i] for i in ids]

    def iter_events(self, filters: EventFilter | None = None) -> Iterable[dict[str, Any]]:
        flt = filters or EventFilter()
        select, params = event_select(flt)
        where, where_params = flt.where()
        sql = f"{select}{where} ORDER BY {_EVENT_ORDER}"
        params += where_params
        for r in self.db.iterate(sql, params):
            yield event_row(r)

    def mentions(self, event_id: int | None = None, *, min_confidence: float | None = None) -> list[dict[str, Any]]:
        """Mentions (of one event), with ``min_confidence`` those at or above it (or without one)."""
        sql = ("SELECT m.event_id, m.doc_id, m.mention_id, m.sentence, m.char_start, m.char_end, m.text, m.rule, "
               "m.modality, m.negated, m.source_text, m.target_text, m.attributed_to, m.date_basis, m.confidence, "
               "d.published, d.publisher, d.source_url FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE 1 = 1")
        ok, params = EventFilter(min_confidence=check_confidence(min_confidence)).mention_ok()
        sql += ok
        if event_id is not None:
            sql += " AND m.event_id = ?"
            params.append(check_limit(event_id, "event id"))
        sql += " ORDER BY m.event_id, d.seq, m.char_start"
        return [dict(zip(MENTION_COLUMNS, r, strict=True)) for r in self.db.query(sql, params)]

    def quote_filter(self, **filters: Any) -> QuoteFilter:
        return QuoteFilter.make(lang=self.lang, **filters)

    def quotes(self, filters: QuoteFilter | None = None, *, speaker: str | None = None, about: str | None = None,
               since: str | None = None, until: str | None = None, doc_id: str | None = None,
               kind: str | None = None, limit: Any = None, offset: Any = None) -> list[dict[str, Any]]:
        """Quotes matching the filters (see :class:`~marsad.store.quotes.QuoteFilter`), newest
        document first (undated last), then each document's quotes in text order; each row has
        :data:`~marsad.store.quotes.QUOTE_COLUMNS`."""
        flt = filters if filters is not None else self.quote_filter(
            speaker=speaker, about=about, since=since, until=until, doc_id=doc_id, kind=kind, limit=limit,
            offset=offset)
        sql, params = _quote_select(flt)
        return [dict(zip(QUOTE_COLUMNS, r, strict=True)) for r in self.db.query(sql, params)]

    def iter_quotes(self, filters: QuoteFilter | None = None) -> Iterator[dict[str, Any]]:
        """The rows of :meth:`quotes`, read as they are written out (the quotes export)."""
        sql, params = _quote_select(filters if filters is not None else self.quote_filter())
        for r in self.db.iterate(sql, params):
            yield dict(zip(QUOTE_COLUMNS, r, strict=True))

    def count_quotes(self, filters: QuoteFilter | None = None, **kwargs: Any) -> int:
        """How many quotes :meth:`quotes` gives for the same filters (without limit/offset)."""
        flt = filters if filters is not None else self.quote_filter(**kwargs)
        where, params = flt.where()
        return int(self.db.scalar(f"SELECT COUNT(*) FROM quotes q{where}", params) or 0)

    def actors(self, *, limit: int | None = None, type: str | None = None) -> list[dict[str, Any]]:
        """Actors with counts: coded actors (by code) and people (by name, with the title that
        introduced them), counting mentions, documents and stories (clusters), and events
        where the code is source or target."""
        limit = check_limit(limit)
        if type is not None and type.upper() not in {"PER", "ORG", "LOC", "MISC"}:
            raise QueryError(f"entity type {type!r} is not one of PER, ORG, LOC, MISC")
        rows = self.db.query(
            "SELECT en.actor_code, CASE WHEN en.type = 'PER' THEN COALESCE(en.canonical, en.text) ELSE NULL END AS person, "
            "MIN(en.type), MIN(COALESCE(en.canonical, en.text)), MAX(en.country), MAX(en.role), MAX(en.title), "
            "COUNT(*), COUNT(DISTINCT en.doc_id), COUNT(DISTINCT d.cluster_id) "
            "FROM entities en JOIN documents d ON d.id = en.doc_id "
            "WHERE en.actor_code IS NOT NULL OR en.type = 'PER' "
            "GROUP BY en.actor_code, CASE WHEN en.type = 'PER' THEN COALESCE(en.canonical, en.text) ELSE NULL END")
        as_source = dict(self.db.query(
            "SELECT source_code, COUNT(*) FROM events WHERE source_code IS NOT NULL GROUP BY source_code"))
        as_target = dict(self.db.query(
            "SELECT target_code, COUNT(*) FROM events WHERE target_code IS NOT NULL GROUP BY target_code"))
        out = []
        for code, person, etype, name, country, role, title, mentions, docs, stories in rows:
            if type is not None and etype != type.upper():
                continue
            out.append({
                "code": code, "name": person or name, "type": etype, "country": country, "role": role,
                "title": title, "mentions": mentions, "documents": docs, "stories": stories,
                "events_as_source": as_source.get(code, 0) if code else 0,
                "events_as_target": as_target.get(code, 0) if code else 0,
            })
        out.sort(key=lambda r: (-r["stories"], -r["mentions"], r["code"] or "", r["name"] or ""))
        return out[:limit] if limit is not None else out

    def stats(self) -> dict[str, Any]:
        db = self.db
        documents = int(db.scalar("SELECT COUNT(*) FROM documents"))
        stories = int(db.scalar("SELECT COUNT(DISTINCT cluster_id) FROM documents"))
        first, last = db.query_one("SELECT MIN(published), MAX(published) FROM documents") or (None, None)
        publishers = db.query(
            "SELECT COALESCE(publisher, '(unknown)') AS p, COUNT(*), COUNT(DISTINCT cluster_id) FROM documents "
            "GROUP BY COALESCE(publisher, '(unknown)') ORDER BY COUNT(*) DESC, p LIMIT 10")
        plover = db.query(
            "SELECT COALESCE(plover, '(none)') AS p, COUNT(*), SUM(num_mentions) FROM events "
            "GROUP BY COALESCE(plover, '(none)') ORDER BY COUNT(*) DESC, p")
        return {
            "store": self.url,
            "backend": self.dialect,
            "migrations": self.migrations(),
            "documents": documents,
            "stories": stories,
            "near_duplicates": documents - stories,
            "events": int(db.scalar("SELECT COUNT(*) FROM events")),
            "mentions": int(db.scalar("SELECT COUNT(*) FROM mentions")),
            "events_in_several_documents": int(db.scalar("SELECT COUNT(*) FROM events WHERE num_articles > 1")),
            "entities": int(db.scalar("SELECT COUNT(*) FROM entities")),
            "quotes": int(db.scalar("SELECT COUNT(*) FROM quotes")),
            "actor_codes": int(db.scalar("SELECT COUNT(DISTINCT actor_code) FROM entities")),
            "registry_versions": [{"version": v, "documents": n} for v, n in db.query(
                "SELECT COALESCE(registry_version, '(unknown)') AS v, COUNT(*) FROM documents "
                "GROUP BY COALESCE(registry_version, '(unknown)') ORDER BY COUNT(*) DESC, v")],
            "published_from": first,
            "published_to": last,
            "publishers": [{"publisher": p, "documents": n, "stories": s} for p, n, s in publishers],
            "plover": [{"type": p, "events": n, "mentions": int(m or 0)} for p, n, m in plover],
            "near_threshold": self.near_threshold,
            "lsh": {"num_perm": self.lsh.num_perm, "bands": self.lsh.bands, "rows": self.lsh.rows,
                    "shingle": self.lsh.shingle},
        }

    def export(self, fmt: str, out: str | Path | IO[str], *, table: str | None = None,
               filters: EventFilter | None = None) -> int:
        """Write ``table`` (documents, events, mentions) as jsonl, csv, parquet, or the
        events as GDELT 2.0; return the number of rows written."""
        from .export import export

        return export(self, fmt, out, table=table, filters=filters)


def open_store(url: str | Path | None = None, *, lang: LangData | None = None,
               near_threshold: float | None = None, create: bool = True, reader: bool = False) -> Store:
    """Open (creating and migrating as needed) a store: a file path, ``sqlite:///path`` or
    ``postgresql://...``; the default is ``marsad.db`` in the current folder. With
    ``create=False`` a missing SQLite file is a :class:`StoreError`. ``reader``: a connection
    for a pool of readers (see :func:`~marsad.store.backends.connect`)."""
    db = connect(url, create=create, reader=reader)
    try:
        return Store(db, lang=lang, near_threshold=near_threshold)
    except BaseException:
        db.close()
        raise


# Re-exported for callers that check the schema version.
SCHEMA_MIGRATIONS = tuple(m.name for m in MIGRATIONS)


def _quote_select(flt: QuoteFilter) -> tuple[str, list[Any]]:
    """The query of :meth:`Store.quotes` for ``flt`` and its parameters."""
    where, params = flt.where()
    cols = ", ".join(f"q.{c}" for c in QUOTE_COLUMNS[:-3])
    sql = (f"SELECT {cols}, d.title, d.publisher, d.source_url FROM quotes q JOIN documents d ON d.id = q.doc_id"
           f"{where} ORDER BY {QUOTE_ORDER}")
    if flt.limit is not None or flt.offset:
        sql += " LIMIT ? OFFSET ?"
        params += [flt.limit if flt.limit is not None else 2**62, flt.offset]
    return sql, params
