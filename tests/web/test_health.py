"""`/healthz` and `/readyz` as a load balancer asks them: alive, and ready only while the database
(at the newest schema) and Redis answer; a failed check is named."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import text

from server import create_app
from testkit.app import InProcess, in_process, settings_for
from testkit.services import RedisServer, free_port
from web.health import newest_revisions


async def test_a_running_app_is_alive_and_ready(app: InProcess) -> None:
    alive = await app.client.get("/healthz")
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    ready = await app.client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready", "checks": {"database": "ok"}, "failed": []}


async def _answers(settings_url: str, path: str) -> httpx.Response:
    """Asks an app that never started (its database cannot be reached, so it could not migrate)."""
    asgi = create_app(settings_for(settings_url))
    transport = httpx.ASGITransport(app=asgi)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        answer = await client.get(path)
    await asgi.other_asgi_app.state.deps.store.close()
    return answer


async def test_an_unreachable_database_makes_the_process_unready_but_alive(tmp_path: Path) -> None:
    nowhere = [
        f"postgresql://termine@127.0.0.1:{free_port()}/termine",
        f"sqlite:///{tmp_path / 'no-such-dir' / 'termine.db'}",
    ]
    for url in nowhere:
        assert (await _answers(url, "/healthz")).status_code == 200
        ready = await _answers(url, "/readyz")
        assert ready.status_code == 503, ready.text
        assert ready.json()["status"] == "unavailable"
        assert ready.json()["failed"] == ["database"]
        assert ready.json()["checks"]["database"] != "ok"


async def test_a_schema_behind_the_code_is_not_ready(tmp_path: Path) -> None:
    async with in_process(settings_for(f"sqlite:///{tmp_path / 'old.db'}")) as running:
        assert (await running.client.get("/readyz")).status_code == 200
        async with running.deps.store.write() as conn:
            await conn.execute(text("UPDATE alembic_version SET version_num = '0019_older'"))
        ready = await running.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["failed"] == ["database"]
        assert "0019_older" in ready.json()["checks"]["database"]
        assert sorted(newest_revisions())[0] in ready.json()["checks"]["database"]


async def test_readiness_follows_redis_going_away_and_coming_back(database_url: str, tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis")
    await redis.start()
    try:
        settings = settings_for(database_url, redis_url=redis.url, redis_namespace=f"ready-{free_port()}")
        async with in_process(settings) as running:
            ready = await running.client.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}

            redis.stop()
            down = await running.client.get("/readyz")
            assert down.status_code == 503
            assert down.json()["failed"] == ["redis"]
            assert down.json()["checks"]["database"] == "ok"
            assert (await running.client.get("/healthz")).status_code == 200

            await redis.start()
            assert (await running.client.get("/readyz")).status_code == 200
    finally:
        redis.stop()
