"""Every failure as the error body of the API contract, or a readable page; never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from actions.errors import ActionError
from web import i18n

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}
_TITLES = {404: "Seite nicht gefunden", 403: "Kein Zugriff", 401: "Bitte anmelden", 500: "Fehler"}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _page(request: Request, status: int, message: str) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status_code": status, "title": _TITLES.get(status, "Fehler"), "message": message},
        status_code=status,
    )


async def action_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ActionError)
    text = i18n.message(exc, i18n.language(request))
    if wants_json(request):
        return JSONResponse(error_body(exc.code, text, **exc.extra), status_code=exc.status)
    return _page(request, exc.status, text)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    if exc.status_code == 404:
        german = i18n.language(request) == "de"
        message = "Unter dieser Adresse gibt es nichts." if german else "There is nothing at this address."
    if wants_json(request):
        code = _HTTP_CODES.get(exc.status_code, "error")
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)
    return _page(request, exc.status_code, message)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message = "Something went wrong on our side. Nothing was changed; please try again."
    if wants_json(request):
        return JSONResponse(error_body("internal_error", message), status_code=500)
    return _page(request, 500, message)


HANDLERS = {ActionError: action_error, HTTPException: http_error, Exception: server_error}
