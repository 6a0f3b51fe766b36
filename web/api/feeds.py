"""Calendar feeds: a person's secret subscription addresses (webcal) for Google, Apple and Outlook
calendars, and the public route that serves them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from actions import feeds
from actions.context import Deps
from contract.feeds import Feed, FeedKind, Feeds, NewFeed
from web import i18n
from web.api.edge import Api
from web.auth import staff_user

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation("GET", "/feeds", "The calendar feeds the signed-in person made", answer=Feeds)
async def my_feeds(request: Request) -> Feeds:
    user = await staff_user(request)
    return Feeds(feeds=await feeds.my_feeds(_deps(request), user.tenant_id, user.user_id))


@api.operation(
    "POST",
    "/feeds",
    "Make a secret subscription address of a calendar or of one's own appointments",
    body=NewFeed,
    status=201,
    answer=Feed,
    errors={400: ("invalid_feed",), 403: ("needs_book_others",), 404: ("not_found",)},
    description=(
        "Anyone may subscribe to their own calendar, and to any calendar's busy variant (`busy`: "
        "times only, no customer, service or note); the full variant of a colleague's calendar "
        "takes the right to work in colleagues' calendars. A person's feed (`kind` person) shows "
        "their own calendar; without one, every calendar they may see in full. The address is a "
        "secret: whoever has it reads the calendar, until it is renewed or revoked."
    ),
)
async def create(request: Request, body: NewFeed) -> Feed:
    user = await staff_user(request)
    if body.kind == FeedKind.CALENDAR and not body.busy:
        user.require_calendar(body.staff_id)
    return await feeds.create(_deps(request), user.tenant_id, user.user_id, body, i18n.language(request))


@api.operation(
    "POST",
    "/feeds/{feed_id}/renew",
    "Give a feed a new address; the old one stops working at once",
    answer=Feed,
    errors={404: ("not_found",)},
)
async def renew(request: Request) -> Feed:
    user = await staff_user(request)
    return await feeds.renew(_deps(request), user.tenant_id, user.user_id, request.path_params["feed_id"])


@api.operation(
    "DELETE",
    "/feeds/{feed_id}",
    "Revoke a feed: its address stops working at once",
    status=204,
    errors={404: ("not_found",)},
)
async def revoke(request: Request) -> None:
    user = await staff_user(request)
    await feeds.revoke(_deps(request), user.tenant_id, user.user_id, request.path_params["feed_id"])


async def feed(request: Request) -> Response:
    """The feed as calendar programs subscribe to it; 404 once revoked, renewed or no longer allowed."""
    text = await feeds.document(_deps(request), request.path_params["token"])
    if text is None:
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Cache-Control": "private, max-age=300",
            "Content-Disposition": 'inline; filename="kalender.ics"',
        },
    )


routes = [Route("/feeds/{token}.ics", feed, methods=["GET", "HEAD"])]
