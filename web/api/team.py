"""The team: who works in the business, with which rights and calendar; invitations to join."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from actions import team
from actions.context import Deps
from contract.enums import Right
from contract.staff_access import Token
from contract.team import Invitation, InvitationInfo, InvitationTaken, Person, PersonChange, Team
from web import i18n
from web.api.edge import PUBLIC, Api, answer
from web.auth import sign_in, staff_user

api = Api()

PERSON_ERRORS = {409: ("owner_fixed", "own_account")}
CALENDAR_ERRORS = ("calendar_taken",)


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


def catch_up(request: Request, user_id: str, sessions: tuple[str, ...] = ()) -> BackgroundTask:
    """After the answer: the person's live connections close, on every process. Those of ended
    sessions stay away; the others reconnect at once with what the person may now see."""

    async def close() -> None:
        realtime = _deps(request).realtime
        await realtime.end_sessions(sessions)
        await realtime.refresh_people((user_id,))

    return BackgroundTask(close)


@api.operation(
    "GET", "/team", "Everyone of the business: invited, active and deactivated", answer=Team, right=Right.TEAM
)
async def people(request: Request) -> Team:
    user = await staff_user(request)
    return Team(people=await team.team_of(_deps(request), user.tenant_id))


@api.operation(
    "POST",
    "/team/invitations",
    "Invite a person by mail: a single-use link, valid 7 days, to set their name and password",
    body=Invitation,
    status=201,
    answer=Person,
    errors={
        400: ("invalid_right", "invalid_name"),
        404: ("not_found",),
        409: ("already_in_team", *CALENDAR_ERRORS),
    },
    right=Right.TEAM,
    description="The mail is in the language of the request's Accept-Language (German or English).",
)
async def invite(request: Request, body: Invitation) -> Person:
    user = await staff_user(request)
    return await team.invite(_deps(request), user.tenant_id, user.user_id, body, i18n.language(request))


@api.operation(
    "POST",
    "/team/{user_id}/resend",
    "Mail an invited person a fresh link; the one mailed before stops working",
    answer=Person,
    errors={409: ("not_invited", "owner_fixed")},
    right=Right.TEAM,
)
async def resend(request: Request) -> Person:
    user = await staff_user(request)
    user_id = request.path_params["user_id"]
    return await team.resend(_deps(request), user.tenant_id, user_id, user.user_id, i18n.language(request))


@api.operation(
    "DELETE",
    "/team/{user_id}",
    "Take an invitation back; its link stops working (people who joined are deactivated instead)",
    status=204,
    errors={409: ("not_invited", "owner_fixed")},
    right=Right.TEAM,
)
async def revoke(request: Request) -> None:
    user = await staff_user(request)
    await team.revoke(_deps(request), user.tenant_id, request.path_params["user_id"])


@api.operation(
    "PATCH",
    "/team/{user_id}",
    "Change a person's rights (a preset, or one by one) or calendar; their open pages follow within a second",
    body=PersonChange,
    answer=Person,
    errors={400: ("invalid_right",), 409: (*PERSON_ERRORS[409], *CALENDAR_ERRORS)},
    right=Right.TEAM,
)
async def change(request: Request, body: PersonChange) -> Response:
    user = await staff_user(request)
    user_id = request.path_params["user_id"]
    done = await team.change(_deps(request), user.tenant_id, user_id, user.user_id, body)
    return answer(done.person, background=catch_up(request, user_id))


@api.operation(
    "POST",
    "/team/{user_id}/deactivate",
    "Deactivate a person: their log-ins and live connections end at once; what they did stays",
    answer=Person,
    errors={409: (*PERSON_ERRORS[409], "not_joined")},
    right=Right.TEAM,
)
async def deactivate(request: Request) -> Response:
    user = await staff_user(request)
    user_id = request.path_params["user_id"]
    done = await team.deactivate(_deps(request), user.tenant_id, user_id, user.user_id)
    return answer(done.person, background=catch_up(request, user_id, done.sessions))


@api.operation(
    "POST",
    "/team/{user_id}/activate",
    "Let a deactivated person log in again, with the rights they had",
    answer=Person,
    errors={409: ("owner_fixed",)},
    right=Right.TEAM,
)
async def activate(request: Request) -> Person:
    user = await staff_user(request)
    return await team.activate(_deps(request), user.tenant_id, request.path_params["user_id"])


@api.operation(
    "GET",
    "/invitations/{token}",
    "Whether an invitation's link can still be taken up, and for whom",
    security=PUBLIC,
    answer=InvitationInfo,
)
async def invitation(request: Request) -> InvitationInfo:
    return await team.invitation(_deps(request), request.path_params["token"])


@api.operation(
    "POST",
    "/invitations/accept",
    "Join the team with the mailed link: name and password; answers the person's bearer token",
    security=PUBLIC,
    body=InvitationTaken,
    answer=Token,
    errors={
        400: ("invalid_name", "weak_password"),
        404: ("not_found",),
        410: ("token_used", "token_expired"),
    },
)
async def accept(request: Request, body: InvitationTaken) -> Token:
    joined = await team.join(_deps(request), body)
    token = await sign_in(request, joined.user_id, joined.tenant_id)
    return Token(token=token, two_factor_setup_due=joined.setup_due)
