"""One log line and the metrics of every HTTP request, by route template rather than raw path.

The line holds the method, the route template (`/api/v1/public/{slug}`), the status, the duration in
milliseconds and the business's id where a handler resolved it (`request.state.tenant_id`): never
the raw path or the query string, which may carry a customer's address, a code or a token.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.metrics import Metrics

log = logging.getLogger("termine.request")
#: The template of a request no route took: raw paths would make a metric per probe.
UNMATCHED = "unmatched"
#: Methods counted by name; any other a client makes up counts as OTHER.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The template of the route that answered, mounts included: `/api/v1/holds/{id}/confirm`."""
    route: BaseRoute | None = scope.get("route")
    path = getattr(route, "path", None)
    if route is None or path is None:
        return UNMATCHED
    root = scope.get("root_path", "")
    if isinstance(route, Mount):
        return f"{root}/{{path}}"
    return f"{root}{path}" or "/"


class RequestObserver:
    """Pure ASGI middleware: times each request, counts it and writes its log line."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: dict[str, Any] = scope.setdefault("state", {})
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            self.metrics.requests.labels(method=method, route=route, status=str(status)).inc()
            self.metrics.latency.labels(method=method, route=route).observe(seconds)
            fields: dict[str, Any] = {
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
            }
            tenant_id = state.get("tenant_id")
            if tenant_id is not None:
                fields["tenant_id"] = tenant_id
            log.info("%s %s %d", method, route, status, extra={"fields": fields})
