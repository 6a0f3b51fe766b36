"""A desk booking for a customer and another desk erasing that customer, at the same moment: one of
them wins, and never both (an erased record with an appointment ahead)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from testkit.app import InProcess
from testkit.flows import sign_up

ROUNDS = 12


async def test_booking_and_erasing_one_customer_at_once_never_both_succeed(app: InProcess) -> None:
    biz = await sign_up(app.client)
    first = (datetime.now(UTC) + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)

    for round_ in range(ROUNDS):
        made = await app.client.post(
            "/api/v1/customers", json={"first_name": "Rita", "last_name": f"Rennt{round_}"}, headers=biz.auth
        )
        customer_id = made.json()["id"]
        booking = {
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": (first + timedelta(hours=round_)).isoformat(),
            "customer_id": customer_id,
        }
        booked, erased = await asyncio.gather(
            app.client.post("/api/v1/appointments", json=booking, headers=biz.auth),
            app.client.delete(f"/api/v1/customers/{customer_id}", headers=biz.auth),
        )
        outcome = (booked.status_code, erased.status_code)
        # Booked first: the erasure sees the appointment ahead. Erased first: nobody to book for.
        assert outcome in {(201, 409), (404, 204)}, (booked.text, erased.text)

        record = await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)
        assert record.status_code == (200 if outcome == (201, 409) else 404)
