"""The customer side of the API: business info, free slots, accounts and holds. No staff token."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from actions import accounts, business, calendar_files, hold_codes, holds, services
from actions.availability import MAX_DAYS, ask
from actions.context import Deps
from actions.errors import BadInput, NotFound
from actions.views import local_iso
from store import schema
from store.queries import owned, tenant_by_slug
from store.rows import Tenant
from web import parse, ratelimit
from web.afterwards import after_answer
from web.api.edge import Api
from web.auth import customer_account

api = Api()

#: Reset mails asked for from one address; the answer is the same whether the account exists or not.
RESET = ratelimit.Limit(
    "password-reset", 10, 3600, "Too many password resets from this address. Please try again later."
)
#: Tries at the current password per account, so a token in the wrong hands cannot guess it out.
PASSWORD_CHANGE = ratelimit.Limit(
    "password-change", 10, 900, "Too many password changes. Please wait a few minutes and try again."
)


def _deps(request: Request) -> Deps:
    return request.app.state.deps


async def _tenant(deps: Deps, slug: str) -> Tenant:
    async with deps.store.read() as conn:
        tenant = await tenant_by_slug(conn, slug)
    if tenant is None:
        raise NotFound("The business")
    return tenant


async def public_info(deps: Deps, slug: str) -> dict[str, Any]:
    """What a booking page may show of a business: names and services, nothing of anyone's data."""
    tenant = await _tenant(deps, slug)
    offered = await services.listed(deps, tenant.id)
    places = await business.list_locations(deps, tenant.id)
    return {
        "name": tenant.name,
        "slug": tenant.slug,
        "timezone": tenant.timezone,
        "booking_mode": tenant.booking_mode,
        "locations": [{"id": p["id"], "name": p["name"]} for p in places],
        "services": [
            {
                "id": s.id,
                "name": s.name,
                "duration_minutes": s.duration_minutes,
                "color": s.color,
            }
            for s in offered
            if s.staff_ids
        ],
    }


async def info(request: Request) -> Response:
    return JSONResponse(await public_info(_deps(request), request.path_params["slug"]))


async def slots(request: Request) -> Response:
    deps = _deps(request)
    query = request.query_params
    tenant = await _tenant(deps, request.path_params["slug"])
    zone = ZoneInfo(tenant.timezone)
    now = deps.clock()
    first = parse.day(query["from"], "from") if query.get("from") else now.astimezone(zone).date()
    last = parse.day(query["to"], "to") if query.get("to") else first + timedelta(days=6)
    if last < first:
        raise BadInput("invalid_range", "`to` must not come before `from`.", field="to")
    if (last - first).days >= MAX_DAYS:
        raise BadInput("invalid_range", f"Ask for at most {MAX_DAYS} days at a time.", field="to")
    async with deps.store.read() as conn:
        service = await owned(conn, schema.services, tenant.id, query.get("service_id"))
        if not service or service["deleted_at"] is not None:
            raise NotFound("The service")
        location_id = query.get("location_id")
        if location_id is None:
            first_location = (
                await conn.execute(
                    select(schema.locations.c.id)
                    .where(schema.locations.c.tenant_id == tenant.id)
                    .order_by(schema.locations.c.created_at)
                )
            ).first()
            location_id = first_location.id if first_location else None
        location = await owned(conn, schema.locations, tenant.id, location_id)
        if not location:
            raise NotFound("The location")
        question = await ask(
            conn, tenant=tenant, service=service, location=location, first=first, last=last, now=now
        )
    found = question.slots(now)
    return JSONResponse(
        {
            "timezone": tenant.timezone,
            "slots": [
                {
                    "start": local_iso(s.start, zone),
                    "end": local_iso(s.end, zone),
                    "staff_ids": list(s.staff_ids),
                }
                for s in found
            ],
        }
    )


async def register(request: Request) -> Response:
    """202 once the input is right; whether the address has an account is looked up afterwards."""
    await ratelimit.check(request, ratelimit.REGISTER)
    body = await parse.json_body(request)
    for key in ("email", "password", "first_name", "last_name", "phone", "language"):
        if key in body:
            parse.text(body, key, limit=254)
    registration = accounts.check_registration(body)
    work = partial(accounts.register, _deps(request), registration)
    return JSONResponse(
        {"status": "verification_sent"}, status_code=202, background=after_answer(work, "A registration")
    )


async def verify(request: Request) -> Response:
    body = await parse.json_body(request)
    await accounts.verify(_deps(request), parse.text(body, "token", limit=200))
    return JSONResponse({"status": "verified"})


