"""The observatory's error answers: a user's mistake is a 4xx with a one-line message, as
``{"error": code, "message": ...}`` under ``/api/`` and as the error page elsewhere."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import MarsadError
from .context import WebContext, error_response, is_api, status_for

__all__ = ["install_error_handlers"]


def install_error_handlers(app: FastAPI, ctx: WebContext) -> None:
    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> Response:
        status = status_for(exc)
        if is_api(request):
            return error_response(status, exc.code, str(exc))
        return ctx.page("error.html", request, status, status=status, message=str(exc), title="Error")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            problems.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        message = "; ".join(problems) or "bad request"
        if is_api(request):
            return error_response(422, "validation", message)
        return ctx.page("error.html", request, 422, status=422, message=message, title="Error")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if is_api(request) or request.url.path.startswith("/static/"):
            response = error_response(exc.status_code, "http", message)
        else:
            response = ctx.page("error.html", request, exc.status_code, status=exc.status_code, message=message,
                                title="Error")
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response
