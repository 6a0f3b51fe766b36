"""Public holidays over Socket.IO: opening one or choosing another region reaches the open staff
calendars (`holidays.changed`) and booking pages (`availability.changed`) of that business only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from testkit.app import ServerProcess
from testkit.flows import sign_up
from testkit.sockets import listening


@pytest.fixture
async def client(single: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=single.url, timeout=30) as http:
        yield http


async def test_holiday_changes_reach_calendars_and_booking_pages(
    single: ServerProcess, client: httpx.AsyncClient
) -> None:
    biz = await sign_up(client, horizon_days=730)
    other = await sign_up(client)
    epiphany = date(datetime.now(UTC).astimezone(ZoneInfo("Europe/Vienna")).year + 1, 1, 6)
    async with (
        listening(single.url, {"token": biz.token}) as staff,
        listening(single.url, {"slug": biz.slug}) as public,
        listening(single.url, {"token": other.token}) as stranger,
    ):
        chosen = await client.patch(
            "/api/v1/settings", json={"holiday_country": "AT", "holiday_region": "9"}, headers=biz.auth
        )
        assert chosen.status_code == 200, chosen.text
        await staff.wait_for("holidays.changed")
        await public.wait_for("availability.changed")

        opened = await client.put(
            f"/api/v1/holidays/{epiphany.isoformat()}", json={"open": True}, headers=biz.auth
        )
        assert opened.status_code == 200, opened.text
        await staff.wait_for("holidays.changed", nth=2)
        await public.wait_for("availability.changed", nth=2)

        assert {e.name for e in public.events} == {"availability.changed"}
        assert [e.payload for e in staff.events if e.name == "holidays.changed"] == [{}, {}]
        assert not [e for e in stranger.events if e.name == "holidays.changed"]
