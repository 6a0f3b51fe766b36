"""The staff side of the API: set-up, the desk's appointments and closures (signing up and in is in
web/api/staff_access.py, the customer database in web/api/customers.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from actions import appointment_change, appointments, business, closures, history, places, services
from actions.context import Deps
from contract.appointments import (
    Appointment,
    AppointmentChange,
    Appointments,
    CalendarRange,
    Message,
    NewAppointment,
)
from contract.business import (
    Business,
    Calendar,
    CalendarChange,
    CalendarHours,
    CalendarOrder,
    Calendars,
    HoursSet,
    Location,
    LocationChange,
    Locations,
    MailState,
    Me,
    NewCalendar,
    NewLocation,
    Settings,
    SettingsChange,
    SetUpListing,
)
from contract.closures import Closure, Closures, NewClosure
from contract.enums import Right, Role
from contract.fields import Created
from contract.history import History
from contract.services import NewService, Service, ServiceChange, Services
from mail.status import mail_status
from store.queries import tenant_by_id
from store.rows import Tenant
from web.api.edge import Api
from web.auth import StaffUser, staff_user

api = Api()

#: The codes of a listing's range.
RANGE_ERRORS = {400: ("invalid_date", "invalid_time", "invalid_range")}
HOURS_ERRORS = ("invalid_name", "invalid_line", "invalid_hours")
#: What refuses to deactivate a location or calendar.
IN_USE_ERRORS = {409: ("has_appointments", "last_location", "last_calendar")}


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


async def _tenant(request: Request, user: StaffUser) -> Tenant:
    async with _deps(request).store.read() as conn:
        tenant = await tenant_by_id(conn, user.tenant_id)
    assert tenant is not None
    return tenant


@api.operation(
    "GET", "/me", "The signed-in member of staff and their business", answer=Me, before_two_factor=True
)
async def me(request: Request) -> Me:
    user = await staff_user(request)
    tenant = await _tenant(request, user)
    return Me(
        user_id=user.user_id,
        name=user.name,
        email=user.email,
        role=Role(user.role),
        staff_id=user.staff_id,
        rights=sorted(user.rights),
        business=Business(id=tenant.id, **business.settings_view(tenant).model_dump()),
    )


@api.operation(
    "GET",
    "/locations",
    "The business's locations in use with their opening hours; with inactive=true the deactivated too",
    query=SetUpListing,
    answer=Locations,
)
async def location_list(request: Request, query: SetUpListing) -> Locations:
    user = await staff_user(request)
    found = await business.locations_of(_deps(request), user.tenant_id, inactive=query.inactive)
    return Locations(locations=found)


@api.operation(
    "POST",
    "/locations",
    "Add a location with its opening hours",
    right=Right.SETTINGS,
    body=NewLocation,
    status=201,
    answer=Created,
    errors={400: HOURS_ERRORS},
)
async def add_location(request: Request, body: NewLocation) -> Created:
    user = await staff_user(request)
    return Created(id=await business.add_location(_deps(request), user.tenant_id, body))


@api.operation(
    "PATCH",
    "/locations/{location_id}",
    "Rename a location, change its address or opening hours",
    right=Right.SETTINGS,
    body=LocationChange,
    answer=Location,
    errors={400: HOURS_ERRORS},
)
async def change_location(request: Request, body: LocationChange) -> Location:
    user = await staff_user(request)
    location_id = request.path_params["location_id"]
    return await business.update_location(_deps(request), user.tenant_id, location_id, body)


@api.operation(
    "POST",
    "/locations/{location_id}/deactivate",
    "Take a location out of use; its past appointments stay",
    right=Right.SETTINGS,
    answer=Location,
    errors=IN_USE_ERRORS,
    description="Appointments still ahead there answer 409 `has_appointments` listing them "
    "(`appointments`): move or cancel them first. The last location in use cannot be deactivated.",
)
async def deactivate_location(request: Request) -> Location:
    user = await staff_user(request)
    location_id = request.path_params["location_id"]
    return await places.deactivate_location(_deps(request), user.tenant_id, location_id)


@api.operation(
    "POST",
    "/locations/{location_id}/activate",
    "Put a deactivated location back in use",
    answer=Location,
    right=Right.SETTINGS,
)
async def activate_location(request: Request) -> Location:
    user = await staff_user(request)
    location_id = request.path_params["location_id"]
    return await places.activate_location(_deps(request), user.tenant_id, location_id)


@api.operation(
    "GET", "/services", "The services still offered, each with the calendars that offer it", answer=Services
)
async def service_list(request: Request) -> Services:
    user = await staff_user(request)
    return Services(services=await services.listed(_deps(request), user.tenant_id))


@api.operation(
    "POST",
    "/services",
    "Add a service, offered by the owner's calendar unless staff_ids says",
    right=Right.SETTINGS,
    body=NewService,
    status=201,
    answer=Created,
    errors={400: ("invalid_name", "invalid_duration", "invalid_buffer", "invalid_color", "invalid_line")},
)
async def add_service(request: Request, body: NewService) -> Created:
    user = await staff_user(request)
    return Created(id=await services.add(_deps(request), user.tenant_id, body))


@api.operation(
    "PATCH",
    "/services/{service_id}",
    "Change a service; appointments already made keep their times",
    right=Right.SETTINGS,
    body=ServiceChange,
    answer=Service,
    errors={400: ("invalid_name", "invalid_duration", "invalid_buffer", "invalid_color", "invalid_line")},
)
async def change_service(request: Request, body: ServiceChange) -> Service:
    user = await staff_user(request)
    return await services.change(_deps(request), user.tenant_id, request.path_params["service_id"], body)


@api.operation(
    "DELETE",
    "/services/{service_id}",
    "Stop offering a service; booked appointments keep it",
    status=204,
    right=Right.SETTINGS,
)
async def remove_service(request: Request) -> None:
    user = await staff_user(request)
    await services.remove(_deps(request), user.tenant_id, request.path_params["service_id"])


@api.operation(
    "GET",
    "/staff",
    "The calendars in use in their order, with their bookable hours per location; with inactive=true "
    "the deactivated after them",
    query=SetUpListing,
    answer=Calendars,
)
async def staff_list(request: Request, query: SetUpListing) -> Calendars:
    user = await staff_user(request)
    return Calendars(staff=await business.list_staff(_deps(request), user.tenant_id, inactive=query.inactive))


@api.operation(
    "POST",
    "/staff",
    "Add a calendar for a member of staff",
    right=Right.SETTINGS,
    body=NewCalendar,
    status=201,
    answer=Created,
    errors={400: ("invalid_name", "invalid_line")},
)
async def add_staff(request: Request, body: NewCalendar) -> Created:
    user = await staff_user(request)
    return Created(id=await business.add_staff(_deps(request), user.tenant_id, body))


@api.operation(
    "PATCH",
    "/staff/{staff_id}",
    "Rename a calendar or change its colour",
    right=Right.SETTINGS,
    body=CalendarChange,
    answer=Calendar,
    errors={400: ("invalid_name", "invalid_line", "invalid_color")},
)
async def change_staff(request: Request, body: CalendarChange) -> Calendar:
    user = await staff_user(request)
    return await places.change_calendar(_deps(request), user.tenant_id, request.path_params["staff_id"], body)


@api.operation(
    "PUT",
    "/staff/order",
    "Put the calendars in use in the order given",
    right=Right.SETTINGS,
    body=CalendarOrder,
    answer=Calendars,
    errors={400: ("invalid_order",)},
)
async def order_staff(request: Request, body: CalendarOrder) -> Calendars:
    user = await staff_user(request)
    return Calendars(staff=await places.order_calendars(_deps(request), user.tenant_id, body))


@api.operation(
    "POST",
    "/staff/{staff_id}/deactivate",
    "Take a calendar out of use; its past appointments stay",
    right=Right.SETTINGS,
    answer=Calendar,
    errors=IN_USE_ERRORS,
    description="Appointments still ahead in it answer 409 `has_appointments` listing them "
    "(`appointments`): move or cancel them first. The last calendar in use cannot be deactivated.",
)
async def deactivate_staff(request: Request) -> Calendar:
    user = await staff_user(request)
    return await places.deactivate_calendar(_deps(request), user.tenant_id, request.path_params["staff_id"])


@api.operation(
    "POST",
    "/staff/{staff_id}/activate",
    "Put a deactivated calendar back in use",
    answer=Calendar,
    right=Right.SETTINGS,
)
async def activate_staff(request: Request) -> Calendar:
    user = await staff_user(request)
    return await places.activate_calendar(_deps(request), user.tenant_id, request.path_params["staff_id"])


@api.operation(
    "PUT",
    "/staff/{staff_id}/hours",
    "Set the hours a calendar is bookable at a location",
    body=CalendarHours,
    answer=HoursSet,
    errors={400: ("invalid_hours",)},
)
async def staff_hours(request: Request, body: CalendarHours) -> HoursSet:
    user = await staff_user(request)
    staff_id = request.path_params["staff_id"]
    user.require_hours(staff_id)
    return await business.set_staff_hours(_deps(request), user.tenant_id, staff_id, body)


@api.operation("GET", "/settings", "The business's settings", answer=Settings)
async def settings(request: Request) -> Settings:
    user = await staff_user(request)
    return business.settings_view(await _tenant(request, user))


@api.operation(
    "PATCH",
    "/settings",
    "Change settings; those left out stay",
    right=Right.SETTINGS,
    body=SettingsChange,
    answer=Settings,
    errors={400: ("invalid_setting", "invalid_origin", "unknown_setting")},
)
async def change_settings(request: Request, body: SettingsChange) -> Settings:
    user = await staff_user(request)
    changed = await business.update_settings(_deps(request), user.tenant_id, body)
    if body.reminders is not None:  # reminders due under the new lead times go out at once
        request.app.state.reminders.wake()
    return changed


@api.operation("GET", "/mail-status", "How the business's mail stands", answer=MailState)
async def mail(request: Request) -> MailState:
    """How the business's mail stands: how it leaves, how many wait, which could not be delivered."""
    user = await staff_user(request)
    shown = await mail_status(_deps(request), request.app.state.mail_sender, user.tenant_id)
    return shown.answer()


