"""Serves the browser libraries that npm installed, by name, without exposing node_modules."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

FILES = {
    "event-calendar.min.js": "@event-calendar/build/dist/event-calendar.min.js",
    "event-calendar.min.css": "@event-calendar/build/dist/event-calendar.min.css",
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
}


def vendor_route(node_modules: Path) -> Route:
    async def vendor(request: Request) -> Response:
        relative = FILES.get(request.path_params["name"])
        path = node_modules / relative if relative else None
        if path is None or not path.is_file():
            raise HTTPException(404, "Unknown file. Did the set-up run `npm install`?")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})

    return Route("/vendor/{name}", vendor, methods=["GET"])
