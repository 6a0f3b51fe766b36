"""Public holidays as the desk lists and opens them; the country and region are settings."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request

from actions import holidays
from actions.context import Deps
from actions.errors import BadInput
from contract.enums import Right
from contract.holidays import Holiday, HolidayOpening, HolidayPlaces, HolidayRange, Holidays
from web.api.edge import Api
from web.auth import staff_user
from web.language import page_language

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


def _language(request: Request) -> str:
    return "en" if page_language(request) == "en" else "de"


@api.operation(
    "GET",
    "/holidays",
    "The business's public holidays in a range, each closed or open for online booking",
    query=HolidayRange,
    answer=Holidays,
    errors={400: ("invalid_date", "invalid_range")},
    description="Without `from` and `to`: this year's and next year's. A closed holiday (the default) "
    "takes no online bookings, in every calendar, all day in the business's time zone; the desk may "
    "still book on it. Names come in the request's language (German or English).",
)
async def holiday_list(request: Request, query: HolidayRange) -> Holidays:
    user = await staff_user(request)
    return await holidays.listing(_deps(request), user.tenant_id, query.start, query.end, _language(request))


@api.operation(
    "GET",
    "/holidays/places",
    "The countries and regions a business may take its public holidays from",
    answer=HolidayPlaces,
    description="Choose one with `holiday_country` and `holiday_region` in `PATCH /settings`.",
)
async def holiday_places(request: Request) -> HolidayPlaces:
    await staff_user(request)
    return holidays.places(_language(request))


@api.operation(
    "PUT",
    "/holidays/{day}",
    "Open a public holiday for online booking, or close it again",
    right=Right.SETTINGS,
    body=HolidayOpening,
    answer=Holiday,
    errors={400: ("invalid_date",), 404: ("not_found",)},
)
async def open_holiday(request: Request, body: HolidayOpening) -> Holiday:
    user = await staff_user(request)
    try:
        day = date.fromisoformat(request.path_params["day"])
    except ValueError:
        raise BadInput("invalid_date", "The holiday must be a date YYYY-MM-DD.", field="day") from None
    return await holidays.set_open(_deps(request), user.tenant_id, day, body.open, _language(request))
