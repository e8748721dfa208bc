"""``GET /api/quotes`` and the quotes page ``/quotes``: quotes and reported statements with
their speaker, medium and date, from the store's ``quotes`` table (``Store.quotes``); each
links to its article with the quote highlighted (``/documents/<id>?quote=<n>#quote-<n>``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..errors import QueryError
from ..store import Store
from ..store.quotes import QUOTE_COLUMNS, QuoteFilter
from . import queries
from .context import WebContext, csv_text, one

__all__ = ["router", "QUOTE_FILTERS", "quote_link"]

QUOTE_FILTERS = ("speaker", "about", "since", "until", "kind", "doc_id")


def quote_link(row: Mapping[str, Any]) -> str:
    """The article page with the quote highlighted and scrolled to."""
    return f"/documents/{row['doc_id']}?quote={row['position']}#quote-{row['position']}"


def _filter(st: Store, params: Mapping[str, str], *, limit: int, offset: int) -> QuoteFilter:
    return st.quote_filter(**{k: one(params, k) for k in QUOTE_FILTERS}, limit=limit, offset=offset)


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter()

    @api.get("/api/quotes", tags=["quotes"], summary="Quotes and reported statements (the CLI's filters)")
    def api_quotes(request: Request, speaker: str | None = None, about: str | None = None, since: str | None = None,
                   until: str | None = None, kind: str | None = None, doc_id: str | None = None,
                   limit: str | None = None, offset: str | None = None, format: str = "json") -> Response:
        """Quotes as `marsad quotes` gives them, newest document first. `speaker`: words of the
        speaker's name (harakat, hamza forms and clitics do not matter) or an actor code prefix
        (IRQ matches IRQGOV); `about`: an actor code prefix of the target or addressee, or words
        inside the quote; `since`/`until`: the document's publication date (YYYY-MM-DD, YYYY-MM or
        YYYY); `kind`: direct or indirect; `doc_id`; paging: `limit` (1-1000, default 100),
        `offset`. Each quote has its `url`: the article with the quote highlighted.
        `format`: json (default) or csv."""
        if format not in ("json", "csv"):
            raise QueryError(f"format {format!r} is not one of json, csv")
        lim, off = queries.check_page(limit, offset, default=100)

        def make(st: Store) -> Response:
            flt = _filter(st, request.query_params, limit=lim, offset=off)
            rows = [{**r, "url": quote_link(r)} for r in st.quotes(flt)]
            total = st.count_quotes(flt)
            if format == "csv":
                return Response(csv_text(rows, (*QUOTE_COLUMNS, "url")), media_type="text/csv; charset=utf-8",
                                headers={"content-disposition": 'attachment; filename="quotes.csv"',
                                         "x-total-count": str(total)})
            return JSONResponse({"total": total, "limit": lim, "offset": off, "items": rows})

        return ctx.cached(request, make)

    @api.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request) -> HTMLResponse:
        params = request.query_params
        filters = {k: v for k in QUOTE_FILTERS if (v := params.get(k, "").strip())}
        error = None
        rows: list[dict[str, Any]] = []
        total = 0
        try:
            lim, off = queries.check_page(params.get("limit"), params.get("offset"), default=100, maximum=1000)
            with ctx.store() as st:
                flt = _filter(st, params, limit=lim, offset=off)
                rows = [{**r, "url": quote_link(r)} for r in st.quotes(flt)]
                total = st.count_quotes(flt)
        except QueryError as exc:
            error, lim, off = str(exc), 100, 0
        return ctx.page("quotes.html", request, 400 if error else 200, error=error, rows=rows, total=total,
                        filters=filters, limit=lim, offset=off, title="Quotes")

    return api
