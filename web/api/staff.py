"""The staff side of the API: set-up, the desk's appointments and closures (signing up and in is in
web/api/staff_access.py, the customer database in web/api/customers.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from actions import appointments, business, closures, services
from actions.context import Deps
from actions.errors import BadInput
from contract.fields import Created
from contract.services import NewService, Service, ServiceChange, Services
from mail.status import mail_status
from scheduling import local_day_bounds
from store.queries import tenant_by_id
from web import parse
from web.api.edge import Api
from web.auth import StaffUser, staff_user

api = Api()


def _deps(request: Request) -> Deps:
    return request.app.state.deps


async def me(request: Request) -> Response:
    user = await staff_user(request)
    async with _deps(request).store.read() as conn:
        tenant = await tenant_by_id(conn, user.tenant_id)
    assert tenant is not None
    return JSONResponse(
        {
            "user_id": user.user_id,
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "staff_id": user.staff_id,
            "business": business.settings_view(tenant) | {"id": tenant.id},
        }
    )


async def locations(request: Request) -> Response:
    user = await staff_user(request)
    if request.method == "GET":
        return JSONResponse({"locations": await business.list_locations(_deps(request), user.tenant_id)})
    body = await parse.json_body(request)
    location_id = await business.add_location(
        _deps(request),
        user.tenant_id,
        name=parse.text(body, "name", limit=200),
        address=parse.text(body, "address", required=False, limit=1000),
        opening_hours=body.get("opening_hours"),
    )
    return JSONResponse({"id": location_id}, status_code=201)


async def location(request: Request) -> Response:
    user = await staff_user(request)
    body = await parse.json_body(request)
    for key in ("name", "address"):
        if key in body:
            parse.text(body, key, limit=1000)
    changed = await business.update_location(
        _deps(request), user.tenant_id, request.path_params["location_id"], body
    )
    return JSONResponse(changed)


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
    body=ServiceChange,
    answer=Service,
    errors={400: ("invalid_name", "invalid_duration", "invalid_buffer", "invalid_color", "invalid_line")},
)
async def change_service(request: Request, body: ServiceChange) -> Service:
    user = await staff_user(request)
    return await services.change(_deps(request), user.tenant_id, request.path_params["service_id"], body)


@api.operation(
    "DELETE", "/services/{service_id}", "Stop offering a service; booked appointments keep it", status=204
)
async def remove_service(request: Request) -> None:
    user = await staff_user(request)
    await services.remove(_deps(request), user.tenant_id, request.path_params["service_id"])


async def staff_list(request: Request) -> Response:
    user = await staff_user(request)
    if request.method == "GET":
        return JSONResponse({"staff": await business.list_staff(_deps(request), user.tenant_id)})
    body = await parse.json_body(request)
    staff_id = await business.add_staff(
        _deps(request), user.tenant_id, name=parse.text(body, "name", limit=200)
    )
    return JSONResponse({"id": staff_id}, status_code=201)


async def staff_hours(request: Request) -> Response:
    user = await staff_user(request)
    body = await parse.json_body(request)
    await business.set_staff_hours(
        _deps(request),
        user.tenant_id,
        request.path_params["staff_id"],
        location_id=parse.identifier(body, "location_id") or "",
        weekly=body.get("weekly"),
    )
    return JSONResponse({"staff_id": request.path_params["staff_id"], "location_id": body["location_id"]})


async def settings(request: Request) -> Response:
    user = await staff_user(request)
    deps = _deps(request)
    if request.method == "GET":
        async with deps.store.read() as conn:
            tenant = await tenant_by_id(conn, user.tenant_id)
        assert tenant is not None
        return JSONResponse(business.settings_view(tenant))
    body = await parse.json_body(request)
    return JSONResponse(await business.update_settings(deps, user.tenant_id, body))


async def _zone(request: Request, user: StaffUser) -> ZoneInfo:
    async with _deps(request).store.read() as conn:
        tenant = await tenant_by_id(conn, user.tenant_id)
    assert tenant is not None
    return ZoneInfo(tenant.timezone)


def _bound(value: date | datetime, zone: ZoneInfo, *, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    bounds = local_day_bounds(zone, value, value)
    return bounds.end if end else bounds.start


async def _range(request: Request, user: StaffUser) -> tuple[datetime, datetime]:
    """`from` and `to` of a listing: dates are local days, times instants; a week from today."""
    query = request.query_params
    zone = await _zone(request, user)
    today = _deps(request).clock().astimezone(zone).date()
    start = _bound(parse.day_or_instant(query["from"], "from"), zone, end=False) if "from" in query else None
    end = _bound(parse.day_or_instant(query["to"], "to"), zone, end=True) if "to" in query else None
    start = start or _bound(today, zone, end=False)
    return start, end or start + timedelta(days=7)


async def appointment_list(request: Request) -> Response:
    user = await staff_user(request)
    if request.method == "POST":
        return await _book(request, user)
    start, end = await _range(request, user)
    found = await appointments.list_range(
        _deps(request), user.tenant_id, start, end, request.query_params.get("staff_id") or None
    )
    return JSONResponse({"appointments": found})


async def appointment_item(request: Request) -> Response:
    user = await staff_user(request)
    body = await parse.json_body(request)
    start = body.get("start")
    changed = await appointments.change(
        _deps(request),
        user.tenant_id,
        request.path_params["appointment_id"],
        start=parse.instant(start, "start") if start is not None else None,
        staff_id=parse.identifier(body, "staff_id", required=False),
        note=parse.text(body, "note", required=False, limit=5000) if "note" in body else None,
        message=parse.text(body, "message", required=False, limit=5000).strip(),
    )
    return JSONResponse(changed)


async def appointment_cancel(request: Request) -> Response:
    user = await staff_user(request)
    body = await parse.json_body(request)
    cancelled = await appointments.cancel(
        _deps(request),
        user.tenant_id,
        request.path_params["appointment_id"],
        message=parse.text(body, "message", required=False, limit=5000).strip(),
    )
    return JSONResponse(cancelled)


async def appointment_decision(request: Request) -> Response:
    user = await staff_user(request)
    body = await parse.json_body(request)
    decided = await appointments.decide(
        _deps(request),
        user.tenant_id,
        request.path_params["appointment_id"],
        accept=request.url.path.endswith("/accept"),
        message=parse.text(body, "message", required=False, limit=5000).strip(),
    )
    return JSONResponse(decided)


async def closure_list(request: Request) -> Response:
    user = await staff_user(request)
    deps = _deps(request)
    if request.method == "GET":
        start, end = await _range(request, user)
        found = await closures.list_range(
            deps, user.tenant_id, start, end, request.query_params.get("staff_id") or None
        )
        return JSONResponse({"closures": found})
    body = await parse.json_body(request)
    kind = parse.text(body, "kind", limit=16)
    read = parse.instant if kind == "pause" else parse.day
    confirm = body.get("confirm", False)
    if not isinstance(confirm, bool):
        raise BadInput("invalid_field", "confirm is true or false.", field="confirm")
    created = await closures.create(
        deps,
        user.tenant_id,
        kind=kind,
        start=read(body.get("start"), "start"),
        end=read(body.get("end"), "end"),
        staff_id=parse.identifier(body, "staff_id", required=False),
        confirm=confirm,
        message=parse.text(body, "message", required=False, limit=5000).strip(),
        note=parse.text(body, "note", required=False, limit=1000).strip(),
        created_by=user.user_id,
    )
    return JSONResponse(created, status_code=201)


async def closure_item(request: Request) -> Response:
    user = await staff_user(request)
    await closures.remove(_deps(request), user.tenant_id, request.path_params["closure_id"])
    return Response(status_code=204)


async def _book(request: Request, user: StaffUser) -> Response:
    body = await parse.json_body(request)
    if body.get("customer_id") is not None and body.get("new_customer") is not None:
        raise BadInput("invalid_customer", "Give either customer_id or new_customer, not both.")
    made = await appointments.book(
        _deps(request),
        user.tenant_id,
        staff_id=parse.identifier(body, "staff_id"),
        location_id=parse.identifier(body, "location_id"),
        service_id=parse.identifier(body, "service_id"),
        start=parse.instant(body.get("start"), "start"),
        customer_id=body.get("customer_id"),
        new_customer=body.get("new_customer"),
        note=parse.text(body, "note", required=False, limit=5000),
    )
    return JSONResponse(made, status_code=201)


async def mail(request: Request) -> Response:
    """How the business's mail stands: how it leaves, how many wait, which could not be delivered."""
    user = await staff_user(request)
    shown = await mail_status(_deps(request), request.app.state.mail_sender, user.tenant_id)
    return JSONResponse(shown.as_json())


routes = [
    Route("/me", me, methods=["GET"]),
    Route("/locations", locations, methods=["GET", "POST"]),
    Route("/locations/{location_id}", location, methods=["PATCH"]),
    Route("/staff", staff_list, methods=["GET", "POST"]),
    Route("/staff/{staff_id}/hours", staff_hours, methods=["PUT"]),
    Route("/settings", settings, methods=["GET", "PATCH"]),
    Route("/mail-status", mail, methods=["GET"]),
    Route("/appointments", appointment_list, methods=["GET", "POST"]),
    Route("/appointments/{appointment_id}", appointment_item, methods=["PATCH"]),
    Route("/appointments/{appointment_id}/cancel", appointment_cancel, methods=["POST"]),
    Route("/appointments/{appointment_id}/accept", appointment_decision, methods=["POST"]),
    Route("/appointments/{appointment_id}/decline", appointment_decision, methods=["POST"]),
    Route("/closures", closure_list, methods=["GET", "POST"]),
    Route("/closures/{closure_id}", closure_item, methods=["DELETE"]),
]
