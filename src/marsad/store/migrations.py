"""The store's schema: named migrations applied in order, each in its own transaction.

A migration is a list of statements shared by both backends, with ``{blob}``/``{float}``/
``{bigint}`` standing for the dialect's types, plus per-dialect statements where the two
differ (the full-text index), and optionally a ``backfill``: Python run after the statements, in
the same transaction, that fills a new table from what the store holds (the quotes of
``0008_quotes`` from each stored document's JSON). ``schema_migrations`` records what was
applied; opening a store applies what is missing and refuses a store written by a newer Marsad.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..errors import StoreError
from ..langdata.loader import LangData, load_langdata
from ..model import MODALITIES
from .backends import Backend
from .quotes import backfill_quotes

__all__ = ["Migration", "MIGRATIONS", "migrate", "applied_migrations", "EVENT_SUMMARY_SET", "modality_bits_sql"]


def modality_bits_sql(event: str = "e", ok: str = "") -> str:
    """The distinct modalities of the mentions of the event row ``event`` (an alias or the
    table's name) that pass ``ok`` (see ``EventFilter.mention_ok``), as a bit set: one bit per
    MODALITIES entry (SUM(DISTINCT) works the same in both dialects, unlike ordered string
    aggregation)."""
    return ("(SELECT COALESCE(SUM(DISTINCT CASE m.modality "
            + " ".join(f"WHEN '{name}' THEN {1 << bit}" for bit, name in enumerate(MODALITIES))
            + f" ELSE 0 END), 0) FROM mentions m WHERE m.event_id = {event}.id{ok})")


#: The SET clause of ``UPDATE events`` that makes an event's summary of its mentions (0010): the
#: lowest mention confidence (NULL when none has one: then, as when it is at or above a
#: threshold, every mention passes it and the stored counts are those at the threshold), the
#: modalities as bits, the negated mentions, and the text of its first mention in its first
#: document. Ingest runs it on every event it touches, in the same transaction.
EVENT_SUMMARY_SET = (
    "low_confidence = (SELECT MIN(m.confidence) FROM mentions m WHERE m.event_id = events.id), "
    f"modality_bits = {modality_bits_sql('events')}, "
    "num_negated = (SELECT COUNT(*) FROM mentions m WHERE m.event_id = events.id AND m.negated <> 0), "
    "first_text = (SELECT m.text FROM mentions m WHERE m.event_id = events.id AND m.doc_id = events.first_doc "
    "ORDER BY m.char_start LIMIT 1)"
)


#: The event columns the events filters compare (besides the date and the threshold): what the
#: covering indexes of 0012 hold.
EVENT_FILTER_COLUMNS = ("source_code", "target_code", "cameo", "plover", "source_country", "target_country",
                        "location_country")


def backfill_event_summaries(db: Backend, _lang: Callable[[], LangData]) -> None:
    """Every stored event's summary (:data:`EVENT_SUMMARY_SET`), in one statement."""
    db.execute(f"UPDATE events SET {EVENT_SUMMARY_SET}")


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    common: tuple[str, ...] = ()
    per_dialect: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Run after the statements with the backend and a getter of the store's language data.
    backfill: Callable[[Backend, Callable[[], LangData]], object] | None = None


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_documents",
        common=(
            """CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
            """CREATE TABLE documents (
                id TEXT PRIMARY KEY,
                seq {bigint} NOT NULL UNIQUE,
                cluster_id TEXT NOT NULL,
                similarity {float},
                language TEXT,
                published TEXT,
                title TEXT,
                publisher TEXT,
                wire TEXT,
                source_path TEXT,
                source_url TEXT,
                text TEXT NOT NULL,
                doc_json TEXT NOT NULL,
                ingested_at TEXT NOT NULL
            )""",
            "CREATE INDEX documents_cluster ON documents (cluster_id)",
            "CREATE INDEX documents_published ON documents (published)",
            # What was read (hash of the bytes and options) -> the document it gave: a rerun
            # skips inputs already stored without coding them again.
            """CREATE TABLE seen_inputs (input_key TEXT PRIMARY KEY, doc_id TEXT NOT NULL)""",
            """CREATE TABLE entities (
                doc_id TEXT NOT NULL REFERENCES documents (id),
                entity_id TEXT NOT NULL,
                type TEXT NOT NULL,
                text TEXT NOT NULL,
                canonical TEXT,
                actor_code TEXT,
                country TEXT,
                role TEXT,
                title TEXT,
                basis TEXT,
                char_start INTEGER NOT NULL,
                char_end INTEGER NOT NULL,
                PRIMARY KEY (doc_id, entity_id)
            )""",
            "CREATE INDEX entities_actor ON entities (actor_code)",
        ),
    ),
    Migration(
        "0002_events_mentions",
        common=(
            """CREATE TABLE events (
                id {bigint} PRIMARY KEY,
                merge_key TEXT NOT NULL UNIQUE,
                event_date TEXT,
                source_code TEXT,
                target_code TEXT,
                cameo TEXT NOT NULL,
                root TEXT,
                plover TEXT,
                quad_class INTEGER,
                goldstein {float},
                source_name TEXT,
                target_name TEXT,
                source_country TEXT,
                target_country TEXT,
                source_role TEXT,
                target_role TEXT,
                location_name TEXT,
                location_country TEXT,
                location_feature TEXT,
                location_lat {float},
                location_lon {float},
                location_gazetteer TEXT,
                first_doc TEXT NOT NULL,
                num_mentions INTEGER NOT NULL DEFAULT 0,
                num_sources INTEGER NOT NULL DEFAULT 0,
                num_articles INTEGER NOT NULL DEFAULT 0,
                num_stories INTEGER NOT NULL DEFAULT 0,
                is_root INTEGER NOT NULL DEFAULT 0
            )""",
            "CREATE INDEX events_date ON events (event_date)",
            "CREATE INDEX events_source ON events (source_code)",
            "CREATE INDEX events_target ON events (target_code)",
            "CREATE INDEX events_cameo ON events (cameo)",
            "CREATE INDEX events_plover ON events (plover)",
            """CREATE TABLE mentions (
                doc_id TEXT NOT NULL REFERENCES documents (id),
                mention_id TEXT NOT NULL,
                event_id {bigint} NOT NULL REFERENCES events (id),
                sentence INTEGER,
                char_start INTEGER NOT NULL,
                char_end INTEGER NOT NULL,
                text TEXT NOT NULL,
                rule TEXT,
                modality TEXT,
                negated INTEGER NOT NULL DEFAULT 0,
                source_text TEXT,
                target_text TEXT,
                attributed_to TEXT,
                date_basis TEXT,
                PRIMARY KEY (doc_id, mention_id)
            )""",
            "CREATE INDEX mentions_event ON mentions (event_id)",
        ),
    ),
    Migration(
        "0003_minhash_lsh",
        common=(
            "CREATE TABLE minhash_signatures (doc_id TEXT PRIMARY KEY REFERENCES documents (id), sig {blob} NOT NULL)",
            """CREATE TABLE minhash_bands (
                band INTEGER NOT NULL,
                hash {bigint} NOT NULL,
                doc_id TEXT NOT NULL REFERENCES documents (id),
                PRIMARY KEY (band, hash, doc_id)
            )""",
        ),
    ),
    Migration(
        "0004_search",
        per_dialect={
            # Both index the same pre-normalized terms (marsad's folding + clitic-stripped forms);
            # the database's own tokenizer only splits on spaces of already clean text.
            "sqlite": (
                "CREATE VIRTUAL TABLE search_index USING fts5("
                "doc_id UNINDEXED, terms, tokenize = 'unicode61 remove_diacritics 0')",
            ),
            "postgresql": (
                """CREATE TABLE search_index (
                    doc_id TEXT PRIMARY KEY REFERENCES documents (id),
                    terms TEXT NOT NULL,
                    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED
                )""",
                "CREATE INDEX search_index_tsv ON search_index USING GIN (tsv)",
            ),
        },
    ),
    # The event model's confidence on each mention and, on the merged event, the best of its
    # mentions' (NULL when a mention has none: unknown passes any threshold). Stores made
    # before it keep working: their rows get NULL.
    Migration(
        "0005_event_confidence",
        common=(
            "ALTER TABLE mentions ADD COLUMN confidence {float}",
            "ALTER TABLE events ADD COLUMN confidence {float}",
            "CREATE INDEX events_confidence ON events (confidence)",
        ),
    ),
    Migration(
        "0006_query_indexes",
        common=(
            # The order of every events list (dated first, oldest first, then id): a page is an
            # index range, not a sort of every event (bench/api_load.py: events 3.5 s -> ms).
            "CREATE INDEX events_order ON events ((event_date IS NULL), event_date, id)",
            # Search counts read (id, cluster_id) only, not the wide rows (SQLite: INDEXED BY it).
            "CREATE INDEX documents_id_cluster ON documents (id, cluster_id)",
        ),
    ),
    # The version of the actor registry (shipped tables + user registry, a hash) each document
    # was coded with, so re-coding after a registry change is traceable. Older rows: NULL.
    Migration(
        "0007_registry_version",
        common=(
            "ALTER TABLE documents ADD COLUMN registry_version TEXT",
            "CREATE INDEX documents_registry ON documents (registry_version)",
        ),
    ),
    # Every quote of every document, with its speaker, for `marsad quotes`, /api/quotes and the
    # quotes page (see quotes.py). Existing stores are backfilled from their stored JSON.
    Migration(
        "0008_quotes",
        common=(
            """CREATE TABLE quotes (
                doc_id TEXT NOT NULL REFERENCES documents (id),
                quote_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                kind TEXT,
                text TEXT NOT NULL,
                char_start INTEGER,
                char_end INTEGER,
                sentence INTEGER,
                cue TEXT,
                speaker_entity TEXT,
                speaker_text TEXT,
                speaker_name TEXT,
                speaker_code TEXT,
                addressee_code TEXT,
                addressee_text TEXT,
                about_code TEXT,
                about_text TEXT,
                target_code TEXT,
                target_text TEXT,
                medium TEXT,
                published TEXT,
                speaker_terms TEXT,
                text_terms TEXT,
                PRIMARY KEY (doc_id, quote_id)
            )""",
            # The order of every quotes list (newest first, undated last) and the code filters.
            "CREATE INDEX quotes_order ON quotes ((published IS NULL), published, doc_id, position)",
            "CREATE INDEX quotes_published ON quotes (published)",
            "CREATE INDEX quotes_speaker ON quotes (speaker_code)",
            "CREATE INDEX quotes_target ON quotes (target_code)",
            "CREATE INDEX quotes_addressee ON quotes (addressee_code)",
            "CREATE INDEX quotes_about ON quotes (about_code)",
        ),
        backfill=backfill_quotes,
    ),
    # Covering indexes of the aggregate pages (bench/api_load.py on the whole corpus, answer
    # cache off): a mention count at a threshold reads (event_id, confidence) only, and the
    # timeline scans one index instead of the event rows (timeline 58 -> 14 ms).
    Migration(
        "0009_aggregate_indexes",
        common=(
            "CREATE INDEX mentions_event_confidence ON mentions (event_id, confidence)",
            "CREATE INDEX events_day_kind ON events (event_date, root, quad_class, confidence, num_mentions)",
        ),
    ),
    # What an events page, the timeline, the network and the map read of an event's mentions,
    # kept on the event (ingest updates it with the counts): an event whose mentions all pass
    # the threshold (most: one mention, or all confident) takes its stored counts instead of
    # counting its mentions again, and no list counts modalities, negations or finds the text.
    # Existing stores are filled from their mentions.
    Migration(
        "0010_event_summaries",
        common=(
            "ALTER TABLE events ADD COLUMN low_confidence {float}",
            "ALTER TABLE events ADD COLUMN modality_bits INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE events ADD COLUMN num_negated INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE events ADD COLUMN first_text TEXT",
        ),
        backfill=backfill_event_summaries,
    ),
    # Covering indexes at the model's threshold (bench/api_load.py on the whole corpus, answer
    # cache off; EXPLAIN QUERY PLAN in tests/test_store_covering.py): an events page, the
    # timeline, the network and the map read one index each, not the event rows. Three extend
    # an index of 0006/0005/0009 with the threshold's columns and replace it.
    Migration(
        "0011_covering_indexes",
        common=(
            "DROP INDEX IF EXISTS events_order",
            "CREATE INDEX events_order ON events ((event_date IS NULL), event_date, id, confidence)",
            "DROP INDEX IF EXISTS events_confidence",
            # the undated and unplaced counts at a threshold
            "CREATE INDEX events_confidence ON events (confidence, event_date, location_lat)",
            "DROP INDEX IF EXISTS events_day_kind",
            "CREATE INDEX events_day_kind ON events "
            "(event_date, root, quad_class, confidence, low_confidence, num_mentions)",
            "CREATE INDEX events_pair ON events (source_code, target_code, confidence, low_confidence, num_mentions, "
            "goldstein, quad_class, source_name, target_name)",
            "CREATE INDEX events_place ON events (location_name, location_country, location_lat, location_lon, "
            "confidence, low_confidence, num_mentions, goldstein)",
        ),
    ),
    # A quote's roles besides its speaker (issue 16): the medium's actor code beside its text
    # (0008's ``medium``), who relays the words and the body the speaker speaks for. Documents
    # stored before have no roles in their JSON, so there is nothing to backfill.
    Migration(
        "0012_quote_roles",
        common=(
            "ALTER TABLE quotes ADD COLUMN medium_code TEXT",
            "ALTER TABLE quotes ADD COLUMN relayed_by_text TEXT",
            "ALTER TABLE quotes ADD COLUMN relayed_by_code TEXT",
            "ALTER TABLE quotes ADD COLUMN speaker_for_text TEXT",
            "ALTER TABLE quotes ADD COLUMN speaker_for_code TEXT",
        ),
    ),
    # Covering indexes of the events filters (bench/api_load.py on the whole corpus, answer cache
    # off; tests/test_store_covering.py): the code, CAMEO and PLOVER filters search an index that
    # also holds every other filter's column, the threshold and the order, so a filtered page
    # and its count never look up an event row (plover=ASSAULT&country=YEM: 5,558 row lookups,
    # page + count 6.9 -> 1.5 ms); a mention filter (modality) and the counts of an event's
    # mentions at a threshold read the mentions' own covering index. Each replaces the
    # narrower index it extends.
    Migration(
        "0013_filter_covering_indexes",
        common=tuple(
            statement
            for name, column in (("events_source", "source_code"), ("events_target", "target_code"),
                                 ("events_cameo", "cameo"), ("events_plover", "plover"))
            for statement in (
                f"DROP INDEX IF EXISTS {name}",
                f"CREATE INDEX {name}_cover ON events ({column}, confidence, "
                + ", ".join(c for c in EVENT_FILTER_COLUMNS if c != column) + ", event_date, id)",
            )
        ) + (
            # the threshold's own index (0011: the undated and unplaced counts) holds them too: the
            # events without a confidence are counted apart from those above it (web/queries.py)
            "DROP INDEX IF EXISTS events_confidence",
            "CREATE INDEX events_confidence ON events (confidence, event_date, location_lat, "
            + ", ".join(EVENT_FILTER_COLUMNS) + ")",
            "CREATE INDEX mentions_event_cover ON mentions (event_id, confidence, negated, modality, sentence, doc_id)",
            "DROP INDEX IF EXISTS mentions_event_confidence",
        ),
    ),
)


def applied_migrations(db: Backend) -> list[str]:
    if not db.table_exists("schema_migrations"):
        return []
    return [row[0] for row in db.query("SELECT name FROM schema_migrations ORDER BY name")]


def migrate(db: Backend, migrations: tuple[Migration, ...] = MIGRATIONS, *,
            lang: Callable[[], LangData] | None = None) -> list[str]:
    """Apply the missing migrations in order; return the names applied now. ``lang`` gives the
    store's language data to a backfill (default: Arabic, loaded only when a backfill needs it)."""
    known = [m.name for m in migrations]
    if known != sorted(known) or len(set(known)) != len(known):
        raise StoreError("migrations must have unique names in order")  # pragma: no cover
    done_now: list[str] = []
    applied_before = set(applied_migrations(db))
    if applied_before == set(known):
        return done_now  # up to date: no write lock, so readers never wait for a running ingest
    with db.transaction():
        if db.dialect == "postgresql":
            db.execute("SELECT pg_advisory_xact_lock(7346521)")  # two first opens do not race
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = {row[0] for row in db.query("SELECT name FROM schema_migrations")}
        unknown = sorted(applied - set(known))
        if unknown:
            raise StoreError(
                f"the store was written by a newer Marsad (unknown migration {unknown[-1]}); upgrade marsad"
            )
        for migration in migrations:
            if migration.name in applied:
                continue
            statements = migration.common + migration.per_dialect.get(db.dialect, ())
            for statement in statements:
                db.execute(statement.format(**db.types))
            if migration.backfill is not None:
                migration.backfill(db, lang or (lambda: load_langdata("ar")))
            db.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            done_now.append(migration.name)
    return done_now
