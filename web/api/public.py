"""The customer side of the API: business info, free slots, accounts and holds. No staff token."""

from __future__ import annotations

from functools import partial

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from actions import (
    accounts,
    business,
    calendar_files,
    holds,
    my_appointments,
    series_codes,
    services,
    staff_choice,
)
from actions.availability import offered_slots
from actions.company import company_of
from actions.context import Deps
from actions.errors import NotFound
from actions.licence_limits import takes_online_bookings
from contract.accounts import (
    LoggedIn,
    LogIn,
    NewAccount,
    NewPasswordByLink,
    PasswordChange,
    PasswordChanged,
    Profile,
    ProfileChange,
    ResetRequest,
    Verification,
)
from contract.my_appointments import MyAppointment, MyAppointments, MyAppointmentsQuery
from contract.public import (
    CodeEntry,
    Confirmed,
    Hold,
    NewHold,
    PublicBusiness,
    PublicLocation,
    PublicService,
    SlotQuery,
    Slots,
    Status,
)
from store.queries import tenant_by_slug
from web import ratelimit
from web.afterwards import after_answer
from web.api.edge import CUSTOMER, PUBLIC, Api
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
_HOLD_GONE = {409: ("already_confirmed",), 410: ("hold_released",)}
_NEW_NAME = ("invalid_name", "invalid_phone", "invalid_language", "invalid_line")


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


async def public_info(deps: Deps, slug: str, request: Request | None = None) -> PublicBusiness:
    """What a booking page may show of a business: names and services, nothing of anyone's data.
    The request, where given, learns the business's id for its log line."""
    async with deps.store.read() as conn:
        tenant = await tenant_by_slug(conn, slug)
        if tenant is None:
            raise NotFound("The business")
        online = await takes_online_bookings(conn, deps.settings, tenant, deps.clock())
    if request is not None:
        request.state.tenant_id = tenant.id
    offered = await services.listed(deps, tenant.id)
    places = await business.locations_of(deps, tenant.id)
    return PublicBusiness(
        name=tenant.name,
        slug=tenant.slug,
        timezone=tenant.timezone,
        booking_mode=tenant.booking_mode,
        company=company_of(tenant),
        online_booking=online,
        locations=[PublicLocation(id=p.id, name=p.name) for p in places],
        services=[
            PublicService(
                id=s.id,
                name=s.name,
                duration_minutes=s.duration_minutes,
                color=s.color,
                price_cents=s.price_cents,
                currency=tenant.currency,
                series_online=s.series_online,
            )
            for s in offered
            if s.staff_ids and online
        ],
        staff_choice=tenant.staff_choice,
        staff=await staff_choice.public_staff(deps, tenant, offered),
    )


@api.operation(
    "GET", "/public/{slug}", "What a booking page shows of a business", security=PUBLIC, answer=PublicBusiness
)
async def info(request: Request) -> PublicBusiness:
    return await public_info(_deps(request), request.path_params["slug"], request)


@api.operation(
    "GET",
    "/public/{slug}/slots",
    "The free, bookable slots of a service at a location",
    security=PUBLIC,
    query=SlotQuery,
    answer=Slots,
    errors={400: ("invalid_date", "invalid_range", "not_offered"), 404: ("not_found",)},
    description="With `staff_id`, only that person's free slots: 404 for a calendar the business does "
    "not have in use, 400 `not_offered` for one that does not offer the service.",
)
async def slots(request: Request, query: SlotQuery) -> Slots:
    return await offered_slots(
        _deps(request),
        request.path_params["slug"],
        service_id=query.service_id,
        location_id=query.location_id,
        first=query.first,
        last=query.last,
        staff_id=query.staff_id,
    )


