"""Staff sign-up, log-in, log-out and password change: each session a token names can be ended."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from actions import signup, staff_sessions
from actions.context import Deps
from contract.staff_access import LogIn, NewBusiness, PasswordChange, PasswordChanged, SignUp, Token
from contract.staff_security import CodeNeeded, LoginCode
from web import i18n, login_steps, ratelimit
from web.api.edge import PUBLIC, Api, answer
from web.auth import bearer, end_connections, sign_in, staff_user

api = Api()

#: Tries at the current password per person, so a token in the wrong hands cannot guess it out.
PASSWORD_CHANGE = ratelimit.Limit(
    "staff-password-change", 10, 900, "Too many password changes. Please wait a few minutes and try again."
)


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation(
    "POST",
    "/signup",
    "Sign a business up: the business, its owner, the owner's calendar and a first location",
    security=PUBLIC,
    body=SignUp,
    status=201,
    answer=NewBusiness,
    errors={
        400: (
            "invalid_name",
            "invalid_slug",
            "invalid_email",
            "weak_password",
            "invalid_timezone",
            "invalid_line",
        ),
        409: ("slug_taken",),
    },
)
async def sign_up(request: Request, body: SignUp) -> NewBusiness:
    await ratelimit.check(request, ratelimit.REGISTER)
    created = await signup.signup(_deps(request), body, language=i18n.language(request))
    token = await sign_in(request, created.user_id, created.tenant_id)
    return NewBusiness(
        tenant_id=created.tenant_id,
        slug=created.slug,
        user_id=created.user_id,
        staff_id=created.staff_id,
        location_id=created.location_id,
        token=token,
    )


@api.operation(
    "POST",
    "/login",
    "Log in: a bearer token for the newest account with this address and password",
    security=PUBLIC,
    body=LogIn,
    answer=Token,
    also={202: CodeNeeded},
    errors={401: ("bad_credentials",)},
    description="A person who logs in with a code from an app gets a 202 with a challenge instead: "
    "send it with the code to /login/code.",
)
async def login(request: Request, body: LogIn) -> Token | Response:
    user = await login_steps.password(request, body.email, body.password)
    if user.two_factor:
        return answer(CodeNeeded(challenge=login_steps.challenge(request, user)), status=202)
    return Token(token=await sign_in(request, user.id, user.tenant_id), two_factor_setup_due=user.setup_due)


@api.operation(
    "POST",
    "/login/code",
    "Log in, second step: the code from the app (or a recovery code) with the challenge",
    security=PUBLIC,
    body=LoginCode,
    answer=Token,
    errors={401: ("login_expired",), 422: ("wrong_code",)},
)
async def login_code(request: Request, body: LoginCode) -> Token:
    user = await login_steps.code(request, body.challenge, body.code)
    return Token(token=await sign_in(request, user.id, user.tenant_id))


@api.operation(
    "POST",
    "/logout",
    "End the session of this token or cookie, and its live connections",
    status=204,
    before_two_factor=True,
)
async def logout(request: Request) -> Response:
    """Ends the session of the token (or cookie) that came with the request, and its live connections."""
    user = await staff_user(request)
    await staff_sessions.end(_deps(request), user.session_id)
    request.session.pop("staff_token", None)
    return Response(status_code=204, background=end_connections(request, (user.session_id,)))


@api.operation(
    "POST",
    "/password",
    "Change the password: every session of the person ends, the caller carries on with a new token",
    body=PasswordChange,
    answer=PasswordChanged,
    errors={400: ("weak_password",), 403: ("wrong_password",)},
    before_two_factor=True,
)
async def change_password(request: Request, body: PasswordChange) -> Response:
    """A new password ends every session of the person; the caller carries on with a fresh token."""
    user = await staff_user(request)
    await ratelimit.check(request, PASSWORD_CHANGE, user.user_id)
    rotated = await staff_sessions.change_password(_deps(request), user.user_id, body)
    token = request.app.state.tokens.staff_token(user.user_id, rotated.session_id)
    if bearer(request) is None:
        request.session["staff_token"] = token
    return answer(PasswordChanged(token=token), background=end_connections(request, rotated.ended))
