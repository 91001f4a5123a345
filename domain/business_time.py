"""Working time on a business calendar: opening hours, weekends, holidays, DST.

A `BusinessCalendar` says when the owner of a step works: an IANA time zone, the
working weekdays, the opening hours and the holidays (public holidays from the
`holidays` library by country and subdivision, plus company days off). The two
primitives here move along that working time; `domain.clock` builds SLA due times,
paused clocks and breach forecasts on them.

Every instant is timezone-aware. Arithmetic happens in UTC: Python adds and
subtracts two datetimes that share a tzinfo by wall clock, ignoring the offset, which
is wrong across a DST change, so local times appear only when a working window is
built from a date and when a result is handed back.

Errors::

    BusinessTimeError (ValueError)
    ├── NaiveDatetimeError   a datetime without a time zone
    ├── CalendarError        a calendar that cannot be built or has no working time
    └── ClockRangeError      an interval that ends before it starts
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

# A calendar whose next working day is further away than this is misconfigured
# (every weekday a holiday); stop rather than loop for ever.
_MAX_DAYS_WITHOUT_WORK = 366
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

WorkingWindow = tuple[datetime, datetime]


class BusinessTimeError(ValueError):
    """Base of the business-time errors; each message names the fix."""


class NaiveDatetimeError(BusinessTimeError):
    """A datetime without a time zone reached business-time math."""

    def __init__(self, name: str, value: datetime) -> None:
        self.name = name
        self.value = value
        super().__init__(
            f"{name}={value.isoformat()} has no time zone, so the instant it names is "
            "unknown; pass an aware datetime, e.g. datetime.now(UTC) or "
            "value.replace(tzinfo=ZoneInfo('America/New_York'))"
        )


class CalendarError(BusinessTimeError):
    """The calendar's settings are unusable; the message says which one to change."""


class ClockRangeError(BusinessTimeError):
    """An interval ends before it starts."""


