"""SLA due times on business calendars: DST, holidays, weekends, paused clocks."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from domain.business_time import (
    BusinessCalendar,
    CalendarError,
    ClockRangeError,
    NaiveDatetimeError,
    add_working_time,
    business_time_between,
)
from domain.clock import (
    ForecastInputError,
    breach_forecast,
    due_at,
    due_at_with_pauses,
    time_on_clock,
)
from domain.workflow import Duration

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
US = BusinessCalendar(time_zone="America/New_York", country="US")
DE = BusinessCalendar(time_zone="Europe/Berlin", country="DE")


def ny(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NEW_YORK)


def berlin(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


def business(amount: float, unit: str) -> Duration:
    return Duration(amount=amount, unit=unit, business=True)


def calendar_time(amount: float, unit: str) -> Duration:
    return Duration(amount=amount, unit=unit, business=False)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # 16:30 plus 2 business hours: 30 minutes today, 90 tomorrow.
        (ny(2026, 3, 3, 16, 30), business(2, "hours"), ny(2026, 3, 4, 10, 30)),
        (ny(2026, 3, 3, 15), business(2, "hours"), ny(2026, 3, 3, 17)),
        (ny(2026, 3, 3, 17), business(1, "hours"), ny(2026, 3, 4, 10)),
        (ny(2026, 3, 3, 7), business(30, "minutes"), ny(2026, 3, 3, 9, 30)),
        # Saturday: the clock starts at Monday's opening.
        (ny(2026, 2, 28, 11), business(2, "hours"), ny(2026, 3, 2, 11)),
        (ny(2026, 2, 28, 11), business(1, "days"), ny(2026, 3, 2, 17)),
        (ny(2026, 3, 2, 9), business(1, "days"), ny(2026, 3, 2, 17)),
        (ny(2026, 3, 4, 10), business(2, "days"), ny(2026, 3, 6, 10)),
        (ny(2026, 3, 4, 10), business(1.5, "days"), ny(2026, 3, 5, 14)),
        (ny(2026, 3, 11, 10), business(1, "weeks"), ny(2026, 3, 18, 10)),
        # Presidents' Day, Monday 2026-02-16, falls inside this week.
        (ny(2026, 2, 11, 10), business(1, "weeks"), ny(2026, 2, 19, 10)),
    ],
)
def test_business_due_times(start, duration, expected):
    assert due_at(start, duration, US) == expected


def test_weekend_rollover_across_spring_forward_keeps_local_hours():
    due = due_at(ny(2026, 3, 6, 16), business(2, "hours"), US)

    assert (due.hour, due.utcoffset()) == (10, timedelta(hours=-4))
    assert due - ny(2026, 3, 6, 16).astimezone(UTC) == timedelta(hours=65)


def test_business_days_across_fall_back():
    due = due_at(ny(2026, 10, 30, 15), business(1, "days"), US)

    assert due == ny(2026, 11, 2, 15)
    assert due.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("start", "duration", "expected", "elapsed"),
    [
        # US spring forward, Sunday 2026-03-08: days keep the wall time.
        (ny(2026, 3, 7, 12), calendar_time(3, "days"), ny(2026, 3, 10, 12), 71),
        (ny(2026, 3, 7, 12), calendar_time(72, "hours"), ny(2026, 3, 10, 13), 72),
        # US fall back, Sunday 2026-11-01.
        (ny(2026, 10, 30, 12), calendar_time(3, "days"), ny(2026, 11, 2, 12), 73),
        (ny(2026, 10, 30, 12), calendar_time(1, "weeks"), ny(2026, 11, 6, 12), 169),
        # One wall-clock day (25 h on this Sunday), then 12 elapsed hours.
        (ny(2026, 10, 31, 12), calendar_time(1.5, "days"), ny(2026, 11, 2), 37),
    ],
)
def test_calendar_durations_across_dst(start, duration, expected, elapsed):
    due = due_at(start, duration, US)

    assert due == expected
    assert due - start.astimezone(UTC) == timedelta(hours=elapsed)


def test_berlin_wall_time_skipped_by_dst_moves_one_hour_later():
    due = due_at(berlin(2026, 3, 28, 2, 30), calendar_time(1, "days"), DE)

    assert (due.hour, due.minute, due.utcoffset()) == (3, 30, timedelta(hours=2))


def test_berlin_business_day_across_both_changes():
    spring = due_at(berlin(2026, 3, 27, 16), business(1, "days"), DE)
    autumn = due_at(berlin(2026, 10, 23, 16), business(1, "days"), DE)

    assert (spring, spring.utcoffset()) == (berlin(2026, 3, 30, 16), timedelta(hours=2))
    assert (autumn, autumn.utcoffset()) == (
        berlin(2026, 10, 26, 16),
        timedelta(hours=1),
    )


@pytest.mark.parametrize(
    ("calendar", "start", "duration", "expected"),
    [
        # Thanksgiving, Thursday 2026-11-26: Wednesday 3 h, Friday 5 h.
        (US, ny(2026, 11, 25, 14), business(1, "days"), ny(2026, 11, 27, 14)),
        # Christmas, Friday 2026-12-25: Thursday 7 h, Monday 8 h, Tuesday 1 h.
        (US, ny(2026, 12, 24, 10), business(2, "days"), ny(2026, 12, 29, 10)),
        # Good Friday and Easter Monday 2026 in Germany.
        (DE, berlin(2026, 4, 2, 12), business(2, "days"), berlin(2026, 4, 8, 12)),
    ],
)
def test_public_holidays_do_not_count(calendar, start, duration, expected):
    assert due_at(start, duration, calendar) == expected


def test_company_holiday_on_top_of_public_ones():
    bridge_day = date(2026, 11, 27)
    calendar = BusinessCalendar(
        time_zone="America/New_York", country="US", company_holidays={bridge_day}
    )

    assert due_at(ny(2026, 11, 25, 14), business(1, "days"), calendar) == ny(
        2026, 11, 30, 14
    )
    assert calendar.holiday_name(bridge_day) == "Company holiday"
    assert calendar.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"


def test_custom_week_and_hours():
    calendar = BusinessCalendar(
        time_zone="Asia/Dubai",
        working_days=frozenset({0, 1, 2, 3, 4, 5}),
        opens=time(8),
        closes=time(14),
    )
    start = datetime(2026, 3, 6, 13, tzinfo=calendar.zone)

    assert due_at(start, business(1, "days"), calendar) == datetime(
        2026, 3, 7, 13, tzinfo=calendar.zone
    )
    assert calendar.describe() == "Mon, Tue, Wed, Thu, Fri, Sat 08:00-14:00 Asia/Dubai"


def test_business_time_between():
    assert business_time_between(ny(2026, 3, 6, 16), ny(2026, 3, 9, 10), US) == (
        timedelta(hours=2)
    )
    assert business_time_between(ny(2026, 3, 7), ny(2026, 3, 8, 23), US) == timedelta(0)
    assert business_time_between(ny(2026, 3, 2, 10), ny(2026, 3, 2, 10), US) == (
        timedelta(0)
    )


def test_results_are_in_the_calendar_zone_whatever_the_input_zone():
    start = ny(2026, 3, 3, 16, 30).astimezone(UTC)

    due = due_at(start, business(2, "hours"), US)

    assert due.tzinfo == NEW_YORK
    assert due == ny(2026, 3, 4, 10, 30)


def test_zero_length_durations_are_rejected_by_the_model():
    with pytest.raises(ValidationError):
        business(0, "hours")
    assert add_working_time(ny(2026, 3, 7), timedelta(0), US) == ny(2026, 3, 7)


def test_naive_datetimes_are_refused_with_the_fix():
    with pytest.raises(NaiveDatetimeError, match=r"start=2026-03-03T16:30:00 .*UTC"):
        due_at(datetime(2026, 3, 3, 16, 30), business(2, "hours"), US)
    with pytest.raises(NaiveDatetimeError, match="end="):
        business_time_between(ny(2026, 3, 3), datetime(2026, 3, 4), US)


def test_backwards_interval_is_refused():
    with pytest.raises(ClockRangeError, match="swap the arguments"):
        business_time_between(ny(2026, 3, 4), ny(2026, 3, 3), US)


@pytest.mark.parametrize(
    ("settings", "fix"),
    [
        ({"time_zone": "Mars/Olympus"}, "IANA name"),
        ({"country": "XX"}, "ISO 3166"),
        ({"country": "US", "subdivision": "ZZ"}, "subdivisions"),
        ({"subdivision": "CA"}, "set country as well"),
        ({"opens": time(17), "closes": time(9)}, "overnight"),
        ({"working_days": frozenset()}, "non-empty"),
        ({"working_days": frozenset({7})}, "0 \\(Monday\\) to 6"),
        ({"opens": time(9, tzinfo=UTC)}, "drop their tzinfo"),
    ],
)
def test_unusable_calendars_name_the_fix(settings, fix):
    with pytest.raises(CalendarError, match=fix):
        BusinessCalendar(**settings)


def test_calendar_without_working_days_stops():
    calendar = BusinessCalendar(
        working_days=frozenset({0}),
        company_holidays=frozenset(
            date(2026, 1, 5) + timedelta(weeks=w) for w in range(60)
        ),
    )
    with pytest.raises(CalendarError, match="no working day"):
        due_at(datetime(2026, 1, 1, tzinfo=UTC), business(1, "hours"), calendar)


# --- paused clocks ----------------------------------------------------------------


def test_paused_clock_resumes_and_pushes_the_due_time():
    start, sla = ny(2026, 3, 2, 9), business(2, "days")
    pause = (ny(2026, 3, 2, 13), ny(2026, 3, 3, 11))

    assert due_at(start, sla, US) == ny(2026, 3, 3, 17)
    assert due_at_with_pauses(start, sla, US, [pause]) == ny(2026, 3, 4, 15)
    assert time_on_clock(start, ny(2026, 3, 3, 12), sla, US, [pause]) == (
        timedelta(hours=5)
    )


def test_pause_spanning_a_weekend_counts_only_its_working_time():
    start, sla = ny(2026, 3, 13, 15), business(1, "days")
    over_weekend = (ny(2026, 3, 13, 16), ny(2026, 3, 16, 10))
    weekend_only = (ny(2026, 3, 14, 8), ny(2026, 3, 15, 20))

    assert due_at_with_pauses(start, sla, US, []) == ny(2026, 3, 16, 15)
    assert due_at_with_pauses(start, sla, US, [over_weekend]) == ny(2026, 3, 16, 17)
    assert due_at_with_pauses(start, sla, US, [weekend_only]) == ny(2026, 3, 16, 15)


def test_open_pause_has_no_due_time_until_it_resumes():
    start, sla = ny(2026, 3, 2, 9), business(4, "hours")

    assert due_at_with_pauses(start, sla, US, [(ny(2026, 3, 2, 10), None)]) is None
    after_due = [(ny(2026, 3, 2, 14), None)]
    assert due_at_with_pauses(start, sla, US, after_due) == ny(2026, 3, 2, 13)
    assert time_on_clock(
        start, ny(2026, 3, 2, 12), sla, US, [(ny(2026, 3, 2, 10), None)]
    ) == (timedelta(hours=1))


def test_overlapping_and_early_pauses_count_once():
    start, sla = ny(2026, 3, 2, 9), business(2, "days")
    pauses = [
        (ny(2026, 3, 2, 14), ny(2026, 3, 2, 15)),
        (ny(2026, 3, 2, 13), ny(2026, 3, 3, 11)),
        (ny(2026, 2, 27, 9), ny(2026, 3, 2, 9)),
    ]

    assert due_at_with_pauses(start, sla, US, pauses) == ny(2026, 3, 4, 15)


def test_calendar_sla_pauses_by_elapsed_time():
    start, sla = ny(2026, 3, 2, 9), calendar_time(3, "days")
    pause = (ny(2026, 3, 3, 9), ny(2026, 3, 4, 9))

    assert due_at_with_pauses(start, sla, US, [pause]) == ny(2026, 3, 6, 9)


def test_pause_that_resumes_before_it_started_is_refused():
    pause = (ny(2026, 3, 3, 11), ny(2026, 3, 3, 10))
    with pytest.raises(ClockRangeError, match="record the resume after the pause"):
        due_at_with_pauses(ny(2026, 3, 2, 9), business(1, "days"), US, [pause])


# --- breach forecasts: two business days from Monday 09:00, due Tuesday 17:00 -----

MONDAY = ny(2026, 3, 2, 9)
TWO_DAYS = business(2, "days")


def forecast(now: datetime, **signals):
    return breach_forecast(MONDAY, TWO_DAYS, US, now=now, **signals)


def test_slow_pace_is_forecast_to_breach():
    result = forecast(ny(2026, 3, 2, 17), progress=0.25)

    assert (result.likely_to_breach, result.basis) == (True, "pace")
    assert result.projected_finish == ny(2026, 3, 5, 17)
    assert result.used_fraction == 0.5
    assert result.reason == (
        "25% done after 50% of the SLA: projected Thu 05 Mar 2026 17:00 EST, "
        "after due Tue 03 Mar 2026 17:00 EST."
    )


def test_good_pace_is_on_track():
    result = forecast(ny(2026, 3, 2, 17), progress=0.8)

    assert (result.likely_to_breach, result.basis) == (False, "pace")
    assert result.projected_finish == ny(2026, 3, 3, 11)


@pytest.mark.parametrize(
    ("typical_hours", "finish", "likely"),
    [(4, ny(2026, 3, 2, 13), False), (20, ny(2026, 3, 4, 13), True)],
)
def test_history_projects_the_typical_duration(typical_hours, finish, likely):
    typical = timedelta(hours=typical_hours)

    result = forecast(ny(2026, 3, 2, 11), typical_duration=typical)

    assert (result.basis, result.projected_finish) == ("history", finish)
    assert result.likely_to_breach is likely


@pytest.mark.parametrize(
    ("now", "signals", "basis", "likely"),
    [
        (ny(2026, 3, 2, 13), {"progress": 0}, "idle", False),
        (ny(2026, 3, 2, 17), {"progress": 0}, "idle", True),
        (ny(2026, 3, 3, 9), {"typical_duration": timedelta(hours=2)}, "idle", True),
        (ny(2026, 3, 2, 10), {}, "no_signal", False),
        (ny(2026, 3, 3, 12), {}, "no_signal", True),
        (ny(2026, 3, 3, 17), {"progress": 0.9}, "overdue", True),
    ],
)
def test_no_projection_flags_by_time_used(now, signals, basis, likely):
    result = forecast(now, **signals)

    assert (result.basis, result.likely_to_breach) == (basis, likely)
    assert result.projected_finish is None


def test_paused_clock_is_not_forecast_and_pause_does_not_count_as_slowness():
    paused = forecast(ny(2026, 3, 3, 16), pauses=[(ny(2026, 3, 2, 10), None)])
    resumed = forecast(
        ny(2026, 3, 3, 17),
        pauses=[(ny(2026, 3, 2, 10), ny(2026, 3, 3, 9))],
        progress=0.6,
    )

    assert (paused.basis, paused.likely_to_breach, paused.due_at) == (
        "paused",
        False,
        None,
    )
    # 7 working hours paused on Monday: due Wednesday 16:00, and 9 of 16 hours used.
    assert resumed.due_at == ny(2026, 3, 4, 16)
    assert (resumed.used_fraction, resumed.likely_to_breach) == (0.5625, False)
    assert resumed.projected_finish == ny(2026, 3, 4, 15)


def test_progress_outside_zero_to_one_is_refused():
    with pytest.raises(ForecastInputError, match=r"2 of 5 inputs is 0\.4"):
        forecast(ny(2026, 3, 2, 12), progress=40)


# --- properties over random starts (seeded, so a failure reproduces) --------------


def random_starts(count: int) -> list[datetime]:
    rng = random.Random(7)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        base + timedelta(minutes=rng.randrange(0, 366 * 24 * 60)) for _ in range(count)
    ]


@pytest.mark.parametrize("hours", [0.25, 1, 3, 7.5, 8, 17, 40])
def test_working_time_to_the_due_time_is_the_sla(hours):
    sla = business(hours, "hours")
    for start in random_starts(60):
        assert business_time_between(start, due_at(start, sla, US), US) == timedelta(
            hours=hours
        )


def test_due_time_never_moves_earlier_for_a_later_start():
    sla = business(5, "hours")
    starts = sorted(random_starts(300))
    dues = [due_at(start, sla, US) for start in starts]

    assert dues == sorted(dues)
    assert all(due > start for start, due in zip(starts, dues, strict=True))
