"""The observatory: a JSON API and server-rendered pages over the store's queries.

``create_app(store_url=...)`` returns a FastAPI application; ``marsad serve`` runs it with
uvicorn on 127.0.0.1. Read-only unless ``allow_ingest`` (then ``POST /api/ingest`` needs the
start-up token as ``Authorization: Bearer <token>``, compared in constant time).

Security: every piece of article text is escaped (Jinja2 autoescape; the highlighted article
is built by :mod:`marsad.web.highlight`, which escapes each piece); a strict
Content-Security-Policy (``default-src 'self'``, no inline scripts or styles, JavaScript in
static files); request bodies over ``max_body`` bytes get 413; a Host allow-list against DNS
rebinding. Errors a user can cause are 4xx with a one-line JSON (or HTML) message.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__
from .confidence import default_threshold
from .errors import InputError, MarsadError, QueryError, StoreError
from .langdata.loader import LangData, load_langdata
from .model import MODALITIES, Document, document_to_dict
from .store import EVENT_COLUMNS, EventFilter, Store, open_store
from .store.query import NEGATED, check_date
from .web import highlight, queries

__all__ = ["create_app", "CSP", "MAX_BODY", "DEFAULT_ALLOWED_HOSTS"]

WEB = Path(__file__).resolve().parent / "web"
MAX_BODY = 2 * 1024 * 1024
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
EVENT_FILTERS = ("actor", "source", "target", "code", "plover", "country", "since", "until", "modality",
                 "min_confidence")
_DOC_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
INGEST_FIELDS = ("text", "published", "title", "url", "publisher")


# -- middleware ------------------------------------------------------------------------------
class _TooLarge(Exception):
    pass


class GuardMiddleware:
    """Security headers on every response; request bodies over ``max_body`` bytes end in 413
    (by Content-Length before reading, or while a chunked body streams in)."""

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k, v) for k, v in SECURITY_HEADERS if k not in names)]}
            await send(message)

        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_body
                except ValueError:
                    too_big = True
                if too_big:
                    await _too_large(self.max_body)(scope, receive, send_with_headers)
                    return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if started:
                raise
            await _too_large(self.max_body)(scope, receive, send_with_headers)


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"error": "too_large", "message": f"request body is larger than {limit} bytes"},
                        status_code=413)


# -- helpers ---------------------------------------------------------------------------------
def _redact(url: str) -> str:
    """A store address without its password."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def _status_for(exc: MarsadError) -> int:
    if isinstance(exc, StoreError):
        return 503
    return 400


def _arabic(text: Any) -> bool:
    return bool(text) and bool(_ARABIC.search(str(text)))


def _marked(text: Any) -> Markup:
    """Escape a snippet, then turn its match marks into <mark> (balanced)."""
    out: list[str] = []
    depth = 0
    for piece in re.split(f"([{queries.MARK[0]}{queries.MARK[1]}])", str(text or "")):
        if piece == queries.MARK[0]:
            if not depth:
                out.append("<mark>")
                depth = 1
        elif piece == queries.MARK[1]:
            if depth:
                out.append("</mark>")
                depth = 0
        else:
            out.append(str(escape(piece)))
    if depth:
        out.append("</mark>")
    return Markup("".join(out))


def _plain_marks(text: Any) -> str:
    return str(text or "").replace(queries.MARK[0], "[").replace(queries.MARK[1], "]")


def _csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return buf.getvalue()


