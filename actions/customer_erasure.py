"""Erasing a customer on request (GDPR): the record keeps its row, so the calendar stays intact,
but loses everything personal, and its past appointments keep their times without notes.

A customer with appointments still ahead is not erased: the desk cancels those first, with the
usual message to the customer, and then erases. Nothing is cancelled behind anyone's back.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, select, update

from actions import customers as records
from actions import history
from actions.context import Deps
from actions.errors import Conflict
from actions.views import load_shapes
from contract.enums import ACTIVE_STATUSES, AppointmentStatus
from contract.history import Action
from realtime.events import Event
from store.queries import tenant_by_id
from store.schema import appointments, customer_group_members, customer_proposals, customers

#: Statuses that keep a customer from being erased while they lie ahead.
AHEAD = ACTIVE_STATUSES

ERASED = {
    "first_name": "",
    "last_name": records.DELETED_NAME,
    **{key: "" for key in records.TEXT_FIELDS if key not in ("first_name", "last_name")},
    "birth_date": None,
    "account_id": None,
    "name_private": False,
    "search_name": "",
    "search_text": "",
}


async def erase(deps: Deps, tenant_id: str, customer_id: str) -> None:
    """Anonymises the record and its appointments; 409 `customer_has_upcoming` lists what is ahead."""
    now = deps.clock()
    async with deps.work() as work:
        conn = work.conn
        record = await records.own(conn, tenant_id, customer_id, lock="update")
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        zone = tenant.zone
        theirs = and_(appointments.c.tenant_id == tenant_id, appointments.c.customer_id == record["id"])
        ahead = await conn.execute(
            select(appointments.c.id).where(
                and_(theirs, appointments.c.status.in_(AHEAD), appointments.c.start_at >= now)
            )
        )
        ahead_ids: list[str] = list(ahead.scalars())
        if ahead_ids:
            raise Conflict(
                "customer_has_upcoming",
                "This customer has appointments ahead. Cancel them first, then delete the customer.",
                appointments=[
                    shape.model_dump(mode="json") for shape in await load_shapes(conn, ahead_ids, zone)
                ],
            )
        touched = await conn.execute(
            update(appointments)
            .where(theirs)
            .values(note="", account_id=None, updated_at=now)
            .returning(appointments.c.id)
        )
        touched_ids = list(touched.scalars())
        await conn.execute(
            delete(customer_group_members).where(customer_group_members.c.customer_id == record["id"])
        )
        await history.record(work, tenant_id, history.CUSTOMER, record["id"], Action.ERASED)
        await conn.execute(delete(customer_proposals).where(customer_proposals.c.customer_id == record["id"]))
        await conn.execute(
            update(customers)
            .where(customers.c.id == record["id"])
            .values(**ERASED, newsletter_opt_out_at=now, deleted_at=now)
        )
        shown = await load_shapes(conn, touched_ids, zone)
        work.emit_all(
            Event(tenant_id, "appointment.updated", item)
            for item in shown
            if item.status != AppointmentStatus.RELEASED
        )
        work.emit(records.changed(tenant_id, record["id"]))
