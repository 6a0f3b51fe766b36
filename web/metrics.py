"""Prometheus metrics of one app instance, and who may read them at /metrics.

Each app has a registry of its own (not the library's global one), so several apps in one process
count apart. What the database knows (holds pending, the outbox) is read at each scrape.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from datetime import datetime

import socketio
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract.enums import AppointmentStatus, MailStatus
from store import Store
from store.schema import appointments, outbox

#: Request durations in seconds: most answers take milliseconds, a slow one a second or more.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: Seconds from a change's commit to its emit.
LAG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """The instruments of one app instance."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "termine_http_requests",
            "HTTP requests by route template and status",
            ["method", "route", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "termine_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.sockets = Gauge(
            "termine_socket_connections",
            "Socket.IO connections to this process, by kind",
            ["kind"],
            registry=r,
        )
        self.holds = Gauge(
            "termine_holds_pending", "Online bookings held, waiting for their code", registry=r
        )
        self.event_lag = Histogram(
            "termine_event_lag_seconds",
            "Seconds from a change's commit to its emit",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.outbox = Gauge("termine_outbox_backlog", "Mail waiting in the outbox to be sent", registry=r)
        self.outbox_age = Gauge(
            "termine_outbox_oldest_age_seconds",
            "Age of the oldest mail waiting in the outbox (0: none)",
            registry=r,
        )
        self.mail_failures = Counter(
            "termine_mail_failures",
            "Sends of a mail that failed, by outcome (retry or dead)",
            ["outcome"],
            registry=r,
        )

    def mail_failed(self, outcome: str) -> None:
        self.mail_failures.labels(outcome=outcome).inc()

    def lagged(self, seconds: float) -> None:
        self.event_lag.observe(max(seconds, 0.0))

    def count_sockets(self, sio: socketio.AsyncServer) -> None:
        """This process's connections: staff desks (rooms "staff:…") and booking pages ("public:…")."""
        staff: set[str] = set()
        pages: set[str] = set()
        for room, members in sio.manager.rooms.get("/", {}).items():
            if isinstance(room, str) and room.startswith("staff:"):
                staff.update(members)
            elif isinstance(room, str) and room.startswith("public:"):
                pages.update(members)
        self.sockets.labels(kind="staff").set(len(staff))
        self.sockets.labels(kind="page").set(len(pages))

    async def read_store(self, store: Store, now: datetime) -> None:
        """Holds pending and the outbox as the database has them now."""
        pending = outbox.c.status == MailStatus.PENDING
        async with store.read() as conn:
            held = await conn.execute(
                select(func.count())
                .select_from(appointments)
                .where(appointments.c.status == AppointmentStatus.HELD)
            )
            waiting = await conn.execute(select(func.count(), func.min(outbox.c.created_at)).where(pending))
        self.holds.set(int(held.scalar_one()))
        count, oldest = waiting.one()
        self.outbox.set(int(count))
        self.outbox_age.set(max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0)


def _from_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def may_read(request: Request, token: str | None) -> bool:
    """With METRICS_TOKEN set, whoever sends it as a Bearer token; without, only this machine."""
    if token is None:
        return _from_loopback(request)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def metrics_route(
    metrics: Metrics,
    store: Store,
    sio: socketio.AsyncServer,
    token: str | None,
    clock: Callable[[], datetime],
) -> Route:
    async def scrape(request: Request) -> Response:
        if not may_read(request, token):
            error = {
                "code": "forbidden",
                "message": "Metrics are read from this machine or with METRICS_TOKEN.",
            }
            return JSONResponse({"error": error}, status_code=403)
        metrics.count_sockets(sio)
        await metrics.read_store(store, clock())
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return Route("/metrics", scrape, methods=["GET"], name="metrics")