def _one(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    if len(value) > 1000:
        raise QueryError(f"{name} is longer than 1000 characters")
    return value or None


class _Lang:
    """The language data, loaded once on first use (thread-safe)."""

    def __init__(self, lang: LangData | None, code: str) -> None:
        self._lang = lang
        self._code = code
        self._lock = threading.Lock()

    def get(self) -> LangData:
        if self._lang is None:
            with self._lock:
                if self._lang is None:
                    self._lang = load_langdata(self._code)
        return self._lang


#: A cached answer: status, body, media type, headers.
_Answer = tuple[int, bytes, str | None, dict[str, str]]


class _AnswerCache:
    """The answers of the read-only API routes by (store version, path, query), least recently
    used first out, at most ``entries`` of them (0: no cache); thread-safe. The store version
    is its last document sequence number: every ingest that changes an answer adds a document,
    so a new document (from this server or any other process) makes every older entry unused."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._data: OrderedDict[tuple[Any, ...], _Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> _Answer | None:
        with self._lock:
            answer = self._data.get(key)
            if answer is not None:
                self._data.move_to_end(key)
            return answer

    def put(self, key: tuple[Any, ...], answer: _Answer) -> None:
        if self.entries <= 0:
            return
        with self._lock:
            self._data[key] = answer
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)


def _store_version(st: Store) -> int:
    return int(st.db.scalar("SELECT MAX(seq) FROM documents") or 0)


# -- the application -------------------------------------------------------------------------
def create_app(*, store_url: str, allow_ingest: bool = False, ingest_token: str | None = None,
               lang: LangData | None = None, language: str = "ar", max_body: int = MAX_BODY,
               allowed_hosts: Sequence[str] | None = None, check_store: bool = True,
               cache_entries: int = 512) -> FastAPI:
    """The observatory over the store at ``store_url``.

    ``allow_ingest`` turns on ``POST /api/ingest``, which then requires ``ingest_token``
    (at least 16 characters). ``allowed_hosts`` are the Host names accepted (default:
    127.0.0.1, localhost, ::1); ``check_store`` opens the store once now so a bad address
    fails at start-up. ``cache_entries``: how many answers of the read-only API routes
    (documents, search, events, actors, stats, timeline, network, map) are kept until the
    store changes (0: none)."""
    if allow_ingest and (not ingest_token or len(ingest_token) < 16):
        raise StoreError("--allow-ingest needs a token of at least 16 characters (--token-env VAR or --token)")
    if not allow_ingest:
        ingest_token = None
    if max_body < 1:
        raise ValueError("max_body must be positive")
    langdata = _Lang(lang, language)
    threshold = default_threshold()  # the event model's, chosen by cross-validation
    if check_store:
        with open_store(store_url, lang=lang, create=allow_ingest):
            pass
    ingest_lock = threading.Lock()
    answers = _AnswerCache(cache_entries)

    env = Environment(loader=FileSystemLoader(str(WEB / "templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["marked"] = _marked
    env.filters["plain_marks"] = _plain_marks
    env.tests["arabic"] = _arabic
    env.globals["version"] = __version__
    env.globals["quad_names"] = queries.QUAD_CLASSES

    app = FastAPI(title="Marsad observatory", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Explainable political event data from Arabic news: documents, merged events, "
                              "actors and statistics from a Marsad store. Errors are 4xx with "
                              '`{"error": code, "message": one line}`.')
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or DEFAULT_ALLOWED_HOSTS))
    app.add_middleware(GuardMiddleware, max_body=max_body)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.state.store_url = store_url
    app.state.allow_ingest = allow_ingest

    @contextmanager
    def store(create: bool = False) -> Iterator[Store]:
        with open_store(store_url, lang=langdata.get(), create=create) as st:
            yield st

    def page(name: str, request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
        template = env.get_template(name)
        args = dict(request.query_params)
        html = template.render(request=request, path=request.url.path, args=args, **context)
        return HTMLResponse(html, status_code=status_code)

    # -- errors ---------------------------------------------------------------------------
    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> Response:
        status = _status_for(exc)
        if _is_api(request):
            return _error(status, exc.code, str(exc))
        return page("error.html", request, status, status=status, message=str(exc), title="Error")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            problems.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        message = "; ".join(problems) or "bad request"
        if _is_api(request):
            return _error(422, "validation", message)
        return page("error.html", request, 422, status=422, message=message, title="Error")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if _is_api(request) or request.url.path.startswith("/static/"):
            response = _error(exc.status_code, "http", message)
        else:
            response = page("error.html", request, exc.status_code, status=exc.status_code, message=message,
                            title="Error")
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    def cached(request: Request, make: Callable[[Store], Response | dict[str, Any]]) -> Response:
        """``make(store)``'s answer, or the same answer kept from an earlier identical request
        while the store has not changed. Errors are raised, never kept."""
        with store() as st:
            key = (_store_version(st), request.url.path, tuple(sorted(request.query_params.multi_items())))
            answer = answers.get(key)
            if answer is None:
                made = make(st)
                response = made if isinstance(made, Response) else JSONResponse(made)
                headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
                answer = (response.status_code, bytes(response.body), response.media_type, headers)
                answers.put(key, answer)
        status, body, media_type, headers = answer
        return Response(body, status_code=status, media_type=media_type, headers=headers)

    def event_filter(st: Store, params: Mapping[str, str]) -> EventFilter:
        """The checked filters; without ``min_confidence`` the event model's threshold."""
        given = {k: _one(params, k) for k in EVENT_FILTERS}
        if given["min_confidence"] is None:
            given["min_confidence"] = threshold
        return st.event_filter(**given)

    def doc_id_checked(doc_id: str) -> str:
        if not _DOC_ID.match(doc_id):
            raise QueryError(f"document id {doc_id[:40]!r} is not an id (letters, digits, - and _)")
        return doc_id

    def not_found(doc_id: str) -> StarletteHTTPException:
        return StarletteHTTPException(404, f"no document {doc_id!r} in the store")

    # -- API: reading ---------------------------------------------------------------------
    @app.get("/api/documents", tags=["documents"], summary="Search and list documents")
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
            items = [{**item, "snippet": _plain_marks(item.get("snippet"))} for item in result.items]
            return {"total": result.total, "limit": lim, "offset": off, "items": items}

        return cached(request, make)

    @app.get("/api/documents/{doc_id}", tags=["documents"], summary="One document (its full JSON)")
    def api_document(doc_id: str) -> Response:
        """The document as `marsad code` prints it (document.schema.json)."""
        doc_id_checked(doc_id)
        with store() as st:
            if not st.has_document(doc_id):
                raise not_found(doc_id)
            doc = st.get_document(doc_id)
        return JSONResponse(document_to_dict(doc))

    @app.get("/api/events", tags=["events"], summary="Merged events (the CLI's filters), JSON or CSV")
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
        `min_confidence` (0-1, default the event model's threshold chosen by cross-validation;
        0 for every candidate) keeps the events with a mention at or above it and counts only
        those mentions; an event stored without a confidence always passes.
        `format`: json (default) or csv."""
        if format not in ("json", "csv"):
            raise QueryError(f"format {format!r} is not one of json, csv")
        lim, off = queries.check_page(limit, offset, default=100)

        def make(st: Store) -> Response:
            flt = event_filter(st, request.query_params)
            rows = queries.events_page(st, flt, limit=lim, offset=off)
            total = queries.count_events(st, flt)
            if format == "csv":
                return Response(_csv(rows, EVENT_COLUMNS), media_type="text/csv; charset=utf-8",
                                headers={"content-disposition": 'attachment; filename="events.csv"',
                                         "x-total-count": str(total)})
            where = queries.event_mentions(st, [r["id"] for r in rows])
            items = [{**r, "mention": where.get(r["id"])} for r in rows]
            return JSONResponse({"total": total, "limit": lim, "offset": off, "items": items})

        return cached(request, make)

    @app.get("/api/actors", tags=["actors"], summary="Actors and people with counts")
    def api_actors(request: Request, type: str | None = None, limit: str | None = None,
                   offset: str | None = None) -> Response:
        """As `marsad actors`: coded actors and people with mention, document and story counts.
        `type`: PER, ORG, LOC or MISC."""
        lim, off = queries.check_page(limit, offset, default=100)

        def make(st: Store) -> dict[str, Any]:
            rows = st.actors(type=type or None)
            return {"total": len(rows), "limit": lim, "offset": off, "items": rows[off:off + lim]}

        return cached(request, make)

    @app.get("/api/stats", tags=["store"], summary="What the store holds")
    def api_stats(request: Request) -> Response:
        def make(st: Store) -> dict[str, Any]:
            stats = st.stats()
            stats["store"] = _redact(str(stats.get("store", "")))
            stats["ingest_allowed"] = allow_ingest
            return stats

        return cached(request, make)

    @app.get("/api/timeline", tags=["events"], summary="Event counts by day and CAMEO root or QuadClass")
    def api_timeline(request: Request, by: str = "root") -> Response:
        """Merged events per day (`by`: `root` for CAMEO root codes, `quad` for QuadClass), with
        the events filters (`min_confidence` too). Events dated only to a month or year are
        counted in `undated`."""
        return cached(request, lambda st: queries.timeline(st, event_filter(st, request.query_params), by=by))

    @app.get("/api/network", tags=["events"], summary="Actor network: who acts on whom")
    def api_network(request: Request, max_nodes: str | None = None) -> Response:
        """Edges source -> target actor code with event counts and mean Goldstein score, with the
        events filters (`min_confidence` too)."""
        return cached(request, lambda st: queries.network(
            st, event_filter(st, request.query_params),
            max_nodes=60 if max_nodes in (None, "") else max_nodes))  # type: ignore[arg-type]

    @app.get("/api/map", tags=["events"], summary="Event locations")
    def api_map(request: Request) -> Response:
        """Places (gazetteer coordinates) with their event counts, with the events filters
        (`min_confidence` too)."""
        return cached(request, lambda st: queries.map_points(st, event_filter(st, request.query_params)))

    # -- API: coding and ingest -----------------------------------------------------------
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
            from .io.text import parse_article_text

            article = parse_article_text(raw)
            text, header = article.text, dict(article.header)
        else:
            raise InputError(f"content type {kind!r} is not application/json or text/plain")
        if not text.strip():
            raise InputError("no article text")
        from .io.text import unsupported_language

        reason = unsupported_language(text)
        if reason:
            raise InputError(reason)
        return text, header

    def code(text: str, header: Mapping[str, str]) -> Document:
        from .pipeline import code_article

        return code_article(text, header=header, lang=langdata.get())

    @app.post("/api/code", tags=["coding"], summary="Code an article (not stored)")
    async def api_code(request: Request) -> Response:
        """Body: `text/plain` (the article; an optional `# key: value` header block) or JSON
        `{"text": ..., "published": ..., "title": ..., "url": ..., "publisher": ...}`.
        Returns the document JSON; nothing is stored. Bodies over 2 MB get 413."""
        from starlette.concurrency import run_in_threadpool

        text, header = await read_article(request)
        doc = await run_in_threadpool(code, text, header)
        return JSONResponse(document_to_dict(doc))

    @app.post("/api/ingest", tags=["coding"], summary="Code and store an article (needs --allow-ingest)")
    async def api_ingest(request: Request) -> Response:
        """Like `POST /api/code`, and stores the document. Off unless the server was started with
        `--allow-ingest`; then it needs `Authorization: Bearer <token>`."""
        from starlette.concurrency import run_in_threadpool

        if not allow_ingest or ingest_token is None:
            return _error(403, "forbidden", "ingest is off (start the server with --allow-ingest and a token)")
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), ingest_token.encode()):
            return JSONResponse({"error": "unauthorized", "message": "missing or wrong ingest token"},
                                status_code=401, headers={"www-authenticate": "Bearer"})
        text, header = await read_article(request)

        def work() -> dict[str, Any]:
            doc = code(text, header)
            with ingest_lock, store(create=True) as st:
                result = st.ingest([doc])
                row = st.db.query_one("SELECT cluster_id, similarity FROM documents WHERE id = ?", (doc.id,))
            return {"id": doc.id, "added": bool(result.added), "duplicate": bool(result.duplicates),
                    "near_duplicate": bool(result.near_duplicates), "cluster_id": row[0] if row else None,
                    "events": len(doc.events), "entities": len(doc.entities)}

        report = await run_in_threadpool(work)
        return JSONResponse(report, status_code=201 if report["added"] else 200)

    # -- pages ----------------------------------------------------------------------------
    def page_filters(request: Request) -> dict[str, str]:
        return {k: v for k in EVENT_FILTERS if (v := request.query_params.get(k, "").strip())}

    def query_string(params: Mapping[str, Any], **changes: Any) -> str:
        merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return urlencode(merged)

    env.globals["query_string"] = query_string
    env.globals["modality_choices"] = (*MODALITIES, NEGATED)
    env.globals["default_min_confidence"] = threshold

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        params = request.query_params
        q = _one(params, "q")
        error = None
        try:
            lim, off = queries.check_page(params.get("limit"), params.get("offset"), default=25, maximum=200)
            with store() as st:
                result = queries.list_documents(st, q=q, since=_one(params, "since"), until=_one(params, "until"),
                                                publisher=_one(params, "publisher"), limit=lim, offset=off)
                stats = st.stats()
        except QueryError as exc:
            error, result, stats, lim, off = str(exc), queries.DocumentPage(0, []), None, 25, 0
        return page("home.html", request, 400 if error else 200, error=error, result=result, stats=stats, q=q or "",
                    limit=lim, offset=off, title="Documents")

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        doc_id_checked(doc_id)
        with store() as st:
            if not st.has_document(doc_id):
                raise not_found(doc_id)
            doc = st.get_document(doc_id)
            cameo = st.lang.table("cameo").get("codes", {}) if "cameo" in st.lang else {}
        spans = highlight.document_spans(doc)
        body = highlight.render_spans(doc.text, spans)
        entities = {e.id: e for e in doc.entities}
        counts = {kind: sum(1 for s in spans if s.kind == kind) for kind in highlight.KINDS}
        return page("document.html", request, doc=doc, body=body, entities=entities, cameo=cameo, counts=counts,
                    title=doc.title or doc.id)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request) -> HTMLResponse:
        filters = page_filters(request)
        error = None
        rows: list[dict[str, Any]] = []
        where: dict[int, dict[str, Any]] = {}
        total = 0
        shown_threshold: float | None = None
        try:
            lim, off = queries.check_page(request.query_params.get("limit"), request.query_params.get("offset"),
                                          default=100, maximum=1000)
            with store() as st:
                flt = event_filter(st, filters)
                shown_threshold = flt.min_confidence
                rows = queries.events_page(st, flt, limit=lim, offset=off)
                total = queries.count_events(st, flt)
                where = queries.event_mentions(st, [r["id"] for r in rows])
                plovers = sorted({p for (p,) in st.db.query("SELECT DISTINCT plover FROM events") if p})
        except QueryError as exc:
            error, lim, off, plovers = str(exc), 100, 0, []
        return page("events.html", request, 400 if error else 200, error=error, rows=rows, where=where, total=total,
                    filters=filters, limit=lim, offset=off, plovers=plovers, min_confidence=shown_threshold,
                    title="Events")

    def chart_page(template: str, title: str) -> Callable[[Request], HTMLResponse]:
        def handler(request: Request) -> HTMLResponse:
            filters = page_filters(request)
            error = None
            try:
                with store() as st:
                    event_filter(st, filters)
                    plovers = sorted({p for (p,) in st.db.query("SELECT DISTINCT plover FROM events") if p})
            except QueryError as exc:
                error, plovers = str(exc), []
            return page(template, request, 400 if error else 200, error=error, filters=filters, plovers=plovers,
                        api_query=query_string(filters), title=title)

        return handler

    for route, template, title in (("/timeline", "timeline.html", "Timeline"),
                                   ("/network", "network.html", "Actor network"),
                                   ("/map", "map.html", "Map")):
        app.add_api_route(route, chart_page(template, title), methods=["GET"], response_class=HTMLResponse,
                          include_in_schema=False)

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """The OpenAPI description as a page (no scripts from elsewhere)."""
        spec = app.openapi()
        return page("apidocs.html", request, spec=spec, title="API")

    return app

