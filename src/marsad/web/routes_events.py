"""``GET /api/events`` (merged events, JSON or CSV) and the chart data: ``/api/timeline``,
``/api/network``, ``/api/map``; every one with the events filters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..errors import QueryError
from ..store import EVENT_COLUMNS, Store
from . import queries
from .context import WebContext, csv_text

__all__ = ["router"]


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter()

    @api.get("/api/events", tags=["events"], summary="Merged events (the CLI's filters), JSON or CSV")
    def api_events(request: Request, actor: str | None = None, source: str | None = None,
                   target: str | None = None, code: str | None = None, plover: str | None = None,
                   country: str | None = None, since: str | None = None, until: str | None = None,
                   modality: str | None = None, min_confidence: str | None = None, limit: str | None = None,
                   offset: str | None = None, format: str = "json") -> Response:
        """Events as `marsad events` gives them: actor codes match as prefixes (RUS matches RUSGOV),
        `code` is a CAMEO prefix, `plover` a PLOVER type, `country` an ISO 3166-1 alpha-3 code
        (either actor or the location), dates inclusive, `modality` a comma-separated list of
        asserted, intent, claim, historical, hypothetical (a mention that is not negated) or
        `negated`. Each event lists its mentions' `modalities` and `num_negated`, and its
        `confidence` (the best mention's calibrated probability of being a real event).
        `min_confidence` (0-1, default the event model's ctx.threshold chosen by cross-validation;
        0 for every candidate) keeps the events with a mention at or above it and counts only
        those mentions; an event stored without a confidence always passes.
        `format`: json (default) or csv."""
        if format not in ("json", "csv"):
            raise QueryError(f"format {format!r} is not one of json, csv")
        lim, off = queries.check_page(limit, offset, default=100)

        def make(st: Store) -> Response:
            flt = ctx.event_filter(st, request.query_params)
            rows = queries.events_page(st, flt, limit=lim, offset=off)
            total = queries.count_events(st, flt)
            if format == "csv":
                return Response(csv_text(rows, EVENT_COLUMNS), media_type="text/csv; charset=utf-8",
                                headers={"content-disposition": 'attachment; filename="events.csv"',
                                         "x-total-count": str(total)})
            where = queries.event_mentions(st, [r["id"] for r in rows])
            items = [{**r, "mention": where.get(r["id"])} for r in rows]
            return JSONResponse({"total": total, "limit": lim, "offset": off, "items": items})

        return ctx.cached(request, make)

    @api.get("/api/timeline", tags=["events"], summary="Event counts by day and CAMEO root or QuadClass")
    def api_timeline(request: Request, by: str = "root") -> Response:
        """Merged events per day (`by`: `root` for CAMEO root codes, `quad` for QuadClass), with
        the events filters (`min_confidence` too). Events dated only to a month or year are
        counted in `undated`."""
        return ctx.cached(request, lambda st: queries.timeline(st, ctx.event_filter(st, request.query_params), by=by))

    @api.get("/api/network", tags=["events"], summary="Actor network: who acts on whom")
    def api_network(request: Request, max_nodes: str | None = None) -> Response:
        """Edges source -> target actor code with event counts and mean Goldstein score, with the
        events filters (`min_confidence` too)."""
        return ctx.cached(request, lambda st: queries.network(
            st, ctx.event_filter(st, request.query_params),
            max_nodes=60 if max_nodes in (None, "") else max_nodes))  # type: ignore[arg-type]

    @api.get("/api/map", tags=["events"], summary="Event locations")
    def api_map(request: Request) -> Response:
        """Places (gazetteer coordinates) with their event counts, with the events filters
        (`min_confidence` too)."""
        return ctx.cached(request, lambda st: queries.map_points(st, ctx.event_filter(st, request.query_params)))

    return api
