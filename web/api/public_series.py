"""Series booked online on the booking page: the preview of a customer's weekly dates and one hold
for all of them (confirmed, resent and released through /public/holds/{hold_id}/…)."""

from __future__ import annotations

from starlette.requests import Request

from actions import online_series, series_holds
from actions.context import Deps
from contract.online_series import NewSeriesHold, OnlineSeriesAsked, OnlineSeriesPreview, SeriesHold
from web import ratelimit
from web.api.edge import CUSTOMER, PUBLIC, Api
from web.auth import customer_account

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


_SERIES_ERRORS = {
    400: (
        "not_bookable",
        "not_offered",
        "staff_required",
        "series_not_offered",
        "series_too_long",
        "in_past",
    ),
    404: ("not_found",),
}


@api.operation(
    "POST",
    "/public/{slug}/series-preview",
    "The weekly dates of a series from a picked time, each free or not online, with alternatives",
    security=PUBLIC,
    body=OnlineSeriesAsked,
    answer=OnlineSeriesPreview,
    errors=_SERIES_ERRORS,
    description="Only for a service whose `series_online` allows it (400 `series_not_offered`), with at "
    "most that many dates (400 `series_too_long`). A date is `free` when it is a free online slot, "
    "`taken`, or `closed` (with `reason`); the others come with up to three free online slots instead.",
)
async def series_preview(request: Request, body: OnlineSeriesAsked) -> OnlineSeriesPreview:
    return await online_series.preview(_deps(request), request.path_params["slug"], body)


@api.operation(
    "POST",
    "/public/{slug}/series-holds",
    "Hold every chosen date of a series at once, under one mailed security code",
    security=CUSTOMER,
    body=NewSeriesHold,
    status=201,
    answer=SeriesHold,
    errors={
        **_SERIES_ERRORS,
        400: (*_SERIES_ERRORS[400], "overlapping_starts"),
        403: ("email_unverified",),
        409: ("slot_taken",),
    },
    description="All dates are held or none: a date that is no free online slot is 400 `not_bookable` "
    "naming it (`start`, `reason`); taken ones are 409 `slot_taken` with `conflicts: [{start, end}]`. "
    "Confirming, resending or releasing any of the holds (`/public/holds/{hold_id}/…`) does so for all.",
)
async def create_series_hold(request: Request, body: NewSeriesHold) -> SeriesHold:
    account = await customer_account(request)
    await ratelimit.check(request, ratelimit.HOLD_ADDRESS)
    await ratelimit.check(request, ratelimit.HOLD_ACCOUNT, account.id)
    return await series_holds.hold(_deps(request), request.path_params["slug"], account, body)