def require_aware(value: datetime, name: str) -> datetime:
    """The same instant in UTC; raises NaiveDatetimeError for a naive datetime."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(name, value)
    return value.astimezone(UTC)


@dataclass(frozen=True, kw_only=True)
class BusinessCalendar:
    """When a step owner works: time zone, working days and hours, holidays.

    Attributes:
        time_zone: IANA name, e.g. "America/New_York" or "Europe/Berlin".
        working_days: Weekday numbers, Monday = 0 ... Sunday = 6.
        opens: Local time the working day starts.
        closes: Local time it ends; after `opens` (no overnight shifts).
        country: ISO 3166 code for public holidays ("US", "GB", "DE"), or None.
        subdivision: State or region within `country` ("CA", "BY"), or None.
        company_holidays: Extra days off, e.g. a company-wide shutdown.
    """

    time_zone: str = "UTC"
    working_days: frozenset[int] = frozenset(range(5))
    opens: time = time(9)
    closes: time = time(17)
    country: str | None = None
    subdivision: str | None = None
    company_holidays: frozenset[date] = frozenset()
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _public: holidays.HolidayBase | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("working_days", "company_holidays"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        object.__setattr__(self, "_zone", _zone_named(self.time_zone))
        object.__setattr__(self, "_public", self._public_holidays())
        self._check_week()

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's time zone."""
        return self._zone

    @property
    def working_day_length(self) -> timedelta:
        """Working time in one nominal working day (closes - opens)."""
        start = datetime.combine(date.min, self.opens)
        return datetime.combine(date.min, self.closes) - start

    def holiday_name(self, day: date) -> str | None:
        """The name of the public or company holiday on `day`, or None."""
        if day in self.company_holidays:
            return "Company holiday"
        return self._public.get(day) if self._public is not None else None

    def is_working_day(self, day: date) -> bool:
        """True when `day` is a working weekday and no holiday."""
        return day.weekday() in self.working_days and self.holiday_name(day) is None

    def working_windows(self, after: datetime) -> Iterator[WorkingWindow]:
        """Working windows in UTC, in order, from the local day of `after` on.

        The first window may end before `after`; callers clip. The iterator is
        endless and raises CalendarError after a year without a working day.
        """
        day = require_aware(after, "after").astimezone(self._zone).date()
        idle_days = 0
        while idle_days <= _MAX_DAYS_WITHOUT_WORK:
            if self.is_working_day(day):
                idle_days = 0
                yield self._window(day)
            else:
                idle_days += 1
            day += timedelta(days=1)
        raise CalendarError(
            f"no working day in the year after {day - timedelta(days=idle_days)}: "
            "check working_days and company_holidays of the calendar"
        )

    def _window(self, day: date) -> WorkingWindow:
        # A local time that DST skips resolves with the offset from before the
        # change (PEP 495, fold=0), i.e. one hour later on the clock.
        opens = datetime.combine(day, self.opens, tzinfo=self._zone)
        closes = datetime.combine(day, self.closes, tzinfo=self._zone)
        return opens.astimezone(UTC), closes.astimezone(UTC)

    def _public_holidays(self) -> holidays.HolidayBase | None:
        if self.country is None:
            if self.subdivision is not None:
                raise CalendarError(
                    f"subdivision {self.subdivision!r} needs a country; set "
                    "country as well, e.g. country='US', subdivision='CA'"
                )
            return None
        try:
            return holidays.country_holidays(self.country, subdiv=self.subdivision)
        except NotImplementedError as error:
            raise CalendarError(
                f"no public holidays for {error}: use an ISO 3166 country code "
                "the holidays library supports ('US', 'GB', 'DE') and one of its "
                "subdivisions"
            ) from error

    def _check_week(self) -> None:
        if not self.working_days or not self.working_days <= set(range(7)):
            raise CalendarError(
                f"working_days={sorted(self.working_days)} must be a non-empty "
                "set of weekday numbers 0 (Monday) to 6 (Sunday)"
            )
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise CalendarError(
                "opens and closes are local wall times: drop their tzinfo and set "
                "the calendar's time_zone instead"
            )
        if self.opens >= self.closes:
            raise CalendarError(
                f"opens {self.opens} is not before closes {self.closes}; overnight "
                "shifts are not supported, split them into two calendars"
            )

    def describe(self) -> str:
        """One line for a nudge or an inbox item, e.g. 'Mon-Fri 09:00-17:00 ...'."""
        days = ", ".join(_WEEKDAY_NAMES[d] for d in sorted(self.working_days))
        hours = f"{self.opens:%H:%M}-{self.closes:%H:%M}"
        where = f", {self.country} holidays" if self.country else ""
        return f"{days} {hours} {self.time_zone}{where}"


def _zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CalendarError(
            f"unknown time zone {name!r}: use an IANA name such as "
            "'America/New_York' or 'Europe/Berlin'"
        ) from error


def add_working_time(
    start: datetime, amount: timedelta, calendar: BusinessCalendar
) -> datetime:
    """The earliest instant by which `amount` of working time has passed.

    A start outside working hours counts from the next opening. The result is in
    the calendar's time zone; a result that lands on a closing time stays there
    (15:00 plus 2 working hours is 17:00 the same day, not 09:00 the next).
    A zero amount returns `start` unchanged.
    """
    cursor = require_aware(start, "start")
    if amount < timedelta(0):
        raise ClockRangeError(f"amount {amount} is negative; pass a positive length")
    if amount == timedelta(0):
        return start
    remaining = amount
    for opens, closes in calendar.working_windows(cursor):
        if closes <= cursor:
            continue
        begin = max(opens, cursor)
        if remaining <= closes - begin:
            return (begin + remaining).astimezone(calendar.zone)
        remaining -= closes - begin
    raise AssertionError("working_windows is endless")  # pragma: no cover


def business_time_between(
    start: datetime, end: datetime, calendar: BusinessCalendar
) -> timedelta:
    """Working time that passes from `start` to `end` on the calendar.

    Raises ClockRangeError when `end` is before `start`.
    """
    begin = require_aware(start, "start")
    finish = require_aware(end, "end")
    if finish < begin:
        raise ClockRangeError(
            f"end {end.isoformat()} is before start {start.isoformat()}; "
            "swap the arguments"
        )
    total = timedelta(0)
    for opens, closes in calendar.working_windows(begin):
        if opens >= finish:
            break
        total += max(timedelta(0), min(closes, finish) - max(opens, begin))
    return total
