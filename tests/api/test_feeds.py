"""Calendar feeds: secret subscription addresses of a calendar or of a person's own appointments,
read the way calendar programs read them (parsed with `icalendar`), revoked and renewed, and
refused where the person may not see the calendar in full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import recurring_ical_events
from icalendar import Calendar

from testkit.app import InProcess
from testkit.flows import join_team, sign_up
from tests.api.test_customer_self_service import booked_online, in_days
from tests.api.test_team import book_at_desk


async def make_feed(
    client: httpx.AsyncClient, auth: dict[str, str], expect: int = 201, **wanted: Any
) -> dict[str, Any]:
    response = await client.post("/api/v1/feeds", json=wanted, headers=auth)
    assert response.status_code == expect, response.text
    made: dict[str, Any] = response.json()
    return made


async def read_feed(client: httpx.AsyncClient, url: str) -> Calendar:
    """The feed at its https address, as a calendar program subscribed to it reads it."""
    response = await client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"].startswith("private")
    return Calendar.from_ical(response.text)


def events(calendar: Calendar) -> dict[str, Any]:
    return {str(item["UID"]): item for item in calendar.walk("VEVENT")}


async def test_a_calendar_feed_shows_its_appointments_under_the_mails_uids(app: InProcess) -> None:
    biz = await sign_up(app.client)
    start = in_days(3, 9)
    email, _, online_id = await booked_online(app, biz, start)
    (confirmed,) = [row for row in await app.outbox_to(email) if row["kind"] == "booking_confirmed"]
    mailed_uid = str(Calendar.from_ical(confirmed["attachments"][0]["content"]).walk("VEVENT")[0]["UID"])
    desk = await book_at_desk(app.client, biz, note="Knie links")

    feed = await make_feed(app.client, biz.auth, kind="calendar", staff_id=biz.staff_id)
    assert feed["url"].startswith("http://testserver/feeds/") and feed["url"].endswith(".ics")
    assert feed["webcal"] == "webcal://" + feed["url"].removeprefix("http://")
    calendar = await read_feed(app.client, feed["url"])

    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Vienna"
    assert str(calendar["X-WR-CALNAME"]) == f"Praxis {biz.slug} – Praxis {biz.slug}"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(minutes=15)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT15M"
    found = events(calendar)
    assert set(found) == {mailed_uid, f"{desk['id']}@testserver"}
    assert mailed_uid == f"{online_id}@testserver"
    online = found[mailed_uid]
    assert online.decoded("DTSTART") == start
    assert online.decoded("DTEND") == start + timedelta(minutes=30)
    assert str(online["SUMMARY"]) == "Behandlung – Clara Kundin"
    at_desk = found[f"{desk['id']}@testserver"]
    assert str(at_desk["SUMMARY"]) == "Behandlung – Eva Berger"
    assert str(at_desk["DESCRIPTION"]) == "Knie links"
    location = (await app.client.get("/api/v1/locations", headers=biz.auth)).json()["locations"][0]["name"]
    assert str(at_desk["LOCATION"]) == location

    # A calendar program expands the feed for the days it shows: both appointments, at their times.
    today = datetime.now(UTC)
    shown = recurring_ical_events.of(calendar).between(today - timedelta(days=1), today + timedelta(days=30))
    assert {(str(e["UID"]), e.decoded("DTSTART").astimezone(UTC)) for e in shown} == {
        (mailed_uid, start.astimezone(UTC)),
        (f"{desk['id']}@testserver", datetime.fromisoformat(desk["start"]).astimezone(UTC)),
    }

    listed = (await app.client.get("/api/v1/feeds", headers=biz.auth)).json()["feeds"]
    assert [(f["id"], f["url"], f["webcal"], f["busy"]) for f in listed] == [
        (feed["id"], feed["url"], feed["webcal"], False)
    ]


async def test_the_busy_variant_says_only_when_the_time_is_taken(app: InProcess) -> None:
    biz = await sign_up(app.client)
    desk = await book_at_desk(app.client, biz, note="Knie links")
    day = (datetime.now(UTC) + timedelta(days=10)).date()
    closed = await app.client.post(
        "/api/v1/closures",
        json={"kind": "vacation", "staff_id": biz.staff_id, "start": day.isoformat(), "end": day.isoformat()},
        headers=biz.auth,
    )
    assert closed.status_code == 201, closed.text

    feed = await make_feed(
        app.client, biz.auth | {"Accept-Language": "en"}, kind="calendar", staff_id=biz.staff_id, busy=True
    )
    response = await app.client.get(feed["url"])
    for private in ("Eva", "Berger", "Behandlung", "Knie", "Vacation", "Urlaub"):
        assert private not in response.text
    found = events(Calendar.from_ical(response.text))
    assert {str(item["SUMMARY"]) for item in found.values()} == {"Busy"}
    assert not any("DESCRIPTION" in item for item in found.values())
    vacation = found[f"closure-{closed.json()['id']}@testserver"]
    assert vacation.decoded("DTSTART") == day and vacation.decoded("DTEND") == day + timedelta(days=1)
    assert str(vacation["TRANSP"]) == "OPAQUE"
    assert f"{desk['id']}@testserver" in found


async def test_a_moved_appointment_shows_at_its_new_time_and_a_cancelled_one_leaves(app: InProcess) -> None:
    biz = await sign_up(app.client)
    moved = await book_at_desk(app.client, biz)
    cancelled = await book_at_desk(app.client, biz)
    feed = await make_feed(app.client, biz.auth, kind="person")
    before = events(await read_feed(app.client, feed["url"]))
    assert set(before) == {f"{moved['id']}@testserver", f"{cancelled['id']}@testserver"}

    later = datetime.fromisoformat(moved["start"]).astimezone(UTC) + timedelta(days=2)
    response = await app.client.patch(
        f"/api/v1/appointments/{moved['id']}", json={"start": later.isoformat()}, headers=biz.auth
    )
    assert response.status_code == 200, response.text
    response = await app.client.post(
        f"/api/v1/appointments/{cancelled['id']}/cancel", json={}, headers=biz.auth
    )
    assert response.status_code == 200, response.text

    after = events(await read_feed(app.client, feed["url"]))
    assert set(after) == {f"{moved['id']}@testserver"}
    shown = after[f"{moved['id']}@testserver"]
    assert shown.decoded("DTSTART") == later
    assert int(shown["SEQUENCE"]) > int(before[f"{moved['id']}@testserver"]["SEQUENCE"])


async def test_a_revoked_or_renewed_address_answers_404(app: InProcess) -> None:
    biz = await sign_up(app.client)
    feed = await make_feed(app.client, biz.auth, kind="person")
    assert (await app.client.get(feed["url"])).status_code == 200

    renewed = await app.client.post(f"/api/v1/feeds/{feed['id']}/renew", headers=biz.auth)
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["url"] != feed["url"]
    assert (await app.client.get(feed["url"])).status_code == 404
    assert (await app.client.get(renewed.json()["url"])).status_code == 200

    revoked = await app.client.delete(f"/api/v1/feeds/{feed['id']}", headers=biz.auth)
    assert revoked.status_code == 204
    assert (await app.client.get(renewed.json()["url"])).status_code == 404
    assert (await app.client.get("/api/v1/feeds", headers=biz.auth)).json()["feeds"] == []
    again = await app.client.delete(f"/api/v1/feeds/{feed['id']}", headers=biz.auth)
    assert again.status_code == 404
    assert (await app.client.get("/feeds/not-a-token.ics")).status_code == 404


async def test_a_provider_makes_a_busy_feed_of_a_colleague_but_no_full_one(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await book_at_desk(app.client, biz)
    member = await join_team(app.client, biz, preset="provider", calendar="new")
    refused = await make_feed(app.client, member.auth, 403, kind="calendar", staff_id=biz.staff_id)
    assert refused["error"]["code"] == "needs_book_others"
    busy = await make_feed(app.client, member.auth, kind="calendar", staff_id=biz.staff_id, busy=True)
    assert {str(e["SUMMARY"]) for e in (await read_feed(app.client, busy["url"])).walk("VEVENT")} == {
        "Belegt"
    }
    own = await make_feed(app.client, member.auth, kind="calendar", staff_id=member.staff_id)
    assert (await app.client.get(own["url"])).status_code == 200

    # Someone else's feed is neither listed nor revocable.
    listed = (await app.client.get("/api/v1/feeds", headers=biz.auth)).json()["feeds"]
    assert listed == []
    assert (await app.client.delete(f"/api/v1/feeds/{own['id']}", headers=biz.auth)).status_code == 404

    wrong = await app.client.post("/api/v1/feeds", json={"kind": "calendar"}, headers=member.auth)
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "invalid_feed"
    unknown = await make_feed(app.client, member.auth, 404, kind="calendar", staff_id="0" * 32, busy=True)
    assert unknown["error"]["code"] == "not_found"


async def test_a_person_without_a_calendar_subscribes_to_what_they_see_in_full(app: InProcess) -> None:
    biz = await sign_up(app.client)
    desk = await book_at_desk(app.client, biz)
    reception = await join_team(app.client, biz, preset="reception")
    sees_all = await make_feed(app.client, reception.auth, kind="person")
    assert set(events(await read_feed(app.client, sees_all["url"]))) == {f"{desk['id']}@testserver"}

    bare = await join_team(app.client, biz, preset="provider", rights=[])
    nothing = await make_feed(app.client, bare.auth, kind="person")
    assert events(await read_feed(app.client, nothing["url"])) == {}


async def test_a_deactivated_persons_or_calendars_feed_stops(app: InProcess) -> None:
    biz = await sign_up(app.client)
    member = await join_team(app.client, biz, preset="provider", calendar="new")
    mine = await make_feed(app.client, member.auth, kind="person")
    theirs = await make_feed(app.client, biz.auth, kind="calendar", staff_id=member.staff_id)
    assert (await app.client.get(mine["url"])).status_code == 200

    done = await app.client.post(f"/api/v1/team/{member.user_id}/deactivate", headers=biz.auth)
    assert done.status_code == 200, done.text
    assert (await app.client.get(mine["url"])).status_code == 404
    assert (await app.client.get(theirs["url"])).status_code == 200

    done = await app.client.post(f"/api/v1/staff/{member.staff_id}/deactivate", headers=biz.auth)
    assert done.status_code == 200, done.text
    assert (await app.client.get(theirs["url"])).status_code == 404


async def test_losing_the_right_stops_a_full_feed_of_a_colleagues_calendar(app: InProcess) -> None:
    biz = await sign_up(app.client)
    member = await join_team(app.client, biz, preset="reception")
    feed = await make_feed(app.client, member.auth, kind="calendar", staff_id=biz.staff_id)
    assert (await app.client.get(feed["url"])).status_code == 200
    changed = await app.client.patch(f"/api/v1/team/{member.user_id}", json={"rights": []}, headers=biz.auth)
    assert changed.status_code == 200, changed.text
    assert (await app.client.get(feed["url"])).status_code == 404
