"""How stored rows are shown through the API: instants in the business's own offset."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from contract.appointments import Appointment
from contract.enums import AppointmentStatus, Attendance, Source
from store.queries import appointment_query, tenant_by_id
from store.schema import appointments


def appointment_shape(row: dict[str, Any], zone: ZoneInfo) -> Appointment:
    """The appointment `A` of the contract, its instants in `zone` (the business's own).

    Built without validation: a stored row has the types already, and a week of 2,000 appointments
    is shown often enough for the validation to cost a tenth of its answer time."""
    expires_at = row.get("expires_at")
    return Appointment.model_construct(
        id=row["id"],
        staff_id=row["staff_id"],
        location_id=row["location_id"],
        service_id=row["service_id"],
        customer_id=row["customer_id"],
        customer_name=(row.get("customer_name") or "").strip(),
        start=row["start_at"].astimezone(zone),
        end=row["end_at"].astimezone(zone),
        status=AppointmentStatus(row["status"]),
        note=row["note"],
        source=Source(row["source"]),
        expires_at=expires_at.astimezone(zone) if expires_at else None,
        service_name=row.get("service_name") or "",
        service_color=row.get("service_color") or "",
        attendance=Attendance(row["attendance"]) if row.get("attendance") else None,
        series_id=row.get("series_id"),
    )


async def load_shapes(conn: AsyncConnection, ids: list[str], zone: ZoneInfo) -> list[Appointment]:
    """The appointments with these ids as the API shows them, in time order."""
    if not ids:
        return []
    query = appointment_query().where(appointments.c.id.in_(ids)).order_by(appointments.c.start_at)
    return [appointment_shape(dict(r._mapping), zone) for r in await conn.execute(query)]


async def tenant_shapes(conn: AsyncConnection, tenant_id: str, ids: list[str]) -> list[Appointment]:
    """Like load_shapes, in the zone of the business."""
    if not ids:
        return []
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    return await load_shapes(conn, ids, tenant.zone)
