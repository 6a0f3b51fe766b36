"""Security headers on every response: a Content-Security-Policy that allows scripts from this site
only, HSTS behind https, and framing only of the booking page, by the sites its business lists.

The booking route sets its own `Content-Security-Policy: frame-ancestors 'self' <origins…>`; that
directive is kept and merged into the full policy, and such a response gets no X-Frame-Options
(which cannot list origins). Other booking-page answers (an unknown business) may be framed by this
site only, and every other page by nobody.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: What every page may load: its own scripts (no inline ones), styles with the style attributes the
#: calendar sets, images from here and from data/blob URLs, Socket.IO on the same origin.
POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("worker-src", "'self'"),
)
#: A year, as browsers and preload lists expect.
HSTS = "max-age=31536000; includeSubDomains"


def directives(policy: str) -> dict[str, str]:
    """A policy's directives by name: `{"frame-ancestors": "'self' https://a.example", …}`."""
    found: dict[str, str] = {}
    for part in policy.split(";"):
        name, _, sources = part.strip().partition(" ")
        if name:
            found.setdefault(name.lower(), sources.strip())
    return found


def policy(frame_ancestors: str) -> str:
    """The full policy with the given sources of `frame-ancestors`."""
    return "; ".join(f"{name} {sources}" for name, sources in (*POLICY, ("frame-ancestors", frame_ancestors)))


class SecurityHeaders:
    """Pure ASGI middleware that adds headers without buffering the body."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

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
                if self.https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                chosen = directives(headers.get("content-security-policy", "")).get("frame-ancestors")
                if chosen is not None:
                    pass  # the route chose who may frame it
                elif booking_page:
                    chosen = "'self'"
                else:
                    headers.setdefault("X-Frame-Options", "DENY")
                    chosen = "'none'"
                headers["Content-Security-Policy"] = policy(chosen)
            await send(message)

        await self.app(scope, receive, send_with_headers)
