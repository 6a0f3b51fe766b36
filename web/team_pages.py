"""The page of a mailed invitation to join a team: the person sets their name and password and
arrives in the calendar, signed in."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from actions import team
from actions.context import Deps
from actions.errors import ActionError, BadInput
from contract.team import InvitationTaken
from web import i18n, parse
from web.api.edge import read_values
from web.auth import check_csrf, sign_in
from web.language import page_language
from web.login_pages import SETUP_PAGE
from web.rendering import render

#: The states of a link the page can show; `unknown` for a link that never was or was taken back.
SPENT = {"token_used": "used", "token_expired": "expired"}


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


async def invitation(request: Request) -> Response:
    """Asks for name and password while the link holds; says what to do once it no longer does."""
    deps = _deps(request)
    token = request.path_params["token"]
    shown = await team.invitation(deps, token)
    context: dict[str, Any] = {"token": token, "invited": shown.model_dump(), "error": None, "field": None}
    if request.method == "GET" or shown.state != "ask":
        status = {"ask": 200, "unknown": 404}.get(shown.state, 410)
        return render(request, "invitation.html", {**context, "state": shown.state}, status_code=status)
    form = await parse.form(request)
    name = str(form.get("name", "")).strip()
    password = str(form.get("password", ""))
    try:
        check_csrf(request, str(form.get("csrf_token", "")))
        if password != str(form.get("password_repeat", "")):
            raise BadInput("passwords_differ", "The two passwords differ.", field="password_repeat")
        taken = read_values(InvitationTaken, {"token": token, "name": name, "password": password})
        joined = await team.join(deps, taken)
    except ActionError as error:
        state = SPENT.get(error.code, "ask")
        failed = {
            **context,
            "state": state,
            "invited": {**context["invited"], "name": name},
            "error": i18n.message(error, page_language(request)),
            "field": error.extra.get("field"),
        }
        return render(request, "invitation.html", failed, status_code=error.status)
    request.session.pop("two_factor_challenge", None)
    request.session["staff_token"] = await sign_in(request, joined.user_id, joined.tenant_id)
    return RedirectResponse(SETUP_PAGE if joined.setup_due else "/calendar", status_code=303)


routes = [Route("/invitation/{token}", invitation, methods=["GET", "POST"])]
