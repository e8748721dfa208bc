"""Read-only queries the observatory needs beyond the store's own methods.

Everything goes through the store's public methods or ``store.db.query`` with ``?``
placeholders and the WHERE clause of a checked :class:`~marsad.store.EventFilter`, so the
same statements run on SQLite and PostgreSQL and nothing a user types is pasted into SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import QueryError
from ..store import EventFilter, Store
from ..store.core import mentions_counted
from ..store.query import check_date, check_limit
from ..store.textindex import match_spans, query_groups, snippet, snippet_reach

__all__ = [
    "MARK",
    "DOCUMENT_LIST_COLUMNS",
    "QUAD_CLASSES",
    "DocumentPage",
    "check_page",
    "count_events",
    "event_mentions",
    "events_page",
    "list_documents",
    "map_points",
    "network",
    "timeline",
]

#: Snippet marks (private-use characters) turned into <mark> by the templates after escaping.
MARK = ("\ue000", "\ue001")
MAX_LIMIT = 1000
MAX_SEARCH_CANDIDATES = 10_000
QUAD_CLASSES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
DOCUMENT_LIST_COLUMNS = ("id", "cluster_id", "similarity", "published", "title", "publisher", "wire", "language",
                         "source_url")


def check_page(limit: Any, offset: Any, *, default: int = 50, maximum: int = MAX_LIMIT) -> tuple[int, int]:
    """``limit`` (1..maximum, default ``default``) and ``offset`` (>= 0) as whole numbers."""
    lim = check_limit(default if limit in (None, "") else limit) or 0
    off = check_limit(0 if offset in (None, "") else offset, "offset") or 0
    if not 1 <= lim <= maximum:
        raise QueryError(f"limit must be between 1 and {maximum}")
    if off > 10_000_000:
        raise QueryError("offset is too large")
    return lim, off


@dataclass(frozen=True, slots=True)
class DocumentPage:
    total: int
    items: list[dict[str, Any]]


def _doc_where(since: str | None, until: str | None, publisher: str | None) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    first = check_date(since, "since")
    last = check_date(until, "until", end=True)
    if first and last and first > last:
        raise QueryError(f"since {since} is after until {until}")
    if first:
        clauses.append("d.published >= ?")
        params.append(first)
    if last:
        clauses.append("SUBSTR(d.published, 1, 10) <= ?")
        params.append(last)
    if publisher:
        if len(publisher) > 200:
            raise QueryError("publisher is longer than 200 characters")
        clauses.append("d.publisher = ?")
        params.append(publisher)
    return clauses, params


def _rows(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    cols = ", ".join(f"d.{c}" for c in DOCUMENT_LIST_COLUMNS)
    for i in range(0, len(ids), 500):
        chunk = list(ids[i:i + 500])
        marks = ", ".join("?" for _ in chunk)
        for row in store.db.query(f"SELECT {cols} FROM documents d WHERE d.id IN ({marks})", chunk):
            out[row[0]] = dict(zip(DOCUMENT_LIST_COLUMNS, row, strict=True))
    return out


def list_documents(store: Store, *, q: str | None = None, since: str | None = None, until: str | None = None,
                   publisher: str | None = None, limit: int = 50, offset: int = 0) -> DocumentPage:
    """Documents, newest stored first; with ``q`` the full-text matches best first (the
    search the CLI runs), each with a snippet whose matches are wrapped in :data:`MARK`."""
    clauses, params = _doc_where(since, until, publisher)
    if not q or not q.strip():
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        total = int(store.db.scalar(f"SELECT COUNT(*) FROM documents d{where}", params) or 0)
        cols = ", ".join(f"d.{c}" for c in DOCUMENT_LIST_COLUMNS)
        rows = store.db.query(f"SELECT {cols}, SUBSTR(d.text, 1, 400) FROM documents d{where} "
                              "ORDER BY d.seq DESC LIMIT ? OFFSET ?", [*params, limit, offset])
        items = []
        for row in rows:
            item = dict(zip(DOCUMENT_LIST_COLUMNS, row[:-1], strict=True))
            item["snippet"] = snippet(row[-1] or "", [], width=160, mark=MARK)
            item["score"] = None
            items.append(item)
        return DocumentPage(total, items)
    if not clauses:  # the CLI's search, as it is
        total = store.count_search(q)
        hits = store.search(q, limit=limit, offset=offset, mark=MARK, all_highlights=False)
        found = _rows(store, [h.doc_id for h in hits])
        return DocumentPage(total, [{**found.get(h.doc_id, {"id": h.doc_id}), "score": round(h.score, 6),
                                     "snippet": h.snippet} for h in hits])
    groups = query_groups(q, lang=store.lang)
    ranked = store.db.search_ids(groups, MAX_SEARCH_CANDIDATES, 0)
    order = {doc_id: i for i, (doc_id, _) in enumerate(ranked)}
    scores = dict(ranked)
    kept: list[str] = []
    ids = [doc_id for doc_id, _ in ranked]
    where = " AND ".join(clauses)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        kept += [r[0] for r in store.db.query(
            f"SELECT d.id FROM documents d WHERE d.id IN ({marks}) AND {where}", [*chunk, *params])]
    kept.sort(key=order.__getitem__)
    page = kept[offset:offset + limit]
    found = _rows(store, page)
    items = []
    for doc_id in page:
        text = store.db.scalar("SELECT text FROM documents WHERE id = ?", (doc_id,)) or ""
        spans = match_spans(text, groups, lang=store.lang, within=snippet_reach(160))
        items.append({**found[doc_id], "score": round(scores[doc_id], 6),
                      "snippet": snippet(text, spans, width=160, mark=MARK)})
    return DocumentPage(len(kept), items)


def count_events(store: Store, flt: EventFilter) -> int:
    """How many events :func:`events_page` pages through. At a threshold, the events without a
    confidence and those at or above it are counted apart and added up: two index ranges
    instead of SQLite's de-duplicating union of the two (whole corpus, model's threshold:
    1.38 -> 0.20 ms)."""
    if not flt.min_confidence:
        where, params = flt.where()
        return int(store.db.scalar(f"SELECT COUNT(*) FROM events e{where}", params) or 0)
    unknown, unknown_params = flt.where(unknown_confidence=True)
    passing, passing_params = flt.where(unknown_confidence=False)
    return int(store.db.scalar(f"SELECT (SELECT COUNT(*) FROM events e{unknown}) + "
                               f"(SELECT COUNT(*) FROM events e{passing})", [*unknown_params, *passing_params]) or 0)


def events_page(store: Store, flt: EventFilter, *, limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of :meth:`Store.iter_events` (the CLI's ``marsad events`` rows and order)."""
    return store.events_page(flt, limit=limit, offset=offset)


