"""Staff sign-up, log-in, log-out and password change: each session a token names can be ended."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from actions import signup, staff_sessions
from actions.context import Deps
from web import i18n, parse, ratelimit
from web.api.edge import Api
from web.auth import bearer, end_connections, sign_in, staff_user

api = Api()

#: Tries at the current password per person, so a token in the wrong hands cannot guess it out.
PASSWORD_CHANGE = ratelimit.Limit(
    "staff-password-change", 10, 900, "Too many password changes. Please wait a few minutes and try again."
)


def _deps(request: Request) -> Deps:
    return request.app.state.deps


async def sign_up(request: Request) -> Response:
    await ratelimit.check(request, ratelimit.REGISTER)
    body = await parse.json_body(request)
    created = await signup.signup(
        _deps(request),
        business_name=parse.text(body, "business_name", limit=200),
        slug=parse.text(body, "slug", limit=64),
        email=parse.text(body, "email", limit=254),
        password=parse.text(body, "password", limit=200),
        timezone=parse.text(body, "timezone", required=False, default="Europe/Vienna", limit=64),
        language=i18n.language(request),
    )
    token = await sign_in(request, created.user_id, created.tenant_id)
    return JSONResponse(
        {
            "tenant_id": created.tenant_id,
            "slug": created.slug,
            "user_id": created.user_id,
            "staff_id": created.staff_id,
            "location_id": created.location_id,
            "token": token,
        },
        status_code=201,
    )


async def login(request: Request) -> Response:
    await ratelimit.check(request, ratelimit.LOGIN)
    body = await parse.json_body(request)
    user = await staff_sessions.login(
        _deps(request),
        email=parse.text(body, "email", limit=254),
        password=parse.text(body, "password", limit=200),
    )
    return JSONResponse({"token": await sign_in(request, user["id"], user["tenant_id"])})


async def logout(request: Request) -> Response:
    """Ends the session of the token (or cookie) that came with the request, and its live connections."""
    user = await staff_user(request)
    await staff_sessions.end(_deps(request), user.session_id)
    request.session.pop("staff_token", None)
    return Response(status_code=204, background=end_connections(request, (user.session_id,)))


async def change_password(request: Request) -> Response:
    """A new password ends every session of the person; the caller carries on with a fresh token."""
    user = await staff_user(request)
    await ratelimit.check(request, PASSWORD_CHANGE, user.user_id)
    body = await parse.json_body(request)
    rotated = await staff_sessions.change_password(
        _deps(request),
        user.user_id,
        current=parse.text(body, "current_password", limit=200),
        new=parse.text(body, "new_password", limit=200),
    )
    token = request.app.state.tokens.staff_token(user.user_id, rotated.session_id)
    if bearer(request) is None:
        request.session["staff_token"] = token
    return JSONResponse(
        {"status": "password_changed", "token": token},
        background=end_connections(request, rotated.ended),
    )


routes = [
    Route("/signup", sign_up, methods=["POST"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/password", change_password, methods=["POST"]),
]
