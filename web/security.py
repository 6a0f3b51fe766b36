"""Security headers on every response; only the booking page may be framed, by the sites its business lists.

The booking route sets its own `Content-Security-Policy: frame-ancestors 'self' <origins…>`; a
response that already carries a policy keeps it and gets no X-Frame-Options (which cannot list
origins). Other booking-page answers (an unknown business) may be framed by this site only, and every
other page by nobody.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class SecurityHeaders:
    """Pure ASGI middleware that adds headers without buffering the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        booking_page = scope["path"].startswith("/book/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if "content-security-policy" in headers:
                    pass  # the route chose who may frame it
                elif booking_page:
                    headers["Content-Security-Policy"] = "frame-ancestors 'self'"
                else:
                    headers.setdefault("X-Frame-Options", "DENY")
                    headers["Content-Security-Policy"] = "frame-ancestors 'none'"
            await send(message)

        await self.app(scope, receive, send_with_headers)
