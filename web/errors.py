"""Every failure as the error body of the API contract, or a readable page; never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from actions.errors import ActionError, BadInput, Unavailable
from i18n import N_, translate
from store import Stalled
from web import i18n, textcheck
from web.language import page_language

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
_TITLES = {
    404: N_("Seite nicht gefunden"),
    403: N_("Kein Zugriff"),
    401: N_("Bitte anmelden"),
    500: N_("Fehler"),
}
#: Seconds a 429 asks the client to wait when the limit that refused it names no time of its own.
RETRY_AFTER = 60


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def retry_after(error: ActionError) -> dict[str, str]:
    """The `Retry-After` header (in seconds) a 429 or 503 carries, on an API answer or a page."""
    if error.status not in (429, 503):
        return {}
    seconds = error.extra.get("retry_after")
    return {"Retry-After": str(max(1, seconds) if isinstance(seconds, int) else RETRY_AFTER)}


def _page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    title = translate(page_language(request), _TITLES.get(status, N_("Fehler")))
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status_code": status, "title": title, "message": message},
        status_code=status,
        headers=headers,
    )


def _language(request: Request) -> str:
    """The API answers in the Accept-Language of the call; a page in the page's language."""
    return i18n.language(request) if wants_json(request) else page_language(request)


async def action_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ActionError)
    text = i18n.message(exc, _language(request))
    headers = retry_after(exc)
    if wants_json(request):
        # The use-case's own English says more for a developer than the sentence for a person.
        extra = exc.extra if exc.message == text else {"detail": exc.message, **exc.extra}
        return JSONResponse(error_body(exc.code, text, **extra), status_code=exc.status, headers=headers)
    return _page(request, exc.status, text, headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    if exc.status_code == 404:
        message = translate(_language(request), "Unter dieser Adresse gibt es nichts.")
    if wants_json(request):
        code = _HTTP_CODES.get(exc.status_code, "error")
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)
    return _page(request, exc.status_code, message)


async def server_error(request: Request, exc: Exception) -> Response:
    """A 500 for a defect. Starlette re-raises the error after it, and the server then drops the
    connection: `Connection: close` tells a keep-alive client not to send its next request there."""
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message = translate(
        _language(request),
        "Auf unserer Seite ist etwas schiefgegangen. Es wurde nichts geändert; "
        "bitte versuchen Sie es noch einmal.",
    )
    closing = {"Connection": "close"}
    if wants_json(request):
        return JSONResponse(error_body("internal_error", message), status_code=500, headers=closing)
    return _page(request, 500, message, closing)


async def stalled(request: Request, exc: Exception) -> Response:
    """A write waited too long for a row another writer holds (one paused mid-write, say)."""
    busy = Unavailable("busy", "Someone else is changing this right now. Please try again.", retry_after=1)
    return await action_error(request, busy)


async def backend_error(request: Request, exc: Exception) -> Response:
    """The database or Redis could not be reached: a 503 to try again, not a 500; other errors are 500s."""
    if not _unreachable(exc):
        return await server_error(request, exc)
    log.warning("a backing service is unreachable on %s %s: %s", request.method, request.url.path, exc)
    down = Unavailable(
        "unavailable", "The service is briefly unavailable. Please try again in a moment.", retry_after=2
    )
    return await action_error(request, down)


def _unreachable(exc: BaseException) -> bool:
    """Whether `exc` says a connection to the database or Redis failed, rather than a statement."""
    if isinstance(exc, DBAPIError):
        return exc.connection_invalidated or (exc.orig is not None and _unreachable(exc.orig))
    if isinstance(exc, (OSError, RedisConnectionError)):
        return True
    # asyncpg's own errors for a connection that closed under a statement
    return type(exc).__name__ in ("ConnectionDoesNotExistError", "InterfaceError", "InternalClientError")


HANDLERS = {
    ActionError: action_error,
    HTTPException: http_error,
    Stalled: stalled,
    DBAPIError: backend_error,
    OSError: backend_error,
    RedisConnectionError: backend_error,
    Exception: server_error,
}


class RefuseBadText:
    """Pure ASGI middleware: a path or query that is no text `web.textcheck` accepts gets a 400 before
    any route runs. Bodies are checked where they are read (`web.parse`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fault = _address_fault(scope) if scope["type"] == "http" else None
        if fault:
            response = await action_error(Request(scope, receive), BadInput("invalid_text", fault))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _address_fault(scope: Scope) -> str | None:
    # The decoded `path` has bad bytes replaced by U+FFFD already; `raw_path` still shows them.
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogatepass")
    return (
        textcheck.fault(scope["path"])
        or textcheck.encoded_fault(raw_path.split(b"?", 1)[0])
        or textcheck.encoded_fault(scope.get("query_string", b""))
    )
