"""What every route of the observatory shares: :class:`WebContext` (the store address, the
language data, the templates, the answer cache, the ingest settings) and the small helpers the
routes use (escaping snippet marks, CSV, checked parameters).

One context is made per application by :func:`marsad.api.create_app` and handed to each
router module (``routes_*.py``); nothing here is module state.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import MarsadError, QueryError, StoreError
from ..langdata.loader import LangData, load_langdata
from ..model import MODALITIES
from ..store import EventFilter, Store, open_store
from ..store.query import NEGATED
from . import queries

__all__ = ["WebContext", "WEB", "EVENT_FILTERS", "make_env", "redact", "error_response", "status_for", "is_api",
           "csv_text", "one", "plain_marks", "marked", "query_string"]

WEB = Path(__file__).resolve().parent
EVENT_FILTERS = ("actor", "source", "target", "code", "plover", "country", "since", "until", "modality",
                 "min_confidence")
_DOC_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


# -- helpers ---------------------------------------------------------------------------------
def redact(url: str) -> str:
    """A store address without its password."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def status_for(exc: MarsadError) -> int:
    if isinstance(exc, StoreError):
        return 503
    return 400


def _arabic(text: Any) -> bool:
    return bool(text) and bool(_ARABIC.search(str(text)))


def marked(text: Any) -> Markup:
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


def plain_marks(text: Any) -> str:
    return str(text or "").replace(queries.MARK[0], "[").replace(queries.MARK[1], "]")


def csv_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return buf.getvalue()


def one(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    if len(value) > 1000:
        raise QueryError(f"{name} is longer than 1000 characters")
    return value or None


def query_string(params: Mapping[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return urlencode(merged)


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


class AnswerCache:
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


class StorePool:
    """Open stores for the read-only routes, each lent to one request at a time and kept for the
    next (at most ``size`` idle ones; thread-safe): a request does not pay for opening the store
    (connection, schema check, settings) nor start with an empty page cache. A store whose
    request failed on the database (a :class:`StoreError`) is closed, not kept."""

    def __init__(self, opener: Callable[[], Store], size: int = 32) -> None:
        self._open = opener
        self.size = size
        self._idle: list[Store] = []
        self._lock = threading.Lock()

    @contextmanager
    def lend(self) -> Iterator[Store]:
        with self._lock:
            st = self._idle.pop() if self._idle else None
        if st is None:
            st = self._open()
        keep = False
        try:
            yield st
            keep = True
        except Exception as exc:  # a user's mistake (400, 404) leaves the store sound
            keep = not isinstance(exc, StoreError)
            raise
        finally:
            with self._lock:
                if keep and len(self._idle) < self.size:
                    self._idle.append(st)
                    st = None
            if st is not None:
                st.close()

    def idle(self) -> int:
        with self._lock:
            return len(self._idle)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for st in idle:
            st.close()


def _store_version(st: Store) -> int:
    return int(st.db.scalar("SELECT MAX(seq) FROM documents") or 0)


def make_env(*, threshold: float) -> Environment:
    """The page templates: autoescaped, with the filters and globals the templates use."""
    env = Environment(loader=FileSystemLoader(str(WEB / "templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["marked"] = marked
    env.filters["plain_marks"] = plain_marks
    env.tests["arabic"] = _arabic
    env.globals["version"] = __version__
    env.globals["quad_names"] = queries.QUAD_CLASSES
    env.globals["query_string"] = query_string
    env.globals["modality_choices"] = (*MODALITIES, NEGATED)
    env.globals["default_min_confidence"] = threshold
    return env


# -- the context -----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class WebContext:
    """The application's shared parts. ``threshold``: the event model's default
    ``min_confidence``; ``ingest_token`` is None unless ingest is allowed."""

    store_url: str
    langdata: _Lang
    threshold: float
    env: Environment
    answers: AnswerCache
    readers: StorePool
    allow_ingest: bool = False
    ingest_token: str | None = None
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def make(cls, *, store_url: str, lang: LangData | None, language: str, threshold: float, cache_entries: int,
             allow_ingest: bool, ingest_token: str | None) -> WebContext:
        langdata = _Lang(lang, language)
        readers = StorePool(lambda: open_store(store_url, lang=langdata.get(), create=False, reader=True))
        return cls(store_url=store_url, langdata=langdata, threshold=threshold,
                   env=make_env(threshold=threshold), answers=AnswerCache(cache_entries), readers=readers,
                   allow_ingest=allow_ingest, ingest_token=ingest_token if allow_ingest else None)

    @contextmanager
    def store(self, create: bool = False) -> Iterator[Store]:
        """The store: for reading, one of the pool's; ``create`` (ingest): one opened for it."""
        if not create:
            with self.readers.lend() as st:
                yield st
            return
        with open_store(self.store_url, lang=self.langdata.get(), create=create) as st:
            yield st

    def page(self, name: str, request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
        template = self.env.get_template(name)
        args = dict(request.query_params)
        html = template.render(request=request, path=request.url.path, args=args, **context)
        return HTMLResponse(html, status_code=status_code)

    def cached(self, request: Request, make: Callable[[Store], Response | dict[str, Any]]) -> Response:
        """``make(store)``'s answer, or the same answer kept from an earlier identical request
        while the store has not changed. Errors are raised, never kept."""
        with self.store() as st:
            key: tuple[Any, ...] | None = None
            answer = None
            if self.answers.entries > 0:  # no cache: no question to the store about its version
                key = (_store_version(st), request.url.path, tuple(sorted(request.query_params.multi_items())))
                answer = self.answers.get(key)
            if answer is None:
                made = make(st)
                response = made if isinstance(made, Response) else JSONResponse(made)
                headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
                if key is None:
                    return response  # nothing to keep: the answer as made, not copied into another
                answer = (response.status_code, bytes(response.body), response.media_type, headers)
                self.answers.put(key, answer)
        status, body, media_type, headers = answer
        return Response(body, status_code=status, media_type=media_type, headers=headers)

    def event_filter(self, st: Store, params: Mapping[str, str]) -> EventFilter:
        """The checked filters; without ``min_confidence`` the event model's threshold."""
        given = {k: one(params, k) for k in EVENT_FILTERS}
        if given["min_confidence"] is None:
            given["min_confidence"] = self.threshold
        return st.event_filter(**given)

    @staticmethod
    def doc_id_checked(doc_id: str) -> str:
        if not _DOC_ID.match(doc_id):
            raise QueryError(f"document id {doc_id[:40]!r} is not an id (letters, digits, - and _)")
        return doc_id

    @staticmethod
    def not_found(doc_id: str) -> StarletteHTTPException:
        return StarletteHTTPException(404, f"no document {doc_id!r} in the store")

    @staticmethod
    def page_filters(request: Request) -> dict[str, str]:
        return {k: v for k in EVENT_FILTERS if (v := request.query_params.get(k, "").strip())}
