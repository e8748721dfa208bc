"""``GET /api/documents`` (search and list) and ``GET /api/documents/{id}`` (one document's JSON)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..model import document_to_dict
from ..store import Store
from . import queries
from .context import WebContext, plain_marks

__all__ = ["router"]


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter()

    @api.get("/api/documents", tags=["documents"], summary="Search and list documents")
    def api_documents(request: Request, q: str | None = None, since: str | None = None, until: str | None = None,
                      publisher: str | None = None, limit: str | None = None,
                      offset: str | None = None) -> Response:
        """Full-text search (`q`: every word must match; harakat, hamza forms and clitics do not
        matter) or, without `q`, the newest documents. Filters: `since`/`until` (publication date,
        YYYY-MM-DD, YYYY-MM or YYYY) and `publisher`; paging: `limit` (1-1000, default 50), `offset`.
        Snippets come from the original text, matches in [brackets]."""
        lim, off = queries.check_page(limit, offset)

        def make(st: Store) -> dict[str, Any]:
            result = queries.list_documents(st, q=q, since=since, until=until, publisher=publisher,
                                            limit=lim, offset=off)
            items = [{**item, "snippet": plain_marks(item.get("snippet"))} for item in result.items]
            return {"total": result.total, "limit": lim, "offset": off, "items": items}

        return ctx.cached(request, make)

    @api.get("/api/documents/{doc_id}", tags=["documents"], summary="One document (its full JSON)")
    def api_document(doc_id: str) -> Response:
        """The document as `marsad code` prints it (document.schema.json)."""
        ctx.doc_id_checked(doc_id)
        with ctx.store() as st:
            if not st.has_document(doc_id):
                raise ctx.not_found(doc_id)
            doc = st.get_document(doc_id)
        return JSONResponse(document_to_dict(doc))

    return api
