"""Liveness and readiness for load balancers: `/healthz` (the process answers) and `/readyz` (the
database answers with the newest schema, and Redis where configured); 503 names what failed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from alembic.config import Config
from alembic.script import ScriptDirectory
from redis.asyncio import Redis
from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from store import Store
from store.engine import MIGRATIONS

#: Seconds a check may take before it counts as failed: a balancer must not wait on a hung backend.
CHECK_SECONDS = 2.0


def newest_revisions() -> set[str]:
    """The head revisions of the migrations shipped with this code."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return set(ScriptDirectory.from_config(config).get_heads())


async def _database(store: Store, heads: set[str]) -> str | None:
    async with store.read() as conn:
        found = {row[0] for row in await conn.execute(text("SELECT version_num FROM alembic_version"))}
    if found != heads:
        return f"schema at {sorted(found)}, expected {sorted(heads)}"
    return None


async def _redis(redis: Redis) -> str | None:
    await redis.ping()
    return None


async def _run(check: Callable[[], Awaitable[str | None]]) -> str:
    try:
        problem = await asyncio.wait_for(check(), CHECK_SECONDS)
    except TimeoutError:
        return f"no answer within {CHECK_SECONDS:g} s"
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:300]
    return problem or "ok"


def routes(store: Store, redis: Redis | None) -> list[Route]:
    heads = newest_revisions()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        checks = {"database": lambda: _database(store, heads)}
        if redis is not None:
            checks["redis"] = lambda: _redis(redis)
        results = dict(
            zip(checks, await asyncio.gather(*(_run(check) for check in checks.values())), strict=True)
        )
        ready = all(result == "ok" for result in results.values())
        failed = sorted(name for name, result in results.items() if result != "ok")
        body = {"status": "ready" if ready else "unavailable", "checks": results, "failed": failed}
        return JSONResponse(body, status_code=200 if ready else 503, headers={"cache-control": "no-store"})

    return [
        Route("/healthz", healthz, methods=["GET"], name="healthz"),
        Route("/readyz", readyz, methods=["GET"], name="readyz"),
    ]