def event_mentions(store: Store, event_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """For each event, its first mention in its first document: where the article page shows it."""
    out: dict[int, dict[str, Any]] = {}
    ids = sorted({int(i) for i in event_ids})
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = store.db.query(
            "SELECT m.event_id, m.doc_id, m.mention_id, m.sentence, m.rule, m.modality, m.negated, m.confidence "
            f"FROM mentions m JOIN events e ON e.id = m.event_id AND e.first_doc = m.doc_id WHERE m.event_id IN ({marks}) "
            "ORDER BY m.event_id, m.char_start", chunk)
        for event_id, doc_id, mention_id, sentence, rule, modality, negated, confidence in rows:
            out.setdefault(int(event_id), {"doc_id": doc_id, "mention_id": mention_id, "sentence": sentence,
                                           "rule": rule, "modality": modality, "negated": bool(negated),
                                           "confidence": confidence})
    return out


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def timeline(store: Store, flt: EventFilter, *, by: str = "root") -> dict[str, Any]:
    """Event counts by day and by CAMEO root (``by="root"``) or QuadClass (``by="quad"``).
    Events dated only to a month or year, or not at all, are counted apart."""
    if by not in ("root", "quad"):
        raise QueryError(f"by {by!r} is not one of root, quad")
    column = "e.root" if by == "root" else "e.quad_class"
    where, params = flt.where()
    counted, counted_params = mentions_counted(flt)
    day_where = _and(where, "LENGTH(e.event_date) = 10")
    rows = store.db.query(
        f"SELECT e.event_date, {column}, COUNT(*), SUM({counted}) FROM events e{day_where} "
        f"GROUP BY e.event_date, {column} ORDER BY e.event_date, {column}", counted_params + params)
    undated = int(store.db.scalar(
        f"SELECT COUNT(*) FROM events e{_and(where, '(e.event_date IS NULL OR LENGTH(e.event_date) <> 10)')}",
        params) or 0)
    codes = store.lang.table("cameo").get("codes", {}) if "cameo" in store.lang else {}
    series: dict[str, str] = {}
    points = []
    for day, key, count, mentions in rows:
        name = str(key) if key is not None else "?"
        if name not in series:
            if by == "root":
                series[name] = (codes.get(name) or {}).get("name") or name
            else:
                series[name] = QUAD_CLASSES.get(int(key), name) if key is not None else "?"
        points.append({"date": day, "key": name, "events": int(count), "mentions": int(mentions or 0)})
    return {"by": by, "series": [{"key": k, "label": v} for k, v in sorted(series.items())],
            "points": points, "undated": undated}


def network(store: Store, flt: EventFilter, *, max_nodes: int = 60) -> dict[str, Any]:
    """Who acts on whom: one edge per (source, target) actor code with its event count and
    mean Goldstein score; nodes are the codes with their most frequent name (as source first,
    then as target; ties: the first name in code point order) and degree. One pass over the
    events (the ``events_pair`` index covers it), grouped by codes and names."""
    max_nodes = check_limit(max_nodes, "max_nodes") or 0
    if not 1 <= max_nodes <= 500:
        raise QueryError("max_nodes must be between 1 and 500")
    where, params = flt.where()
    where = _and(_and(where, "e.source_code IS NOT NULL"), "e.target_code IS NOT NULL")
    counted, counted_params = mentions_counted(flt)
    groups = store.db.query(
        f"SELECT e.source_code, e.target_code, e.source_name, e.target_name, COUNT(*), SUM(e.goldstein), "
        f"COUNT(e.goldstein), SUM({counted}), MIN(e.quad_class), MAX(e.quad_class) FROM events e{where} "
        "GROUP BY e.source_code, e.target_code, e.source_name, e.target_name", counted_params + params)
    pairs: dict[tuple[str, str], list[Any]] = {}  # events, goldstein sum and count, mentions, quad min, max
    named: tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]] = ({}, {})
    for source, target, source_name, target_name, count, g_sum, g_count, mentions, qmin, qmax in groups:
        count, g_count, mentions = int(count), int(g_count or 0), int(mentions or 0)
        edge = pairs.setdefault((source, target), [0, 0.0, 0, 0, qmin, qmax])
        edge[0] += count
        edge[1] += float(g_sum or 0.0)
        edge[2] += g_count
        edge[3] += mentions
        edge[4] = qmin if edge[4] is None or (qmin is not None and qmin < edge[4]) else edge[4]
        edge[5] = qmax if edge[5] is None or (qmax is not None and qmax > edge[5]) else edge[5]
        for side, code, name in ((0, source, source_name), (1, target, target_name)):
            if name:
                named[side][(code, name)] = named[side].get((code, name), 0) + count
    names: dict[str, str] = {}
    for side in named:
        for (code, name), _count in sorted(side.items(), key=lambda item: (-item[1], item[0][1])):
            names.setdefault(code, name)
    weight: dict[str, int] = {}
    for (source, target), edge in pairs.items():
        weight[source] = weight.get(source, 0) + edge[0]
        weight[target] = weight.get(target, 0) + edge[0]
    keep = sorted(weight, key=lambda c: (-weight[c], c))[:max_nodes]
    kept = set(keep)
    edges = [{"source": s, "target": t, "events": n, "goldstein": round(g / k, 2) if k else None,
              "mentions": m, "quad_min": qmin, "quad_max": qmax}
             for (s, t), (n, g, k, m, qmin, qmax) in sorted(pairs.items(), key=lambda item: (-item[1][0], item[0]))
             if s in kept and t in kept]
    nodes = [{"code": c, "name": names.get(c), "events": weight[c]} for c in keep]
    return {"nodes": nodes, "edges": edges, "dropped_nodes": max(0, len(weight) - len(keep))}


def map_points(store: Store, flt: EventFilter) -> dict[str, Any]:
    """Event locations (gazetteer coordinates), one point per place with its event counts."""
    where, params = flt.where()
    counted, counted_params = mentions_counted(flt)
    rows = store.db.query(
        "SELECT e.location_name, e.location_country, e.location_lat, e.location_lon, COUNT(*), "
        f"SUM({counted}), AVG(e.goldstein) FROM events e{_and(where, 'e.location_lat IS NOT NULL')} "
        "GROUP BY e.location_name, e.location_country, e.location_lat, e.location_lon "
        "ORDER BY COUNT(*) DESC, e.location_name", counted_params + params)
    unplaced = int(store.db.scalar(f"SELECT COUNT(*) FROM events e{_and(where, 'e.location_lat IS NULL')}",
                                   params) or 0)
    points = [{"name": n, "country": c, "lat": float(lat), "lon": float(lon), "events": int(k),
               "mentions": int(m or 0), "goldstein": None if g is None else round(float(g), 2)}
              for n, c, lat, lon, k, m, g in rows
              if lat is not None and lon is not None and -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180]
    return {"points": points, "unplaced": unplaced}
