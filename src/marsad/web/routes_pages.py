"""The observatory's pages: documents (``/``), one article highlighted (``/documents/{id}``),
events, the timeline, network and map pages (drawn by static JavaScript from the API), and the
API description (``/api/docs``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..errors import QueryError
from ..store.query import check_limit
from . import highlight, queries
from .context import WebContext, one, query_string

__all__ = ["router"]


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter()

    @api.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        params = request.query_params
        q = one(params, "q")
        error = None
        try:
            lim, off = queries.check_page(params.get("limit"), params.get("offset"), default=25, maximum=200)
            with ctx.store() as st:
                result = queries.list_documents(st, q=q, since=one(params, "since"), until=one(params, "until"),
                                                publisher=one(params, "publisher"), limit=lim, offset=off)
                stats = st.stats()
        except QueryError as exc:
            error, result, stats, lim, off = str(exc), queries.DocumentPage(0, []), None, 25, 0
        return ctx.page("home.html", request, 400 if error else 200, error=error, result=result, stats=stats,
                        q=q or "", limit=lim, offset=off, title="Documents")

    @api.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, quote: str | None = None) -> HTMLResponse:
        ctx.doc_id_checked(doc_id)
        focus = check_limit(quote, "quote") if quote not in (None, "") else None  # a quote to highlight
        with ctx.store() as st:
            if not st.has_document(doc_id):
                raise ctx.not_found(doc_id)
            doc = st.get_document(doc_id)
            cameo = st.lang.table("cameo").get("codes", {}) if "cameo" in st.lang else {}
        spans = highlight.document_spans(doc, focus_quote=focus)
        body = highlight.render_spans(doc.text, spans)
        entities = {e.id: e for e in doc.entities}
        counts = {kind: sum(1 for s in spans if s.kind == kind) for kind in highlight.KINDS}
        return ctx.page("document.html", request, doc=doc, body=body, entities=entities, cameo=cameo,
                        counts=counts, title=doc.title or doc.id)

    @api.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request) -> HTMLResponse:
        filters = ctx.page_filters(request)
        error = None
        rows: list[dict[str, Any]] = []
        where: dict[int, dict[str, Any]] = {}
        total = 0
        shown_threshold: float | None = None
        try:
            lim, off = queries.check_page(request.query_params.get("limit"), request.query_params.get("offset"),
                                          default=100, maximum=1000)
            with ctx.store() as st:
                flt = ctx.event_filter(st, filters)
                shown_threshold = flt.min_confidence
                rows = queries.events_page(st, flt, limit=lim, offset=off)
                total = queries.count_events(st, flt)
                where = queries.event_mentions(st, [r["id"] for r in rows])
                plovers = sorted({p for (p,) in st.db.query("SELECT DISTINCT plover FROM events") if p})
        except QueryError as exc:
            error, lim, off, plovers = str(exc), 100, 0, []
        return ctx.page("events.html", request, 400 if error else 200, error=error, rows=rows, where=where,
                        total=total, filters=filters, limit=lim, offset=off, plovers=plovers,
                        min_confidence=shown_threshold, title="Events")

    def chart_page(template: str, title: str) -> Callable[[Request], HTMLResponse]:
        def handler(request: Request) -> HTMLResponse:
            filters = ctx.page_filters(request)
            error = None
            try:
                with ctx.store() as st:
                    ctx.event_filter(st, filters)
                    plovers = sorted({p for (p,) in st.db.query("SELECT DISTINCT plover FROM events") if p})
            except QueryError as exc:
                error, plovers = str(exc), []
            return ctx.page(template, request, 400 if error else 200, error=error, filters=filters,
                            plovers=plovers, api_query=query_string(filters), title=title)

        return handler

    for route, template, title in (("/timeline", "timeline.html", "Timeline"),
                                   ("/network", "network.html", "Actor network"),
                                   ("/map", "map.html", "Map")):
        api.add_api_route(route, chart_page(template, title), methods=["GET"], response_class=HTMLResponse,
                          include_in_schema=False)

    @api.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """The OpenAPI description as a page (no scripts from elsewhere)."""
        spec = request.app.openapi()
        return ctx.page("apidocs.html", request, spec=spec, title="API")

    return api
