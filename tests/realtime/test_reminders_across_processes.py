"""A reminder goes once, whichever of two processes on one PostgreSQL database and one Redis namespace
finds it due, and a process started again afterwards does not send it a second time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest

from testkit.app import ServerProcess
from testkit.flows import mails_to, sign_up, wait_for_mail
from testkit.sockets import desk_booking, server_pair, start_servers

SLOW = 30


async def reminders_to(server: ServerProcess, address: str) -> list[dict[str, object]]:
    async with httpx.AsyncClient(base_url=server.url, timeout=SLOW) as client:
        return [m for m in await mails_to(client, address) if "Erinnerung" in str(m["subject"])]


async def test_a_due_reminder_is_mailed_once_by_two_processes_and_a_restart(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    async with server_pair(tmp_path_factory.mktemp("reminders")) as pair:
        async with httpx.AsyncClient(base_url=pair.a.url, timeout=SLOW) as a:
            biz = await sign_up(a)
            address = f"erinnert-{biz.slug}@example.at"
            start = (datetime.now(UTC) + timedelta(minutes=90)).replace(second=0, microsecond=0)
            booked = await desk_booking(
                a,
                biz,
                start,
                new_customer={"first_name": "Ida", "last_name": "Imm", "email": address},
                notify=False,
            )
            assert booked.status_code == 201, booked.text
            # Booked yesterday, as far as the reminder is concerned: its 2-hour reminder is due now.
            connection = await asyncpg.connect(pair.database_url)
            try:
                await connection.execute(
                    "UPDATE appointments SET created_at = created_at - interval '1 day' WHERE id = $1",
                    booked.json()["id"],
                )
            finally:
                await connection.close()

        # Both processes look at once: B is woken by the setting, A restarts and looks as it starts.
        async with httpx.AsyncClient(base_url=pair.b.url, timeout=SLOW) as b:
            turned_on = await b.patch("/api/v1/settings", json={"reminders": [2]}, headers=biz.auth)
            assert turned_on.status_code == 200, turned_on.text
        pair.a.stop()
        await start_servers(pair.a)
        async with httpx.AsyncClient(base_url=pair.a.url, timeout=SLOW) as a:
            (reminder,) = await wait_for_mail(a, address)
        assert "Erinnerung" in str(reminder["subject"]) and "Ida" in str(reminder["body"])

        # A third look by each, later, finds it sent.
        again = ServerProcess(pair.b.env)
        try:
            await start_servers(again)
            await asyncio.sleep(1.0)
            assert len(await reminders_to(again, address)) == 1
        finally:
            again.stop()
        assert len(await reminders_to(pair.a, address)) == 1
