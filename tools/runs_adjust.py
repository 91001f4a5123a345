"""Escalation decisions that move a step's clock: extending its SLA.

`extend_sla` moves a step run's SLA clock start later by the extension, on the
step's own calendar (business time for a business SLA), so every later `replan`
of the run engine (a pause, a resume) keeps the extension; adding working time is
additive, so the due time moves by exactly the extension. Marks that now lie in the
future fire again (the due, overdue and escalation marks of the new due time), and
the nudges they bring are new messages: the outbox key holds the due time.

A step due before a renewal date has no running clock to move; that is refused.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from domain.clock import due_at
from domain.run_marks import Mark
from domain.runs import EventKind, RunRuleError, StepStatus
from domain.workflow import Duration, DurationUnit
from tools.db import Database
from tools.runs import RunDefaults, UnknownStep
from tools.runs.clocks import (
    NO_DEFAULTS,
    load_context,
    next_wake,
    replan,
    step_calendar,
)
from tools.runs.events import record_event
from tools.runs.tables import StepRunRow, as_utc

_OPEN = {StepStatus.ready.value, StepStatus.waiting_external.value}


class ExtensionRefused(RunRuleError):
    """The step's SLA cannot be extended; the message says why and what to do."""


def extend_sla(
    database: Database,
    run_id: str,
    step_id: str,
    *,
    hours: float,
    by: str,
    now: datetime,
    why: str,
    defaults: RunDefaults = NO_DEFAULTS,
) -> datetime | None:
    """Give a step `hours` more (business hours for a business SLA); its new due.

    Raises:
        UnknownStep: the run has no such step.
        ExtensionRefused: the step is not open, has no SLA, or counts back from a
            renewal date; or `why` is empty.
    """
    if not why.strip():
        raise ExtensionRefused("say why the SLA is extended (--reason); it is recorded")
    with database.session() as session:
        context = load_context(session, run_id, defaults)
        row = _locked(session, run_id, step_id)
        step = context.workflow.step(step_id)
        _check(row, step)
        extra = Duration(
            amount=hours, unit=DurationUnit.hours, business=step.sla.duration.business
        )
        before = as_utc(row.due_at)
        row.clock_start = due_at(as_utc(row.clock_start), extra, step_calendar(row))
        replan(context, row)
        _refire_future_marks(row, now)
        row.revision += 1
        after = as_utc(row.due_at)
        record_event(
            session,
            run_id,
            EventKind.sla_extended,
            at=now,
            actor=by,
            reason=f"{row.title}: SLA extended by {extra}: {why}",
            step_run_id=row.id,
            data={
                "hours": hours,
                "due_before": before.isoformat() if before else None,
                "due_after": after.isoformat() if after else None,
            },
        )
        return after


def _check(row: StepRunRow, step) -> None:
    if row.status not in _OPEN:
        raise ExtensionRefused(f"{row.title} is {row.status}; only an open step waits")
    if step is None or step.sla is None:
        raise ExtensionRefused(f"{row.title} has no SLA to extend")
    if row.clock_start is None:
        raise ExtensionRefused(
            f"{row.title} is due a set time before the renewal date; change the "
            "step's SLA in a new workflow version instead"
        )


def _refire_future_marks(row: StepRunRow, now: datetime) -> None:
    marks = [Mark.model_validate(mark) for mark in row.marks]
    future = {mark.key for mark in marks if mark.at > now}
    row.fired = [key for key in row.fired if key not in future]
    row.wake_at = next_wake(marks, row.fired)


def _locked(session, run_id: str, step_id: str) -> StepRunRow:
    query = sa.select(StepRunRow).where(
        StepRunRow.run_id == run_id, StepRunRow.step_id == step_id
    )
    row = session.scalar(query.with_for_update())
    if row is None:
        known = session.scalars(
            sa.select(StepRunRow.step_id).where(StepRunRow.run_id == run_id)
        )
        raise UnknownStep(run_id, step_id, list(known))
    return row
