"""A demo business to look at on first start: two calendars, services and a few appointments."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from actions import (
    appointments,
    business,
    company,
    customers,
    licences,
    owner_verification,
    places,
    services,
    setup_guide,
    signup,
)
from actions.context import Deps
from actions.errors import ActionError
from actions.licence_limits import plans_of
from contract.appointments import NewAppointment
from contract.business import CalendarChange, CalendarHours, NewCalendar, SettingsChange
from contract.company import CompanyChange
from contract.customers import NamedGroup, NewRecord
from contract.enums import StaffChoice
from contract.licences import AddOns
from contract.services import NewService
from contract.setup_guide import SetupStepKey
from contract.staff_access import SignUp
from store.queries import tenant_by_id, tenant_by_slug

SLUG = "demo"
EMAIL = "demo@termine.example"
PASSWORD = "demo-passwort"
ZONE = "Europe/Vienna"


async def ensure_demo(deps: Deps) -> str:
    """Creates the demo business unless it exists, and prints where to look."""
    async with deps.store.read() as conn:
        exists = await tenant_by_slug(conn, SLUG) is not None
    if not exists:
        await _create(deps)
    url = deps.settings.public_url
    print(
        "\n  Demo business ready.\n"
        f"  Staff calendar: {url}/login  (e-mail {EMAIL}, password {PASSWORD})\n"
        f"  Booking page:   {url}/book/{SLUG}\n"
        f"  Dev mailbox:    {url}/dev/mailbox\n",
        flush=True,
    )
    return SLUG


async def _create(deps: Deps) -> None:
    made = await signup.signup(
        deps,
        SignUp(
            business_name="Physiotherapie Sonnenhof", slug=SLUG, email=EMAIL, password=PASSWORD, timezone=ZONE
        ),
    )
    tenant = made.tenant_id
    # A practice in Vienna: its public holidays are closed for online booking, and customers may
    # choose their therapist.
    await business.update_settings(
        deps,
        tenant,
        SettingsChange.model_validate(
            {"holiday_country": "AT", "holiday_region": "9", "staff_choice": StaffChoice.OPTIONAL}
        ),
    )
    await company.update_company(
        deps,
        tenant,
        CompanyChange(address="Sonnenhofgasse 3, 1060 Wien", phone="+43 1 234 56 78", email=EMAIL),
    )
    # The demo shows the product as a paying practice has it: the base licence, with Anna's calendar
    # as an add-on, and no trial to run out.
    async with deps.work() as work:
        found = await tenant_by_id(work.conn, tenant)
        assert found is not None
        await licences.start_base(work.conn, plans_of(deps.settings), found, deps.clock(), made.user_id)
    await licences.set_add_ons(deps, tenant, made.user_id, AddOns(extra_locations=0, extra_calendars=1), "de")
    await owner_verification.mark_verified(deps, tenant)
    # The owner treats patients too: her calendar carries her name, as customers choose by it.
    await places.change_calendar(deps, tenant, made.staff_id, CalendarChange(name="Sabine Sonnleitner"))
    anna = await business.add_staff(deps, tenant, NewCalendar(name="Anna Berger"))
    week = {day: [["08:00", "12:00"], ["13:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    await business.set_staff_hours(
        deps, tenant, anna, CalendarHours(location_id=made.location_id, weekly=week)
    )
    calendars = [made.staff_id, anna]
    offered = [
        await services.add(
            deps,
            tenant,
            NewService(
                name=name,
                duration_minutes=minutes,
                color=color,
                staff_ids=calendars,
                price_cents=price,
                series_online=series,
            ),
        )
        # a prescription's treatments may be booked online as a weekly series of up to ten
        for name, minutes, color, price, series in (
            ("Physiotherapie", 45, "#2563eb", 6500, 10),
            ("Massage", 30, "#059669", 4500, None),
            ("Erstgespräch", 60, "#d97706", 8000, None),
        )
    ]
    for step in (SetupStepKey.BOOKING_MODE, SetupStepKey.SHARE):  # the demo is set up: no checklist
        await setup_guide.mark(deps, tenant, step, True)
    zone = ZoneInfo(ZONE)
    today = deps.clock().astimezone(zone).date()
    people = [
        ("Maria", "Huber", "+43 664 1234567", ["Stammkunden"]),
        ("Thomas", "Gruber", "", ["Stammkunden", "Sportverein"]),
        ("Eva", "Wagner", "+43 676 7654321", []),
        ("Lukas", "Bauer", "", ["Sportverein"]),
        ("Sophie", "Pichler", "", []),
    ]
    records = [
        await customers.create(
            deps,
            tenant,
            NewRecord(
                first_name=first,
                last_name=last,
                email=f"{first.lower()}@example.com",
                phone=phone,
                groups=[NamedGroup(name=name) for name in groups],
            ),
        )
        for first, last, phone, groups in people
    ]
    plan = [(1, 9, 0, 0), (1, 10, 1, 1), (1, 14, 2, 0), (2, 8, 0, 1), (2, 11, 1, 0), (3, 15, 2, 1)]
    for index, (days, hour, service, calendar) in enumerate(plan):
        day = today + timedelta(days=days)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        try:
            await appointments.book(
                deps,
                tenant,
                NewAppointment(
                    staff_id=calendars[calendar],
                    location_id=made.location_id,
                    service_id=offered[service],
                    start=datetime.combine(day, time(hour), zone),
                    customer_id=records[index % len(records)],
                    # the demo's customers are made up: nobody is to be mailed
                    notify=False,
                ),
            )
        except ActionError:
            continue  # two plans landing on the same shifted day: skip the clash
