"""Public holidays: where a business takes them from, which it opens, and the whole local days the
closed ones shut for online booking (the desk may still book on them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.errors import BadInput, NotFound
from contract.events import Nothing
from contract.holidays import Country, Holiday, HolidayPlaces, Holidays, Region
from i18n import N_, translate
from realtime.events import Event
from scheduling import Interval
from scheduling.holidays import COUNTRIES, PlaceError, check_place, closed_days, public_holidays, regions
from store.queries import tenant_by_id
from store.rows import Tenant
from store.schema import open_holidays

COUNTRY_NAMES = {
    "AT": N_("Österreich"),
    "DE": N_("Deutschland"),
    "CH": N_("Schweiz"),
    "LI": N_("Liechtenstein"),
}

#: The longest range one listing may ask for: a few years.
MAX_DAYS = 3 * 366


def places(language: str) -> HolidayPlaces:
    """The countries and their regions a business may choose, named in `language`."""
    return HolidayPlaces(
        countries=[
            Country(
                code=code,
                name=translate(language, COUNTRY_NAMES[code]),
                regions=[Region(code=r, name=name) for r, name in regions(code)],
            )
            for code in COUNTRIES
        ]
    )


def settle_place(tenant: Tenant, values: dict[str, Any]) -> None:
    """Checks a settings change's country and region against each other: a new country without a
    region takes none; an unknown country or region is a BadInput."""
    if "holiday_country" not in values and "holiday_region" not in values:
        return
    country = values.get("holiday_country", tenant.holiday_country)
    if "holiday_region" not in values:
        values["holiday_region"] = tenant.holiday_region if country == tenant.holiday_country else ""
    try:
        check_place(country, values["holiday_region"])
    except PlaceError as error:
        code = "invalid_country" if error.field == "holiday_country" else "invalid_region"
        raise BadInput(code, str(error), field=error.field) from None


def changed(tenant_id: str) -> list[Event]:
    """Holidays opened or closed, or taken from elsewhere: booking pages fetch their slots again,
    open staff calendars their holidays."""
    return [
        Event(tenant_id, "availability.changed", Nothing()),
        Event(tenant_id, "holidays.changed", Nothing()),
    ]


async def _opened(conn: AsyncConnection, tenant_id: str, first: date, last: date) -> set[date]:
    rows = await conn.execute(
        select(open_holidays.c.day).where(
            and_(
                open_holidays.c.tenant_id == tenant_id,
                open_holidays.c.day >= first,
                open_holidays.c.day <= last,
            )
        )
    )
    return {row.day for row in rows}


async def closed_intervals(
    conn: AsyncConnection, tenant: Tenant, first: date, last: date
) -> tuple[Interval, ...]:
    """The UTC intervals of the closed holidays from `first` to `last`: whole days in the
    business's zone."""
    found = public_holidays(tenant.holiday_country, tenant.holiday_region, first, last)
    if not found:
        return ()
    opened = await _opened(conn, tenant.id, first, last)
    return closed_days((h.day for h in found if h.day not in opened), tenant.zone)


def _range(tenant: Tenant, today: date, first: date | None, last: date | None) -> tuple[date, date]:
    first = first or date(today.year, 1, 1)
    last = last or date(first.year + 1, 12, 31)
    if last < first:
        raise BadInput("invalid_range", "`to` must not come before `from`.", field="to")
    if (last - first).days >= MAX_DAYS:
        raise BadInput("invalid_range", f"Ask for at most {MAX_DAYS} days at a time.", field="to")
    return first, last


async def listing(
    deps: Deps, tenant_id: str, first: date | None, last: date | None, language: str
) -> Holidays:
    """The business's public holidays in a range (this year and the next by default), each with
    whether it is open for online booking."""
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        first, last = _range(tenant, deps.clock().astimezone(tenant.zone).date(), first, last)
        opened = await _opened(conn, tenant_id, first, last)
    found = public_holidays(tenant.holiday_country, tenant.holiday_region, first, last, language)
    return Holidays(
        country=tenant.holiday_country,
        region=tenant.holiday_region,
        holidays=[Holiday(date=h.day, name=h.name, open=h.day in opened) for h in found],
    )


async def set_open(deps: Deps, tenant_id: str, day: date, is_open: bool, language: str) -> Holiday:
    """Opens a holiday for online booking, or closes it again (as it is by default)."""
    async with deps.work() as work:
        tenant = await tenant_by_id(work.conn, tenant_id)
        assert tenant is not None
        found = public_holidays(tenant.holiday_country, tenant.holiday_region, day, day, language)
        if not found:
            raise NotFound("The holiday", f"{day.isoformat()} is no public holiday of the business.")
        if is_open:
            # Two people opening the same holiday at once both succeed: the second finds it open.
            dialect: Any = postgresql if work.conn.dialect.name == "postgresql" else sqlite
            await work.conn.execute(
                dialect.insert(open_holidays)
                .values(tenant_id=tenant_id, day=day, opened_at=work.at)
                .on_conflict_do_nothing(index_elements=[open_holidays.c.tenant_id, open_holidays.c.day])
            )
        else:
            await work.conn.execute(
                delete(open_holidays).where(
                    and_(open_holidays.c.tenant_id == tenant_id, open_holidays.c.day == day)
                )
            )
        work.emit_all(changed(tenant_id))
    return Holiday(date=day, name=found[0].name, open=is_open)
