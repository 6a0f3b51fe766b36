"""The Socket.IO server: who may join which room, and sending events to rooms."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import socketio

from realtime.events import Event

log = logging.getLogger(__name__)

#: Given the client's `auth` and its ASGI environ, names the room it may join, or None to refuse.
RoomResolver = Callable[[Any, dict[str, Any]], Awaitable[str | None]]


def create_server(
    resolve_room: RoomResolver, redis_url: str | None, channel: str
) -> socketio.AsyncServer:
    """A Socket.IO server whose rooms span every process when Redis is configured."""
    manager = socketio.AsyncRedisManager(redis_url, channel=channel) if redis_url else None
    sio = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        cors_allowed_origins="*",
        ping_interval=10,
        ping_timeout=10,
    )

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        room = await resolve_room(auth, environ)
        if room is None:
            raise socketio.exceptions.ConnectionRefusedError("unauthorised")
        await sio.enter_room(sid, room)

    return sio


class Realtime:
    """Sends committed changes to the rooms that should see them."""

    def __init__(self, sio: socketio.AsyncServer) -> None:
        self.sio = sio

    async def publish(self, events: Iterable[Event]) -> None:
        for event in events:
            try:
                await self.sio.emit(event.name, event.payload, room=event.room)
            except Exception:  # a lost event must not undo a committed change
                log.exception("could not emit %s", event.name)
