"""SLA clocks: due times, paused clocks and breach forecasts for step runs.

What a duration means (`domain.workflow.Duration`):

- business minutes / hours: working time on the owner's calendar only. A start
  outside working hours counts from the next opening.
- business days / weeks: N working days of the calendar's length (a week is as many
  working days as the calendar has per week). With the usual 09:00-17:00 day this is
  the same local time of day N working days later; a clock that starts at an opening
  is due at the close of its last working day (Monday 09:00 plus one business day is
  Monday 17:00, the same working instant as Tuesday 09:00, and the one a person reads
  as "by end of Monday").
- calendar minutes / hours: elapsed time; across a DST change the local clock shows
  one hour more or less.
- calendar days / weeks: the same local wall time N days later, which is what a person
  expects from "within 3 days": 72 hours elapsed would be 09:00 or 11:00 on the clock
  after a DST change. A wall time that DST skips moves one hour later; a fraction of
  a day is added as elapsed hours.

A paused clock (the step waits on the customer or a partner) stops counting: the due
time moves later by the clock time spent paused, working time for a business SLA and
elapsed time for a calendar one. While a pause is still open there is no due time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.business_time import (
    BusinessCalendar,
    BusinessTimeError,
    ClockRangeError,
    add_working_time,
    business_time_between,
    require_aware,
)
from domain.workflow import Duration, DurationUnit

Pause = tuple[datetime, datetime | None]
"""When a clock stopped, and when it resumed (None: still waiting)."""

# With nothing to show, a step that has used this share of its SLA would have to do
# all of its work in less time than has already gone by: flag it.
IDLE_BREACH_FRACTION = 0.5

ForecastBasis = Literal["paused", "overdue", "pace", "history", "idle", "no_signal"]


class ForecastInputError(BusinessTimeError):
    """A progress signal outside its range."""


def sla_length(duration: Duration, calendar: BusinessCalendar) -> timedelta:
    """Working time a business duration allows on `calendar`."""
    amount = duration.amount
    if duration.unit is DurationUnit.days:
        return calendar.working_day_length * amount
    if duration.unit is DurationUnit.weeks:
        days_per_week = len(calendar.working_days)
        return calendar.working_day_length * days_per_week * amount
    return timedelta(minutes=duration.working_minutes)


def due_at(start: datetime, duration: Duration, calendar: BusinessCalendar) -> datetime:
    """When a clock that starts at `start` and runs for `duration` is due.

    See the module docstring for what each unit means. The result is in the
    calendar's time zone.
    """
    begin = require_aware(start, "start")
    if duration.business:
        return add_working_time(begin, sla_length(duration, calendar), calendar)
    if duration.unit in (DurationUnit.minutes, DurationUnit.hours):
        elapsed = timedelta(minutes=duration.working_minutes)
        return (begin + elapsed).astimezone(calendar.zone)

    days = duration.amount * (7 if duration.unit is DurationUnit.weeks else 1)
    whole_days = int(days)
    wall = begin.astimezone(calendar.zone).replace(tzinfo=None)
    moved = (wall + timedelta(days=whole_days)).replace(tzinfo=calendar.zone)
    fraction = timedelta(days=days - whole_days)
    return (moved.astimezone(UTC) + fraction).astimezone(calendar.zone)


def due_at_with_pauses(
    start: datetime,
    duration: Duration,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause],
) -> datetime | None:
    """The due time pushed back by the clock time spent paused.

    Pauses may overlap or start before `start` (those parts do not count). Returns
    None while a pause that began before the due time is still open: the clock is
    stopped and the step waits on someone else.
    """
    due = due_at(start, duration, calendar)
    for paused_at, resumed_at in _clean_pauses(start, pauses):
        if paused_at >= due:
            break
        if resumed_at is None:
            return None
        left = _on_clock(paused_at, due, duration, calendar)
        due = _advance(resumed_at, left, duration, calendar)
    return due


def time_on_clock(
    start: datetime,
    now: datetime,
    duration: Duration,
    calendar: BusinessCalendar,
    pauses: Sequence[Pause] = (),
) -> timedelta:
    """Clock time used from `start` to `now`, paused time excluded.

    Working time for a business SLA, elapsed time for a calendar one.
    """
    used = _on_clock(start, now, duration, calendar)
    for paused_at, resumed_at in _clean_pauses(start, pauses):
        if paused_at >= now:
            break
        stop = now if resumed_at is None else min(resumed_at, now)
        used -= _on_clock(paused_at, stop, duration, calendar)
    return used


def _on_clock(
    start: datetime, end: datetime, duration: Duration, calendar: BusinessCalendar
) -> timedelta:
    if duration.business:
        return business_time_between(start, end, calendar)
    begin, finish = require_aware(start, "start"), require_aware(end, "end")
    if finish < begin:
        raise ClockRangeError(
            f"end {end.isoformat()} is before start {start.isoformat()}; "
            "swap the arguments"
        )
    return finish - begin


def _advance(
    start: datetime, amount: timedelta, duration: Duration, calendar: BusinessCalendar
) -> datetime:
    if duration.business:
        return add_working_time(start, amount, calendar)
    return (require_aware(start, "start") + amount).astimezone(calendar.zone)


def _clean_pauses(start: datetime, pauses: Sequence[Pause]) -> list[Pause]:
    """Pauses clipped to `start`, sorted and merged; an open pause absorbs the rest."""
    begin = require_aware(start, "start")
    clipped: list[tuple[datetime, datetime | None]] = []
    for paused_at, resumed_at in pauses:
        stop = _checked_resume(paused_at, resumed_at)
        if stop is not None and stop <= begin:
            continue
        clipped.append((max(require_aware(paused_at, "paused_at"), begin), stop))

    merged: list[Pause] = []
    for paused_at, resumed_at in sorted(clipped, key=lambda pause: pause[0]):
        last = merged[-1] if merged else None
        if last is not None and (last[1] is None or paused_at <= last[1]):
            end = None if None in (last[1], resumed_at) else max(last[1], resumed_at)
            merged[-1] = (last[0], end)
        else:
            merged.append((paused_at, resumed_at))
    return merged


def _checked_resume(
    paused_at: datetime, resumed_at: datetime | None
) -> datetime | None:
    if resumed_at is None:
        return None
    stop = require_aware(resumed_at, "resumed_at")
    if stop < require_aware(paused_at, "paused_at"):
        raise ClockRangeError(
            f"pause resumed at {resumed_at.isoformat()} before it started at "
            f"{paused_at.isoformat()}; record the resume after the pause"
        )
    return stop


class BreachForecast(BaseModel):
    """Whether a step run is likely to miss its SLA at the current pace."""

    model_config = ConfigDict(frozen=True)

    likely_to_breach: bool
    basis: ForecastBasis
    reason: str = Field(description="One sentence for the CSM or the escalation.")
    due_at: datetime | None = Field(default=None, description="None while paused.")
    projected_finish: datetime | None = Field(
        default=None, description="None when the signal projects nothing."
    )
    used_fraction: float | None = Field(
        default=None, description="Share of the SLA's clock time used, pauses excluded."
    )


def breach_forecast(
    start: datetime,
    duration: Duration,
    calendar: BusinessCalendar,
    *,
    now: datetime,
    pauses: Sequence[Pause] = (),
    progress: float | None = None,
    typical_duration: timedelta | None = None,
) -> BreachForecast:
    """Forecast whether a step run finishes within its SLA, and when.

    Args:
        progress: Share of the work done or of the required inputs received, 0 to
            1. Above 0 the step's own pace projects the finish linearly: the rest
            takes as long per unit as what is done took.
        typical_duration: The historical median clock time of steps of this kind.
            Used when there is no pace; a step already past it gets no projection.
        now: The current instant; clock time counts to here.

    With neither signal, or nothing done yet, a step is flagged once it has used
    IDLE_BREACH_FRACTION of its SLA. A paused clock is never flagged; an overdue
    one always is.
    """
    _check_progress(progress)
    due = due_at_with_pauses(start, duration, calendar, pauses)
    if due is None:
        reason = "The clock is paused while the step waits on an external party."
        return BreachForecast(likely_to_breach=False, basis="paused", reason=reason)

    used = time_on_clock(start, now, duration, calendar, pauses)
    share = used / time_on_clock(start, due, duration, calendar, pauses)
    if require_aware(now, "now") >= due:
        reason = f"The step was due {_when(due)} and is not done."
        return BreachForecast(
            likely_to_breach=True,
            basis="overdue",
            reason=reason,
            due_at=due,
            used_fraction=share,
        )
    signal = _pace_signal(used, share, progress, typical_duration)
    if signal is None:
        return _idle(
            share, due, signalled=progress == 0 or typical_duration is not None
        )
    basis, needed, why = signal
    finish = _advance(now, needed, duration, calendar)
    verdict = "after" if finish > due else "before"
    return BreachForecast(
        likely_to_breach=finish > due,
        basis=basis,
        reason=f"{why}: projected {_when(finish)}, {verdict} due {_when(due)}.",
        due_at=due,
        projected_finish=finish,
        used_fraction=share,
    )


def _pace_signal(
    used: timedelta,
    share: float,
    progress: float | None,
    typical_duration: timedelta | None,
) -> tuple[ForecastBasis, timedelta, str] | None:
    """Basis, clock time still needed, and why; None when nothing projects."""
    if progress:
        why = f"{progress:.0%} done after {share:.0%} of the SLA"
        return "pace", used * (1 - progress) / progress, why
    if typical_duration is not None and used < typical_duration:
        why = f"Steps of this kind typically take {typical_duration}"
        return "history", typical_duration - used, why
    return None


def _idle(share: float, due: datetime, *, signalled: bool) -> BreachForecast:
    """No projection: flag the step once it used IDLE_BREACH_FRACTION of its SLA."""
    return BreachForecast(
        likely_to_breach=share >= IDLE_BREACH_FRACTION,
        basis="idle" if signalled else "no_signal",
        reason=f"Nothing to show after {share:.0%} of the SLA, due {_when(due)}.",
        due_at=due,
        used_fraction=share,
    )


def _check_progress(progress: float | None) -> None:
    if progress is not None and not 0 <= progress <= 1:
        raise ForecastInputError(
            f"progress={progress} is outside 0..1; pass the share of the work done "
            "or of the required inputs received, e.g. 2 of 5 inputs is 0.4"
        )


def _when(instant: datetime) -> str:
    return f"{instant:%a %d %b %Y %H:%M %Z}"
