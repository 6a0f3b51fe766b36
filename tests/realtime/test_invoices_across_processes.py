"""Invoices on the billing day, with two processes on one PostgreSQL database looking at once as they
start, and a third started again afterwards: every business's period is invoiced once, and the
numbers run on without a gap."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
import pytest

from testkit.app import ServerProcess
from testkit.flows import mails_to, sign_up
from testkit.sockets import server_pair, start_servers, stop_servers

SLOW = 30
BUSINESSES = 4


async def test_two_processes_on_the_billing_day_invoice_each_period_once_without_gaps(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    async with server_pair(tmp_path_factory.mktemp("invoices")) as pair:
        async with httpx.AsyncClient(base_url=pair.a.url, timeout=SLOW) as a:
            owners = []
            for _ in range(BUSINESSES):
                biz = await sign_up(a)
                upgraded = await a.post("/api/v1/licence/upgrade", headers=biz.auth)
                assert upgraded.status_code == 200, upgraded.text
                owners.append(biz)
        # The upgrades lie 40 days back: the period that ended with today's billing day is due.
        connection = await asyncpg.connect(pair.database_url)
        try:
            await connection.execute("UPDATE licence_changes SET at = at - interval '40 days'")
        finally:
            await connection.close()

        stop_servers(pair.a, pair.b)
        await start_servers(pair.a, pair.b)  # both look as they start, at the same moment

        connection = await asyncpg.connect(pair.database_url)
        try:
            for _ in range(100):
                rows = await connection.fetch("SELECT tenant_id, period_start, number FROM invoices")
                if len({r["tenant_id"] for r in rows}) == BUSINESSES:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # a second maker, if any, has had its chance
            rows = await connection.fetch("SELECT tenant_id, period_start, number FROM invoices")
        finally:
            await connection.close()
        keys = [(r["tenant_id"], r["period_start"]) for r in rows]
        assert len(keys) == len(set(keys)) >= BUSINESSES
        numbers = sorted(r["number"] for r in rows)
        assert numbers == list(range(1, len(numbers) + 1))

        again = ServerProcess(pair.b.env)
        try:
            await start_servers(again)
            await asyncio.sleep(1.0)
            async with httpx.AsyncClient(base_url=again.url, timeout=SLOW) as c:
                for biz in owners:
                    licence = (await c.get("/api/v1/licence", headers=biz.auth)).json()
                    mails = [
                        m
                        for m in await mails_to(c, f"{biz.slug}@owner.example")
                        if "Rechnung" in str(m["subject"])
                    ]
                    assert len(mails) == len(licence["invoices"]) >= 1
                    assert sorted(i["number"] for i in licence["invoices"]) == sorted(
                        str(m["subject"]).split()[2] for m in mails
                    )
        finally:
            again.stop()
        connection = await asyncpg.connect(pair.database_url)
        try:
            assert len(await connection.fetch("SELECT id FROM invoices")) == len(rows)
        finally:
            await connection.close()
