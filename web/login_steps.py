"""The staff log-in's two steps, shared by the API and the log-in page: the password, then (for a
person who turned it on) the code from the app; each limited per client, address and account."""

from __future__ import annotations

from starlette.requests import Request

from actions import staff_sessions, two_factor
from actions.context import Deps
from actions.errors import Unauthorised
from web import ratelimit
from web.auth import Tokens


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


async def password(request: Request, email: str, password: str) -> staff_sessions.Account:
    """The account this address and password log in to; every try counts against the client's
    address and against the e-mail address, whether it has an account or not."""
    await ratelimit.check(request, ratelimit.LOGIN)
    who = email.strip().lower()
    await ratelimit.check(request, ratelimit.LOGIN_EMAIL, who)
    await ratelimit.check(request, ratelimit.LOGIN_EMAIL_DAY, who)
    return await staff_sessions.login(_deps(request), email=email, password=password)


def challenge(request: Request, account: staff_sessions.Account) -> str:
    """What the second step carries to show that the password was right."""
    tokens: Tokens = request.app.state.tokens
    return tokens.challenge(account.id, _deps(request).clock())


async def code(request: Request, challenge: str, code: str) -> staff_sessions.Account:
    """The account whose password the challenge vouches for, once the code is right."""
    tokens: Tokens = request.app.state.tokens
    user_id = tokens.challenged(challenge, _deps(request).clock())
    if user_id is None:
        raise Unauthorised("login_expired", "The log-in took too long. Please enter your password again.")
    await ratelimit.check(request, ratelimit.LOGIN_CODE, user_id)
    deps = _deps(request)
    await two_factor.check_code(deps, user_id, code)
    return await staff_sessions.account(deps, user_id)
