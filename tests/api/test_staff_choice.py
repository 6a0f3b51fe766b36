"""The customer's choice of person: the setting, the persons the booking page offers (names and
photos only), each person's own free slots, and holds in the chosen calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from testkit.app import InProcess
from testkit.flows import Business, customer, join_team, sign_up
from testkit.images import png

EVERY_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def tomorrow_at(hour: int, zone: str = "Europe/Vienna") -> datetime:
    day = datetime.now(UTC).astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


async def with_therapist(app: InProcess, biz: Business, name: str = "Lena Maier") -> str:
    """A second calendar, offering the business's service and bookable every day."""
    made = await app.client.post("/api/v1/staff", json={"name": name}, headers=biz.auth)
    assert made.status_code == 201, made.text
    staff_id = str(made.json()["id"])
    hours = await app.client.put(
        f"/api/v1/staff/{staff_id}/hours",
        json={"location_id": biz.location_id, "weekly": EVERY_DAY},
        headers=biz.auth,
    )
    assert hours.status_code == 200, hours.text
    offered = await app.client.patch(
        f"/api/v1/services/{biz.service_id}", json={"staff_ids": [biz.staff_id, staff_id]}, headers=biz.auth
    )
    assert offered.status_code == 200, offered.text
    return staff_id


async def slots(app: InProcess, biz: Business, **params: Any) -> Any:
    day = tomorrow_at(9).date().isoformat()
    query = {"service_id": biz.service_id, "location_id": biz.location_id, "from": day, "to": day}
    return await app.client.get(f"/api/v1/public/{biz.slug}/slots", params=query | params)


async def test_the_setting_takes_off_optional_and_required_only(app: InProcess) -> None:
    biz = await sign_up(app.client)
    assert (await app.client.get("/api/v1/settings", headers=biz.auth)).json()["staff_choice"] == "off"
    for choice in ("optional", "required", "off"):
        changed = await app.client.patch("/api/v1/settings", json={"staff_choice": choice}, headers=biz.auth)
        assert changed.status_code == 200 and changed.json()["staff_choice"] == choice
    for wrong in ("sometimes", None, 1, ""):
        refused = await app.client.patch("/api/v1/settings", json={"staff_choice": wrong}, headers=biz.auth)
        assert refused.status_code == 400, refused.text
        assert refused.json()["error"]["code"] == "invalid_setting"
    member = await join_team(app.client, biz, preset="reception")
    forbidden = await app.client.patch(
        "/api/v1/settings", json={"staff_choice": "required"}, headers=member.auth
    )
    assert forbidden.status_code == 403


async def test_the_booking_page_lists_the_persons_only_with_their_names_and_photos(app: InProcess) -> None:
    biz = await sign_up(app.client)
    lena = await with_therapist(app, biz)
    hidden = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert hidden["staff_choice"] == "off" and hidden["staff"] == []

    await app.client.patch("/api/v1/settings", json={"staff_choice": "optional"}, headers=biz.auth)
    # A picture no other test shows: pictures are kept once by their bytes across businesses.
    photo = await app.client.put(f"/api/v1/staff/{lena}/photo", content=png(7, 5), headers=biz.auth)
    assert photo.status_code == 200, photo.text
    shown = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert shown["staff_choice"] == "optional"
    persons = {p["id"]: p for p in shown["staff"]}
    assert set(persons) == {biz.staff_id, lena}
    assert persons[lena] == {
        "id": lena,
        "name": "Lena Maier",
        "photo_url": photo.json()["photo_url"],
        "service_ids": [biz.service_id],
        "location_ids": [biz.location_id],
    }
    assert persons[biz.staff_id]["photo_url"] == ""
    assert "@" not in str(shown["staff"])


async def test_slots_of_one_person_and_holds_in_the_chosen_calendar(app: InProcess) -> None:
    biz = await sign_up(app.client, staff_choice="optional")
    lena = await with_therapist(app, biz)
    start = tomorrow_at(10)
    # The owner is busy at ten: anyone's slots still have it (Lena is free), the owner's do not.
    desk = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": start.isoformat(),
            "new_customer": {"first_name": "Maria", "last_name": "Huber"},
        },
        headers=biz.auth,
    )
    assert desk.status_code == 201, desk.text
    starts = {s["start"]: s["staff_ids"] for s in (await slots(app, biz)).json()["slots"]}
    assert starts[start.isoformat()] == [lena]
    owners = (await slots(app, biz, staff_id=biz.staff_id)).json()["slots"]
    assert start.isoformat() not in {s["start"] for s in owners}
    assert owners and all(s["staff_ids"] == [biz.staff_id] for s in owners)
    lenas = (await slots(app, biz, staff_id=lena)).json()["slots"]
    assert start.isoformat() in {s["start"] for s in lenas}

    _, token = await customer(app.client)
    bearer = {"Authorization": f"Bearer {token}"}
    later = start + timedelta(hours=2)
    body = {"service_id": biz.service_id, "location_id": biz.location_id, "start": later.isoformat()}
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=body | {"staff_id": lena}, headers=bearer
    )
    assert held.status_code == 201, held.text
    assert held.json()["staff_id"] == lena
    taken = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=body | {"staff_id": biz.staff_id}, headers=bearer
    )
    assert taken.status_code == 201 and taken.json()["staff_id"] == biz.staff_id