@api.operation(
    "POST",
    "/public/{slug}/holds",
    "Hold a free slot while the mailed security code is typed",
    security=CUSTOMER,
    body=NewHold,
    status=201,
    answer=Hold,
    errors={
        400: ("invalid_time", "not_bookable", "not_offered", "staff_required"),
        403: ("email_unverified",),
        404: ("not_found",),
        409: ("slot_taken", "cancel_too_late"),
        410: ("already_cancelled", "appointment_past"),
    },
    description="With `replaces`, the confirmed hold moves that booking: it is cancelled in the same step. "
    "With `staff_id`, the hold is in that person's calendar (400 `not_offered` when they do not offer the "
    "service); where the business requires the customer to choose, a hold without one is 400 "
    "`staff_required`.",
)
async def create_hold(request: Request, body: NewHold) -> Hold:
    account = await customer_account(request)
    await ratelimit.check(request, ratelimit.HOLD_ADDRESS)
    await ratelimit.check(request, ratelimit.HOLD_ACCOUNT, account.id)
    return await holds.hold(_deps(request), request.path_params["slug"], account, body)


@api.operation(
    "POST",
    "/public/holds/{hold_id}/confirm",
    "Make a held booking binding with its security code",
    security=CUSTOMER,
    body=CodeEntry,
    answer=Confirmed,
    errors={400: ("invalid_code",), 410: ("hold_released",), 422: ("wrong_code",)},
)
async def confirm_hold(request: Request, body: CodeEntry) -> Confirmed:
    account = await customer_account(request)
    return await series_codes.confirm(_deps(request), request.path_params["hold_id"], account, body.code)


@api.operation(
    "POST",
    "/public/holds/{hold_id}/resend",
    "Mail a new security code, which replaces the old one",
    security=CUSTOMER,
    status=202,
    answer=Status,
    errors=_HOLD_GONE,
)
async def resend_code(request: Request) -> Status:
    account = await customer_account(request)
    await series_codes.resend_code(_deps(request), request.path_params["hold_id"], account)
    return Status(status="code_sent")


@api.operation(
    "DELETE",
    "/public/holds/{hold_id}",
    "Give a held slot up; it is free again at once",
    security=CUSTOMER,
    status=204,
    errors={409: ("already_confirmed",)},
)
async def release_hold(request: Request) -> None:
    account = await customer_account(request)
    await series_codes.release(_deps(request), request.path_params["hold_id"], account)


@api.operation(
    "POST",
    "/customer/register",
    "Register a customer account; the verification link is mailed",
    security=PUBLIC,
    body=NewAccount,
    status=202,
    answer=Status,
    errors={400: ("invalid_email", "weak_password", *_NEW_NAME)},
    description="Answered before the address is looked up, so the answer tells nothing of accounts.",
)
async def register(request: Request, body: NewAccount) -> Response:
    await ratelimit.check(request, ratelimit.REGISTER)
    work = partial(accounts.register, _deps(request), body)
    return JSONResponse(
        {"status": "verification_sent"}, status_code=202, background=after_answer(work, "A registration")
    )


@api.operation(
    "POST",
    "/customer/verify",
    "Verify an account's address with the mailed link's token",
    security=PUBLIC,
    body=Verification,
    answer=Status,
    errors={410: ("token_used", "token_expired"), 404: ("not_found",)},
)
async def verify(request: Request, body: Verification) -> Status:
    await accounts.verify(_deps(request), body.token)
    return Status(status="verified")


@api.operation(
    "POST",
    "/customer/login",
    "Log a customer in",
    security=PUBLIC,
    body=LogIn,
    answer=LoggedIn,
    errors={401: ("bad_credentials",), 403: ("email_unverified",)},
)
async def customer_login(request: Request, body: LogIn) -> LoggedIn:
    await ratelimit.check(request, ratelimit.LOGIN)
    account = await accounts.login(_deps(request), email=body.email, password=body.password)
    return LoggedIn(token=request.app.state.tokens.customer_token(account))


