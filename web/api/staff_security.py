"""A staff person's own safety: a new password by mailed link, their sessions (end one, or every
other), and two-factor log-in with an authenticator app, which the owner may require."""

from __future__ import annotations

from datetime import UTC
from functools import partial

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from actions import staff_reset, staff_sessions, two_factor
from actions.context import Deps
from contract.enums import Right
from contract.public import Status
from contract.staff_security import (
    RecoveryCodes,
    SessionsEnded,
    StaffNewPassword,
    StaffResetRequest,
    StaffSession,
    StaffSessions,
    TwoFactorOff,
    TwoFactorOn,
    TwoFactorRequired,
    TwoFactorSetup,
    TwoFactorState,
)
from store.queries import tenant_by_id
from web import i18n, ratelimit
from web.afterwards import after_answer
from web.api.edge import PUBLIC, Api, answer
from web.auth import end_connections, staff_user

api = Api()

#: Reset mails asked for from one client address, and for one e-mail address; the answer is the
#: same whether an account exists or not.
RESET = ratelimit.Limit(
    "staff-password-reset", 10, 3600, "Too many password resets from this address. Please try again later."
)
RESET_EMAIL = ratelimit.Limit(
    "staff-password-reset-email",
    5,
    3600,
    "Too many password resets for this address. Please try again later.",
)


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


async def ask_for_reset(request: Request, email: str, language: str) -> BackgroundTask:
    """Counts the request against its limits and returns the mailing, to run after the answer."""
    await ratelimit.check(request, RESET)
    await ratelimit.check(request, RESET_EMAIL, email.strip().lower())
    work = partial(staff_reset.request_reset, _deps(request), email, language)
    return after_answer(work, "A staff password reset request")


@api.operation(
    "POST",
    "/password-reset",
    "Ask for a mailed link to set a new staff password",
    security=PUBLIC,
    body=StaffResetRequest,
    status=202,
    answer=Status,
    description="Answered before the address is looked up, so the answer tells nothing of accounts. "
    "The mail is in the language of the request's Accept-Language (German or English).",
)
async def password_reset(request: Request, body: StaffResetRequest) -> Response:
    mailing = await ask_for_reset(request, body.email, i18n.language(request))
    return JSONResponse({"status": "reset_sent"}, status_code=202, background=mailing)


@api.operation(
    "POST",
    "/password-reset/confirm",
    "Set a new staff password with the mailed link's token; every session of the person ends",
    security=PUBLIC,
    body=StaffNewPassword,
    answer=Status,
    errors={400: ("weak_password",), 404: ("not_found",), 410: ("token_used", "token_expired")},
)
async def password_reset_confirm(request: Request, body: StaffNewPassword) -> Response:
    ended = await staff_reset.reset_password(_deps(request), body.token, body.password)
    return answer(Status(status="password_set"), background=end_connections(request, ended))


@api.operation(
    "GET",
    "/sessions",
    "The person's own sessions, newest first",
    answer=StaffSessions,
    before_two_factor=True,
)
async def sessions(request: Request) -> StaffSessions:
    user = await staff_user(request)
    listed = await staff_sessions.sessions_of(_deps(request), user.user_id)
    return StaffSessions(
        sessions=[
            StaffSession(
                id=s.id,
                started_at=s.started_at.astimezone(UTC),
                device=s.device,
                current=s.id == user.session_id,
            )
            for s in listed
        ]
    )


@api.operation(
    "DELETE",
    "/sessions/{session_id}",
    "End one of the person's own sessions and its live connections",
    before_two_factor=True,
    status=204,
    errors={404: ("not_found",)},
)
async def end_session(request: Request) -> Response:
    user = await staff_user(request)
    session_id = request.path_params["session_id"]
    await staff_sessions.end_own(_deps(request), user.user_id, session_id)
    if session_id == user.session_id:
        request.session.pop("staff_token", None)
    return Response(status_code=204, background=end_connections(request, (session_id,)))


@api.operation(
    "POST",
    "/sessions/end-others",
    "Log out everywhere else: every session of the person but this one ends",
    before_two_factor=True,
    answer=SessionsEnded,
)
async def end_other_sessions(request: Request) -> Response:
    user = await staff_user(request)
    ended = await staff_sessions.end_others(_deps(request), user.user_id, keep=user.session_id)
    return answer(SessionsEnded(ended=len(ended)), background=end_connections(request, ended))


async def _state(deps: Deps, user_id: str) -> TwoFactorState:
    shown = await two_factor.state(deps, user_id)
    return TwoFactorState(
        enabled=shown.enabled, required=shown.required, recovery_codes_left=shown.recovery_codes_left
    )


@api.operation(
    "GET",
    "/two-factor",
    "Whether the person logs in with a code from an app",
    answer=TwoFactorState,
    before_two_factor=True,
)
async def two_factor_state(request: Request) -> TwoFactorState:
    user = await staff_user(request)
    return await _state(_deps(request), user.user_id)


@api.operation(
    "POST",
    "/two-factor/setup",
    "A fresh secret for an authenticator app, as a QR code; nothing changes until a code confirms it",
    before_two_factor=True,
    answer=TwoFactorSetup,
)
async def two_factor_setup(request: Request) -> TwoFactorSetup:
    user = await staff_user(request)
    async with _deps(request).store.read() as conn:
        tenant = await tenant_by_id(conn, user.tenant_id)
    made = two_factor.new_setup(user.email, tenant.name if tenant else "")
    return TwoFactorSetup(secret=made.secret, uri=made.uri, qr_svg=made.qr_svg)


@api.operation(
    "POST",
    "/two-factor",
    "Turn two-factor log-in on with the set-up's secret and a code from the app",
    before_two_factor=True,
    body=TwoFactorOn,
    status=201,
    answer=RecoveryCodes,
    errors={400: ("invalid_secret",), 409: ("two_factor_on",), 422: ("wrong_code",)},
)
async def two_factor_on(request: Request, body: TwoFactorOn) -> RecoveryCodes:
    user = await staff_user(request)
    await ratelimit.check(request, ratelimit.LOGIN_CODE, user.user_id)
    codes = await two_factor.enable(_deps(request), user.user_id, body.secret, body.code)
    return RecoveryCodes(recovery_codes=codes)


@api.operation(
    "POST",
    "/two-factor/off",
    "Turn two-factor log-in off, with a code from the app or a recovery code",
    body=TwoFactorOff,
    status=204,
    errors={422: ("wrong_code",)},
)
async def two_factor_off(request: Request, body: TwoFactorOff) -> None:
    user = await staff_user(request)
    await ratelimit.check(request, ratelimit.LOGIN_CODE, user.user_id)
    await two_factor.disable(_deps(request), user.user_id, body.code)


@api.operation(
    "PUT",
    "/two-factor/required",
    "Require two-factor log-in of everyone in the business",
    body=TwoFactorRequired,
    answer=TwoFactorState,
    right=Right.TEAM,
    errors={409: ("two_factor_first",)},
)
async def two_factor_required(request: Request, body: TwoFactorRequired) -> TwoFactorState:
    user = await staff_user(request)
    await two_factor.require(_deps(request), user.user_id, body.required)
    return await _state(_deps(request), user.user_id)
