"""A staff connection hears what the person's rights show, in one process and across two: their own
calendar in full, colleagues' calendars in full only with the right to work in them (otherwise
where and when), customer events only with the right to the customer database. A right withdrawn
reaches the open connection within a second."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from testkit.app import ServerProcess
from testkit.flows import Business, Member, join_team, sign_up
from testkit.sockets import Listener, Pair, desk_booking, listening, listening_as_a_page, tomorrow_at

WITHIN = 1.0
EVERY_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@dataclass(frozen=True)
class Sides:
    """Where the pages listen, and where the writes go: one process, or two that share Redis."""

    listen: ServerProcess
    write: ServerProcess


@pytest.fixture(params=["one process", "two processes"])
def sides(request: pytest.FixtureRequest) -> Sides:
    if request.param == "one process":
        single: ServerProcess = request.getfixturevalue("single")
        return Sides(single, single)
    pair: Pair = request.getfixturevalue("pair")
    return Sides(pair.a, pair.b)


@dataclass(frozen=True)
class Team:
    biz: Business
    #: Preset "provider": own hours and customers, a calendar of her own.
    provider: Member
    #: Preset "reception": every calendar and the customers, no calendar of her own.
    reception: Member
    #: Only her own hours, with a calendar of her own.
    limited: Member


@pytest.fixture
async def writer(sides: Sides) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sides.write.url, timeout=30) as client:
        yield client


@pytest.fixture
async def team(writer: httpx.AsyncClient) -> Team:
    biz = await sign_up(writer)
    provider = await join_team(writer, biz, name="Paula Pichler", preset="provider", calendar="new")
    reception = await join_team(writer, biz, name="Rita Rainer", preset="reception")
    limited = await join_team(writer, biz, name="Lena Lang", rights=["own_hours"], calendar="new")
    assert provider.staff_id and limited.staff_id
    for calendar in (provider.staff_id, limited.staff_id):
        hours = await writer.put(
            f"/api/v1/staff/{calendar}/hours",
            json={"location_id": biz.location_id, "weekly": EVERY_DAY},
            headers=biz.auth,
        )
        assert hours.status_code == 200, hours.text
    offered = await writer.patch(
        f"/api/v1/services/{biz.service_id}",
        json={"staff_ids": [biz.staff_id, provider.staff_id, limited.staff_id]},
        headers=biz.auth,
    )
    assert offered.status_code == 200, offered.text
    return Team(biz, provider, reception, limited)


async def book(writer: httpx.AsyncClient, biz: Business, calendar: str, hour: int) -> dict[str, Any]:
    booked = await desk_booking(writer, biz, tomorrow_at(hour), staff_id=calendar, note="Knie links")
    assert booked.status_code == 201, booked.text
    answer: dict[str, Any] = booked.json()
    return answer


def busy(appointment: dict[str, Any]) -> dict[str, Any]:
    return appointment | {"customer_id": None, "customer_name": "", "note": ""}


def heard(listener: Listener, name: str, appointment: dict[str, Any]) -> list[Any]:
    return [e.payload for e in listener.named(name) if e.payload["id"] == appointment["id"]]


async def test_each_person_hears_their_own_calendar_in_full_and_the_others_as_their_rights_allow(
    sides: Sides, writer: httpx.AsyncClient, team: Team
) -> None:
    url = sides.listen.url
    async with (
        listening(url, {"token": team.biz.token}) as owner,
        listening(url, {"token": team.provider.token}) as provider,
        listening(url, {"token": team.reception.token}) as reception,
        listening(url, {"token": team.limited.token}) as limited,
    ):
        assert team.provider.staff_id
        theirs = await book(writer, team.biz, team.provider.staff_id, 9)
        owners = await book(writer, team.biz, team.biz.staff_id, 10)
        for calendar, hour, note in ((team.provider.staff_id, 13, "Arzttermin"), (None, 15, "Teamsitzung")):
            closed = await writer.post(
                "/api/v1/closures",
                json={
                    "kind": "pause",
                    "staff_id": calendar,
                    "start": tomorrow_at(hour).isoformat(),
                    "end": tomorrow_at(hour + 1).isoformat(),
                    "note": note,
                },
                headers=team.biz.auth,
            )
            assert closed.status_code == 201, closed.text
        everyone = [owner, provider, reception, limited]
        for listener in everyone:
            await listener.wait_for("closure.created", nth=2)
            await listener.wait_for("appointment.created", lambda a: a["id"] == owners["id"])
        # Let anything sent twice arrive before counting.
        await asyncio.sleep(0.3)

    for full in (owner, reception):
        assert heard(full, "appointment.created", theirs) == [theirs]
        assert heard(full, "appointment.created", owners) == [owners]
        assert [e.payload["note"] for e in full.named("closure.created")] == ["Arzttermin", "Teamsitzung"]
    assert heard(provider, "appointment.created", theirs) == [theirs]
    assert heard(provider, "appointment.created", owners) == [busy(owners)]
    assert [e.payload["note"] for e in provider.named("closure.created")] == ["Arzttermin", "Teamsitzung"]
    assert heard(limited, "appointment.created", theirs) == [busy(theirs)]
    assert heard(limited, "appointment.created", owners) == [busy(owners)]
    # A colleague's closure without its note; the whole business's as it is.
    assert [e.payload["note"] for e in limited.named("closure.created")] == ["", "Teamsitzung"]

    # The customer records the desk made with the bookings: for those with the customer database.
    for customers in (owner, provider, reception):
        assert len(customers.named("customer.changed")) == 2
    assert limited.named("customer.changed") == []


async def test_a_withdrawn_right_takes_effect_on_the_open_connection_within_a_second(
    sides: Sides, writer: httpx.AsyncClient, team: Team
) -> None:
    url = sides.listen.url
    async with (
        listening_as_a_page(url, {"token": team.reception.token}) as reception,
        listening_as_a_page(url, {"token": team.provider.token}) as provider,
    ):
        before = await book(writer, team.biz, team.biz.staff_id, 9)
        await reception.wait_for("appointment.created", lambda a: a["id"] == before["id"])
        await reception.wait_for("customer.changed")
        await provider.wait_for("customer.changed")

        changes = {team.reception: {"preset": "provider"}, team.provider: {"rights": ["own_hours"]}}
        for person, change in changes.items():
            sent = time.time()
            changed = await writer.patch(f"/api/v1/team/{person.user_id}", json=change, headers=team.biz.auth)
            assert changed.status_code == 200, changed.text
            page = reception if person is team.reception else provider
            again = await page.wait_for("connect", nth=2)
            assert again.at - sent < WITHIN, f"reconnected after {again.at - sent:.3f} s"

        after = await book(writer, team.biz, team.biz.staff_id, 10)
        for page in (reception, provider):
            await page.wait_for("appointment.created", lambda a: a["id"] == after["id"])
        await asyncio.sleep(0.3)

    assert heard(reception, "appointment.created", after) == [busy(after)]
    assert heard(provider, "appointment.created", after) == [busy(after)]
    # Reception became a provider, who keeps the customers; the provider lost them.
    assert len(reception.named("customer.changed")) == 2
    assert len(provider.named("customer.changed")) == 1


async def test_a_calendar_added_while_a_limited_person_listens_reaches_them_busy_without_a_reconnect(
    sides: Sides, writer: httpx.AsyncClient, team: Team
) -> None:
    async with listening(sides.listen.url, {"token": team.limited.token}) as limited:
        added = await writer.post("/api/v1/staff", json={"name": "Neu Nowak"}, headers=team.biz.auth)
        assert added.status_code == 201, added.text
        calendar = added.json()["id"]
        hours = await writer.put(
            f"/api/v1/staff/{calendar}/hours",
            json={"location_id": team.biz.location_id, "weekly": EVERY_DAY},
            headers=team.biz.auth,
        )
        assert hours.status_code == 200, hours.text
        offered = await writer.patch(
            f"/api/v1/services/{team.biz.service_id}",
            json={"staff_ids": [team.biz.staff_id, calendar]},
            headers=team.biz.auth,
        )
        assert offered.status_code == 200, offered.text
        booked = await book(writer, team.biz, calendar, 11)
        await limited.wait_for("appointment.created", lambda a: a["id"] == booked["id"])
        await asyncio.sleep(0.3)
    assert heard(limited, "appointment.created", booked) == [busy(booked)]
