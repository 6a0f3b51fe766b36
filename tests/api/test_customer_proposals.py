"""Online registrations reach the customer database at the first binding booking; later profile
changes become proposals that the business takes or ignores, and a name it corrected stays its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from testkit.app import InProcess
from testkit.flows import Business, code_for, customer, sign_up
from testkit.stand_ins import Heard

VIENNA = ZoneInfo("Europe/Vienna")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def at(days: int, hour: int) -> datetime:
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=VIENNA)


async def book_online(app: InProcess, biz: Business, email: str, token: str, start: datetime) -> str:
    """A binding online booking by a logged-in customer; returns the appointment id."""
    body = {"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()}
    held = await app.client.post(f"/api/v1/public/{biz.slug}/holds", json=body, headers=bearer(token))
    assert held.status_code == 201, held.text
    hold_id = held.json()["id"]
    code = await code_for(app.client, email, count=len(await codes_to(app.client, email)))
    confirmed = await app.client.post(
        f"/api/v1/public/holds/{hold_id}/confirm", json={"code": code}, headers=bearer(token)
    )
    assert confirmed.status_code == 200, confirmed.text
    return str(hold_id)


async def codes_to(client: httpx.AsyncClient, email: str) -> list[Any]:
    mails = (await client.get("/dev/mailbox.json", params={"to": email})).json()["messages"]
    return [m for m in mails if "Sicherheitscode" in m["subject"]]


async def record_of(app: InProcess, biz: Business, appointment_id: str) -> dict[str, Any]:
    """The customer view of the record an appointment belongs to."""
    day = at(1, 0).date().isoformat()
    listed = await app.client.get(
        "/api/v1/appointments", params={"from": day, "to": at(30, 0).date().isoformat()}, headers=biz.auth
    )
    customer_id = {a["id"]: a["customer_id"] for a in listed.json()["appointments"]}[appointment_id]
    response = await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def change_profile(app: InProcess, token: str, **changes: str) -> None:
    response = await app.client.patch("/api/v1/customer/me", json=changes, headers=bearer(token))
    assert response.status_code == 200, response.text


async def test_the_first_binding_booking_creates_a_linked_record(app: InProcess) -> None:
    biz = await sign_up(app.client)
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    email, token = await customer(app.client, "Clara")
    first = await book_online(app, biz, email, token, at(1, 10))
    record = (await record_of(app, biz, first))["customer"]
    assert (record["first_name"], record["last_name"], record["email"]) == ("Clara", "Kundin", email)
    assert record["account_linked"] is True and record["has_proposal"] is False
    assert {"customer_id": record["id"]} in heard.named("customer.changed")

    second = await book_online(app, biz, email, token, at(2, 10))
    assert (await record_of(app, biz, second))["customer"]["id"] == record["id"]
    listed = (await app.client.get("/api/v1/customers", params={"q": "clara"}, headers=biz.auth)).json()
    assert listed["total"] == 1


async def test_a_desk_record_with_the_address_is_joined_and_differences_proposed(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Clara")
    made = await app.client.post(
        "/api/v1/customers",
        json={"first_name": "", "last_name": "Kundin-Huber", "email": email, "phone": "0664 1"},
        headers=biz.auth,
    )
    desk_record = made.json()["id"]
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    booked = await book_online(app, biz, email, token, at(1, 10))

    view = await record_of(app, biz, booked)
    record = view["customer"]
    assert record["id"] == desk_record
    assert (record["first_name"], record["last_name"], record["phone"]) == ("Clara", "Kundin-Huber", "0664 1")
    assert record["account_linked"] is True and record["has_proposal"] is True
    assert view["proposal"]["changes"] == {"last_name": {"current": "Kundin-Huber", "proposed": "Kundin"}}
    assert [p["customer_id"] for p in heard.named("proposal.created")] == [desk_record]


async def test_profile_changes_become_a_proposal_taken_field_by_field(app: InProcess) -> None:
    biz = await sign_up(app.client)
    other = await sign_up(app.client)
    email, token = await customer(app.client, "Clara")
    booked = await book_online(app, biz, email, token, at(1, 10))
    elsewhere = await book_online(app, other, email, token, at(1, 11))
    customer_id = (await record_of(app, biz, booked))["customer"]["id"]
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]

    await change_profile(app, token, last_name="Meier", phone="0664 999")
    await change_profile(app, token, phone="0664 777", language="en")
    view = await record_of(app, biz, booked)
    assert view["customer"]["last_name"] == "Kundin" and view["customer"]["phone"] == ""
    assert view["customer"]["has_proposal"] is True
    assert view["proposal"]["changes"] == {
        "last_name": {"current": "Kundin", "proposed": "Meier"},
        "phone": {"current": "", "proposed": "0664 777"},
    }
    listed = (await app.client.get("/api/v1/customer-proposals", headers=biz.auth)).json()["proposals"]
    assert listed == [view["proposal"]]
    assert (await record_of(app, other, elsewhere))["proposal"] is not None
    created = heard.named("proposal.created")
    assert [p["customer_id"] for p in created].count(customer_id) == 2
    assert created[-1]["changes"]["phone"]["proposed"] == "0664 777"

    taken = await app.client.post(
        f"/api/v1/customers/{customer_id}/proposal", json={"take": ["phone"]}, headers=biz.auth
    )
    assert taken.status_code == 200, taken.text
    assert (taken.json()["phone"], taken.json()["last_name"], taken.json()["has_proposal"]) == (
        "0664 777",
        "Kundin",
        False,
    )
    assert (await app.client.get("/api/v1/customer-proposals", headers=biz.auth)).json() == {"proposals": []}
    assert ("customer.changed", {"customer_id": customer_id}) in heard.events
    again = await app.client.post(
        f"/api/v1/customers/{customer_id}/proposal", json={"take": []}, headers=biz.auth
    )
    assert again.status_code == 404

    # The other business decides on its own: ignoring everything leaves its record as it was.
    other_id = (await record_of(app, other, elsewhere))["customer"]["id"]
    ignored = await app.client.post(
        f"/api/v1/customers/{other_id}/proposal", json={"take": []}, headers=other.auth
    )
    assert (ignored.json()["last_name"], ignored.json()["phone"]) == ("Kundin", "")


async def test_a_change_back_to_what_the_record_has_closes_the_proposal(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Clara")
    booked = await book_online(app, biz, email, token, at(1, 10))
    await change_profile(app, token, first_name="Klara")
    assert (await record_of(app, biz, booked))["customer"]["has_proposal"] is True
    await change_profile(app, token, first_name="Clara")
    view = await record_of(app, biz, booked)
    assert view["proposal"] is None and view["customer"]["has_proposal"] is False


async def test_a_name_the_business_corrected_stays_its_own(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Maus")
    booked = await book_online(app, biz, email, token, at(1, 10))
    customer_id = (await record_of(app, biz, booked))["customer"]["id"]
    corrected = await app.client.patch(
        f"/api/v1/customers/{customer_id}",
        json={"first_name": "Johanna", "last_name": "Huber"},
        headers=biz.auth,
    )
    assert corrected.json()["name_private"] is True

    await change_profile(app, token, last_name="Mausi")
    view = await record_of(app, biz, booked)
    assert (view["customer"]["first_name"], view["customer"]["last_name"]) == ("Johanna", "Huber")
    assert view["proposal"]["name_private"] is True
    assert view["proposal"]["changes"] == {"last_name": {"current": "Huber", "proposed": "Mausi"}}
    later = await book_online(app, biz, email, token, at(2, 10))
    assert (await record_of(app, biz, later))["customer"]["first_name"] == "Johanna"

    # Mail to the customer greets them by the name they gave, not the business's own.
    response = await app.client.post(
        f"/api/v1/appointments/{later}/cancel", json={"message": "Leider krank."}, headers=biz.auth
    )
    assert response.status_code == 200
    mails = (await app.client.get("/dev/mailbox.json", params={"to": email})).json()["messages"]
    assert "Hallo Maus," in mails[0]["body"] and "Johanna" not in mails[0]["body"]

    ignored = await app.client.post(
        f"/api/v1/customers/{customer_id}/proposal", json={"take": []}, headers=biz.auth
    )
    assert (ignored.json()["last_name"], ignored.json()["name_private"]) == ("Huber", True)


async def test_taking_the_customers_own_name_ends_the_private_name(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Clara")
    booked = await book_online(app, biz, email, token, at(1, 10))
    customer_id = (await record_of(app, biz, booked))["customer"]["id"]
    await app.client.patch(f"/api/v1/customers/{customer_id}", json={"last_name": "K."}, headers=biz.auth)
    await change_profile(app, token, last_name="Kundin-Berg")
    taken = await app.client.post(
        f"/api/v1/customers/{customer_id}/proposal", json={"take": ["last_name"]}, headers=biz.auth
    )
    assert (taken.json()["last_name"], taken.json()["name_private"]) == ("Kundin-Berg", False)


async def test_a_decision_names_proposed_fields_only(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Clara")
    booked = await book_online(app, biz, email, token, at(1, 10))
    customer_id = (await record_of(app, biz, booked))["customer"]["id"]
    await change_profile(app, token, phone="0664 5")
    path = f"/api/v1/customers/{customer_id}/proposal"
    for body, code in [
        ({"take": ["email"]}, "not_proposed"),
        ({"take": "phone"}, "invalid_field"),
        ({}, "invalid_field"),
    ]:
        response = await app.client.post(path, json=body, headers=biz.auth)
        assert response.status_code == 400, body
        assert response.json()["error"]["code"] == code
    assert (await record_of(app, biz, booked))["customer"]["has_proposal"] is True
