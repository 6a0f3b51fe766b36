"""A real server process as a host runs it: it counts its own desks and booking pages, times events
from commit to emit, and writes every log line as JSON (uvicorn's included) without customer data."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx

from testkit.app import ServerProcess
from testkit.flows import customer, sign_up
from testkit.sockets import desk_booking, listening, server_env, tomorrow_at
from tests.web.test_metrics import samples, value


async def test_connections_event_lag_and_json_logs(tmp_path: Path) -> None:
    server = ServerProcess(server_env(tmp_path, f"sqlite:///{tmp_path / 'ops.db'}"))
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            biz = await sign_up(client)
            email, token = await customer(client, "Hermine")
            async with (
                listening(server.url, {"token": biz.token}) as desk,
                listening(server.url, {"slug": biz.slug}),
                listening(server.url, {"slug": biz.slug}),
            ):
                made = await desk_booking(client, biz, tomorrow_at(9))
                assert made.status_code == 201, made.text
                await desk.wait_for("appointment.created", lambda payload: payload["id"] == made.json()["id"])
                scraped = samples((await client.get("/metrics")).text)
                assert value(scraped, "termine_socket_connections", kind="staff") == 1
                assert value(scraped, "termine_socket_connections", kind="page") == 2
                assert value(scraped, "termine_event_lag_seconds_count") >= 1
                assert value(scraped, "termine_event_lag_seconds_sum") < 1.0 * value(
                    scraped, "termine_event_lag_seconds_count"
                )
            # Gone connections are no longer counted, once the server has seen them go.
            deadline = asyncio.get_running_loop().time() + 5
            while True:
                scraped = samples((await client.get("/metrics")).text)
                counts = [
                    value(scraped, "termine_socket_connections", kind=kind) for kind in ("staff", "page")
                ]
                if counts == [0, 0]:
                    break
                assert asyncio.get_running_loop().time() < deadline, counts
                await asyncio.sleep(0.1)
    finally:
        server.stop()
    lines = [line for line in server.log().splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines]
    assert any(line["logger"].startswith("uvicorn") for line in parsed)
    requests = [line for line in parsed if line["logger"] == "termine.request"]
    assert {"route": "/api/v1/appointments", "status": 201, "tenant_id": biz.tenant_id}.items() <= next(
        line for line in requests if line["route"] == "/api/v1/appointments" and line["method"] == "POST"
    ).items()
    for secret in (email, "Hermine", token, biz.token):
        assert secret not in server.log()
