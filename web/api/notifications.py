"""Each person's choice of mails: online bookings, requests, cancellations, the daily agenda."""

from __future__ import annotations

from starlette.requests import Request

from actions import staff_notifications
from actions.context import Deps
from contract.notifications import Notifications, NotificationsChange
from web import i18n
from web.api.edge import Api
from web.auth import staff_user

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation("GET", "/me/notifications", "What the signed-in person is told by mail", answer=Notifications)
async def mine(request: Request) -> Notifications:
    user = await staff_user(request)
    return await staff_notifications.choice_of(_deps(request), user.tenant_id, user.user_id, user.role)


@api.operation(
    "PUT",
    "/me/notifications",
    "Choose the mails: online bookings, requests and cancellations (of appointments one sees in "
    "full) and the next day's agenda at an hour of the business's time",
    body=NotificationsChange,
    answer=Notifications,
    errors={400: ("invalid_hour",)},
    description="Mails then come in the language of the request's Accept-Language (German or English).",
)
async def choose(request: Request, body: NotificationsChange) -> Notifications:
    user = await staff_user(request)
    return await staff_notifications.save(
        _deps(request), user.tenant_id, user.user_id, body, i18n.language(request)
    )