@api.operation(
    "GET",
    "/appointments",
    "Appointments that touch a range, pending holds and cancelled ones included",
    query=CalendarRange,
    answer=Appointments,
    errors=RANGE_ERRORS,
)
async def appointment_list(request: Request, query: CalendarRange) -> Appointments:
    user = await staff_user(request)
    found = await appointments.list_range(_deps(request), user.tenant_id, query)
    return Appointments(appointments=[a if user.sees(a.staff_id) else a.busy() for a in found])


@api.operation(
    "POST",
    "/appointments",
    "Book at the desk, for a customer on record or a new one; opening hours do not bind the desk",
    body=NewAppointment,
    status=201,
    answer=Appointment,
    errors={
        400: (
            "invalid_time",
            "in_past",
            "invalid_customer",
            "invalid_email",
            "invalid_line",
            "service_not_offered",
            "not_started",
        ),
        409: ("slot_taken", "buffer_conflict"),
    },
    description="`walk_in: true` documents a visit that took place: the start may lie in the past "
    "(not ahead: 400 `not_started`), it is marked attended and no mail is sent. Where the service's "
    "buffers meet something else: 409 `buffer_conflict` with `conflicts`; `ignore_buffers: true` "
    "books anyway.",
)
async def book(request: Request, body: NewAppointment) -> Appointment:
    user = await staff_user(request)
    user.require_calendar(body.staff_id)
    return await appointments.book(_deps(request), user.tenant_id, body)


