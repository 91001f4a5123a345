"""Reading runs back: one run with its steps and timeline, and the open runs.

`run_view` adds a breach forecast to every active step with a running SLA clock
(`domain.clock.breach_forecast`, idle basis: nothing in the store measures progress
inside a step yet). `open_runs` answers "what is each run waiting on" with two
queries, whatever the number of runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from domain.clock import BreachForecast, breach_forecast
from domain.runs import ACTIVE_STEP_STATUSES, RunStatus, StepStatus
from tools.accounts.book import AccountRow
from tools.runs.clocks import (
    RunContext,
    RunDefaults,
    load_context,
    load_pauses,
    step_calendar,
)
from tools.runs.events import RunEvent, timeline
from tools.runs.tables import RunRow, StepRunRow, as_utc


class CustomerAnswer(BaseModel):
    """What a customer submitted through a magic link for one step."""

    by: str
    at: datetime
    action: str
    answer: dict[str, Any] = Field(description="The date, form fields or upload.")


class StepView(BaseModel):
    """One step run as `csops run show` prints it."""

    step_run_id: str
    step_id: str
    title: str
    status: StepStatus
    owner_role: str | None
    owners: list[str]
    due_at: datetime | None
    time_zone: str | None
    forecast: BreachForecast | None = None
    answers: list[CustomerAnswer] = Field(
        default_factory=list, description="What customers sent through links."
    )


class RunView(BaseModel):
    """A run: where it stands, who fills each role, and everything that happened."""

    run_id: str
    workflow_ref: str
    account_id: int
    account_name: str
    status: RunStatus
    started_at: datetime
    started_by: str
    roles: dict[str, list[str]]
    steps: list[StepView]
    events: list[RunEvent]


class OpenRun(BaseModel):
    """One line of `csops run list`: an open run and the steps it waits on."""

    run_id: str
    workflow_ref: str
    account_name: str
    started_at: datetime
    waiting_on: list[StepView]


def run_view(
    session: Session, run_id: str, now: datetime, defaults: RunDefaults
) -> RunView:
    """The run `run_id` with steps in workflow order and its timeline."""
    context = load_context(session, run_id, defaults)
    order = {step.id: index for index, step in enumerate(context.workflow.steps)}
    rows = sorted(_steps(session, [run_id]), key=lambda row: order[row.step_id])
    run = context.run
    events = timeline(session, run_id)
    answers = _answers(events)
    steps = [_step_view(row, run, _forecast(context, row, now)) for row in rows]
    for step in steps:
        step.answers = answers.get(step.step_run_id, [])
    return RunView(
        run_id=run.id,
        workflow_ref=run.workflow_ref,
        account_id=run.account_id,
        account_name=context.account.name,
        status=RunStatus(run.status),
        started_at=as_utc(run.started_at),
        started_by=run.started_by,
        roles={role: [p["name"] for p in people] for role, people in run.roles.items()},
        steps=steps,
        events=events,
    )


def _answers(events: list[RunEvent]) -> dict[str, list[CustomerAnswer]]:
    """Link submissions by step run: completions whose data names a link."""
    found: dict[str, list[CustomerAnswer]] = {}
    for event in events:
        data = event.data or {}
        if event.step_run_id is None or "link_id" not in data:
            continue
        answer = {k: v for k, v in data.items() if k not in ("action", "link_id")}
        entry = CustomerAnswer(
            by=event.actor, at=event.at, action=str(data.get("action")), answer=answer
        )
        found.setdefault(event.step_run_id, []).append(entry)
    return found


def open_runs(session: Session) -> list[OpenRun]:
    """Open runs, oldest first, each with its ready and waiting steps."""
    query = (
        sa.select(RunRow, AccountRow.name)
        .join(AccountRow, AccountRow.id == RunRow.account_id)
        .where(RunRow.status == RunStatus.open.value)
        .order_by(RunRow.started_at, RunRow.id)
    )
    runs = [(run, name) for run, name in session.execute(query)]
    active: dict[str, list[StepRunRow]] = {}
    for row in _steps(session, [run.id for run, _ in runs], ACTIVE_STEP_STATUSES):
        active.setdefault(row.run_id, []).append(row)
    return [
        OpenRun(
            run_id=run.id,
            workflow_ref=run.workflow_ref,
            account_name=name,
            started_at=as_utc(run.started_at),
            waiting_on=[
                _step_view(row, run)
                for row in sorted(active.get(run.id, []), key=_due_order)
            ],
        )
        for run, name in runs
    ]


def _steps(session: Session, run_ids: list[str], statuses=None) -> list[StepRunRow]:
    query = sa.select(StepRunRow).where(StepRunRow.run_id.in_(run_ids))
    if statuses is not None:
        query = query.where(StepRunRow.status.in_([s.value for s in statuses]))
    return list(session.scalars(query))


def _due_order(row: StepRunRow) -> tuple[bool, datetime | None]:
    due = as_utc(row.due_at)
    return due is None, due


def _step_view(
    row: StepRunRow, run: RunRow, forecast: BreachForecast | None = None
) -> StepView:
    owners = [p["name"] for p in run.roles.get(row.owner_role or "", [])]
    return StepView(
        step_run_id=row.id,
        step_id=row.step_id,
        title=row.title,
        status=StepStatus(row.status),
        owner_role=row.owner_role,
        owners=owners,
        due_at=as_utc(row.due_at),
        time_zone=row.time_zone,
        forecast=forecast,
    )


def _forecast(
    context: RunContext, row: StepRunRow, now: datetime
) -> BreachForecast | None:
    step = context.workflow.step(row.step_id)
    if row.status not in ACTIVE_STEP_STATUSES or step is None or step.sla is None:
        return None
    if row.clock_start is None or now < row.clock_start:
        return None  # before_renewal (a fixed date, no clock) or not started yet
    return breach_forecast(
        as_utc(row.clock_start),
        step.sla.duration,
        step_calendar(row),
        now=now,
        pauses=load_pauses(row),
    )
