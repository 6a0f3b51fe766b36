"""Two processes on one PostgreSQL database and one Redis: an event reaches the clients of both."""

from __future__ import annotations

import time

import httpx

from testkit.flows import sign_up
from testkit.sockets import Pair, desk_booking, hold, listening, tomorrow_at

WITHIN = 1.0


async def test_a_hold_through_one_process_reaches_the_other_within_a_second(
    pair: Pair, pair_crowd: list[tuple[str, str]]
) -> None:
    _, token = pair_crowd[0]
    async with (
        httpx.AsyncClient(base_url=pair.a.url, timeout=30) as a,
        listening(pair.b.url, {"token": (biz := await sign_up(a)).token}) as staff,
        listening(pair.b.url, {"slug": biz.slug}) as public,
    ):
        sent = time.time()
        held = await hold(a, biz, token, tomorrow_at(9))
        assert held.status_code == 201, held.text
        created = await staff.wait_for("hold.created", lambda h: h["id"] == held.json()["id"])
        shown = await public.wait_for("slots.changed", lambda s: s["start"] == held.json()["start"])
        assert created.payload["status"] == "held"
        assert shown.payload["state"] == "held"
        for event in (created, shown):
            assert event.at - sent < WITHIN, f"{event.name} after {event.at - sent:.3f} s"


async def test_a_desk_booking_through_the_other_process_reaches_the_first(pair: Pair) -> None:
    async with (
        httpx.AsyncClient(base_url=pair.b.url, timeout=30) as b,
        listening(pair.a.url, {"token": (biz := await sign_up(b)).token}) as staff,
        listening(pair.a.url, {"slug": biz.slug}) as public,
    ):
        sent = time.time()
        booked = await desk_booking(b, biz, tomorrow_at(12))
        assert booked.status_code == 201, booked.text
        created = await staff.wait_for("appointment.created")
        shown = await public.wait_for("slots.changed")
        assert created.payload == booked.json()
        assert shown.payload == {
            "location_id": biz.location_id,
            "staff_id": biz.staff_id,
            "start": booked.json()["start"],
            "end": booked.json()["end"],
            "state": "booked",
        }
        for event in (created, shown):
            assert event.at - sent < WITHIN, f"{event.name} after {event.at - sent:.3f} s"
    # Each once: the appointment, and the customer record the desk made with it.
    assert [e.name for e in staff.events] == ["appointment.created", "customer.changed"]
    assert len(public.events) == 1
