"""The daily agenda goes once a day to each person who wants it, whichever of two processes on one
PostgreSQL database and one Redis namespace finds it due, and after a restart too."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from testkit.app import ServerProcess
from testkit.flows import mails_to, sign_up, wait_for_mail
from testkit.sockets import desk_booking, server_pair, start_servers, tomorrow_at

SLOW = 30


async def agendas_to(server: ServerProcess, address: str) -> list[dict[str, object]]:
    async with httpx.AsyncClient(base_url=server.url, timeout=SLOW) as client:
        return [m for m in await mails_to(client, address) if "Ihre Termine am" in str(m["subject"])]


async def test_the_agenda_is_mailed_once_by_two_processes_and_a_restart(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    async with server_pair(tmp_path_factory.mktemp("agenda")) as pair:
        async with httpx.AsyncClient(base_url=pair.a.url, timeout=SLOW) as a:
            biz = await sign_up(a)
            owner = f"{biz.slug}@owner.example"
            booked = await desk_booking(
                a,
                biz,
                tomorrow_at(9),
                new_customer={"first_name": "Tilda", "last_name": "Morgen"},
                notify=False,
            )
            assert booked.status_code == 201, booked.text
        # The owner wants the agenda at midnight, which has passed today: it is due now, on both.
        async with httpx.AsyncClient(base_url=pair.b.url, timeout=SLOW) as b:
            chosen = {"online_bookings": False, "requests": False, "cancellations": False, "agenda_hour": 0}
            saved = await b.put("/api/v1/me/notifications", json=chosen, headers=biz.auth)
            assert saved.status_code == 200, saved.text
        pair.a.stop()
        await start_servers(pair.a)
        async with httpx.AsyncClient(base_url=pair.a.url, timeout=SLOW) as a:
            await wait_for_mail(a, owner, count=2, timeout=40)  # the sign-up's verification, the agenda
        (agenda,) = await agendas_to(pair.a, owner)
        assert "Ihre Termine am" in str(agenda["subject"]) and "Tilda Morgen" in str(agenda["body"])

        again = ServerProcess(pair.b.env)
        try:
            await start_servers(again)
            await asyncio.sleep(1.0)
            assert len(await agendas_to(again, owner)) == 1
        finally:
            again.stop()
        assert len(await agendas_to(pair.b, owner)) == 1