async def test_a_person_of_another_business_or_not_offering_the_service_is_refused(app: InProcess) -> None:
    biz = await sign_up(app.client, staff_choice="optional")
    other = await sign_up(app.client)
    idle = await app.client.post("/api/v1/staff", json={"name": "Paul Idle"}, headers=biz.auth)
    idle_id = idle.json()["id"]
    _, token = await customer(app.client)
    bearer = {"Authorization": f"Bearer {token}"}
    start = tomorrow_at(11).isoformat()
    body = {"service_id": biz.service_id, "location_id": biz.location_id, "start": start}

    foreign = await slots(app, biz, staff_id=other.staff_id)
    assert foreign.status_code == 404 and foreign.json()["error"]["code"] == "not_found"
    unknown = await slots(app, biz, staff_id="nosuchcalendar")
    assert unknown.status_code == 404
    not_offering = await slots(app, biz, staff_id=idle_id)
    assert not_offering.status_code == 400 and not_offering.json()["error"]["code"] == "not_offered"

    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=body | {"staff_id": other.staff_id}, headers=bearer
    )
    assert held.status_code == 404, held.text
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=body | {"staff_id": idle_id}, headers=bearer
    )
    assert held.status_code == 400 and held.json()["error"]["code"] == "not_offered"


async def test_a_required_choice_refuses_a_hold_without_a_person(app: InProcess) -> None:
    biz = await sign_up(app.client, staff_choice="required")
    _, token = await customer(app.client)
    bearer = {"Authorization": f"Bearer {token}"}
    body = {
        "service_id": biz.service_id,
        "location_id": biz.location_id,
        "start": tomorrow_at(12).isoformat(),
    }
    refused = await app.client.post(f"/api/v1/public/{biz.slug}/holds", json=body, headers=bearer)
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert error["code"] == "staff_required"
    assert error["message"] == "Bitte wählen Sie, bei wem Sie buchen möchten."
    english = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=body, headers=bearer | {"Accept-Language": "en"}
    )
    assert english.json()["error"]["message"] == "Please choose who you would like to book with."
    chosen = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=body | {"staff_id": biz.staff_id}, headers=bearer
    )
    assert chosen.status_code == 201, chosen.text


async def test_a_photo_is_a_picture_of_at_most_512_kb_set_by_those_who_change_the_settings(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    other = await sign_up(app.client)
    url = f"/api/v1/staff/{biz.staff_id}/photo"
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    script = await app.client.put(url, content=svg, headers={**biz.auth, "Content-Type": "image/png"})
    assert script.status_code == 400 and script.json()["error"]["code"] == "invalid_photo"
    assert script.json()["error"]["message"] == "Ein Foto ist ein PNG-, JPEG- oder WebP-Bild."
    huge = await app.client.put(url, content=b"\x89PNG\r\n\x1a\n" + b"\x00" * (512 * 1024), headers=biz.auth)
    assert huge.status_code == 413
    # Past the 64 KB of a JSON body, within the 512 KB of a picture.
    sizeable = await app.client.put(url, content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 200_000, headers=biz.auth)
    assert sizeable.status_code == 200, sizeable.text
    foreign = await app.client.put(f"/api/v1/staff/{other.staff_id}/photo", content=png(), headers=biz.auth)
    assert foreign.status_code == 404
    member = await join_team(app.client, biz, preset="provider")
    refused = await app.client.put(url, content=png(), headers=member.auth)
    assert refused.status_code == 403

    image = png(3, 7)
    uploaded = await app.client.put(url, content=image, headers=biz.auth)
    assert uploaded.status_code == 200, uploaded.text
    shown_at = uploaded.json()["photo_url"]
    served = await app.client.get(shown_at)
    assert served.status_code == 200 and served.content == image
    assert served.headers["content-type"] == "image/png"
    listed = (await app.client.get("/api/v1/staff", headers=biz.auth)).json()["staff"]
    assert {c["id"]: c["photo_url"] for c in listed}[biz.staff_id] == shown_at

    removed = await app.client.delete(url, headers=biz.auth)
    assert removed.status_code == 200 and removed.json()["photo_url"] == ""
    assert (await app.client.get(shown_at)).status_code == 404


async def test_a_person_not_bookable_anywhere_or_offering_nothing_is_not_offered(app: InProcess) -> None:
    biz = await sign_up(app.client, staff_choice="required")
    lena = await with_therapist(app, biz)
    closed = await app.client.put(
        f"/api/v1/staff/{lena}/hours", json={"location_id": biz.location_id, "weekly": {}}, headers=biz.auth
    )
    assert closed.status_code == 200, closed.text
    await app.client.post("/api/v1/staff", json={"name": "Paul Idle"}, headers=biz.auth)
    shown = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert [p["id"] for p in shown["staff"]] == [biz.staff_id]
