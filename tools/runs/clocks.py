"""Step clocks inside a run: turning a step ready and planning when it is due.

A step run's due time comes from its SLA on the business calendar of its owner
(`domain.run_marks.owner_calendar`): anchored at the moment it turned ready, at the
run's start, or before the account's next renewal. `replan` recomputes the due time
and the marks whenever the clock's inputs change (a pause opens or closes); the
calendar chosen when the step turned ready stays with the step run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.accounts import Account
from domain.business_time import BusinessCalendar
from domain.run_marks import Mark, due_before, owner_calendar, plan_marks, sla_due
from domain.runs import Assignee, EventKind, StepStatus, check_step_transition
from domain.workflow import SlaAnchor, Step, Workflow
from tools.accounts.book import AccountRow
from tools.accounts.repository import get_renewal
from tools.runs.events import record_event
from tools.runs.tables import RunRow, StepRunRow, as_utc
from tools.workflow_store import WorkflowVersionRow


@dataclass(frozen=True)
class RunDefaults:
    """Engine settings the entry points pass down (built from `Settings`).

    Attributes:
        calendar_country: ISO country whose public holidays the vendor team keeps;
            None: the account's country.
        trigger_lookback: How far back a trigger looks for a new occurrence (a deal
            won, a ticket opened); older events never start a run.
    """

    calendar_country: str | None = None
    trigger_lookback: timedelta = field(default=timedelta(days=30))


NO_DEFAULTS = RunDefaults()


class UnknownRun(LookupError):
    """No run has the id."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id
        super().__init__(f"no run {run_id!r}; list open runs with `csops run list`")


@dataclass
class RunContext:
    """What step clocks need about a run: its row, workflow and account."""

    run: RunRow
    workflow: Workflow
    account: Account
    defaults: RunDefaults

    def owners(self, role_id: str | None) -> list[Assignee]:
        documents = self.run.roles.get(role_id or "", [])
        return [Assignee.model_validate(document) for document in documents]

    def calendar_for(self, owners: list[Assignee]) -> BusinessCalendar:
        return owner_calendar(
            owners[0] if owners else None,
            self.account.time_zone,
            self.account.country,
            self.defaults.calendar_country,
        )


def load_context(session: Session, run_id: str, defaults: RunDefaults) -> RunContext:
    """The run `run_id` with its workflow version and account; UnknownRun if none."""
    run = session.get(RunRow, run_id)
    if run is None:
        raise UnknownRun(run_id)
    definition = session.scalar(
        sa.select(WorkflowVersionRow.definition).where(
            WorkflowVersionRow.workflow_id == run.workflow_id,
            WorkflowVersionRow.version == run.workflow_version,
        )
    )
    account = Account.model_validate(session.get(AccountRow, run.account_id))
    workflow = Workflow.model_validate(definition)
    return RunContext(run=run, workflow=workflow, account=account, defaults=defaults)


def make_ready(
    session: Session, context: RunContext, row: StepRunRow, at: datetime, actor: str
) -> None:
    """Turn a pending step run ready: choose its calendar, start its clock, plan."""
    check_step_transition(row.step_id, row.status, StepStatus.ready)
    step = _step(context, row)
    owners = context.owners(step.owner)
    calendar = context.calendar_for(owners)
    row.status, row.ready_at = StepStatus.ready.value, at.astimezone(UTC)
    row.time_zone, row.calendar_country = calendar.time_zone, calendar.country
    row.clock_start = _clock_start(session, context, row, step, calendar, at, actor)
    replan(context, row)
    row.revision += 1

    due = as_utc(row.due_at)
    when = f"due {due.astimezone(calendar.zone):%a %d %b %H:%M %Z}" if due else "no SLA"
    record_event(
        session,
        row.run_id,
        EventKind.step_ready,
        at=at,
        actor=actor,
        reason=f"{step.title} is ready for {_names(owners, step.owner)}, {when}",
        step_run_id=row.id,
        data={
            "due_at": due.isoformat() if due else None,
            "calendar": calendar.describe(),
        },
    )


def replan(context: RunContext, row: StepRunRow) -> None:
    """Recompute the due time, the marks and `wake_at` from the clock's inputs.

    A before_renewal due time is a fixed date: a pause does not move it (the
    renewal does not wait for the customer either).
    """
    step = _step(context, row)
    calendar = step_calendar(row)
    pauses = load_pauses(row)
    clock = None
    if step.sla is not None and row.clock_start is not None:
        start = as_utc(row.clock_start)
        row.due_at = sla_due(step.sla, start, calendar, pauses)
        clock = (start, step.sla.duration)
    marks = plan_marks(
        ready_at=as_utc(row.ready_at),
        due=as_utc(row.due_at),
        clock=clock,
        calendar=calendar,
        escalation=step.escalation,
        owner_resolved=bool(context.owners(step.owner)),
        pauses=pauses,
    )
    row.marks = [mark.model_dump(mode="json") for mark in marks]
    row.wake_at = next_wake(marks, row.fired)


def next_wake(marks: list[Mark], fired: list[str]) -> datetime | None:
    """The earliest unfired mark, passed or not: the sweep's index key."""
    return min((m.at for m in marks if m.key not in fired), default=None)


def step_calendar(row: StepRunRow) -> BusinessCalendar:
    """The calendar chosen when the step run turned ready."""
    return BusinessCalendar(
        time_zone=row.time_zone or "UTC", country=row.calendar_country
    )


def load_pauses(row: StepRunRow) -> list[tuple[datetime, datetime | None]]:
    return [
        (datetime.fromisoformat(start), datetime.fromisoformat(end) if end else None)
        for start, end in row.pauses
    ]


def _clock_start(
    session: Session,
    context: RunContext,
    row: StepRunRow,
    step: Step,
    calendar: BusinessCalendar,
    at: datetime,
    actor: str,
) -> datetime | None:
    """Where the SLA clock starts; a before_renewal SLA sets `due_at` instead."""
    if step.sla is None:
        return None
    if step.sla.anchor is SlaAnchor.run_start:
        return as_utc(context.run.started_at)
    if step.sla.anchor is SlaAnchor.before_renewal:
        renewal = get_renewal(session, context.account.id, at.date())
        if renewal is not None and renewal.renewal_date is not None:
            due = due_before(renewal.renewal_date, step.sla.duration, calendar)
            row.due_at = due.astimezone(UTC)
            return None
        reason = "no renewal date on or after today; the clock starts now instead"
        record_event(
            session,
            row.run_id,
            EventKind.anchor_missing,
            at=at,
            actor=actor,
            reason=f"{step.title}: SLA counts before renewal, but {reason}",
            step_run_id=row.id,
        )
    return at.astimezone(UTC)


def _step(context: RunContext, row: StepRunRow) -> Step:
    step = context.workflow.step(row.step_id)
    if step is None:  # the version is immutable once published
        raise LookupError(
            f"step {row.step_id!r} missing from {context.run.workflow_ref}"
        )
    return step


def _names(owners: list[Assignee], role_id: str | None) -> str:
    if not owners:
        return f"nobody (role {role_id or 'unset'} is unfilled)"
    return ", ".join(owner.name for owner in owners) + f" ({role_id})"
