"""A writer that stops mid-write (paused or killed) stalls no one else of its calendar for more
than about a second, and the database still refuses any overlap: on PostgreSQL, with two processes."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import UTC, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest

from store.engine import LOCK_TIMEOUT_MS
from testkit.app import in_process, settings_for
from testkit.flows import customer, sign_up
from testkit.sockets import hold, server_pair, tomorrow_at, verified_customers

#: What "about a second" may be on a busy 2-core machine.
PROMPT = LOCK_TIMEOUT_MS / 1000 + 1.0


async def test_an_unfinished_write_over_a_slot_stalls_only_that_slot_and_only_briefly(
    postgres_url: str,
) -> None:
    async with in_process(settings_for(postgres_url)) as app:
        biz = await sign_up(app.client)
        _, token = await customer(app.client)
        taken = tomorrow_at(10, days=3)
        # Another writer has placed an appointment over 10:00 and stopped before committing.
        writer = await asyncpg.connect(postgres_url.replace("postgresql://", "postgres://"))
        try:
            stopped = writer.transaction()
            await stopped.start()
            await writer.execute(
                "INSERT INTO appointments (id, tenant_id, staff_id, location_id, service_id, start_at, "
                "end_at, status, source, note, code_attempts, code_sends, created_at, updated_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, 'booked', 'desk', '', 0, 0, $8, $8)",
                "stopped-writer",
                biz.tenant_id,
                biz.staff_id,
                biz.location_id,
                biz.service_id,
                taken.astimezone(UTC),
                (taken + timedelta(minutes=30)).astimezone(UTC),
                taken.astimezone(UTC),
            )

            began = time.monotonic()
            beside = await hold(app.client, biz, token, taken + timedelta(hours=2))
            assert beside.status_code == 201, beside.text
            assert time.monotonic() - began < PROMPT

            began = time.monotonic()
            over = await hold(app.client, biz, token, taken)
            assert time.monotonic() - began < PROMPT
            assert over.status_code == 409, over.text
            assert over.json()["error"]["code"] == "slot_taken"

            # When the stopped writer commits after all, its appointment stands and nothing overlaps it.
            await stopped.commit()
        finally:
            await writer.close()
        again = await hold(app.client, biz, token, taken)
        assert again.status_code == 409


@pytest.mark.parametrize("stop", [signal.SIGSTOP, signal.SIGKILL], ids=["paused", "killed"])
async def test_a_process_stopped_in_a_burst_of_holds_does_not_stall_the_other(
    tmp_path: Path, stop: signal.Signals
) -> None:
    async with (
        server_pair(tmp_path) as pair,
        httpx.AsyncClient(base_url=pair.a.url, timeout=30) as a,
        httpx.AsyncClient(base_url=pair.b.url, timeout=30) as b,
    ):
        people = await verified_customers([a, b], 24)
        biz = await sign_up(b)
        first = tomorrow_at(0, days=2)
        # Twenty customers hold through A at once; A stops while it is in the middle of them.
        burst = [
            asyncio.create_task(hold(a, biz, token, first + timedelta(minutes=30 * i)))
            for i, (_, token) in enumerate(people[:20])
        ]
        await asyncio.wait(burst, return_when=asyncio.FIRST_COMPLETED)
        assert pair.a.process is not None
        os.kill(pair.a.process.pid, stop)
        try:
            for index, (_, token) in enumerate(people[20:], start=40):
                began = time.monotonic()
                answer = await hold(b, biz, token, first + timedelta(minutes=30 * index))
                assert answer.status_code == 201, answer.text
                assert time.monotonic() - began < PROMPT, time.monotonic() - began
        finally:
            if stop == signal.SIGSTOP:
                os.kill(pair.a.process.pid, signal.SIGCONT)
            for task in burst:
                task.cancel()
            await asyncio.gather(*burst, return_exceptions=True)
