"""Five tries at a hold's security code, however many arrive at once, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlalchemy import select

from store.schema import appointments
from testkit.app import InProcess
from testkit.flows import code_for, customer, sign_up
from testkit.sockets import hold, tomorrow_at

AT_ONCE = 40


async def test_codes_sent_at_once_are_compared_at_most_five_times(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    held = await hold(app.client, biz, token, tomorrow_at(9))
    assert held.status_code == 201, held.text
    hold_id = held.json()["id"]
    right = await code_for(app.client, email)
    guesses = [f"{n:06d}" for n in range(AT_ONCE) if f"{n:06d}" != right][: AT_ONCE - 1] + [right]

    answers = await asyncio.gather(
        *(
            app.client.post(f"/api/v1/public/holds/{hold_id}/confirm", json={"code": guess}, headers=auth)
            for guess in guesses
        )
    )

    statuses = Counter(answer.status_code for answer in answers)
    compared = statuses[422] + statuses[200]
    assert compared <= 5, statuses
    assert set(statuses) <= {200, 410, 422}, statuses
    lefts = sorted(a.json()["error"]["attempts_left"] for a in answers if a.status_code == 422)
    assert len(set(lefts)) == len(lefts), lefts  # each wrong code saw its own count
    async with app.deps.store.read() as conn:
        row = (await conn.execute(select(appointments).where(appointments.c.id == hold_id))).one()
    assert row.code_attempts == compared
    assert row.status == ("booked" if statuses[200] else "released")


async def test_resends_asked_at_once_mail_the_code_at_most_three_times_in_all(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Ressa")
    auth = {"Authorization": f"Bearer {token}"}
    held = await hold(app.client, biz, token, tomorrow_at(14))
    assert held.status_code == 201, held.text

    answers = await asyncio.gather(
        *(
            app.client.post(f"/api/v1/public/holds/{held.json()['id']}/resend", headers=auth)
            for _ in range(AT_ONCE)
        )
    )

    statuses = Counter(answer.status_code for answer in answers)
    assert statuses == {202: 2, 429: AT_ONCE - 2}, statuses  # the first mail and two more
    async with app.deps.store.read() as conn:
        row = (await conn.execute(select(appointments).where(appointments.c.id == held.json()["id"]))).one()
    assert row.code_sends == 3
    codes = [m for m in await app.outbox_to(email) if m["kind"] == "hold_code"]
    assert len(codes) == 3
