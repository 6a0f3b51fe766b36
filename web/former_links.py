"""Booking links the operator moved keep working: the booking page, its embedded form and the public
API under a former link answer with a permanent redirect to the business's current link, so printed
cards and framed forms on the business's own website still lead to it.

Only an answer of 404 under such a path is looked at, so the current links cost nothing.
"""

from __future__ import annotations

import re

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from actions.booking_links import moved_to
from store import Store

#: The paths that carry a booking link: the page (with `?lang`) and the public API below it.
_LINKED = re.compile(r"^(?P<before>/book/|/api/v1/public/)(?P<slug>[a-z0-9-]{3,64})(?P<after>/.*)?$")


class FormerLinks:
    """Pure ASGI middleware: a 404 under a former booking link becomes a 308 to the current one,
    which keeps the method and body of a request to the public API."""

    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        linked = _LINKED.match(scope["path"]) if scope["type"] == "http" else None
        if linked is None:
            await self.app(scope, receive, send)
            return
        redirected = False

        async def send_or_redirect(message: Message) -> None:
            nonlocal redirected
            if redirected:
                return  # the body of the 404 that the redirect replaced
            if message["type"] == "http.response.start" and message["status"] == 404:
                current = await moved_to(self.store, linked["slug"])
                if current is not None:
                    redirected = True
                    path = f"{linked['before']}{current}{linked['after'] or ''}"
                    query = scope.get("query_string", b"").decode("latin-1")
                    response = RedirectResponse(f"{path}?{query}" if query else path, status_code=308)
                    await response(scope, receive, send)
                    return
            await send(message)

        await self.app(scope, receive, send_or_redirect)
