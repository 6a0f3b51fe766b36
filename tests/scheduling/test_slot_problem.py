"""slot_problem: why one start is not bookable; pick_calendar: who takes an open request."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling import CalendarInput, Interval, Policy, free_slots, pick_calendar, slot_problem

VIENNA = ZoneInfo("Europe/Vienna")
DAY = date(2027, 6, 1)
POLICY = Policy(step_minutes=15, min_notice_minutes=60, horizon_days=2)


def local(hour: int, minute: int = 0, day: date = DAY, fold: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, fold=fold), tzinfo=VIENNA)


OPENING = (Interval(local(8), local(18)),)
CALENDAR = CalendarInput(
    "anna",
    bookable=(Interval(local(9), local(17)),),
    busy=(Interval(local(12), local(13)),),
    closures=(Interval(local(15), local(15, 30)),),
)
NOW = local(7, 0)


def problem(start: datetime, *, now: datetime = NOW, minutes: int = 30, before: int = 0,
            after: int = 0, opening: tuple[Interval, ...] = OPENING,
            calendar: CalendarInput = CALENDAR, policy: Policy = POLICY) -> str | None:
    return slot_problem(start=start, opening=opening, calendar=calendar,
                        duration=timedelta(minutes=minutes), zone=VIENNA, now=now, policy=policy,
                        buffer_before=timedelta(minutes=before),
                        buffer_after=timedelta(minutes=after))


@pytest.mark.parametrize(
    ("start", "options", "expected"),
    [
        pytest.param(local(9), {}, None, id="free"),
        pytest.param(local(16, 30), {}, None, id="free-until-closing"),
        pytest.param(local(6, 45), {}, "past", id="past"),
        pytest.param(local(7, 45), {}, "notice", id="notice"),
        pytest.param(local(9), {"now": local(8, 30)}, "notice", id="notice-boundary-minus"),
        pytest.param(local(9), {"now": local(8)}, None, id="notice-boundary-exact"),
        pytest.param(local(9, day=DAY + timedelta(days=3)), {}, "horizon", id="horizon"),
        pytest.param(local(9, day=DAY + timedelta(days=2)), {}, "closed", id="last-horizon-day"),
        pytest.param(local(9, 10), {}, "off_step", id="off-step"),
        pytest.param(local(9).replace(second=30), {}, "off_step", id="seconds"),
        pytest.param(local(8, 30), {}, "closed", id="opening-but-not-bookable"),
        pytest.param(local(16, 45), {}, "closed", id="runs-past-closing"),
        pytest.param(local(15), {}, "closed", id="in-closure"),
        pytest.param(local(14, 30), {"after": 15}, "closed", id="buffer-into-closure"),
        pytest.param(local(11, 45), {}, "taken", id="overlaps-busy"),
        pytest.param(local(11, 30), {}, None, id="touches-busy"),
        pytest.param(local(11, 30), {"after": 5}, "taken", id="buffer-after-into-busy"),
        pytest.param(local(13), {"before": 5}, "taken", id="buffer-before-into-busy"),
        pytest.param(local(9), {"opening": ()}, "closed", id="no-opening"),
    ],
)
def test_slot_problem_codes(start: datetime, options: dict[str, object], expected: str | None
                            ) -> None:
    assert problem(start, **options) == expected  # type: ignore[arg-type]


def test_slot_problem_checks_in_precedence_order() -> None:
    # In the past, off the grid, closed and taken all at once: "past" wins.
    assert problem(local(12, 5), now=local(14)) == "past"
    # Off the grid and closed: "off_step" comes before "closed".
    assert problem(local(8, 5)) == "off_step"


def test_slot_problem_takes_local_starts_with_fold() -> None:
    night = date(2027, 10, 31)
    opening = (Interval(local(1, day=night), local(4, day=night)),)
    calendar = CalendarInput("anna", opening, busy=(Interval(local(2, 30, day=night),
                                                            local(2, 30, day=night, fold=1)),))
    early = datetime(2027, 10, 1, tzinfo=UTC)
    first = problem(local(2, 30, day=night), opening=opening, calendar=calendar, now=early,
                    policy=Policy(horizon_days=60))
    second = problem(local(2, 30, day=night, fold=1), opening=opening, calendar=calendar,
                     now=early, policy=Policy(horizon_days=60))
    assert (first, second) == ("taken", None)


def test_slot_problem_agrees_with_free_slots_across_a_day() -> None:
    window = Interval(local(0), local(0, day=DAY + timedelta(days=1)))
    offered = {slot.start for slot in free_slots(
        opening=OPENING, calendars=[CALENDAR], duration=timedelta(minutes=30), window=window,
        zone=VIENNA, now=NOW, policy=POLICY, buffer_before=timedelta(minutes=5),
        buffer_after=timedelta(minutes=10))}
    for minute in range(0, 24 * 60, 5):
        start = window.start + timedelta(minutes=minute)
        free = problem(start, before=5, after=10) is None
        assert free == (start in offered), start


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"start": datetime(2027, 6, 1, 9)}, "start must be timezone-aware",  # noqa: DTZ001
                     id="naive-start"),
        pytest.param({"now": datetime(2027, 6, 1, 9)}, "`now` must be timezone-aware",  # noqa: DTZ001
                     id="naive-now"),
        pytest.param({"duration": timedelta(minutes=-30)}, "longer than zero", id="negative"),
        pytest.param({"buffer_after": timedelta(minutes=-1)}, "cannot be negative", id="buffer"),
    ],
)
def test_slot_problem_rejects(changes: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "start": local(9), "opening": OPENING, "calendar": CALENDAR,
        "duration": timedelta(minutes=30), "zone": VIENNA, "now": NOW, "policy": POLICY,
    }
    with pytest.raises(ValueError, match=message):
        slot_problem(**{**arguments, **changes})  # type: ignore[arg-type]


# --- pick_calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("staff_ids", "booked", "expected"),
    [
        pytest.param(["anna", "ben", "cleo"], {"anna": 120, "ben": 60, "cleo": 90}, "ben",
                     id="fewest-minutes"),
        pytest.param(["anna", "ben", "cleo"], {"anna": 60, "ben": 30, "cleo": 30}, "ben",
                     id="tie-goes-to-first-listed"),
        pytest.param(["cleo", "ben"], {"ben": 30, "cleo": 30}, "cleo", id="order-of-staff-ids"),
        pytest.param(["anna", "ben"], {"anna": 15}, "ben", id="missing-counts-as-zero"),
        pytest.param(["anna"], {}, "anna", id="only-one"),
    ],
)
def test_pick_calendar(staff_ids: list[str], booked: dict[str, int], expected: str) -> None:
    assert pick_calendar(staff_ids, booked) == expected


def test_pick_calendar_needs_a_calendar() -> None:
    with pytest.raises(ValueError, match="no calendar"):
        pick_calendar([], {})
