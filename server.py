"""Starts the product: reads the configuration, wires store, realtime, mail and web, serves them."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import socketio
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

import admin
from actions import holds, invoices, reminders, staff_notifications
from actions.context import Deps
from actions.demo import ensure_demo
from mail import status as mail_status
from mail.sender import MailSender
from realtime import redis_connection
from realtime.background import Ticker
from realtime.hub import Realtime, create_server
from settings import Settings, from_environment
from store import Store
from web import errors, guide_pages, health, language, logs, pages, privacy_pages
from web.api import (
    attendance,
    company,
    customers,
    feeds,
    holidays,
    licences,
    notifications,
    privacy,
    public,
    public_series,
    series,
    setup_guide,
    staff,
    staff_access,
    staff_photos,
    staff_security,
    team,
)
from web.api.document import document_route
from web.auth import SESSION_AGE, SESSION_COOKIE, Tokens
from web.bodylimit import BodyLimit
from web.former_links import FormerLinks
from web.metrics import Metrics, metrics_route
from web.observe import RequestObserver
from web.ratelimit import LocalCounter, RateLimits, RedisCounter
from web.security import SecurityHeaders
from web.sockets import room_resolver

HERE = Path(__file__).resolve().parent
log = logging.getLogger("termine")

#: The JSON API under /api/v1, in the order its operations are documented.
APIS = [
    staff_access.api,
    staff_security.api,
    staff.api,
    series.api,
    team.api,
    notifications.api,
    feeds.api,
    company.api,
    holidays.api,
    customers.api,
    public.api,
    public_series.api,
    staff_photos.api,
    attendance.api,
    licences.api,
    setup_guide.api,
    privacy.api,
]


def now() -> datetime:
    return datetime.now(UTC)


def create_app(settings: Settings, clock: Callable[[], datetime] = now) -> socketio.ASGIApp:
    """The whole product as one ASGI app: Socket.IO at /socket.io/, everything else Starlette."""
    store = Store(settings.database_url)
    tokens = Tokens(settings.secret_key)
    redis = redis_connection.connect(settings.redis_url) if settings.redis_url else None

    sio = create_server(
        room_resolver(store, tokens, settings.public_url),
        settings.redis_url,
        channel=f"{settings.redis_namespace}:socketio",
    )
    metrics = Metrics()
    sender = MailSender(
        store,
        settings.smtp_url,
        settings.mail_from,
        clock,
        mailbox=settings.dev_mailbox,
        failed=metrics.mail_failed,
    )
    # A woken pass waits 20 ms for more: a burst of bookings sends its mail in a few passes.
    mail_ticker = Ticker("mail", sender.drain, interval=1.0, gather=0.02)
    deps = Deps(
        store=store,
        realtime=Realtime(sio, lagged=metrics.lagged),
        mail=mail_ticker,
        settings=settings,
        clock=clock,
    )
    expiry_ticker = Ticker("hold-expiry", lambda: holds.release_expired(deps), interval=0.2)
    # Reminders are due to the hour: a look every half minute is on time, and cheap when none is due.
    reminder_ticker = Ticker("reminders", lambda: reminders.send_due(deps), interval=30.0)
    # Agendas are due at the full hour: a look every half minute, cheap when none is due.
    agenda_ticker = Ticker("agendas", lambda: staff_notifications.send_agendas(deps), interval=30.0)
    # Invoices are due on a billing day: a look a minute is on time, and cheap when none is due.
    invoice_ticker = Ticker("invoices", lambda: invoices.make_due(deps), interval=60.0)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await store.migrate()
        app.state.demo_slug = await ensure_demo(deps) if settings.demo else None
        if settings.mail_delivery == "off":
            log.warning(
                "\n%s\nNO MAIL IS SENT: SMTP_URL is not set. %d message(s) wait in the outbox and go out "
                "once SMTP_URL is set and the server restarted.\nFor development, DEV_MAILBOX=on (or "
                "--demo) shows mail on /dev/mailbox instead.\n%s",
                "=" * 78,
                await mail_status.waiting(store),
                "=" * 78,
            )
        mail_ticker.start()
        expiry_ticker.start()
        reminder_ticker.start()
        agenda_ticker.start()
        invoice_ticker.start()
        try:
            yield
        finally:
            await invoice_ticker.stop()
            await agenda_ticker.stop()
            await reminder_ticker.stop()
            await expiry_ticker.stop()
            await mail_ticker.stop()
            if redis is not None:
                await redis.aclose()
            await store.close()

    declared = [route for api in APIS for route in api.routes()]
    app = Starlette(
        routes=[
            Mount("/api/v1", routes=[*declared, document_route(APIS)]),
            Mount("/static", StaticFiles(directory=HERE / "web" / "static"), name="static"),
            *privacy_pages.routes,
            *pages.routes,
            *guide_pages.routes,
            *feeds.routes,
            *language.routes,
            *health.routes(store, redis),
            metrics_route(metrics, store, sio, settings.metrics_token, clock),
        ],
        middleware=[
            Middleware(RequestObserver, metrics=metrics),
            Middleware(SecurityHeaders, https=settings.public_url.startswith("https://")),
            Middleware(BodyLimit),
            Middleware(FormerLinks, store=store),
            Middleware(errors.RefuseBadText),
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key,
                session_cookie=SESSION_COOKIE,
                max_age=SESSION_AGE,
                same_site="lax",
                https_only=settings.public_url.startswith("https://"),
            ),
        ],
        exception_handlers=errors.HANDLERS,
        lifespan=lifespan,
    )
    app.state.deps = deps
    app.state.metrics = metrics
    app.state.mail_sender = sender
    app.state.reminders = reminder_ticker
    app.state.agendas = agenda_ticker
    app.state.invoices = invoice_ticker
    app.state.tokens = tokens
    app.state.templates = language.templates(HERE / "web" / "templates")
    app.state.demo_slug = None
    counter = RedisCounter(redis, settings.redis_namespace) if redis else LocalCounter()
    app.state.rate_limits = RateLimits(counter, settings.rate_limits)
    return socketio.ASGIApp(sio, other_asgi_app=app, socketio_path="socket.io")


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["admin"]:
        admin.main(arguments[1:])
        return
    parser = argparse.ArgumentParser(description="Serve the appointment calendar.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--demo", action="store_true", help="create a demo business on first start")
    args = parser.parse_args(arguments)
    try:
        settings = from_environment(args.host, args.port)
    except ValueError as error:
        parser.exit(2, f"server.py: configuration error: {error}\n")
    logs.configure(settings.log_format)
    if args.demo:
        settings = replace(settings, demo=True)
    app = create_app(settings)
    # Modules and the app live as long as the process: keep them out of every full collection,
    # which otherwise costs ~50 ms in the middle of requests.
    gc.freeze()
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False, log_config=None)


if __name__ == "__main__":
    main()
