"""A size limit on request bodies, kept before anything reads them whole.

A body that declares a larger Content-Length is refused at once, unread; a streamed (chunked) one
is refused as soon as the bytes received pass the limit, so at most the limit is ever held.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from actions.errors import TooLarge
from web import errors

#: Every JSON body and form of the product fits with room to spare.
DEFAULT = 64 * 1024
#: Routes that take files: a CSV of 20,000 customers is about 5 MB (the import's own limit).
UPLOADS = {"/api/v1/customers/import": 10 * 1024 * 1024, "/api/v1/company/logo": 1024 * 1024}
#: Routes with an id in their path that take files: a person's photo, like the logo.
UPLOAD_PATTERNS = ((re.compile(r"^/api/v1/staff/[^/]+/photo$"), 1024 * 1024),)


class BodyLimit:
    """Pure ASGI middleware: a request body past its route's limit gets a 413."""

    def __init__(self, app: ASGIApp, default: int = DEFAULT, uploads: Mapping[str, int] = UPLOADS) -> None:
        self.app = app
        self.default = default
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.uploads.get(scope["path"]) or _pattern_limit(scope["path"]) or self.default
        if _declared_length(scope) > limit:
            response = await errors.action_error(Request(scope), _too_large(limit))
            await response(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised into the route that reads the body; the error handlers answer the 413.
                    raise _too_large(limit)
            return message

        await self.app(scope, receive_within_limit, send)


def _pattern_limit(path: str) -> int | None:
    return next((limit for pattern, limit in UPLOAD_PATTERNS if pattern.match(path)), None)


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length" and value.isdigit():
            # More digits than any real body has would only make int() slow.
            return int(value) if len(value) <= 18 else sys.maxsize
    return 0


def _too_large(limit: int) -> TooLarge:
    return TooLarge("too_large", f"The request body is larger than {limit // 1024} KiB.", max_bytes=limit)
