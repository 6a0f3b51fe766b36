"""Desk bookings and moves keep the services' buffers as online booking does, unless the person
books into them on purpose."""

from __future__ import annotations

from testkit.app import InProcess
from testkit.flows import sign_up
from tests.api.test_appointment_changes import ahead, book, booked, customer_id, service


async def test_a_booking_into_a_buffer_is_refused_with_what_it_meets_then_booked_on_purpose(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    padded = await service(app.client, biz, "Fango", 30, buffer_before_minutes=10, buffer_after_minutes=15)
    eva = await customer_id(app.client, biz, "Eva")
    first = await booked(app.client, biz, ahead(3, 9), eva, service_id=padded)

    right_after = await book(app.client, biz, ahead(3, 9, 30), eva)
    assert right_after.status_code == 409
    error = right_after.json()["error"]
    assert error["code"] == "buffer_conflict"
    assert [c["id"] for c in error["conflicts"]] == [first]
    before = await book(app.client, biz, ahead(3, 8, 20), eva, service_id=padded)
    assert before.status_code == 409 and before.json()["error"]["code"] == "buffer_conflict"

    clear = await book(app.client, biz, ahead(3, 9, 45), eva)
    assert clear.status_code == 201, clear.text
    anyway = await book(app.client, biz, ahead(3, 8, 30), eva, ignore_buffers=True)
    assert anyway.status_code == 201, anyway.text
    overlap = await book(app.client, biz, ahead(3, 9, 10), eva, ignore_buffers=True)
    assert overlap.status_code == 409 and overlap.json()["error"]["code"] == "slot_taken"


async def test_a_move_or_a_new_service_into_a_buffer_is_refused_unless_asked(app: InProcess) -> None:
    biz = await sign_up(app.client)
    padded = await service(app.client, biz, "Fango", 30, buffer_after_minutes=20)
    eva = await customer_id(app.client, biz, "Eva")
    await booked(app.client, biz, ahead(3, 9), eva, service_id=padded)
    later = await booked(app.client, biz, ahead(3, 11), eva)
    path = f"/api/v1/appointments/{later}"

    moved = await app.client.patch(path, json={"start": ahead(3, 9, 40).isoformat()}, headers=biz.auth)
    assert moved.status_code == 409 and moved.json()["error"]["code"] == "buffer_conflict"
    anyway = await app.client.patch(
        path, json={"start": ahead(3, 9, 40).isoformat(), "ignore_buffers": True}, headers=biz.auth
    )
    assert anyway.status_code == 200, anyway.text

    neighbour = await booked(app.client, biz, ahead(4, 10, 30), eva)
    own = await booked(app.client, biz, ahead(4, 10), eva)
    padded_now = await app.client.patch(
        f"/api/v1/appointments/{own}", json={"service_id": padded}, headers=biz.auth
    )
    assert padded_now.status_code == 409
    assert [c["id"] for c in padded_now.json()["error"]["conflicts"]] == [neighbour]
