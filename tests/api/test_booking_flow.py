"""The whole shape through the API: a desk booking, a customer's hold and its confirmation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from store.schema import appointments, customers
from testkit.app import InProcess
from testkit.flows import code_for, customer, sign_up


def tomorrow_at(hour: int, zone: str = "Europe/Vienna") -> datetime:
    day = datetime.now(UTC).astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


async def test_desk_booking_appears_in_the_list_and_blocks_the_slot(app: InProcess) -> None:
    biz = await sign_up(app.client)
    start = tomorrow_at(10)
    body = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.isoformat(),
        "new_customer": {"first_name": "Maria", "last_name": "Huber", "email": "maria@example.com"},
        "note": "Knie links",
    }
    response = await app.client.post("/api/v1/appointments", json=body, headers=biz.auth)
    assert response.status_code == 201, response.text
    made = response.json()
    assert made["status"] == "booked"
    assert made["customer_name"] == "Maria Huber"
    assert datetime.fromisoformat(made["end"]) - datetime.fromisoformat(made["start"]) == timedelta(
        minutes=30
    )
    assert made["start"].endswith(start.strftime("%z")[:3] + ":" + start.strftime("%z")[3:])

    again = await app.client.post(
        "/api/v1/appointments",
        json=body | {"start": (start + timedelta(minutes=15)).isoformat()},
        headers=biz.auth,
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "slot_taken"
    assert again.json()["error"]["conflicts"][0]["id"] == made["id"]

    listed = await app.client.get(
        "/api/v1/appointments",
        params={"from": start.date().isoformat(), "to": start.date().isoformat()},
        headers=biz.auth,
    )
    assert [a["id"] for a in listed.json()["appointments"]] == [made["id"]]

    slots = await app.client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "from": start.date().isoformat(),
            "to": start.date().isoformat(),
        },
    )
    starts = {datetime.fromisoformat(s["start"]) for s in slots.json()["slots"]}
    assert start - timedelta(minutes=30) in starts
    assert not {start - timedelta(minutes=15), start, start + timedelta(minutes=15)} & starts
    assert start + timedelta(minutes=30) in starts
    assert all("customer" not in s for s in slots.json()["slots"])


async def test_a_customer_holds_and_confirms_with_the_mailed_code(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    start = tomorrow_at(11)
    response = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "start": start.isoformat(),
        },
        headers=auth,
    )
    assert response.status_code == 201, response.text
    held = response.json()
    assert held["staff_id"] == biz.staff_id
    expires = datetime.fromisoformat(held["expires_at"])
    assert timedelta(seconds=590) < expires - datetime.now(UTC) <= timedelta(seconds=600)

    listed = (
        await app.client.get(
            "/api/v1/appointments",
            headers=biz.auth,
            params={"from": start.date().isoformat(), "to": start.date().isoformat()},
        )
    ).json()
    assert [(a["id"], a["status"]) for a in listed["appointments"]] == [(held["id"], "held")]

    taken = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "start": start.isoformat(),
        },
        headers={"Authorization": f"Bearer {(await customer(app.client, 'Bernd'))[1]}"},
    )
    assert taken.status_code == 409
    assert taken.json()["error"]["code"] == "slot_taken"

    code = await code_for(app.client, email)
    wrong = "000000" if code != "000000" else "111111"
    response = await app.client.post(
        f"/api/v1/public/holds/{held['id']}/confirm", json={"code": wrong}, headers=auth
    )
    assert response.status_code == 422
    assert response.json()["error"]["attempts_left"] == 4
    response = await app.client.post(
        f"/api/v1/public/holds/{held['id']}/confirm", json={"code": code}, headers=auth
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"appointment_id": held["id"], "status": "booked"}

    async with app.deps.store.read() as conn:
        record = (
            await conn.execute(select(customers).where(customers.c.tenant_id == biz.tenant_id))
        ).one()
        booked = (
            await conn.execute(select(appointments).where(appointments.c.id == held["id"]))
        ).one()
    assert (record.first_name, record.email) == ("Clara", email)
    assert booked.customer_id == record.id and booked.status == "booked"


async def test_five_wrong_codes_release_the_hold(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    start = tomorrow_at(12)
    held = (
        await app.client.post(
            f"/api/v1/public/{biz.slug}/holds",
            json={
                "service_id": biz.service_id,
                "location_id": biz.location_id,
                "start": start.isoformat(),
            },
            headers=auth,
        )
    ).json()
    code = await code_for(app.client, email)
    wrong = "000000" if code != "000000" else "111111"
    lefts = []
    for _ in range(5):
        response = await app.client.post(
            f"/api/v1/public/holds/{held['id']}/confirm", json={"code": wrong}, headers=auth
        )
        assert response.status_code == 422
        lefts.append(response.json()["error"]["attempts_left"])
    assert lefts == [4, 3, 2, 1, 0]
    response = await app.client.post(
        f"/api/v1/public/holds/{held['id']}/confirm", json={"code": code}, headers=auth
    )
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "hold_released"
    async with app.deps.store.read() as conn:
        active = (
            await conn.execute(
                select(func.count())
                .select_from(appointments)
                .where(
                    appointments.c.tenant_id == biz.tenant_id,
                    appointments.c.status.in_(["held", "booked"]),
                )
            )
        ).scalar_one()
    assert active == 0


async def test_giving_up_a_hold_frees_the_slot_at_once(app: InProcess) -> None:
    biz = await sign_up(app.client)
    _, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    start = tomorrow_at(13)
    hold_body = {
        "service_id": biz.service_id,
        "location_id": biz.location_id,
        "start": start.isoformat(),
    }
    held = (
        await app.client.post(f"/api/v1/public/{biz.slug}/holds", json=hold_body, headers=auth)
    ).json()
    assert (
        await app.client.delete(f"/api/v1/public/holds/{held['id']}", headers=auth)
    ).status_code == 204
    _, other = await customer(app.client, "Dora")
    response = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json=hold_body,
        headers={"Authorization": f"Bearer {other}"},
    )
    assert response.status_code == 201, response.text
