"""free_slots with literal values: grid, notice, horizon, window, buffers, closures, DST, teams."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling import (
    CalendarInput,
    Interval,
    Policy,
    Slot,
    closure_interval,
    free_slots,
    local_day_bounds,
    parse_weekly,
    weekly_intervals,
)

VIENNA = ZoneInfo("Europe/Vienna")
SYDNEY = ZoneInfo("Australia/Sydney")
DAY = date(2027, 6, 1)  # an ordinary Tuesday
LONG_AGO = datetime(2027, 1, 1, tzinfo=UTC)
NO_NOTICE = Policy(step_minutes=15, min_notice_minutes=0, horizon_days=400)


def local(hour: int, minute: int = 0, day: date = DAY, fold: int = 0, zone: ZoneInfo = VIENNA
          ) -> datetime:
    return datetime.combine(day, time(hour, minute, fold=fold), tzinfo=zone)


def hours(start: int, end: int, day: date = DAY, zone: ZoneInfo = VIENNA) -> Interval:
    return Interval(local(start, day=day, zone=zone), local(end, day=day, zone=zone))


def offer(
    *,
    opening: Sequence[Interval] = (),
    calendars: Sequence[CalendarInput] = (),
    minutes: int = 30,
    window: Interval | None = None,
    zone: ZoneInfo = VIENNA,
    now: datetime = LONG_AGO,
    policy: Policy = NO_NOTICE,
    before: int = 0,
    after: int = 0,
) -> list[Slot]:
    return free_slots(
        opening=opening,
        calendars=calendars,
        duration=timedelta(minutes=minutes),
        window=window or local_day_bounds(zone, DAY, DAY),
        zone=zone,
        now=now,
        policy=policy,
        buffer_before=timedelta(minutes=before),
        buffer_after=timedelta(minutes=after),
    )


def starts(slots: list[Slot], zone: ZoneInfo = VIENNA) -> list[str]:
    return [slot.start.astimezone(zone).strftime("%H:%M") for slot in slots]


def anna(*bookable: Interval, busy: Sequence[Interval] = (), closures: Sequence[Interval] = ()
         ) -> CalendarInput:
    return CalendarInput("anna", tuple(bookable), tuple(busy), tuple(closures))


def test_free_day_is_every_step_that_fits() -> None:
    slots = offer(opening=[hours(9, 11)], calendars=[anna(hours(9, 11))])
    assert starts(slots) == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30"]
    assert slots[0] == Slot(local(9).astimezone(UTC), local(9, 30).astimezone(UTC), ("anna",))
    assert all(slot.start.tzinfo is UTC and slot.end.tzinfo is UTC for slot in slots)


def test_slot_must_lie_in_opening_and_bookable_hours() -> None:
    slots = offer(opening=[hours(8, 12)], calendars=[anna(hours(10, 14))])
    assert starts(slots) == ["10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30"]


def test_touching_hours_count_as_one_stretch() -> None:
    slots = offer(opening=[hours(9, 10), hours(10, 11)], calendars=[anna(hours(9, 11))], minutes=60)
    assert starts(slots) == ["09:00", "09:15", "09:30", "09:45", "10:00"]


def test_no_opening_or_no_calendars_means_no_slots() -> None:
    assert offer(opening=[], calendars=[anna(hours(9, 11))]) == []
    assert offer(opening=[hours(9, 11)], calendars=[]) == []
    assert offer(opening=[hours(9, 11)], calendars=[anna()]) == []


def test_busy_time_is_never_offered() -> None:
    busy = [Interval(local(9, 30), local(10))]
    slots = offer(opening=[hours(9, 11)], calendars=[anna(hours(9, 11), busy=busy)])
    assert starts(slots) == ["09:00", "10:00", "10:15", "10:30"]


def test_gap_that_fits_exactly_is_offered() -> None:
    busy = [Interval(local(9), local(9, 30)), Interval(local(10), local(10, 30))]
    slots = offer(opening=[hours(9, 11)], calendars=[anna(hours(9, 11), busy=busy)])
    assert starts(slots) == ["09:30", "10:30"]


def test_gap_that_fits_exactly_with_buffers() -> None:
    busy = [Interval(local(10, 15), local(11)), Interval(local(9), local(9, 30))]
    policy = Policy(step_minutes=5, min_notice_minutes=0, horizon_days=400)
    slots = offer(opening=[hours(9, 11)], calendars=[anna(hours(9, 11), busy=busy)], policy=policy,
                  before=5, after=10)
    # [s - 5, s + 40) must fit between 09:30 and 10:15: only 09:35 does.
    assert starts(slots) == ["09:35"]


def test_buffers_widen_the_candidate_not_the_opening() -> None:
    busy = [hours(10, 11)]
    slots = offer(opening=[hours(9, 12)], calendars=[anna(hours(9, 12), busy=busy)],
                  before=15, after=15)
    # [s - 15, s + 45) must clear 10:00-11:00; the widened range may leave the opening hours.
    assert starts(slots) == ["09:00", "09:15", "11:15", "11:30"]


def test_buffer_after_only() -> None:
    busy = [hours(10, 11)]
    slots = offer(opening=[hours(9, 12)], calendars=[anna(hours(9, 12), busy=busy)], after=10)
    assert starts(slots) == ["09:00", "09:15", "11:00", "11:15", "11:30"]


def test_pause_closes_the_calendar_and_its_buffers_apply() -> None:
    pause = closure_interval("pause", local(10), local(10, 30), VIENNA)
    slots = offer(opening=[hours(9, 12)], calendars=[anna(hours(9, 12), closures=[pause])],
                  before=15, after=15)
    assert starts(slots) == ["09:00", "09:15", "10:45", "11:00", "11:15", "11:30"]


def test_whole_day_closure_leaves_nothing_that_day() -> None:
    sick = closure_interval("sick", DAY, DAY, VIENNA)
    two_days = local_day_bounds(VIENNA, DAY, DAY + timedelta(days=1))
    opening = [hours(9, 10), hours(9, 10, day=DAY + timedelta(days=1))]
    slots = offer(opening=opening, calendars=[anna(*opening, closures=[sick])], window=two_days,
                  minutes=60)
    assert [slot.start.astimezone(VIENNA) for slot in slots] == [local(9, day=DAY + timedelta(days=1))]


def test_notice_is_counted_from_now() -> None:
    policy = Policy(step_minutes=15, min_notice_minutes=60, horizon_days=90)
    slots = offer(opening=[hours(8, 12)], calendars=[anna(hours(8, 12))], now=local(8, 10),
                  policy=policy, minutes=60)
    assert starts(slots) == ["09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00"]


def test_without_notice_a_slot_may_start_right_now() -> None:
    slots = offer(opening=[hours(8, 12)], calendars=[anna(hours(8, 12))], now=local(10, 30))
    assert starts(slots)[0] == "10:30"


def test_horizon_ends_with_the_local_day_of_now_plus_days() -> None:
    # At 00:30 Vienna time it is still the previous day in UTC; the horizon counts local days.
    now = local(0, 30)
    days = [DAY + timedelta(days=n) for n in range(3)]
    opening = [hours(9, 10, day=day) for day in days]
    window = local_day_bounds(VIENNA, days[0], days[-1])
    policy = Policy(step_minutes=60, min_notice_minutes=0, horizon_days=1)
    slots = offer(opening=opening, calendars=[anna(*opening)], window=window, now=now,
                  policy=policy, minutes=60)
    assert [slot.start.astimezone(VIENNA).date() for slot in slots] == days[:2]


def test_horizon_zero_is_today_only() -> None:
    opening = [hours(9, 10), hours(9, 10, day=DAY + timedelta(days=1))]
    window = local_day_bounds(VIENNA, DAY, DAY + timedelta(days=1))
    slots = offer(opening=opening, calendars=[anna(*opening)], window=window, now=local(0, 30),
                  policy=Policy(step_minutes=60, min_notice_minutes=0, horizon_days=0), minutes=60)
    assert [slot.start.astimezone(VIENNA) for slot in slots] == [local(9)]


def test_window_bounds_the_start_but_not_the_end() -> None:
    window = Interval(local(9, 15), local(10))
    slots = offer(opening=[hours(9, 12)], calendars=[anna(hours(9, 12))], window=window, minutes=60)
    assert starts(slots) == ["09:15", "09:30", "09:45"]
    assert slots[-1].end == local(10, 45)


def test_last_start_in_the_window_right_after_busy_time() -> None:
    window = Interval(local(9), local(10, 15))
    busy = [Interval(local(9, 30), local(9, 45))]
    slots = offer(opening=[hours(9, 11)], calendars=[anna(hours(9, 11), busy=busy)],
                  window=window, before=15)
    # 10:00 is the last grid point in the window and the first one clear of 09:30-09:45.
    assert starts(slots) == ["09:00", "10:00"]


def test_window_in_the_past_or_too_small_for_a_grid_point() -> None:
    cal = anna(hours(9, 12))
    assert offer(opening=[hours(9, 12)], calendars=[cal], now=local(13)) == []
    tiny = Interval(local(9, 1), local(9, 14))
    assert offer(opening=[hours(9, 12)], calendars=[cal], window=tiny) == []


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        pytest.param(20, ["08:00", "08:20", "08:40", "09:00", "09:20", "09:40"], id="20"),
        # The grid counts from local midnight: 08:00 is minute 480, not a multiple of 45.
        pytest.param(45, ["08:15", "09:00", "09:45"], id="45-from-midnight"),
        pytest.param(60, ["08:00", "09:00"], id="60"),
    ],
)
def test_starts_follow_the_local_step_grid(step: int, expected: list[str]) -> None:
    policy = Policy(step_minutes=step, min_notice_minutes=0, horizon_days=400)
    slots = offer(opening=[hours(8, 10)], calendars=[anna(hours(8, 10))], minutes=15, policy=policy)
    assert starts(slots) == expected


def test_odd_offset_zone_keeps_a_local_grid() -> None:
    kathmandu = ZoneInfo("Asia/Kathmandu")
    opening = [hours(9, 11, zone=kathmandu)]
    slots = offer(opening=opening, calendars=[anna(*opening)], zone=kathmandu, minutes=60,
                  window=local_day_bounds(kathmandu, DAY, DAY),
                  policy=Policy(step_minutes=60, min_notice_minutes=0, horizon_days=400))
    assert [slot.start for slot in slots] == [
        datetime(2027, 6, 1, 3, 15, tzinfo=UTC), datetime(2027, 6, 1, 4, 15, tzinfo=UTC)
    ]


def test_several_calendars_share_slots_in_the_order_given() -> None:
    anna_cal = anna(hours(9, 11), busy=[Interval(local(9), local(9, 30))])
    ben_cal = CalendarInput("ben", (hours(10, 12),))
    cleo_cal = CalendarInput("cleo", (hours(9, 12),), closures=(hours(9, 12),))
    slots = offer(opening=[hours(8, 12)], calendars=[ben_cal, anna_cal, cleo_cal], minutes=60)
    assert [(s, slot.staff_ids) for s, slot in zip(starts(slots), slots, strict=True)] == [
        ("09:30", ("anna",)),
        ("09:45", ("anna",)),
        ("10:00", ("ben", "anna")),
        ("10:15", ("ben",)),
        ("10:30", ("ben",)),
        ("10:45", ("ben",)),
        ("11:00", ("ben",)),
    ]


def test_calendar_input_accepts_lists_and_stores_tuples() -> None:
    cal = CalendarInput("anna", [hours(9, 10)], [hours(9, 10)])  # type: ignore[arg-type]
    assert cal.bookable == (hours(9, 10),)
    assert cal.busy == (hours(9, 10),)
    assert cal.closures == ()


# --- DST -------------------------------------------------------------------------------------

SPRING = date(2027, 3, 28)  # Vienna: 02:00 -> 03:00
FALL = date(2027, 10, 31)  # Vienna: 03:00 -> 02:00


def dst_day(day: date, zone: ZoneInfo, minutes: int, step: int, ranges: str = "01:00-04:00"
            ) -> list[Slot]:
    key = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    start, end = ranges.split("-")
    opening = weekly_intervals(parse_weekly({key: [[start, end]]}), zone, day, day)
    return offer(opening=opening, calendars=[anna(*opening)], zone=zone, minutes=minutes,
                 window=local_day_bounds(zone, day, day),
                 policy=Policy(step_minutes=step, min_notice_minutes=0, horizon_days=400))


def local_labels(slots: list[Slot], zone: ZoneInfo) -> list[str]:
    return [slot.start.astimezone(zone).strftime("%H:%M%z") for slot in slots]


def test_spring_forward_has_no_start_in_the_missing_hour() -> None:
    slots = dst_day(SPRING, VIENNA, minutes=30, step=30)
    assert local_labels(slots, VIENNA) == ["01:00+0100", "01:30+0100", "03:00+0200", "03:30+0200"]
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in slots)


def test_spring_forward_slots_last_real_time_across_the_jump() -> None:
    slots = dst_day(SPRING, VIENNA, minutes=60, step=30)
    assert local_labels(slots, VIENNA) == ["01:00+0100", "01:30+0100", "03:00+0200"]
    assert slots[1].end.astimezone(VIENNA).strftime("%H:%M") == "03:30"


def test_fall_back_offers_both_half_past_twos() -> None:
    slots = dst_day(FALL, VIENNA, minutes=30, step=30)
    assert local_labels(slots, VIENNA) == [
        "01:00+0200", "01:30+0200", "02:00+0200", "02:30+0200",
        "02:00+0100", "02:30+0100", "03:00+0100", "03:30+0100",
    ]
    assert len({slot.start for slot in slots}) == 8
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in slots)


def test_fall_back_hours_within_the_repeated_hour_open_twice() -> None:
    # 02:30-02:45 is wall time, and that wall time happens twice that night.
    slots = dst_day(FALL, VIENNA, minutes=15, step=15, ranges="02:30-02:45")
    assert local_labels(slots, VIENNA) == ["02:30+0200", "02:30+0100"]


def test_nine_oclock_stays_nine_local_across_the_change() -> None:
    every_day = {key: [["09:00", "10:00"]] for key in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    for zone, first in [(VIENNA, date(2027, 3, 27)), (VIENNA, date(2027, 10, 30)),
                        (SYDNEY, date(2027, 4, 3)), (SYDNEY, date(2027, 10, 2))]:
        last = first + timedelta(days=1)
        opening = weekly_intervals(parse_weekly(every_day), zone, first, last)
        slots = free_slots(opening=opening, calendars=[anna(*opening)], duration=timedelta(hours=1),
                           window=local_day_bounds(zone, first, last), zone=zone, now=LONG_AGO,
                           policy=NO_NOTICE)
        assert [slot.start.astimezone(zone).time() for slot in slots] == [time(9), time(9)]
        assert slots[1].start - slots[0].start != timedelta(days=1)  # the UTC time moved


def test_sydney_dst_end_repeats_and_start_skips() -> None:
    ends = dst_day(date(2027, 4, 4), SYDNEY, minutes=60, step=60)
    assert local_labels(ends, SYDNEY) == ["01:00+1100", "02:00+1100", "02:00+1000", "03:00+1000"]
    begins = dst_day(date(2027, 10, 3), SYDNEY, minutes=60, step=60)
    assert local_labels(begins, SYDNEY) == ["01:00+1000", "03:00+1100"]


# --- input checks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"now": datetime(2027, 1, 1)}, "timezone-aware", id="naive-now"),  # noqa: DTZ001
        pytest.param({"duration": timedelta(0)}, "longer than zero", id="zero-duration"),
        pytest.param({"buffer_before": timedelta(minutes=-5)}, "cannot be negative",
                     id="negative-buffer"),
    ],
)
def test_free_slots_rejects(changes: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "opening": [hours(9, 10)], "calendars": [anna(hours(9, 10))],
        "duration": timedelta(minutes=30), "window": local_day_bounds(VIENNA, DAY, DAY),
        "zone": VIENNA, "now": LONG_AGO, "policy": NO_NOTICE,
    }
    with pytest.raises(ValueError, match=message):
        free_slots(**{**arguments, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"step_minutes": 0}, "at least 1 minute", id="zero-step"),
        pytest.param({"min_notice_minutes": -1}, "notice cannot be negative", id="negative-notice"),
        pytest.param({"horizon_days": -1}, "horizon cannot be negative", id="negative-horizon"),
    ],
)
def test_policy_rejects(fields: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Policy(**fields)


def test_policy_defaults() -> None:
    assert Policy() == Policy(step_minutes=15, min_notice_minutes=60, horizon_days=90)
