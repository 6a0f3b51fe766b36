"""An unhandled error answers a whole 500 that closes its connection, so a keep-alive client goes on."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server import HERE
from testkit.services import free_port
from web import errors, language


async def broken(request: Request) -> Response:
    raise RuntimeError("a defect the handlers do not know")


async def fine(request: Request) -> Response:
    return JSONResponse({"fine": True})


def with_a_defect() -> Starlette:
    """The product's error handling around a route that fails as only a defect would."""
    app = Starlette(
        routes=[Route("/api/v1/broken", broken), Route("/broken", broken), Route("/api/v1/fine", fine)],
        exception_handlers=errors.HANDLERS,
    )
    app.state.templates = language.templates(HERE / "web" / "templates")
    return app


@asynccontextmanager
async def served(app: Starlette) -> AsyncIterator[str]:
    """`app` behind a real uvicorn on a free port, in a thread of its own as in a separate server."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="critical")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        pytest.param("/api/v1/broken", "application/json", id="api"),
        pytest.param("/broken", "text/html", id="page"),
    ],
)
async def test_a_500_closes_its_connection_and_the_next_request_works(path: str, kind: str) -> None:
    async with served(with_a_defect()) as url, httpx.AsyncClient(base_url=url) as client:
        for _ in range(20):
            failed = await client.get(path)
            assert failed.status_code == 500
            assert failed.headers["connection"] == "close"
            assert failed.headers["content-type"].startswith(kind)
            assert "schiefgegangen" in failed.text
            after = await client.get("/api/v1/fine")
            assert after.status_code == 200 and after.json() == {"fine": True}
