"""The staff log-in's own pages beside /login: the code from the app after the password, and a new
password by a mailed link ("Passwort vergessen?")."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from actions import staff_reset, staff_sessions
from actions.context import Deps
from actions.errors import ActionError, BadInput, NotFound
from web import errors, i18n, login_steps, parse
from web.api.staff_security import ask_for_reset
from web.auth import check_csrf, end_connections, sign_in
from web.language import page_language
from web.rendering import render

#: Where a person whose business requires two-factor log-in goes to set it up.
SETUP_PAGE = "/settings?two_factor=due#zwei-faktor"


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


async def signed_in(request: Request, account: staff_sessions.Account) -> Response:
    """The page after a complete log-in: the calendar, or the set-up the business requires first."""
    request.session.pop("two_factor_challenge", None)
    request.session["staff_token"] = await sign_in(request, account.id, account.tenant_id)
    return RedirectResponse(SETUP_PAGE if account.setup_due else "/calendar", status_code=303)


def ask_for_code(request: Request, account: staff_sessions.Account) -> Response:
    """After a right password, for a person who logs in with a code from an app too."""
    request.session["two_factor_challenge"] = login_steps.challenge(request, account)
    return RedirectResponse("/login/code", status_code=303)


async def login_code(request: Request) -> Response:
    challenge = request.session.get("two_factor_challenge")
    if not isinstance(challenge, str):
        return RedirectResponse("/login", status_code=303)
    if request.method == "GET":
        return render(request, "login_code.html", {"error": None})
    form = await parse.form(request)
    try:
        check_csrf(request, str(form.get("csrf_token", "")))
        account = await login_steps.code(request, challenge, str(form.get("code", "")))
    except ActionError as error:
        if error.code == "login_expired":
            request.session.pop("two_factor_challenge", None)
        shown = {"error": i18n.message(error, page_language(request))}
        refused = render(request, "login_code.html", shown, status_code=error.status)
        refused.headers.update(errors.retry_after(error))
        return refused
    return await signed_in(request, account)


async def reset_request(request: Request) -> Response:
    """Asks for the address and answers alike whether an account has it or not."""
    if request.method == "GET":
        return render(request, "login_reset.html", {"state": "email", "error": None})
    form = await parse.form(request)
    try:
        check_csrf(request, str(form.get("csrf_token", "")))
        mailing = await ask_for_reset(request, str(form.get("email", "")), page_language(request))
    except ActionError as error:
        shown = {"state": "email", "error": i18n.message(error, page_language(request))}
        refused = render(request, "login_reset.html", shown, status_code=error.status)
        refused.headers.update(errors.retry_after(error))
        return refused
    response = render(request, "login_reset.html", {"state": "sent", "error": None})
    response.background = mailing
    return response


async def reset_by_link(request: Request) -> Response:
    """The mailed link's page: the new password twice, then every session of the person ends."""
    deps = _deps(request)
    token = request.path_params["token"]
    if request.method == "GET":
        state = await staff_reset.link_state(deps, token)
        if state == "unknown":
            raise NotFound("The reset link", "This link is not valid.")
        return render(request, "login_reset.html", {"token": token, "state": state, "error": None})
    form = await parse.form(request)
    check_csrf(request, str(form.get("csrf_token", "")))
    password = str(form.get("password", ""))
    try:
        if password != str(form.get("password_repeat", "")):
            raise BadInput("passwords_differ", "The two passwords differ.", field="password_repeat")
        ended = await staff_reset.reset_password(deps, token, password)
    except ActionError as error:
        if error.status == 404:
            raise
        state = {"token_used": "used", "token_expired": "expired"}.get(error.code, "ask")
        context = {"token": token, "state": state, "error": i18n.message(error, page_language(request))}
        return render(request, "login_reset.html", context, status_code=error.status)
    request.session.pop("staff_token", None)
    response = render(request, "login_reset.html", {"token": token, "state": "done", "error": None})
    response.background = end_connections(request, ended)
    return response


routes = [
    Route("/login/code", login_code, methods=["GET", "POST"]),
    Route("/login/reset", reset_request, methods=["GET", "POST"]),
    Route("/login/reset/{token}", reset_by_link, methods=["GET", "POST"]),
]