@api.operation(
    "PATCH",
    "/appointments/{appointment_id}",
    "Move an appointment, change its service, length, customer or note",
    body=AppointmentChange,
    answer=Appointment,
    errors={
        400: ("invalid_time", "in_past", "service_not_offered", "invalid_length"),
        409: ("slot_taken", "not_movable", "buffer_conflict"),
    },
    description="`service_id` must be offered by the calendar; the length follows the new service "
    "unless `duration_minutes` is given (5 to 1440, a multiple of 5). Where the service's buffers "
    "meet something else: 409 `buffer_conflict` with `conflicts`; `ignore_buffers: true` changes "
    "anyway. A new time or length sends the customer the updated calendar entry (with `notify`).",
)
async def change_appointment(request: Request, body: AppointmentChange) -> Appointment:
    user = await staff_user(request)
    appointment_id = request.path_params["appointment_id"]
    return await appointment_change.change(
        _deps(request), user.tenant_id, appointment_id, body, guard=user.require_calendar
    )


@api.operation(
    "POST",
    "/appointments/{appointment_id}/cancel",
    "Cancel an appointment (a pending hold is released) and tell the customer",
    body=Message,
    answer=Appointment,
    errors={409: ("appointment_changed",), 410: ("hold_released",)},
)
async def cancel_appointment(request: Request, body: Message) -> Appointment:
    user = await staff_user(request)
    appointment_id = request.path_params["appointment_id"]
    return await appointments.cancel(
        _deps(request), user.tenant_id, appointment_id, guard=user.require_calendar, message=body.message
    )


