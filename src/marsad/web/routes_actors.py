"""``GET /api/actors`` (actors and people with counts) and ``GET /api/stats``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..store import Store
from . import queries
from .context import WebContext, redact

__all__ = ["router"]


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter()

    @api.get("/api/actors", tags=["actors"], summary="Actors and people with counts")
    def api_actors(request: Request, type: str | None = None, limit: str | None = None,
                   offset: str | None = None) -> Response:
        """As `marsad actors`: coded actors and people with mention, document and story counts.
        `type`: PER, ORG, LOC or MISC."""
        lim, off = queries.check_page(limit, offset, default=100)

        def make(st: Store) -> dict[str, Any]:
            rows = st.actors(type=type or None)
            return {"total": len(rows), "limit": lim, "offset": off, "items": rows[off:off + lim]}

        return ctx.cached(request, make)

    @api.get("/api/stats", tags=["store"], summary="What the store holds")
    def api_stats(request: Request) -> Response:
        def make(st: Store) -> dict[str, Any]:
            stats = st.stats()
            stats["store"] = redact(str(stats.get("store", "")))
            stats["ingest_allowed"] = ctx.allow_ingest
            return stats

        return ctx.cached(request, make)

    return api
