"""Series at the desk through the API: the preview with states and alternatives, booking all
chosen dates or none (also when two desks race), and moving or cancelling "this and the
following"."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from testkit.app import InProcess
from testkit.flows import Business, sign_up
from testkit.stand_ins import Heard

VIENNA = ZoneInfo("Europe/Vienna")


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIENNA)


def where(biz: Business) -> dict[str, str]:
    return {"staff_id": biz.staff_id, "location_id": biz.location_id, "service_id": biz.service_id}


async def preview(client: httpx.AsyncClient, biz: Business, start: datetime, **repeat: Any) -> httpx.Response:
    body = {**where(biz), "start": start.isoformat(), "repeat": repeat}
    return await client.post("/api/v1/series/preview", json=body, headers=biz.auth)


async def book_series(
    client: httpx.AsyncClient,
    biz: Business,
    starts: list[datetime],
    email: str = "",
    **repeat: Any,
) -> httpx.Response:
    body = {
        **where(biz),
        "start": starts[0].isoformat(),
        "repeat": repeat or {"count": len(starts)},
        "starts": [s.isoformat() for s in starts],
        "new_customer": {"first_name": "Eva", "last_name": "Berger", "email": email},
    }
    return await client.post("/api/v1/series", json=body, headers=biz.auth)


async def book_one(client: httpx.AsyncClient, biz: Business, start: datetime) -> dict[str, Any]:
    body = {
        **where(biz),
        "start": start.isoformat(),
        "new_customer": {"first_name": "Otto", "last_name": "Kern"},
    }
    response = await client.post("/api/v1/appointments", json=body, headers=biz.auth)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def listed(client: httpx.AsyncClient, biz: Business, days: int = 70) -> list[dict[str, Any]]:
    response = await client.get(
        "/api/v1/appointments",
        params={"from": at(0, 0).date().isoformat(), "to": at(days, 0).date().isoformat()},
        headers=biz.auth,
    )
    assert response.status_code == 200, response.text
    return list(response.json()["appointments"])


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def test_preview_shows_each_state_and_alternatives_for_the_taken_date(app: InProcess) -> None:
    biz = await sign_up(app.client)
    week = timedelta(weeks=1)
    first = at(7, 10)
    await book_one(app.client, biz, first + week)  # the second date is taken
    closed_day = (first + 2 * week).date().isoformat()
    closure = await app.client.post(
        "/api/v1/closures",
        json={"kind": "vacation", "staff_id": biz.staff_id, "start": closed_day, "end": closed_day},
        headers=biz.auth,
    )
    assert closure.status_code == 201, closure.text
    hours = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    late = first.replace(hour=19)
    changed = await app.client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=biz.auth
    )
    assert changed.status_code == 200, changed.text

    shown = await preview(app.client, biz, first, count=4)
    assert shown.status_code == 200, shown.text
    dates = shown.json()["dates"]
    assert [parse(d["start"]) for d in dates] == [first + k * week for k in range(4)]
    assert [d["state"] for d in dates] == ["free", "taken", "closed", "free"]
    assert dates[0]["alternatives"] == [] and dates[3]["alternatives"] == []
    taken_alternatives = [parse(a["start"]) for a in dates[1]["alternatives"]]
    # the nearest free times on the same day, inside the hours, clear of the booking (10:00–10:30)
    assert taken_alternatives == [
        first + week - timedelta(minutes=30),
        first + week + timedelta(minutes=30),
        first + week - timedelta(minutes=45),
    ]
    # a closed day's alternatives lie on the following days
    assert all(parse(a["start"]).date() > (first + 2 * week).date() for a in dates[2]["alternatives"])
    evening = await preview(app.client, biz, late, count=1)
    assert evening.json()["dates"][0]["state"] == "outside_hours"


@pytest.mark.parametrize(
    ("repeat", "code"),
    [
        pytest.param({"count": 53}, "too_many_dates", id="53-dates"),
        pytest.param({"count": 2, "until": "2099-01-01"}, "invalid_repeat", id="count-and-until"),
        pytest.param({}, "invalid_repeat", id="no-end"),
        pytest.param({"count": 2, "weekdays": [9]}, "invalid_repeat", id="weekday-9"),
        pytest.param({"count": 2, "every_weeks": 0}, "invalid_repeat", id="every-0"),
        pytest.param({"count": "2"}, "invalid_field", id="count-text"),
        pytest.param({"until": "2020-01-01"}, "invalid_repeat", id="until-before"),
        pytest.param({"until": "01.01.2030"}, "invalid_date", id="until-not-a-date"),
    ],
)
async def test_a_rule_that_gives_no_series_is_a_400(
    app: InProcess, repeat: dict[str, Any], code: str
) -> None:
    biz = await sign_up(app.client)
    shown = await preview(app.client, biz, at(3, 9), **repeat)
    assert shown.status_code == 400, shown.text
    assert shown.json()["error"]["code"] == code


async def test_a_series_books_every_chosen_date_and_mails_one_entry_per_date(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    starts = [at(5, 9) + timedelta(weeks=k) for k in range(3)]
    starts[1] = starts[1] + timedelta(hours=2)  # an alternative picked for the second date
    made = await book_series(app.client, biz, starts, email="eva@customer.example")
    assert made.status_code == 201, made.text
    booked = made.json()["appointments"]
    assert [parse(a["start"]) for a in booked] == starts
    assert {a["series_id"] for a in booked} == {made.json()["series_id"]}
    assert {a["customer_id"] for a in booked} != {None} and len({a["customer_id"] for a in booked}) == 1
    assert sorted(a["id"] for a in booked) == sorted(p["id"] for p in heard.named("appointment.created"))
    (mail,) = [m for m in await app.outbox_to("eva@customer.example") if m["kind"] == "series_booked"]
    assert mail["subject"] == "3 Termine bestätigt: Behandlung"
    files = mail["attachments"]
    assert [f["filename"] for f in files] == ["termin-1.ics", "termin-2.ics", "termin-3.ics"]
    events = [next(iter(Calendar.from_ical(f["content"]).walk("VEVENT"))) for f in files]
    assert [e.decoded("DTSTART") for e in events] == starts
    assert [str(e["UID"]) for e in events] == [f"{a['id']}@testserver" for a in booked]
    for a in booked:
        assert a["id"] in "".join(f["content"] for f in files)
    shown = await listed(app.client, biz)
    assert sum(1 for a in shown if a["series_id"] == made.json()["series_id"]) == 3


async def test_a_taken_date_books_nothing_and_names_the_conflict(app: InProcess) -> None:
    biz = await sign_up(app.client)
    starts = [at(5, 9) + timedelta(weeks=k) for k in range(4)]
    blocker = await book_one(app.client, biz, starts[2] + timedelta(minutes=15))
    refused = await book_series(app.client, biz, starts)
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["code"] == "slot_taken"
    (conflict,) = error["conflicts"]
    assert parse(conflict["start"]) == starts[2]
    assert [o["id"] for o in conflict["in_way"]] == [blocker["id"]]
    assert [a["id"] for a in await listed(app.client, biz)] == [blocker["id"]]


async def test_bad_choices_are_400s(app: InProcess) -> None:
    biz = await sign_up(app.client)
    start = at(5, 9)
    twice = await book_series(app.client, biz, [start, start + timedelta(minutes=10)])
    assert twice.status_code == 400 and twice.json()["error"]["code"] == "overlapping_starts"
    past = await book_series(app.client, biz, [at(-1, 9), start])
    assert past.status_code == 400 and past.json()["error"]["code"] == "in_past"
    empty = await book_series(app.client, biz, [start], count=1)
    body = {
        **where(biz),
        "start": start.isoformat(),
        "repeat": {"count": 1},
        "starts": [],
        "customer_id": "x",
    }
    none = await app.client.post("/api/v1/series", json=body, headers=biz.auth)
    assert empty.status_code == 201 and none.status_code == 400


async def test_two_desks_racing_for_overlapping_series_one_wins_whole(app: InProcess) -> None:
    biz = await sign_up(app.client)
    for round_ in range(3):
        first = at(10 + round_, 8)
        mine = [first + timedelta(weeks=k) for k in range(5)]
        theirs = [first + timedelta(weeks=k, minutes=15) for k in range(2, 7)]  # overlap on weeks 2–4
        answers = await asyncio.gather(
            book_series(app.client, biz, mine), book_series(app.client, biz, theirs)
        )
        assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
        winner = next(a for a in answers if a.status_code == 201).json()
        loser = next(a for a in answers if a.status_code == 409).json()["error"]
        assert loser["code"] == "slot_taken"
        assert len(loser["conflicts"]) == 3
        won = {a["id"] for a in winner["appointments"]}
        assert all(o["id"] in won for c in loser["conflicts"] for o in c["in_way"])
        ids = {a["id"] for a in await listed(app.client, biz, days=70) if a["status"] == "booked"}
        assert won <= ids and len(won) == 5


async def test_moving_this_and_the_following_shifts_all_by_the_same_time(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    starts = [at(5, 9) + timedelta(weeks=k) for k in range(4)]
    made = (await book_series(app.client, biz, starts, email="mo@customer.example")).json()
    booked = made["appointments"]
    heard.events.clear()
    moved = await app.client.post(
        f"/api/v1/appointments/{booked[1]['id']}/following/move",
        json={"start": (starts[1] + timedelta(days=7, hours=1)).isoformat()},
        headers=biz.auth,
    )
    assert moved.status_code == 200, moved.text
    delta = timedelta(days=7, hours=1)
    assert [parse(a["start"]) for a in moved.json()["appointments"]] == [s + delta for s in starts[1:]]
    shown = {a["id"]: parse(a["start"]) for a in await listed(app.client, biz)}
    assert shown[booked[0]["id"]] == starts[0]  # the one before stays
    assert len(heard.named("appointment.updated")) == 3
    (mail,) = [m for m in await app.outbox_to("mo@customer.example") if m["kind"] == "series_moved"]
    assert len(mail["attachments"]) == 3
    assert all("SEQUENCE:1" in f["content"] for f in mail["attachments"])
    # moving back onto its own earlier times works too (the earliest moves first)
    back = await app.client.post(
        f"/api/v1/appointments/{booked[1]['id']}/following/move",
        json={"start": starts[1].isoformat(), "notify": False},
        headers=biz.auth,
    )
    assert back.status_code == 200, back.text
    assert [parse(a["start"]) for a in back.json()["appointments"]] == starts[1:]


async def test_a_move_of_the_following_in_the_way_moves_none(app: InProcess) -> None:
    biz = await sign_up(app.client)
    starts = [at(5, 9) + timedelta(weeks=k) for k in range(3)]
    booked = (await book_series(app.client, biz, starts)).json()["appointments"]
    blocker = await book_one(app.client, biz, starts[2] + timedelta(hours=2))
    refused = await app.client.post(
        f"/api/v1/appointments/{booked[0]['id']}/following/move",
        json={"start": (starts[0] + timedelta(hours=2)).isoformat()},
        headers=biz.auth,
    )
    assert refused.status_code == 409, refused.text
    (conflict,) = refused.json()["error"]["conflicts"]
    assert [o["id"] for o in conflict["in_way"]] == [blocker["id"]]
    shown = {a["id"]: parse(a["start"]) for a in await listed(app.client, biz)}
    assert [shown[a["id"]] for a in booked] == starts
    past = await app.client.post(
        f"/api/v1/appointments/{booked[0]['id']}/following/move",
        json={"start": at(-2, 9).isoformat()},
        headers=biz.auth,
    )
    assert past.status_code == 400 and past.json()["error"]["code"] == "in_past"


async def test_cancelling_this_and_the_following(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    starts = [at(5, 9) + timedelta(weeks=k) for k in range(4)]
    booked = (await book_series(app.client, biz, starts, email="cy@customer.example")).json()["appointments"]
    alone = await app.client.post(f"/api/v1/appointments/{booked[3]['id']}/cancel", json={}, headers=biz.auth)
    assert alone.status_code == 200
    heard.events.clear()
    done = await app.client.post(
        f"/api/v1/appointments/{booked[1]['id']}/following/cancel",
        json={"message": "Die Serie endet."},
        headers=biz.auth,
    )
    assert done.status_code == 200, done.text
    assert [a["id"] for a in done.json()["appointments"]] == [booked[1]["id"], booked[2]["id"]]
    status = {a["id"]: a["status"] for a in await listed(app.client, biz)}
    assert [status[a["id"]] for a in booked] == ["booked", "cancelled", "cancelled", "cancelled"]
    assert len(heard.named("appointment.cancelled")) == 2
    cancelled = [
        m for m in await app.outbox_to("cy@customer.example") if m["kind"] == "appointment_cancelled"
    ]
    assert len(cancelled[-1]["attachments"]) == 2 and "Die Serie endet." in cancelled[-1]["body"]


async def test_following_needs_a_series_and_the_calendar_right(app: InProcess) -> None:
    biz = await sign_up(app.client)
    single = await book_one(app.client, biz, at(4, 9))
    for action, body in (("move", {"start": at(4, 11).isoformat()}), ("cancel", {})):
        answer = await app.client.post(
            f"/api/v1/appointments/{single['id']}/following/{action}", json=body, headers=biz.auth
        )
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "not_in_series"
    other = await sign_up(app.client)
    unknown = await app.client.post(
        f"/api/v1/appointments/{single['id']}/following/cancel", json={}, headers=other.auth
    )
    assert unknown.status_code == 404
    foreign_body = {**where(biz), "start": at(4, 9).isoformat(), "repeat": {"count": 2}}
    foreign = await app.client.post("/api/v1/series/preview", json=foreign_body, headers=other.auth)
    assert foreign.status_code == 404  # another business's calendar is unknown
