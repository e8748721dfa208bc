"""``POST /api/code`` (code an article, nothing stored) and ``POST /api/ingest`` (code and store;
off unless the server was started with ``--allow-ingest``, then it needs the token as
``Authorization: Bearer <token>``, compared in constant time)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..errors import InputError
from ..model import Document, document_to_dict
from ..store.query import check_date
from .context import WebContext, error_response

__all__ = ["router", "INGEST_FIELDS"]

INGEST_FIELDS = ("text", "published", "title", "url", "publisher")


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter()

    async def read_article(request: Request) -> tuple[str, dict[str, str]]:
        body = await request.body()
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            raw = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("request body is not UTF-8") from None
        header: dict[str, str] = {}
        if kind == "application/json":
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(f"request body is not JSON: {exc.msg} at character {exc.pos}") from None
            if not isinstance(data, dict):
                raise InputError('request body must be a JSON object {"text": ...}')
            unknown = sorted(set(data) - set(INGEST_FIELDS))
            if unknown:
                raise InputError(f"unknown fields {unknown}; known: {list(INGEST_FIELDS)}")
            for key, value in data.items():
                if value is not None and not isinstance(value, str):
                    raise InputError(f"field {key!r} must be a string")
            text = data.get("text") or ""
            for key in ("title", "url", "publisher"):
                if data.get(key):
                    header[key] = data[key]
            if data.get("published"):
                header["published"] = check_date(data["published"], "published") or ""
        elif kind in ("text/plain", ""):
            from ..io.text import parse_article_text

            article = parse_article_text(raw)
            text, header = article.text, dict(article.header)
        else:
            raise InputError(f"content type {kind!r} is not application/json or text/plain")
        if not text.strip():
            raise InputError("no article text")
        from ..io.text import unsupported_language

        reason = unsupported_language(text)
        if reason:
            raise InputError(reason)
        return text, header

    def code(text: str, header: Mapping[str, str]) -> Document:
        from ..pipeline import code_article

        return code_article(text, header=header, lang=ctx.langdata.get())

    @api.post("/api/code", tags=["coding"], summary="Code an article (not stored)")
    async def api_code(request: Request) -> Response:
        """Body: `text/plain` (the article; an optional `# key: value` header block) or JSON
        `{"text": ..., "published": ..., "title": ..., "url": ..., "publisher": ...}`.
        Returns the document JSON; nothing is stored. Bodies over 2 MB get 413."""
        from starlette.concurrency import run_in_threadpool

        text, header = await read_article(request)
        doc = await run_in_threadpool(code, text, header)
        return JSONResponse(document_to_dict(doc))

    @api.post("/api/ingest", tags=["coding"], summary="Code and store an article (needs --allow-ingest)")
    async def api_ingest(request: Request) -> Response:
        """Like `POST /api/code`, and stores the document. Off unless the server was started with
        `--allow-ingest`; then it needs `Authorization: Bearer <token>`."""
        from starlette.concurrency import run_in_threadpool

        if not ctx.allow_ingest or ctx.ingest_token is None:
            return error_response(403, "forbidden", "ingest is off (start the server with --allow-ingest and a token)")
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), ctx.ingest_token.encode()):
            return JSONResponse({"error": "unauthorized", "message": "missing or wrong ingest token"},
                                status_code=401, headers={"www-authenticate": "Bearer"})
        text, header = await read_article(request)

        def work() -> dict[str, Any]:
            doc = code(text, header)
            with ctx.ingest_lock, ctx.store(create=True) as st:
                result = st.ingest([doc])
                row = st.db.query_one("SELECT cluster_id, similarity FROM documents WHERE id = ?", (doc.id,))
            return {"id": doc.id, "added": bool(result.added), "duplicate": bool(result.duplicates),
                    "near_duplicate": bool(result.near_duplicates), "cluster_id": row[0] if row else None,
                    "events": len(doc.events), "entities": len(doc.entities)}

        report = await run_in_threadpool(work)
        return JSONResponse(report, status_code=201 if report["added"] else 200)

    return api
