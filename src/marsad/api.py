"""The observatory: a JSON API and server-rendered pages over the store's queries.

``create_app(store_url=...)`` returns a FastAPI application; ``marsad serve`` runs it with
uvicorn on 127.0.0.1. Read-only unless ``allow_ingest`` (then ``POST /api/ingest`` needs the
start-up token as ``Authorization: Bearer <token>``, compared in constant time).

``create_app`` only assembles: the routes are in ``marsad.web.routes_*`` (documents, events,
actors, coding, quotes, pages), each a router over the one :class:`~marsad.web.context.WebContext`
(store address, language data, templates, answer cache); error answers in
:mod:`marsad.web.handlers`; headers and the body limit in :mod:`marsad.web.guard`.

Security: every piece of article text is escaped (Jinja2 autoescape; the highlighted article
is built by :mod:`marsad.web.highlight`, which escapes each piece); a strict
Content-Security-Policy (``default-src 'self'``, no inline scripts or styles, JavaScript in
static files); request bodies over ``max_body`` bytes get 413; a Host allow-list against DNS
rebinding. Errors a user can cause are 4xx with a one-line JSON (or HTML) message.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from . import __version__
from .confidence import default_threshold
from .errors import StoreError
from .langdata.loader import LangData
from .store import open_store
from .web import routes_actors, routes_coding, routes_documents, routes_events, routes_pages, routes_quotes
from .web.context import WEB, WebContext
from .web.context import redact as _redact
from .web.guard import CSP, DEFAULT_ALLOWED_HOSTS, MAX_BODY, GuardMiddleware
from .web.handlers import install_error_handlers

__all__ = ["create_app", "app_from_environment", "SERVE_ENV", "CSP", "MAX_BODY", "DEFAULT_ALLOWED_HOSTS"]

#: The environment variable through which ``marsad serve --workers N`` hands each uvicorn worker
#: process its settings (JSON: store_url, allowed_hosts, cache_entries, readers; read-only servers only).
SERVE_ENV = "MARSAD_SERVE_SETTINGS"
#: Requests that run in threads (read the store) at once in one server process (``marsad serve --readers``).
DEFAULT_READERS = 4

#: The routers, in the order their routes are matched and listed in the API description.
ROUTERS = (routes_documents, routes_events, routes_actors, routes_coding, routes_quotes, routes_pages)
_ = _redact  # kept importable from here (tests and callers that show a store address)


def create_app(*, store_url: str, allow_ingest: bool = False, ingest_token: str | None = None,
               lang: LangData | None = None, language: str = "ar", max_body: int = MAX_BODY,
               allowed_hosts: Sequence[str] | None = None, check_store: bool = True,
               cache_entries: int = 512, readers: int | None = DEFAULT_READERS) -> FastAPI:
    """The observatory over the store at ``store_url``.

    ``allow_ingest`` turns on ``POST /api/ingest``, which then requires ``ingest_token``
    (at least 16 characters). ``allowed_hosts`` are the Host names accepted (default:
    127.0.0.1, localhost, ::1); ``check_store`` opens the store once now so a bad address
    fails at start-up. ``cache_entries``: how many answers of the read-only API routes
    (documents, search, events, quotes, actors, stats, timeline, network, map) are kept until
    the store changes (0: none). ``readers``: how many requests run in threads at once (reading
    the store, rendering, serving files; the others wait their turn on the event loop; None:
    anyio's default of 40)."""
    if allow_ingest and (not ingest_token or len(ingest_token) < 16):
        raise StoreError("--allow-ingest needs a token of at least 16 characters (--token-env VAR or --token)")
    if max_body < 1:
        raise ValueError("max_body must be positive")
    if readers is not None and readers < 1:
        raise ValueError("readers must be at least 1")
    if check_store:
        with open_store(store_url, lang=lang, create=allow_ingest):
            pass
    ctx = WebContext.make(store_url=store_url, lang=lang, language=language, cache_entries=cache_entries,
                          threshold=default_threshold(),  # the event model's, chosen by cross-validation
                          allow_ingest=allow_ingest, ingest_token=ingest_token)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if readers is not None:
            # The threads the routes run in (every sync route, static files too): at most
            # ``readers`` at once, the other requests wait on the event loop. With anyio's 40, 20
            # requests took the GIL from each other every few milliseconds, each as slow as the
            # slowest (bench/api_load.py, whole corpus, 20 clients, answer cache off: events p99
            # 2,329 -> 461 ms with 3 threads, run back to back).
            anyio.to_thread.current_default_thread_limiter().total_tokens = readers
        # What the server holds from start to end (the language data: ~90,000 objects) out of the
        # collector's sight: a full collection took 50-60 ms with it, every request waiting
        # (20 clients: p99 + the pause), and 1 ms after.
        ctx.langdata.get()
        gc.collect()
        gc.freeze()
        yield
        gc.unfreeze()  # a process that goes on (tests, an embedding application) collects them again
        ctx.readers.close()  # the pool's open stores

    app = FastAPI(title="Marsad observatory", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/api/openapi.json",
                  description="Explainable political event data from Arabic news: documents, merged events, "
                              "quotes, actors and statistics from a Marsad store. Errors are 4xx with "
                              '`{"error": code, "message": one line}`.')
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or DEFAULT_ALLOWED_HOSTS))
    app.add_middleware(GuardMiddleware, max_body=max_body)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.state.store_url = store_url
    app.state.allow_ingest = allow_ingest
    install_error_handlers(app, ctx)
    for module in ROUTERS:
        app.include_router(module.router(ctx))
    return app


def app_from_environment() -> FastAPI:
    """The read-only observatory with the settings in ``$MARSAD_SERVE_SETTINGS``: the factory
    each worker process of ``marsad serve --workers N`` calls (uvicorn imports it by name)."""
    try:
        settings = json.loads(os.environ[SERVE_ENV])
        store_url, hosts, cache = settings["store_url"], settings["allowed_hosts"], int(settings["cache_entries"])
        readers = int(settings.get("readers", DEFAULT_READERS))
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"${SERVE_ENV} is missing or not valid settings JSON ({exc})") from None
    from .langdata.loader import load_langdata

    return create_app(store_url=store_url, allowed_hosts=hosts, cache_entries=cache, lang=load_langdata("ar"),
                      check_store=False, readers=readers)
