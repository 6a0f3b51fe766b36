"""Series booked online: the service's setting, the preview, one hold for all dates (all or none,
free online slots only), one code for all, release and expiry of all, the mail listing the dates."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select

from actions.holds import release_expired
from store.schema import appointments, series
from testkit.app import InProcess
from testkit.flows import Business, code_for, customer, sign_up, wait_for_mail
from testkit.stand_ins import Heard

VIENNA = ZoneInfo("Europe/Vienna")


def week_day(hour: int, weeks: int = 0) -> datetime:
    """A time on the day after tomorrow, `weeks` later."""
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=2 + 7 * weeks)
    return datetime(day.year, day.month, day.day, hour, tzinfo=VIENNA)


async def allow_series(client: httpx.AsyncClient, biz: Business, most: int = 6) -> None:
    response = await client.patch(
        f"/api/v1/services/{biz.service_id}", json={"series_online": most}, headers=biz.auth
    )
    assert response.status_code == 200, response.text
    assert response.json()["series_online"] == most


def body(biz: Business, starts: list[datetime], **more: Any) -> dict[str, Any]:
    return {
        "service_id": biz.service_id,
        "location_id": biz.location_id,
        "starts": [s.isoformat() for s in starts],
        **more,
    }


async def hold(
    client: httpx.AsyncClient, biz: Business, token: str, starts: list[datetime]
) -> httpx.Response:
    return await client.post(
        f"/api/v1/public/{biz.slug}/series-holds",
        json=body(biz, starts),
        headers={"Authorization": f"Bearer {token}"},
    )


async def statuses(app: InProcess, ids: list[str]) -> list[str]:
    async with app.deps.store.read() as conn:
        rows = await conn.execute(
            select(appointments.c.status).where(appointments.c.id.in_(ids)).order_by(appointments.c.start_at)
        )
        return [r.status for r in rows]


async def test_the_service_setting_is_listed_checked_and_shown_to_customers(app: InProcess) -> None:
    biz = await sign_up(app.client)
    listed = await app.client.get("/api/v1/services", headers=biz.auth)
    assert listed.json()["services"][0]["series_online"] == 0
    for wrong in (1, 13, -1, "viele"):
        refused = await app.client.patch(
            f"/api/v1/services/{biz.service_id}", json={"series_online": wrong}, headers=biz.auth
        )
        assert refused.status_code == 400, (wrong, refused.text)
        assert refused.json()["error"]["code"] == "invalid_series_online"
    await allow_series(app.client, biz, 10)
    public = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert public["services"][0]["series_online"] == 10
    made = await app.client.post(
        "/api/v1/services",
        json={"name": "Serie", "duration_minutes": 45, "series_online": 8},
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text
    listed = await app.client.get("/api/v1/services", headers=biz.auth)
    assert {s["name"]: s["series_online"] for s in listed.json()["services"]} == {
        "Behandlung": 10,
        "Serie": 8,
    }
    await allow_series(app.client, biz, 0)
    public = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert public["services"][0]["series_online"] == 0


async def test_a_service_without_the_setting_takes_no_series(app: InProcess) -> None:
    biz = await sign_up(app.client)
    _, token = await customer(app.client)
    refused = await hold(app.client, biz, token, [week_day(10), week_day(10, 1)])
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "series_not_offered"
    await allow_series(app.client, biz, 2)
    too_long = await hold(app.client, biz, token, [week_day(10, w) for w in range(3)])
    assert too_long.status_code == 400
    assert too_long.json()["error"]["code"] == "series_too_long"


async def test_preview_shows_taken_dates_with_free_online_alternatives(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await allow_series(app.client, biz)
    _, other = await customer(app.client, "Bernd")
    single = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "start": week_day(10, 1).isoformat(),
        },
        headers={"Authorization": f"Bearer {other}"},
    )
    assert single.status_code == 201, single.text
    preview = await app.client.post(
        f"/api/v1/public/{biz.slug}/series-preview",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": week_day(10).isoformat(),
              "count": 3},
    )  # fmt: skip
    assert preview.status_code == 200, preview.text
    dates = preview.json()["dates"]
    assert [d["state"] for d in dates] == ["free", "taken", "free"]
    assert [datetime.fromisoformat(d["start"]) for d in dates] == [week_day(10, w) for w in range(3)]
    alternatives = [datetime.fromisoformat(a["start"]) for a in dates[1]["alternatives"]]
    assert alternatives == [week_day(10, 1) - timedelta(minutes=30), week_day(10, 1) + timedelta(minutes=30),
                            week_day(10, 1) - timedelta(minutes=45)]  # fmt: skip


async def test_a_series_is_held_whole_confirmed_with_one_code_and_mailed(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    await allow_series(app.client, biz)
    email, token = await customer(app.client)
    starts = [week_day(9, w) for w in range(3)]
    held = await hold(app.client, biz, token, starts)
    assert held.status_code == 201, held.text
    answer = held.json()
    ids = [h["id"] for h in answer["holds"]]
    assert [datetime.fromisoformat(h["start"]) for h in answer["holds"]] == starts
    assert await statuses(app, ids) == ["held"] * 3
    assert sorted(p["id"] for p in heard.named("hold.created")) == sorted(ids)
    codes = [m for m in await wait_for_mail(app.client, email, 2) if "Sicherheitscode" in m["subject"]]
    assert len(codes) == 1
    assert codes[0]["body"].count("\n- ") == 3
    code = await code_for(app.client, email)
    wrong = "000000" if code != "000000" else "111111"
    auth = {"Authorization": f"Bearer {token}"}
    # A wrong code at one hold counts for the group: the next try at another hold has one less.
    first = await app.client.post(
        f"/api/v1/public/holds/{ids[0]}/confirm", json={"code": wrong}, headers=auth
    )
    assert first.json()["error"]["attempts_left"] == 4
    second = await app.client.post(
        f"/api/v1/public/holds/{ids[2]}/confirm", json={"code": wrong}, headers=auth
    )
    assert second.json()["error"]["attempts_left"] == 3
    done = await app.client.post(f"/api/v1/public/holds/{ids[1]}/confirm", json={"code": code}, headers=auth)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "booked"
    assert await statuses(app, ids) == ["booked"] * 3
    async with app.deps.store.read() as conn:
        rows = (await conn.execute(select(appointments.c.series_id).where(appointments.c.id.in_(ids)))).all()
        made = (await conn.execute(select(series).where(series.c.id == answer["series_id"]))).one()
    assert {r.series_id for r in rows} == {answer["series_id"]}
    assert made.source == "online"
    assert sorted(p["id"] for p in heard.named("hold.confirmed")) == sorted(ids)
    (mail,) = [m for m in await app.outbox_to(email) if m["kind"] == "series_booked"]
    assert mail["subject"] == "3 Termine bestätigt: Behandlung"
    assert [f["filename"] for f in mail["attachments"]] == ["termin-1.ics", "termin-2.ics", "termin-3.ics"]


async def test_five_wrong_codes_release_every_date(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await allow_series(app.client, biz)
    email, token = await customer(app.client)
    held = await hold(app.client, biz, token, [week_day(9, w) for w in range(2)])
    ids = [h["id"] for h in held.json()["holds"]]
    code = await code_for(app.client, email)
    wrong = "000000" if code != "000000" else "111111"
    auth = {"Authorization": f"Bearer {token}"}
    for attempt in range(5):
        tried = await app.client.post(
            f"/api/v1/public/holds/{ids[attempt % 2]}/confirm", json={"code": wrong}, headers=auth
        )
        assert tried.status_code == 422
    assert await statuses(app, ids) == ["released"] * 2
    late = await app.client.post(f"/api/v1/public/holds/{ids[0]}/confirm", json={"code": code}, headers=auth)
    assert late.status_code == 410


async def test_a_taken_date_holds_nothing(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await allow_series(app.client, biz)
    _, first = await customer(app.client)
    _, second = await customer(app.client, "Bernd")
    taken = await hold(app.client, biz, first, [week_day(10, 1)])
    assert taken.status_code == 201, taken.text
    refused = await hold(app.client, biz, second, [week_day(10, w) for w in range(3)])
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "slot_taken"
    assert [datetime.fromisoformat(c["start"]) for c in error["conflicts"]] == [week_day(10, 1)]
    async with app.deps.store.read() as conn:
        count = len(
            (
                await conn.execute(select(appointments.c.id).where(appointments.c.tenant_id == biz.tenant_id))
            ).all()
        )
    assert count == 1


async def test_two_customers_racing_for_overlapping_series_one_wins_whole(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await allow_series(app.client, biz)
    tokens = [(await customer(app.client, name))[1] for name in ("Anna", "Bernd")]
    wanted = [[week_day(11, w) for w in range(0, 3)], [week_day(11, w) for w in range(1, 4)]]
    answers = await asyncio.gather(
        *(hold(app.client, biz, t, s) for t, s in zip(tokens, wanted, strict=True))
    )
    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    winner = next(a for a in answers if a.status_code == 201).json()
    async with app.deps.store.read() as conn:
        rows = (
            await conn.execute(
                select(appointments.c.id, appointments.c.status).where(
                    appointments.c.tenant_id == biz.tenant_id
                )
            )
        ).all()
    assert sorted(r.id for r in rows if r.status == "held") == sorted(h["id"] for h in winner["holds"])
    assert len(winner["holds"]) == 3


async def test_only_free_online_slots_are_held(app: InProcess) -> None:
    biz = await sign_up(app.client, horizon_days=730)
    await allow_series(app.client, biz)
    _, token = await customer(app.client)
    hours = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    changed = await app.client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=biz.auth
    )
    assert changed.status_code == 200, changed.text
    late = await hold(app.client, biz, token, [week_day(10), week_day(19, 1)])
    assert late.status_code == 400
    assert late.json()["error"]["code"] == "not_bookable"
    assert datetime.fromisoformat(late.json()["error"]["start"]) == week_day(19, 1)
    place = await app.client.patch(
        "/api/v1/settings", json={"holiday_country": "AT", "holiday_region": "9"}, headers=biz.auth
    )
    assert place.status_code == 200, place.text
    epiphany = date(datetime.now(UTC).year + 1, 1, 6)
    starts = [
        datetime(d.year, d.month, d.day, 10, tzinfo=VIENNA) for d in (epiphany - timedelta(days=7), epiphany)
    ]
    closed = await hold(app.client, biz, token, starts)
    assert closed.status_code == 400, closed.text
    assert (closed.json()["error"]["code"], closed.json()["error"]["reason"]) == ("not_bookable", "closed")
    assert datetime.fromisoformat(closed.json()["error"]["start"]) == starts[1]
    async with app.deps.store.read() as conn:
        count = len(
            (
                await conn.execute(select(appointments.c.id).where(appointments.c.tenant_id == biz.tenant_id))
            ).all()
        )
    assert count == 0


async def test_releasing_one_hold_frees_every_date(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    await allow_series(app.client, biz)
    _, token = await customer(app.client)
    _, other = await customer(app.client, "Bernd")
    starts = [week_day(12, w) for w in range(3)]
    held = await hold(app.client, biz, token, starts)
    ids = [h["id"] for h in held.json()["holds"]]
    gone = await app.client.delete(
        f"/api/v1/public/holds/{ids[1]}", headers={"Authorization": f"Bearer {token}"}
    )
    assert gone.status_code == 204
    assert await statuses(app, ids) == ["released"] * 3
    assert sorted(p["id"] for p in heard.named("hold.released")) == sorted(ids)
    again = await hold(app.client, biz, other, starts)
    assert again.status_code == 201, again.text


async def test_expiry_releases_every_date(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await allow_series(app.client, biz)
    _, token = await customer(app.client)
    held = await hold(app.client, biz, token, [week_day(13, w) for w in range(2)])
    ids = [h["id"] for h in held.json()["holds"]]
    later = app.deps.clock() + timedelta(seconds=app.deps.settings.hold_seconds + 1)
    async with app.deps.store.write() as conn:
        await conn.execute(
            appointments.update()
            .where(appointments.c.id.in_(ids))
            .values(expires_at=later - timedelta(hours=1))
        )
    assert await release_expired(app.deps) == 2
    assert await statuses(app, ids) == ["released"] * 2


async def test_in_request_mode_one_code_requests_every_date_and_a_new_code_replaces_the_old(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client, booking_mode="request")
    await allow_series(app.client, biz)
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    held = await hold(app.client, biz, token, [week_day(15, w) for w in range(2)])
    ids = [h["id"] for h in held.json()["holds"]]
    old = await code_for(app.client, email)
    resent = await app.client.post(f"/api/v1/public/holds/{ids[1]}/resend", headers=auth)
    assert resent.status_code == 202, resent.text
    new = await code_for(app.client, email, 2)
    if new != old:
        refused = await app.client.post(
            f"/api/v1/public/holds/{ids[0]}/confirm", json={"code": old}, headers=auth
        )
        assert refused.status_code == 422
    done = await app.client.post(f"/api/v1/public/holds/{ids[0]}/confirm", json={"code": new}, headers=auth)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "requested"
    assert await statuses(app, ids) == ["requested"] * 2
    (mail,) = [m for m in await app.outbox_to(email) if m["kind"] == "series_requested"]
    assert mail["subject"] == "2 Terminanfragen erhalten: Behandlung"


async def test_the_preview_names_closed_dates_and_refuses_services_without_series(app: InProcess) -> None:
    biz = await sign_up(app.client)
    asked = {"service_id": biz.service_id, "location_id": biz.location_id, "start": week_day(20).isoformat(),
             "count": 2, "every_weeks": 2}  # fmt: skip
    refused = await app.client.post(f"/api/v1/public/{biz.slug}/series-preview", json=asked)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "series_not_offered"
    await allow_series(app.client, biz)
    hours = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    await app.client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=biz.auth
    )
    preview = await app.client.post(f"/api/v1/public/{biz.slug}/series-preview", json=asked)
    assert preview.status_code == 200, preview.text
    dates = preview.json()["dates"]
    assert [datetime.fromisoformat(d["start"]) for d in dates] == [week_day(20), week_day(20, 2)]
    assert [(d["state"], d["reason"]) for d in dates] == [("closed", "closed")] * 2
    assert datetime.fromisoformat(dates[0]["alternatives"][0]["start"]) == week_day(17, 0) + timedelta(
        minutes=30
    )
    too_long = await app.client.post(f"/api/v1/public/{biz.slug}/series-preview", json=asked | {"count": 7})
    assert too_long.status_code == 400 and too_long.json()["error"]["code"] == "series_too_long"
    english = await app.client.post(
        f"/api/v1/public/{biz.slug}/series-preview",
        json=asked | {"count": 7},
        headers={"Accept-Language": "en"},
    )
    assert (
        english.json()["error"]["message"]
        == "This service can be booked online as a series of at most 6 dates."
    )


async def test_bad_series_bodies_are_clear_400s(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await allow_series(app.client, biz)
    _, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/public/{biz.slug}/series-holds"
    start = week_day(10)
    for wrong in ([], ["morgen"], [start.isoformat()] * 13):
        answer = await app.client.post(url, json=body(biz, []) | {"starts": wrong}, headers=auth)
        assert answer.status_code == 400, (wrong, answer.text)
    twice = await app.client.post(url, json=body(biz, [start, start + timedelta(minutes=15)]), headers=auth)
    assert twice.status_code == 400 and twice.json()["error"]["code"] == "overlapping_starts"
    past = await app.client.post(url, json=body(biz, [start - timedelta(days=5)]), headers=auth)
    assert past.status_code == 400 and past.json()["error"]["code"] == "in_past"
    preview = f"/api/v1/public/{biz.slug}/series-preview"
    asked: dict[str, Any] = {
        "service_id": biz.service_id,
        "location_id": biz.location_id,
        "start": start.isoformat(),
        "count": 2,
    }
    bad: list[dict[str, Any]] = [{"count": 1}, {"every_weeks": 3}, {"start": None}, {"service_id": "x" * 32}]
    for change in bad:
        answer = await app.client.post(preview, json=asked | change)
        assert answer.status_code in (400, 404), (change, answer.text)
        assert "error" in answer.json()