@api.operation(
    "POST",
    "/appointments/{appointment_id}/accept",
    "Accept a booking request and tell the customer",
    body=Message,
    answer=Appointment,
    errors={409: ("not_requested", "appointment_changed", "slot_taken")},
)
async def accept(request: Request, body: Message) -> Appointment:
    return await _decide(request, body, accept=True)


@api.operation(
    "POST",
    "/appointments/{appointment_id}/decline",
    "Decline a booking request and tell the customer",
    body=Message,
    answer=Appointment,
    errors={409: ("not_requested", "appointment_changed")},
)
async def decline(request: Request, body: Message) -> Appointment:
    return await _decide(request, body, accept=False)


async def _decide(request: Request, body: Message, *, accept: bool) -> Appointment:
    user = await staff_user(request)
    appointment_id = request.path_params["appointment_id"]
    return await appointments.decide(
        _deps(request),
        user.tenant_id,
        appointment_id,
        accept=accept,
        guard=user.require_calendar,
        message=body.message,
    )


@api.operation(
    "GET",
    "/appointments/{appointment_id}/history",
    "Who booked, moved, changed and cancelled an appointment, and when; oldest first",
    answer=History,
    description="Only for a person who sees the appointment's calendar (their own, or every one with "
    "`book_others`); others get 403 `needs_book_others`.",
)
async def appointment_history(request: Request) -> History:
    user = await staff_user(request)
    appointment_id = request.path_params["appointment_id"]
    return await history.appointment_history(
        _deps(request), user.tenant_id, appointment_id, guard=user.require_calendar
    )


@api.operation(
    "GET",
    "/closures",
    "Closures that touch a range; with staff_id, that calendar's and the whole business's",
    query=CalendarRange,
    answer=Closures,
    errors=RANGE_ERRORS,
)
async def closure_list(request: Request, query: CalendarRange) -> Closures:
    user = await staff_user(request)
    found = await closures.list_range(_deps(request), user.tenant_id, query)
    return Closures(closures=[c if c.staff_id is None or user.sees(c.staff_id) else c.busy() for c in found])


@api.operation(
    "POST",
    "/closures",
    "Close a calendar or the business: whole days for sickness and vacation, a time range for a pause",
    body=NewClosure,
    status=201,
    answer=Closure,
    errors={
        400: ("invalid_kind", "invalid_date", "invalid_time", "invalid_range"),
        409: ("conflicts", "slot_taken"),
    },
    description="Without `confirm`, appointments in the way answer 409 `conflicts` listing them "
    "(`appointments`); with it they are cancelled and `message` is mailed to each customer.",
)
async def add_closure(request: Request, body: NewClosure) -> Closure:
    user = await staff_user(request)
    user.require_hours(body.staff_id)
    return await closures.create(_deps(request), user.tenant_id, body, created_by=user.user_id)


@api.operation("DELETE", "/closures/{closure_id}", "Remove a closure; its time is open again", status=204)
async def remove_closure(request: Request) -> None:
    user = await staff_user(request)
    await closures.remove(
        _deps(request), user.tenant_id, request.path_params["closure_id"], guard=user.require_hours
    )


#: Every operation of this module is declared on `api`.
routes: list[Route] = []
