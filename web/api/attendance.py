"""Whether the customer came to an appointment: the desk marks it attended or a no-show."""

from __future__ import annotations

from starlette.requests import Request

from actions import attendance
from actions.context import Deps
from contract.appointments import Appointment, AttendanceChange
from web.api.edge import Api
from web.auth import staff_user

api = Api()


@api.operation(
    "PUT",
    "/appointments/{appointment_id}/attendance",
    "Note whether the customer came (attended, no_show) or take it back (null)",
    body=AttendanceChange,
    answer=Appointment,
    errors={409: ("not_attendable", "not_started", "appointment_changed")},
    description="Only for a booked appointment whose start has come (409 `not_started` before, "
    "`not_attendable` for one that is not booked). An `appointment.updated` event follows; the "
    "customer's record counts attended appointments and no-shows.",
)
async def mark_attendance(request: Request, body: AttendanceChange) -> Appointment:
    user = await staff_user(request)
    deps: Deps = request.app.state.deps
    return await attendance.mark(
        deps,
        user.tenant_id,
        request.path_params["appointment_id"],
        body.attendance,
        guard=user.require_calendar,
    )
