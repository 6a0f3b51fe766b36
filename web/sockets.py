"""Who may join which Socket.IO rooms: staff with a live session join their business's staff room,
their session's and their person's rooms, and the rooms their rights open (realtime.events says
which); booking pages join their business's public room by its slug.

A browser names the page that opens a connection in its Origin header. Staff rooms open only to the
product's own pages (a foreign page could otherwise ride on a signed-in browser's cookie); a public
room also to the sites its business lists as allowed to embed the booking page. A client without
an Origin is no browser page (scripts, the tests' and benchmarks' clients) and brings its own
credentials. Engine.IO's own origin hook runs before the client names a room and cannot read the
database, so the check lives here, in the connect handler.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from contract.enums import Right
from realtime.events import (
    customers_room,
    every_calendar_room,
    limited_room,
    own_calendar_room,
    person_room,
    public_room,
    session_room,
    staff_room,
)
from realtime.hub import RoomResolver
from store import Store
from store.queries import tenant_by_slug
from web.auth import StaffUser, Tokens, load_staff

DEFAULT_PORTS = {"http": 80, "https": 443}
#: The scheme of the page that opened a WebSocket, by the scheme of the WebSocket.
PAGE_SCHEMES = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def normal_origin(text: str) -> str | None:
    """ "HTTPS://Praxis.example:443/" → "https://praxis.example", as browsers send it; None for
    anything that is no http(s) origin (such as "null" from a sandboxed frame)."""
    try:
        parts = urlsplit(text.strip().rstrip("/"))
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host or parts.path or parts.query or parts.username:
        return None
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}" if port in (None, DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


def own_origins(public_url: str, environ: dict[str, Any]) -> set[str]:
    """The product's own pages: those under PUBLIC_URL, and those at the address the browser used."""
    found = {normal_origin(public_url)}
    host = environ.get("HTTP_HOST")
    if host:
        scope = environ.get("asgi.scope") or {}
        scheme = PAGE_SCHEMES.get(str(scope.get("scheme", "http")), "http")
        found.add(normal_origin(f"{scheme}://{host}"))
    return {origin for origin in found if origin}


def origin_allowed(environ: dict[str, Any], public_url: str, listed: Iterable[str] = ()) -> bool:
    """Whether the page that opens this connection may: no Origin, our own, or one of `listed`."""
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return True
    normal = normal_origin(origin)
    allowed = own_origins(public_url, environ) | {normal_origin(o) for o in listed}
    return normal is not None and normal in allowed


def staff_rooms(user: StaffUser) -> list[str]:
    """The rooms of a staff connection: what the person's rights let them hear, and the rooms that
    close when their session ends or their rights change (they reconnect with the new ones)."""
    tenant = user.tenant_id
    own = [session_room(user.session_id), person_room(user.user_id)]
    if user.two_factor_due:  # until the set-up their business requires, nothing of the business
        return own
    rooms = [staff_room(tenant), *own]
    if user.may(Right.BOOK_OTHERS):
        rooms.append(every_calendar_room(tenant))
    else:
        rooms.append(limited_room(tenant))
        if user.staff_id is not None:
            rooms.append(own_calendar_room(tenant, user.staff_id))
    if user.may(Right.CUSTOMERS):
        rooms.append(customers_room(tenant))
    return rooms


def room_resolver(store: Store, tokens: Tokens, public_url: str) -> RoomResolver:
    """The Socket.IO connect check: a staff token in `auth` or the session cookie, or a slug."""

    async def resolve(auth: Any, environ: dict[str, Any]) -> list[str]:
        if isinstance(auth, dict) and isinstance(auth.get("slug"), str):
            async with store.read() as conn:
                tenant = await tenant_by_slug(conn, auth["slug"])
            if tenant is None or not origin_allowed(environ, public_url, tenant.embed_origins or []):
                return []
            return [public_room(tenant.id)]
        if not origin_allowed(environ, public_url):
            return []
        token = auth.get("token") if isinstance(auth, dict) else None
        if token is None:
            token = tokens.session_from_cookie(environ.get("HTTP_COOKIE", "")).get("staff_token")
        user = await load_staff(store, tokens.staff_claim(token) if isinstance(token, str) else None)
        if user is None:
            return []
        return staff_rooms(user)

    return resolve