async def customer_login(request: Request) -> Response:
    await ratelimit.check(request, ratelimit.LOGIN)
    body = await parse.json_body(request)
    account = await accounts.login(
        _deps(request),
        email=parse.text(body, "email", limit=254),
        password=parse.text(body, "password", limit=200),
    )
    return JSONResponse({"token": request.app.state.tokens.customer_token(account)})


async def create_hold(request: Request) -> Response:
    deps = _deps(request)
    account = await customer_account(request)
    await ratelimit.check(request, ratelimit.HOLD_ADDRESS)
    await ratelimit.check(request, ratelimit.HOLD_ACCOUNT, account["id"])
    body = await parse.json_body(request)
    made = await holds.hold(
        deps,
        request.path_params["slug"],
        account,
        service_id=parse.identifier(body, "service_id"),
        location_id=parse.identifier(body, "location_id"),
        start=parse.instant(body.get("start"), "start"),
        staff_id=parse.identifier(body, "staff_id", required=False),
    )
    return JSONResponse(made, status_code=201)


async def confirm_hold(request: Request) -> Response:
    deps = _deps(request)
    account = await customer_account(request)
    body = await parse.json_body(request)
    result = await hold_codes.confirm(deps, request.path_params["hold_id"], account, body.get("code"))
    return JSONResponse(result)


async def release_hold(request: Request) -> Response:
    deps = _deps(request)
    account = await customer_account(request)
    await holds.release(deps, request.path_params["hold_id"], account)
    return Response(status_code=204)


async def resend_code(request: Request) -> Response:
    deps = _deps(request)
    account = await customer_account(request)
    await hold_codes.resend_code(deps, request.path_params["hold_id"], account)
    return JSONResponse({"status": "code_sent"}, status_code=202)


async def password_reset(request: Request) -> Response:
    """202 at once; whether the account exists is looked up afterwards."""
    await ratelimit.check(request, RESET)
    body = await parse.json_body(request)
    work = partial(accounts.request_reset, _deps(request), parse.text(body, "email", limit=254))
    return JSONResponse(
        {"status": "reset_sent"}, status_code=202, background=after_answer(work, "A password reset request")
    )


async def password_reset_confirm(request: Request) -> Response:
    body = await parse.json_body(request)
    await accounts.reset_password(
        _deps(request),
        parse.text(body, "token", limit=200),
        parse.text(body, "password", limit=200),
    )
    return JSONResponse({"status": "password_set"})


async def customer_me(request: Request) -> Response:
    deps = _deps(request)
    account = await customer_account(request)
    if request.method == "GET":
        return JSONResponse(accounts.profile_view(account))
    body = await parse.json_body(request)
    return JSONResponse(await accounts.update_profile(deps, account["id"], body))


async def change_password(request: Request) -> Response:
    deps = _deps(request)
    account = await customer_account(request)
    await ratelimit.check(request, PASSWORD_CHANGE, account["id"])
    body = await parse.json_body(request)
    changed = await accounts.change_password(
        deps,
        account,
        current=parse.text(body, "current_password", limit=200),
        new=parse.text(body, "new_password", limit=200),
    )
    # Other log-ins end with the old password; this page stays logged in with a fresh token.
    token = request.app.state.tokens.customer_token(changed)
    return JSONResponse({"status": "password_changed", "token": token})


async def calendar_file(request: Request) -> Response:
    """One of the customer's appointments as a calendar file, the same as the one their mail carries."""
    account = await customer_account(request)
    entry = await calendar_files.customer_calendar_entry(
        _deps(request), account, request.path_params["appointment_id"]
    )
    return Response(
        entry.content,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{entry.filename}"'},
    )


routes = [
    Route("/public/{slug}", info, methods=["GET"]),
    Route("/public/{slug}/slots", slots, methods=["GET"]),
    Route("/public/{slug}/holds", create_hold, methods=["POST"]),
    Route("/public/holds/{hold_id}/confirm", confirm_hold, methods=["POST"]),
    Route("/public/holds/{hold_id}/resend", resend_code, methods=["POST"]),
    Route("/public/holds/{hold_id}", release_hold, methods=["DELETE"]),
    Route("/customer/register", register, methods=["POST"]),
    Route("/customer/verify", verify, methods=["POST"]),
    Route("/customer/login", customer_login, methods=["POST"]),
    Route("/customer/password-reset", password_reset, methods=["POST"]),
    Route("/customer/password-reset/confirm", password_reset_confirm, methods=["POST"]),
    Route("/customer/me", customer_me, methods=["GET", "PATCH"]),
    Route("/customer/password", change_password, methods=["POST"]),
    Route("/customer/appointments/{appointment_id}/calendar.ics", calendar_file, methods=["GET"]),
]
