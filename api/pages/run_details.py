"""What the run pages show beyond `tools.runs.run_view`: local due times, pauses,
which steps staff may complete, the customers' answers and an account's runs.

A customer's answer is the data of the completion event their magic link recorded
(`tools.runs_links.take_step_action`); the link id stays out of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.runs import ACTIVE_STEP_STATUSES, EventKind
from domain.workflow import Workflow
from tools.runs import RunView, StepView
from tools.runs.clocks import load_pauses
from tools.runs.events import RunEvent
from tools.runs.tables import RunRow, StepRunRow, as_utc


@dataclass
class StepLine:
    """One step of the run page."""

    view: StepView
    due_local: str | None
    customer_facing: bool
    pauses: list[str] = field(default_factory=list)

    @property
    def completable(self) -> bool:
        """Staff complete internal steps here; customers answer through links."""
        return not self.customer_facing and self.view.status in ACTIVE_STEP_STATUSES


@dataclass
class Answer:
    """What someone submitted through a magic link."""

    at: datetime
    by: str
    step: str
    fields: list[tuple[str, str]]


def step_lines(session: Session, view: RunView, workflow: Workflow) -> list[StepLine]:
    """The run's steps with the owner's local due time and the pauses taken."""
    rows = sa.select(StepRunRow).where(StepRunRow.run_id == view.run_id)
    pauses = {row.step_id: load_pauses(row) for row in session.scalars(rows)}
    lines = []
    for step in view.steps:
        definition = workflow.step(step.step_id)
        lines.append(
            StepLine(
                view=step,
                due_local=local_time(step.due_at, step.time_zone),
                customer_facing=bool(definition and definition.customer_facing),
                pauses=[_pause(s, e) for s, e in pauses.get(step.step_id, [])],
            )
        )
    return lines


def answers(view: RunView) -> list[Answer]:
    """Customers' submissions, from the completion events their links recorded."""
    titles = {step.step_run_id: step.title for step in view.steps}
    return [
        Answer(
            at=event.at,
            by=event.actor,
            step=titles.get(event.step_run_id or "", "a step"),
            fields=_fields(event),
        )
        for event in view.events
        if event.kind is EventKind.step_completion and "link_id" in event.data
    ]


def account_runs(session: Session, account_id: int) -> list[RunRow]:
    """The account's runs, newest first."""
    query = (
        sa.select(RunRow)
        .where(RunRow.account_id == account_id)
        .order_by(RunRow.started_at.desc(), RunRow.id)
    )
    return list(session.scalars(query))


def local_time(moment: datetime | None, zone: str | None) -> str | None:
    """`moment` on the owner's wall clock, naming the zone (UTC when unknown) by
    its tz-database abbreviation, as the forecast beside it and the nudges do."""
    if moment is None:
        return None
    try:
        tz = ZoneInfo(zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    return as_utc(moment).astimezone(tz).strftime("%a %d %b %Y %H:%M %Z")


def _pause(start: datetime, end: datetime | None) -> str:
    began = start.strftime("%Y-%m-%d %H:%M")
    return f"{began} to {end:%Y-%m-%d %H:%M} UTC" if end else f"since {began} UTC"


def _fields(event: RunEvent) -> list[tuple[str, str]]:
    data = {k: v for k, v in event.data.items() if k not in ("link_id", "action")}
    submitted = data.pop("submitted", {})
    merged = {**data, **(submitted if isinstance(submitted, dict) else {})}
    return [(name, str(value)) for name, value in merged.items()]
