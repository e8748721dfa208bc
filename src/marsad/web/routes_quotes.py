"""``GET /api/quotes`` and the quotes page ``/quotes``: quotes and reported statements with
their speaker, medium and date, from the store's ``quotes`` table (``Store.quotes``)."""

from __future__ import annotations

from fastapi import APIRouter

from .context import WebContext

__all__ = ["router"]


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter()
    return api