@api.operation(
    "POST",
    "/customer/password-reset",
    "Ask for a mailed link to set a new password",
    security=PUBLIC,
    body=ResetRequest,
    status=202,
    answer=Status,
    description="Answered before the address is looked up, so the answer tells nothing of accounts.",
)
async def password_reset(request: Request, body: ResetRequest) -> Response:
    await ratelimit.check(request, RESET)
    work = partial(accounts.request_reset, _deps(request), body.email)
    return JSONResponse(
        {"status": "reset_sent"}, status_code=202, background=after_answer(work, "A password reset request")
    )


@api.operation(
    "POST",
    "/customer/password-reset/confirm",
    "Set a new password with the mailed link's token",
    security=PUBLIC,
    body=NewPasswordByLink,
    answer=Status,
    errors={400: ("weak_password",), 404: ("not_found",), 410: ("token_used", "token_expired")},
)
async def password_reset_confirm(request: Request, body: NewPasswordByLink) -> Status:
    await accounts.reset_password(_deps(request), body.token, body.password)
    return Status(status="password_set")


@api.operation("GET", "/customer/me", "The customer's own profile", security=CUSTOMER, answer=Profile)
async def customer_me(request: Request) -> Profile:
    account = await customer_account(request)
    return account.profile()


@api.operation(
    "PATCH",
    "/customer/me",
    "Change the customer's own profile; the address stays",
    security=CUSTOMER,
    body=ProfileChange,
    answer=Profile,
    errors={400: _NEW_NAME},
    description="The businesses that keep a record of the customer get the change as a proposal.",
)
async def change_profile(request: Request, body: ProfileChange) -> Profile:
    account = await customer_account(request)
    return await accounts.update_profile(_deps(request), account.id, body)


@api.operation(
    "POST",
    "/customer/password",
    "Change the password with the current one",
    security=CUSTOMER,
    body=PasswordChange,
    answer=PasswordChanged,
    errors={400: ("weak_password",), 403: ("wrong_password",)},
)
async def change_password(request: Request, body: PasswordChange) -> PasswordChanged:
    account = await customer_account(request)
    await ratelimit.check(request, PASSWORD_CHANGE, account.id)
    changed = await accounts.change_password(
        _deps(request), account, current=body.current_password, new=body.new_password
    )
    # Other log-ins end with the old password; this page stays logged in with a fresh token.
    token = request.app.state.tokens.customer_token(changed)
    return PasswordChanged(status="password_changed", token=token)


@api.operation(
    "GET",
    "/customer/appointments/{appointment_id}/calendar.ics",
    "One of the customer's bookings as a calendar file, the same as its mail carries",
    security=CUSTOMER,
    media="text/calendar",
)
async def calendar_file(request: Request) -> Response:
    account = await customer_account(request)
    entry = await calendar_files.customer_calendar_entry(
        _deps(request), account.id, request.path_params["appointment_id"]
    )
    return Response(
        entry.content,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{entry.filename}"'},
    )


@api.operation(
    "GET",
    "/customer/appointments",
    "The customer's own appointments, upcoming and past",
    security=CUSTOMER,
    query=MyAppointmentsQuery,
    answer=MyAppointments,
)
async def my_appointments_list(request: Request, query: MyAppointmentsQuery) -> MyAppointments:
    account = await customer_account(request)
    return await my_appointments.listing(_deps(request), account.id, query.slug)


@api.operation(
    "POST",
    "/customer/appointments/{appointment_id}/cancel",
    "Cancel one of the customer's own bookings before the business's cut-off",
    security=CUSTOMER,
    answer=MyAppointment,
    errors={404: ("not_found",), 409: ("cancel_too_late",), 410: ("already_cancelled", "appointment_past")},
)
async def my_appointment_cancel(request: Request) -> MyAppointment:
    account = await customer_account(request)
    return await my_appointments.cancel(_deps(request), account.id, request.path_params["appointment_id"])


#: Every operation of this module is declared on `api`.
routes: list[Route] = []
