"""When the sweep wakes for a step run: its marks, planned from the SLA clock.

A ready step run carries a plan of marks, each an instant the sweep acts at:

- `assigned` when it turns ready (the owner learns what they owe), or
  `unresolved_role` when nobody fills the owner role (the CS manager hears);
- `reminder_half` at half the SLA's clock time and `reminder_day_before` one day
  (business or calendar, as the SLA counts) before the due time;
- `due` at the due time and `overdue` one day after it;
- `escalation_N` at each rung of the escalation ladder, counted from the due time.

Marks are keyed, and a fired key never fires again: when a paused clock resumes the
plan is rebuilt with later instants and the fired keys stay fired. The earliest
unfired mark is the step run's `wake_at`, the column the sweep's index covers.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.business_time import BusinessCalendar, CalendarError
from domain.clock import Pause, due_at, due_at_with_pauses, sla_length, time_on_clock
from domain.runs import Assignee
from domain.workflow import SLA, Duration, DurationUnit, EscalationRung, Side


class MarkKind(StrEnum):
    assigned = "assigned"
    unresolved_role = "unresolved_role"
    reminder = "reminder"
    due = "due"
    overdue = "overdue"
    escalation = "escalation"


# Reminders, the due mark and the overdue mark say the same thing louder; when a
# sweep finds several passed at once, only the latest is worth sending.
_SUPERSEDING = (MarkKind.reminder, MarkKind.due, MarkKind.overdue)


class Mark(BaseModel):
    """One instant the sweep acts at for a step run."""

    model_config = ConfigDict(frozen=True)

    key: str
    kind: MarkKind
    at: datetime
    to_role: str | None = None


def plan_marks(
    *,
    ready_at: datetime,
    due: datetime | None,
    clock: tuple[datetime, Duration] | None,
    calendar: BusinessCalendar,
    escalation: Sequence[EscalationRung],
    owner_resolved: bool,
    pauses: Sequence[Pause] = (),
) -> list[Mark]:
    """Every mark of a step run, in time order.

    Args:
        due: The due time, or None when the step has no SLA or its clock is paused.
        clock: Where the SLA clock starts and the length it runs; the reminders sit
            on this clock. None when the due time does not come from a running
            clock (before_renewal), then they sit on the plain business clock.
    """
    first = MarkKind.assigned if owner_resolved else MarkKind.unresolved_role
    marks = [Mark(key=first.value, kind=first, at=ready_at)]
    if due is None:
        return marks
    start, length = clock or (ready_at, _span(ready_at, due, calendar))
    marks += _reminders(start, due, length, calendar, pauses)
    one_day = Duration(amount=1, unit=DurationUnit.days, business=length.business)
    marks.append(Mark(key="due", kind=MarkKind.due, at=due))
    marks.append(
        Mark(key="overdue", kind=MarkKind.overdue, at=due_at(due, one_day, calendar))
    )
    for number, rung in enumerate(escalation, start=1):
        at = due_at(due, rung.after, calendar)
        key, kind = f"escalation_{number}", MarkKind.escalation
        marks.append(Mark(key=key, kind=kind, at=at, to_role=rung.to_role))
    return sorted(marks, key=lambda mark: mark.at)


def _span(start: datetime, due: datetime, calendar: BusinessCalendar) -> Duration:
    """The business clock from `start` to `due`, as a duration in minutes."""
    worked = time_on_clock(start, max(start, due), _BUSINESS_MINUTE, calendar)
    minutes = max(worked / timedelta(minutes=1), 1)
    return Duration(amount=minutes, unit=DurationUnit.minutes, business=True)


_BUSINESS_MINUTE = Duration(amount=1, unit=DurationUnit.minutes, business=True)


def _reminders(
    start: datetime,
    due: datetime,
    length: Duration,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause],
) -> list[Mark]:
    total = time_on_clock(start, due, length, calendar, pauses)
    day = calendar.working_day_length if length.business else timedelta(days=1)
    half = _clock_at(start, total / 2, length, calendar, pauses)
    marks = [Mark(key="reminder_half", kind=MarkKind.reminder, at=half)]
    if total - day > total / 2:
        before = _clock_at(start, total - day, length, calendar, pauses)
        marks.append(Mark(key="reminder_day_before", kind=MarkKind.reminder, at=before))
    return [mark for mark in marks if mark.at < due]


def _clock_at(
    start: datetime,
    used: timedelta,
    length: Duration,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause],
) -> datetime:
    """The instant the clock has run `used` since `start`, pauses skipped."""
    minutes = max(used / timedelta(minutes=1), 1 / 60)
    span = Duration(amount=minutes, unit=DurationUnit.minutes, business=length.business)
    return due_at_with_pauses(start, span, calendar, pauses) or start


def stored_marks(documents: Sequence[dict]) -> list[Mark]:
    """Marks from a stored plan, unvalidated: `plan_marks` checked them when made.

    The sweep reads a thousand plans per batch; validating each again costs more
    than everything else it does with them.
    """
    return [
        Mark.model_construct(
            key=document["key"],
            kind=MarkKind(document["kind"]),
            at=datetime.fromisoformat(document["at"]),
            to_role=document.get("to_role"),
        )
        for document in documents
    ]


def due_marks(
    marks: Sequence[Mark], fired: Collection[str], now: datetime
) -> tuple[list[Mark], list[str], datetime | None]:
    """What a sweep at `now` acts on, the keys it fires, and the next wake time.

    Every passed, unfired mark fires; of the reminder / due / overdue family only
    the latest passed one is acted on (the earlier ones are stale news).
    """
    passed = [m for m in marks if m.key not in fired and m.at <= now]
    later = [m.at for m in marks if m.key not in fired and m.at > now]
    loudest = [m for m in passed if m.kind in _SUPERSEDING][-1:]
    acted = [m for m in passed if m.kind not in _SUPERSEDING or m in loudest]
    return acted, [m.key for m in passed], min(later, default=None)


def sla_due(
    sla: SLA,
    start: datetime,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause] = (),
) -> datetime | None:
    """The due time of a clock anchored at `start`; None while paused."""
    return due_at_with_pauses(start, sla.duration, calendar, pauses)


def due_before(
    deadline: date, duration: Duration, calendar: BusinessCalendar
) -> datetime:
    """Due `duration` before a date such as a renewal, in the calendar's zone.

    Business durations count whole working days back and are due at the close of
    that day (10 business days before a Monday renewal is the close of the
    Friday two weeks earlier); a part day rounds up to a whole one. Calendar
    durations count back from local midnight at the start of `deadline`.
    """
    if duration.business:
        days = math.ceil(sla_length(duration, calendar) / calendar.working_day_length)
        day = deadline
        while days:
            day -= timedelta(days=1)
            days -= calendar.is_working_day(day)
        closes = datetime.combine(day, calendar.closes, tzinfo=calendar.zone)
        return closes.astimezone(UTC).astimezone(calendar.zone)
    midnight = datetime.combine(deadline, datetime.min.time())
    back = timedelta(minutes=duration.working_minutes)
    return (midnight - back).replace(tzinfo=calendar.zone)


def owner_calendar(
    owner: Assignee | None,
    account_time_zone: str | None,
    account_country: str | None,
    default_country: str | None,
) -> BusinessCalendar:
    """The business calendar of a step's owner.

    Time zone: the owner's, else the account's, else UTC. Holidays: a vendor-side
    owner keeps the configured country's (else the account's); a customer-side
    owner keeps the account's country (else the configured one). A zone or
    country the calendar refuses falls back to the next candidate.
    """
    internal = owner is None or owner.side is Side.internal
    countries = (default_country, account_country)
    if not internal:
        countries = countries[::-1]
    zones = (owner.time_zone if owner else None, account_time_zone, "UTC")
    for zone in dict.fromkeys(z for z in zones if z):
        for country in dict.fromkeys([*filter(None, countries), None]):
            try:
                return BusinessCalendar(time_zone=zone, country=country)
            except CalendarError:
                continue
    return BusinessCalendar()
