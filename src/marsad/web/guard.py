"""The observatory's guard: security headers on every response, a request body limit.

Content-Security-Policy ``default-src 'self'`` (no inline scripts or styles, JavaScript in
static files), nosniff, no referrer, no framing; a body over ``max_body`` bytes gets 413, by
its Content-Length before reading or while a chunked body streams in.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "DEFAULT_ALLOWED_HOSTS", "GuardMiddleware", "MAX_BODY", "SECURITY_HEADERS"]

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
