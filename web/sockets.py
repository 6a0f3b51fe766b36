"""Who may join which Socket.IO rooms: staff with a live session join their business's staff room
and their session's room, booking pages join their business's public room by its slug."""

from __future__ import annotations

from typing import Any

from realtime.events import public_room, session_room, staff_room
from realtime.hub import RoomResolver
from store import Store
from store.queries import tenant_by_slug
from web.auth import Tokens, load_staff


def room_resolver(store: Store, tokens: Tokens) -> RoomResolver:
    """The Socket.IO connect check: a staff token in `auth` or the session cookie, or a slug."""

    async def resolve(auth: Any, environ: dict[str, Any]) -> list[str]:
        if isinstance(auth, dict) and isinstance(auth.get("slug"), str):
            async with store.read() as conn:
                tenant = await tenant_by_slug(conn, auth["slug"])
            return [public_room(tenant["id"])] if tenant else []
        token = auth.get("token") if isinstance(auth, dict) else None
        if token is None:
            token = tokens.session_from_cookie(environ.get("HTTP_COOKIE", "")).get("staff_token")
        user = await load_staff(store, tokens.staff_claim(token) if isinstance(token, str) else None)
        return [staff_room(user.tenant_id), session_room(user.session_id)] if user else []

    return resolve
