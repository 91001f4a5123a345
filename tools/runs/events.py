"""The run event log: one row per state change, never updated or deleted.

Every write of the run engine goes through `record_event` (one change) or
`record_events` (a set, written as one multi-row insert by the sweep), in the same
transaction as the change it records, so the log and the state cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.orm import Session

from domain.runs import EventKind
from tools.runs.tables import RunEventRow, as_utc

SWEEP_ACTOR = "csops:sweep"


class RunEvent(BaseModel):
    """One row of a run's timeline."""

    id: int
    run_id: str
    step_run_id: str | None
    at: datetime
    actor: str
    kind: EventKind
    reason: str
    data: dict[str, Any]


def record_event(
    session: Session,
    run_id: str,
    kind: EventKind,
    *,
    at: datetime,
    actor: str,
    reason: str,
    step_run_id: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Append one event to the run's log in the caller's transaction."""
    session.add(
        RunEventRow(
            run_id=run_id,
            step_run_id=step_run_id,
            at=at.astimezone(UTC),
            actor=actor,
            kind=kind.value,
            reason=reason,
            data=data or {},
        )
    )


def record_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Append many events at once; each dict holds the RunEventRow columns."""
    if rows:
        session.execute(sa.insert(RunEventRow), list(rows))


def timeline(session: Session, run_id: str) -> list[RunEvent]:
    """A run's events in the order they were recorded."""
    query = (
        sa.select(RunEventRow)
        .where(RunEventRow.run_id == run_id)
        .order_by(RunEventRow.id)
    )
    return [_event(row) for row in session.scalars(query)]


def _event(row: RunEventRow) -> RunEvent:
    return RunEvent(
        id=row.id,
        run_id=row.run_id,
        step_run_id=row.step_run_id,
        at=as_utc(row.at),
        actor=row.actor,
        kind=EventKind(row.kind),
        reason=row.reason,
        data=row.data,
    )
