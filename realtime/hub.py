"""The Socket.IO server: who may join which rooms, sending events to rooms, and closing the
connections of an ended staff session or of a person whose rights changed."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from typing import Any

import socketio

from realtime import redis_connection
from realtime.events import BUT, Event, person_room, session_room

log = logging.getLogger(__name__)
#: Seconds between tries to subscribe again while Redis is away.
RESUBSCRIBE = 0.5

#: Given the client's `auth` and its ASGI environ, names the rooms it joins; none refuses it.
RoomResolver = Callable[[Any, dict[str, Any]], Awaitable[Sequence[str]]]


async def _disconnect_members(manager: socketio.AsyncManager, room: Any, namespace: Any) -> None:
    """Disconnects the clients of `room` that are connected to this process."""
    namespace = namespace or "/"
    for sid, _ in list(manager.get_participants(namespace, room)):
        await manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class _Apart:
    """Resolves a room made by `realtime.events.but` (one room's members without another's) among
    the connections of this process; each process resolves it for its own, so it holds across
    processes as any other room."""

    def get_participants(self, namespace: Any, room: Any) -> Iterator[tuple[str, Any]]:
        participants = super().get_participants  # type: ignore[misc]
        if not (isinstance(room, str) and BUT in room):
            yield from participants(namespace, room)
            return
        kept, _, left_out = room.partition(BUT)
        out = {sid for sid, _ in participants(namespace, left_out)}
        for sid, eio_sid in participants(namespace, kept):
            if sid not in out:
                yield sid, eio_sid


class LocalRooms(_Apart, socketio.AsyncManager):
    """Rooms of one process, where closing a room disconnects the clients in it."""

    async def close_room(self, room: Any, namespace: Any) -> None:
        await _disconnect_members(self, room, namespace)
        await super().close_room(room, namespace)


class RedisRooms(_Apart, socketio.AsyncRedisManager):
    """Rooms across processes, where closing a room disconnects its clients on every process: each
    process handles the close (its own, and the others' through the Redis channel) here.

    Without Redis, each process still reaches its own clients (the library delivers locally first)
    and the others miss what it sends. Once Redis answers again, within a second, this process
    disconnects its clients: they reconnect at once and reload what they show, as after any lost
    connection, so no screen stays behind on what it missed.
    """

    #: Whether the manager holds a Redis connection (the library's own flag).
    connected: bool

    def __init__(self, url: str, channel: str) -> None:
        super().__init__(url, channel=channel, redis_options=redis_connection.options(blocking_reads=True))
        self._publishing = True

    async def _handle_close_room(self, message: dict[str, Any]) -> None:
        await _disconnect_members(self, message.get("room"), message.get("namespace"))
        await super()._handle_close_room(message)

    async def _publish(self, data: Any) -> None:
        """One try, no waiting: a lost message is caught up by the reconnect after the outage."""
        try:
            if not self.connected:
                self._redis_connect()
            await self.redis.publish(self.channel, self.json.dumps(data))
        except Exception as error:
            self.connected = False
            if self._publishing:
                log.warning(
                    "cannot publish events to Redis; other processes miss them until it is back: %s", error
                )
            self._publishing = False
            return
        self._publishing = True

    async def _redis_listen_with_retries(self) -> Any:
        """The library's listener, but back within RESUBSCRIBE seconds of Redis (not up to a minute),
        and with this process's clients told to catch up on what they missed meanwhile."""
        failed = False
        while True:
            try:
                self._redis_connect()
                await self.pubsub.subscribe(self.channel)
                if failed:
                    log.info("receiving events from Redis again; clients reconnect to catch up")
                    await _disconnect_members(self, None, "/")
                    failed = False
                async for message in self.pubsub.listen():
                    yield message
            except Exception as error:
                if not failed:
                    log.warning("cannot receive events from Redis; trying every %s s: %s", RESUBSCRIBE, error)
                failed = True
                self.connected = False
                await asyncio.sleep(RESUBSCRIBE)


def create_server(resolve_rooms: RoomResolver, redis_url: str | None, channel: str) -> socketio.AsyncServer:
    """A Socket.IO server whose rooms span every process when Redis is configured."""
    manager: socketio.AsyncManager = RedisRooms(redis_url, channel=channel) if redis_url else LocalRooms()
    sio = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        # Any page may try; `resolve_rooms` decides by the Origin together with the room asked for.
        # No credentials in CORS answers: our own pages are same-origin and need none, and a foreign
        # page must not read a polling answer that its browser fetched with our cookie.
        cors_allowed_origins="*",
        cors_credentials=False,
        ping_interval=10,
        ping_timeout=10,
    )

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        rooms = await resolve_rooms(auth, environ)
        if not rooms:
            raise socketio.exceptions.ConnectionRefusedError("unauthorised")
        for room in rooms:
            await sio.enter_room(sid, room)

    return sio


class Realtime:
    """Sends committed changes to the rooms that should see them."""

    def __init__(self, sio: socketio.AsyncServer, lagged: Callable[[float], None] | None = None) -> None:
        self.sio = sio
        #: Told the seconds from a change's commit to each of its emits (the event lag metric).
        self.lagged = lagged

    async def publish(self, events: Iterable[Event], committed: float | None = None) -> None:
        """Emits each event to its rooms; `committed` is the `time.monotonic()` of the commit."""
        for event in events:
            for delivery in event.deliveries():
                room = delivery.room if isinstance(delivery.room, str) else list(delivery.room)
                try:
                    await self.sio.emit(event.name, delivery.payload, room=room)
                except Exception:  # a lost event must not undo a committed change
                    log.exception("could not emit %s", event.name)
                    continue
                if committed is not None and self.lagged is not None:
                    self.lagged(time.monotonic() - committed)

    async def refresh_people(self, user_ids: Iterable[str]) -> None:
        """Closes every connection of these people, on every process; their pages reconnect at
        once and join the rooms their rights now allow."""
        for user_id in user_ids:
            try:
                await self.sio.close_room(person_room(user_id))
            except Exception:  # their connections follow at the next reconnect
                log.exception("could not close the connections of a person whose rights changed")

    async def end_sessions(self, session_ids: Iterable[str]) -> None:
        """Disconnects every client of these ended staff sessions, on every process."""
        for session_id in session_ids:
            try:
                await self.sio.close_room(session_room(session_id))
            except Exception:  # the session has ended in the store; its clients go at their next connect
                log.exception("could not close the connections of an ended session")
