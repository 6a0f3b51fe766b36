"""Series of appointments at the desk: the preview of a weekly rule, booking the chosen dates, and
moving or cancelling an appointment together with the following ones of its series."""

from __future__ import annotations

from starlette.requests import Request

from actions import series, series_changes
from actions.context import Deps
from contract.series import (
    FollowingCancel,
    FollowingMove,
    NewSeries,
    SeriesAppointments,
    SeriesAsked,
    SeriesBooked,
    SeriesPreview,
)
from web.api.edge import Api
from web.auth import staff_user

api = Api()

#: What a rule that gives no series answers.
RULE_ERRORS = ("invalid_time", "invalid_date", "in_past", "invalid_repeat", "too_many_dates")


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation(
    "POST",
    "/series/preview",
    "The dates of a weekly rule in a calendar, each with its state and, where taken or closed, "
    "the nearest free times",
    body=SeriesAsked,
    answer=SeriesPreview,
    errors={400: (*RULE_ERRORS, "service_not_offered")},
    description="`repeat`: `every_weeks` (1–12), `weekdays` (0 Monday … 6 Sunday; left out: the "
    "first date's), and `count` (at most 52) or `until` (a date, inclusive). Each date's `state` is "
    "`free`, `taken`, `closed` or `outside_hours` (the desk may book it all the same); taken and "
    "closed dates come with up to three `alternatives`, their own day first.",
)
async def preview(request: Request, body: SeriesAsked) -> SeriesPreview:
    user = await staff_user(request)
    user.require_calendar(body.staff_id)
    return await series.preview(_deps(request), user.tenant_id, body)


@api.operation(
    "POST",
    "/series",
    "Book a series at the desk: every chosen date for one customer, all or none",
    body=NewSeries,
    status=201,
    answer=SeriesBooked,
    errors={
        400: (
            *RULE_ERRORS,
            "overlapping_starts",
            "invalid_customer",
            "invalid_email",
            "invalid_line",
            "service_not_offered",
        ),
        409: ("slot_taken",),
    },
    description="`starts` are the dates chosen from the preview (alternatives in place of taken "
    "ones). When any is taken, 409 `slot_taken` lists each date in the way with what is there "
    "(`conflicts: [{start, end, in_way}]`) and nothing is booked. The customer gets one mail listing "
    "every date, with one calendar entry per date.",
)
async def book(request: Request, body: NewSeries) -> SeriesBooked:
    user = await staff_user(request)
    user.require_calendar(body.staff_id)
    return await series.book(_deps(request), user.tenant_id, body)


@api.operation(
    "POST",
    "/appointments/{appointment_id}/following/move",
    "Move an appointment of a series and every later one of it by the same time, all or none",
    body=FollowingMove,
    answer=SeriesAppointments,
    errors={400: ("invalid_time", "in_past", "not_in_series"), 409: ("slot_taken", "not_movable")},
    description="409 `slot_taken` lists each date in the way (`conflicts: [{start, end, in_way}]`); "
    "then nothing moves. The customer gets one mail with the new times and their calendar entries.",
)
async def move_following(request: Request, body: FollowingMove) -> SeriesAppointments:
    user = await staff_user(request)
    return await series_changes.move_following(
        _deps(request),
        user.tenant_id,
        request.path_params["appointment_id"],
        body,
        guard=user.require_calendar,
    )


@api.operation(
    "POST",
    "/appointments/{appointment_id}/following/cancel",
    "Cancel an appointment of a series and every later one of it, and tell the customer once",
    body=FollowingCancel,
    answer=SeriesAppointments,
    errors={400: ("not_in_series",), 409: ("appointment_changed",)},
)
async def cancel_following(request: Request, body: FollowingCancel) -> SeriesAppointments:
    user = await staff_user(request)
    return await series_changes.cancel_following(
        _deps(request),
        user.tenant_id,
        request.path_params["appointment_id"],
        body,
        guard=user.require_calendar,
    )
