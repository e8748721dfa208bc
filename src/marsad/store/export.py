"""Exports: documents, events, mentions or quotes as JSON Lines, CSV or Parquet; events as GDELT 2.0.

The document export (JSON Lines) is the ``document.schema.json`` form, one document a line.
The quotes export has the columns of ``marsad quotes`` (``QUOTE_COLUMNS``: the words, speaker,
medium, who relays them, who they were said to, the body the speaker speaks for, the date),
newest document first.
The GDELT export writes the 61 tab-separated columns of the GDELT 2.0 event table, in the
codebook's order, without a header (as GDELT's files); what Marsad does not know is empty:
actor known-group/ethnic/religion codes, AvgTone, actor geography, ADM1/ADM2 codes, and
the geographic CountryCode (GDELT uses FIPS 10-4 there; Marsad has ISO 3166 alpha-3, which
it writes in the actor country columns, where GDELT uses CAMEO's ISO-based country codes).
GDELT has no confidence column: the export holds the events at or above the threshold, with
the counts of their mentions at or above it. The other formats have a ``confidence`` column.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import QueryError, StoreError
from .query import EventFilter

if TYPE_CHECKING:
    from .core import Store

__all__ = ["FORMATS", "TABLES", "GDELT_COLUMNS", "export", "gdelt_row"]

FORMATS = ("jsonl", "csv", "parquet", "gdelt")
TABLES = ("documents", "events", "mentions", "quotes")
DEFAULT_TABLE = {"jsonl": "documents", "csv": "events", "parquet": "events", "gdelt": "events"}

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
#: GDELT 2.0 event table columns (GDELT Event Codebook V2.0), in file order.
GDELT_COLUMNS: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in _ACTOR)
    + tuple(f"Actor2{c}" for c in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in _GEO)
    + tuple(f"Actor2Geo_{c}" for c in _GEO)
    + tuple(f"ActionGeo_{c}" for c in _GEO)
    + ("DATEADDED", "SOURCEURL")
)
assert len(GDELT_COLUMNS) == 61

# GDELT geographic resolution: 1 country, 4 world city, 5 world state (ADM1).
_GEO_TYPE = {"country": "1", "city": "4", "town": "4", "village": "4", "admin1": "5", "region": "5",
             "state": "5", "province": "5"}


@contextmanager
def _text_out(out: str | Path | IO[str]) -> Iterator[IO[str]]:
    if isinstance(out, (str, Path)):
        if str(out) == "-":
            yield sys.stdout
            return
        path = Path(out)
        if not path.parent.is_dir():
            raise StoreError(f"cannot write {path}: folder {path.parent} does not exist")
        with open(path, "w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield out


def _rows(store: Store, table: str, filters: EventFilter | None) -> tuple[tuple[str, ...], Iterable[dict[str, Any]]]:
    from .core import DOCUMENT_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS

    if table == "events":
        return EVENT_COLUMNS, store.iter_events(filters)
    if table == "quotes":
        from .quotes import QUOTE_COLUMNS

        return QUOTE_COLUMNS, store.iter_quotes()
    if table == "mentions":
        return MENTION_COLUMNS, store.mentions(min_confidence=filters.min_confidence if filters else None)
    return DOCUMENT_COLUMNS, store.document_rows()


def export(store: Store, fmt: str, out: str | Path | IO[str], *, table: str | None = None,
           filters: EventFilter | None = None) -> int:
    """Write ``table``; ``filters`` select events, and their ``min_confidence`` applies to every
    table: mentions below it are left out, and so are documents' events below it."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    table = table or DEFAULT_TABLE[fmt]
    if table not in TABLES:
        raise QueryError(f"unknown table {table!r} (one of {', '.join(TABLES)})")
    if fmt == "gdelt" and table != "events":
        raise QueryError("the GDELT format holds events only")
    if filters is not None and table != "events" and filters != EventFilter(min_confidence=filters.min_confidence):
        raise QueryError("event filters apply to the events table only (the threshold applies to every table)")
    threshold = filters.min_confidence if filters is not None else None
    if fmt == "parquet":
        return _parquet(store, table, out, filters)
    count = 0
    with _text_out(out) as handle:
        if fmt == "jsonl" and table == "documents":
            from ..confidence import keep_confident
            from ..model import document_to_dict

            for doc in store.iter_documents():
                doc = keep_confident(doc, threshold)
                handle.write(json.dumps(document_to_dict(doc), ensure_ascii=False) + "\n")
                count += 1
        elif fmt == "jsonl":
            _, rows = _rows(store, table, filters)
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        elif fmt == "csv":
            columns, rows = _rows(store, table, filters)
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row[c] is None else row[c] for c in columns])
                count += 1
        else:
            for row in _gdelt_rows(store, filters):
                handle.write("\t".join(row) + "\n")
                count += 1
    return count


