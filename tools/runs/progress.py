"""Moving a run on: completing steps, waiting on the customer, resuming.

Each function locks the step run row (`FOR UPDATE` on PostgreSQL), checks the move
against `domain.runs.STEP_TRANSITIONS`, writes the new state and its event in one
transaction, and bumps the row's `revision` so a sweep holding an older copy of it
drops its due work instead of nudging about a step that has moved on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.orm import Session

from domain.runs import (
    EventKind,
    RunStatus,
    StepStatus,
    check_step_transition,
    completion_satisfied,
    newly_ready,
)
from domain.workflow import CompletionRule
from tools.db import Database
from tools.runs.clocks import (
    NO_DEFAULTS,
    RunContext,
    RunDefaults,
    load_context,
    make_ready,
    replan,
)
from tools.runs.events import record_event
from tools.runs.tables import StepRunRow


class UnknownStep(LookupError):
    """The run has no step with that id; `step_ids` lists the ones it has."""

    def __init__(self, run_id: str, step_id: str, step_ids: list[str]) -> None:
        self.step_ids = step_ids
        super().__init__(
            f"run {run_id} has no step {step_id!r}; its steps: {', '.join(step_ids)}"
        )


class StepOutcome(BaseModel):
    """What a completion did to the run."""

    step_done: bool
    waiting_for: list[str]
    newly_ready: list[str]
    run_completed: bool


def complete_step(
    database: Database,
    run_id: str,
    step_id: str,
    *,
    by: str,
    now: datetime,
    data: dict[str, Any] | None = None,
    defaults: RunDefaults = NO_DEFAULTS,
) -> StepOutcome:
    """Record that `by` completed a step; finish it under its completion rule.

    `any`: the first completion finishes the step. `all`: every person behind the
    owner role must complete it (`by` is matched on email or name). A finished
    step turns its dependents ready once all their dependencies are done; the run
    completes with its last step.
    """
    with database.session() as session:
        context = load_context(session, run_id, defaults)
        row = _locked_step(session, run_id, step_id)
        check_step_transition(step_id, row.status, StepStatus.done)
        _close_pause(row, now)
        row.completions = [*row.completions, _completion(by, now, data)]
        row.revision += 1

        owners = context.owners(row.owner_role)
        rule = CompletionRule(row.completion)
        done_by = [entry["by"] for entry in row.completions]
        waiting = [o.name for o in owners if not any(o.answers_to(w) for w in done_by)]
        _event(
            session,
            row,
            EventKind.step_completion,
            now,
            by,
            f"{row.title} completed by {by}",
            data or {},
        )
        if not completion_satisfied(rule, owners, done_by):
            return StepOutcome(
                step_done=False,
                waiting_for=waiting,
                newly_ready=[],
                run_completed=False,
            )
        return _finish(session, context, row, now, by)


def wait_on_external(
    database: Database,
    run_id: str,
    step_id: str,
    *,
    by: str,
    now: datetime,
    why: str,
    defaults: RunDefaults = NO_DEFAULTS,
) -> None:
    """The step now waits on the customer or a partner.

    When its SLA says `pauses_when_waiting_external` and the step is not yet
    overdue, the clock stops: the step has no due time and the sweep leaves it
    alone until `resume_step`. A step already past its due time when it starts
    waiting stays overdue and keeps escalating: a pause counts only when it
    begins before the due time (`domain.clock.due_at_with_pauses`; the escalation
    eval case esc-paused-after-due holds this).
    """
    with database.session() as session:
        context = load_context(session, run_id, defaults)
        row = _locked_step(session, run_id, step_id)
        check_step_transition(step_id, row.status, StepStatus.waiting_external)
        row.status = StepStatus.waiting_external.value
        step = context.workflow.step(step_id)
        pauses = step.sla is not None and step.sla.pauses_when_waiting_external
        if pauses:
            row.pauses = [*row.pauses, [now.astimezone(UTC).isoformat(), None]]
            replan(context, row)
        row.revision += 1
        clock = "clock paused" if pauses else "clock keeps running"
        _event(
            session,
            row,
            EventKind.step_waiting_external,
            now,
            by,
            f"{row.title} waits on an external party ({clock}): {why}",
        )


def resume_step(
    database: Database,
    run_id: str,
    step_id: str,
    *,
    by: str,
    now: datetime,
    why: str,
    defaults: RunDefaults = NO_DEFAULTS,
) -> datetime | None:
    """The external party answered: the step is ready again; returns its due time."""
    with database.session() as session:
        context = load_context(session, run_id, defaults)
        row = _locked_step(session, run_id, step_id)
        check_step_transition(step_id, row.status, StepStatus.ready)
        row.status = StepStatus.ready.value
        _close_pause(row, now)
        replan(context, row)
        row.revision += 1
        due = row.due_at
        _event(
            session,
            row,
            EventKind.step_resumed,
            now,
            by,
            f"{row.title} resumed: {why}",
            {"due_at": due.isoformat() if due else None},
        )
        return due


def _finish(
    session: Session, context: RunContext, row: StepRunRow, now: datetime, by: str
) -> StepOutcome:
    row.status, row.completed_at, row.wake_at = StepStatus.done.value, now, None
    _event(session, row, EventKind.step_done, now, by, f"{row.title} is done")

    order = {step.id: index for index, step in enumerate(context.workflow.steps)}
    rows = sorted(_run_steps(session, row.run_id), key=lambda r: order[r.step_id])
    statuses = {step.step_id: step.status for step in rows}
    depends_on = {step.step_id: step.depends_on for step in rows}
    ready = newly_ready(depends_on, statuses)
    for step in rows:
        if step.step_id in ready:
            make_ready(session, context, step, now, by)

    done = {step.id for step in rows if step.status == StepStatus.done}
    _close_stale_items(session, row.run_id, done, now)

    finished = all(step.status == StepStatus.done for step in rows)
    if finished:
        context.run.status, context.run.completed_at = RunStatus.completed.value, now
        record_event(
            session,
            row.run_id,
            EventKind.run_completed,
            at=now,
            actor=by,
            reason="every step is done",
        )
    return StepOutcome(
        step_done=True, waiting_for=[], newly_ready=ready, run_completed=finished
    )


def _close_stale_items(
    session: Session, run_id: str, done: set[str], now: datetime
) -> None:
    """Inbox items about finished steps close with the completion (no stale ask)."""
    # Imported here: tools.inbox.store imports tools.runs.tables, whose package
    # imports this module; a top-level import would be circular.
    from tools.inbox.store import close_stale

    close_stale(session, run_id, done, now)


def _locked_step(session: Session, run_id: str, step_id: str) -> StepRunRow:
    query = sa.select(StepRunRow).where(
        StepRunRow.run_id == run_id, StepRunRow.step_id == step_id
    )
    row = session.scalar(query.with_for_update())
    if row is None:
        known = [step.step_id for step in _run_steps(session, run_id)]
        raise UnknownStep(run_id, step_id, known)
    return row


def _run_steps(session: Session, run_id: str) -> list[StepRunRow]:
    query = sa.select(StepRunRow).where(StepRunRow.run_id == run_id)
    return list(session.scalars(query.order_by(StepRunRow.id)))


def _close_pause(row: StepRunRow, now: datetime) -> None:
    if row.pauses and row.pauses[-1][1] is None:
        start = row.pauses[-1][0]
        row.pauses = [*row.pauses[:-1], [start, now.astimezone(UTC).isoformat()]]


def _completion(by: str, now: datetime, data: dict[str, Any] | None) -> dict:
    return {"by": by, "at": now.astimezone(UTC).isoformat(), "data": data or {}}


def _event(
    session: Session,
    row: StepRunRow,
    kind: EventKind,
    now: datetime,
    by: str,
    reason: str,
    data: dict[str, Any] | None = None,
) -> None:
    record_event(
        session,
        row.run_id,
        kind,
        at=now,
        actor=by,
        reason=reason,
        step_run_id=row.id,
        data=data,
    )