def _parquet(store: Store, table: str, out: str | Path | IO[str], filters: EventFilter | None) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StoreError(
            "parquet export needs pyarrow: pip install pyarrow (or marsad[parquet])"
        ) from None
    if not isinstance(out, (str, Path)) or str(out) == "-":
        raise QueryError("parquet export needs a file name (--out FILE)")
    path = Path(out)
    if not path.parent.is_dir():
        raise StoreError(f"cannot write {path}: folder {path.parent} does not exist")
    columns, rows = _rows(store, table, filters)
    data: dict[str, list[Any]] = {c: [] for c in columns}
    for row in rows:
        for c in columns:
            data[c].append(row[c])
    pq.write_table(pa.table(data), str(path))
    return len(data[columns[0]])


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text if text not in ("", "-0") else "0"
    return " ".join(str(value).split())  # no tabs or newlines inside a field


def _date_fields(iso: str | None) -> tuple[str, str, str, str]:
    if not iso or len(iso) < 4 or not iso[:4].isdigit():
        return "", "", "", ""
    year = iso[:4]
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        if len(iso) >= 7 and iso[5:7].isdigit():
            return "", year + iso[5:7], year, year
        return "", "", year, year
    fraction = day.year + (day.timetuple().tm_yday - 1) / (366 if day.year % 4 == 0 else 365)
    return day.strftime("%Y%m%d"), day.strftime("%Y%m"), year, f"{fraction:.4f}"


def gdelt_row(event: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    """One GDELT 2.0 event row (61 fields) from an event row and its first document."""
    sqldate, month_year, year, fraction = _date_fields(event.get("date") or doc.get("published"))

    def actor(prefix: str) -> list[str]:
        code = event.get(f"{prefix}_code")
        return [_clean(code), _clean(event.get(f"{prefix}_name")), _clean(event.get(f"{prefix}_country")),
                "", "", "", "", _clean(event.get(f"{prefix}_role")), "", ""]

    cameo = event.get("cameo") or ""
    feature = (event.get("location_feature") or "").lower()
    action_geo = ["", "", "", "", "", "", "", ""]
    if event.get("location_name"):
        action_geo = [_GEO_TYPE.get(feature, ""), _clean(event.get("location_name")), "", "", "",
                      _clean(event.get("location_lat")), _clean(event.get("location_lon")),
                      _clean(event.get("location_gazetteer"))]
    added = (doc.get("ingested_at") or "")[:19].replace("-", "").replace("T", "").replace(":", "")
    row = (
        [_clean(event["id"]), sqldate, month_year, year, fraction]
        + actor("source") + actor("target")
        + [_clean(event.get("is_root")), cameo, cameo[:3], _clean(event.get("root") or cameo[:2]),
           _clean(event.get("quad_class")), _clean(event.get("goldstein")), _clean(event.get("num_mentions")),
           _clean(event.get("num_sources")), _clean(event.get("num_articles")), ""]
        + [""] * 8 + [""] * 8 + action_geo
        + [added, _clean(doc.get("source_url") or doc.get("source_path"))]
    )
    assert len(row) == 61
    return row


def _gdelt_rows(store: Store, filters: EventFilter | None) -> Iterator[list[str]]:
    from .core import event_select

    select, params = event_select(filters)
    where, where_params = (filters or EventFilter()).where()
    params += where_params
    sql = (select.replace(" FROM events e", ", e.source_role, e.target_role, e.location_feature, "
                                 "e.location_gazetteer, d.published, d.ingested_at, d.source_url, d.source_path "
                                 "FROM events e JOIN documents d ON d.id = e.first_doc")
           + where + " ORDER BY (e.event_date IS NULL), e.event_date, e.id")
    from .core import EVENT_COLUMNS, event_row

    extra = ("source_role", "target_role", "location_feature", "location_gazetteer")
    doc_cols = ("published", "ingested_at", "source_url", "source_path")
    n_event = len(EVENT_COLUMNS)
    for r in store.db.iterate(sql, params):
        event = {**event_row(r[:n_event]), **dict(zip(extra, r[n_event:n_event + len(extra)], strict=True))}
        doc = dict(zip(doc_cols, r[n_event + len(extra):], strict=True))
        yield gdelt_row(event, doc)


def gdelt_text(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(row) + "\n")
    return buffer.getvalue()
