"""The sweep: fire triggers, find due step runs through the index, hand them on.

One sweep (`csops tick`, or the server's scheduler) runs in three short
transactions per batch, so a person completing a step never waits on it:

1. claim: one `UPDATE ... WHERE id IN (SELECT ... WHERE wake_at <= now ORDER BY
   wake_at LIMIT n FOR UPDATE SKIP LOCKED) RETURNING id` stamps a lease
   (`claimed_by`, `claimed_until`) on up to n due rows. On PostgreSQL concurrent
   sweeps skip each other's locked rows and then each other's leases; on SQLite
   the database has one writer and the statement runs whole.
2. the claimed rows are read with their run and account (one query), and each
   passed mark becomes a `DueWork` item, in memory.
3. settle: the rows still claimed by this sweep and unchanged since the read
   (`revision`) get their marks fired, `wake_at` moved on and the lease dropped;
   their items go to the `DueWorkStage` and a `due` event each, in the same
   transaction. A row that moved meanwhile (completed, paused) is released
   untouched and seen afresh by the next sweep.

A sweep that dies after claiming leaves leases that expire (`lease`), after which
another sweep takes the rows; nothing it did is committed, so nothing is done twice.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.orm import Session

from domain.due_work import DueWork
from domain.run_marks import due_marks, stored_marks
from domain.runs import EventKind
from tools.db import Database
from tools.runs.clocks import NO_DEFAULTS, RunDefaults
from tools.runs.due_items import RunFacts, due_items, run_facts
from tools.runs.events import SWEEP_ACTOR, record_events
from tools.runs.starting import StartedRun
from tools.runs.tables import StepRunRow, as_utc
from tools.runs.triggers import fire_triggers

DueWorkStage = Callable[[Session, Sequence[DueWork]], None]
"""Receives every item of one batch at once, inside the settle transaction.

Write drafts or outbox rows with the session and they commit together with the
marks they answer, or not at all. Keep model calls out: they belong to the run
graph that picks those rows up, not to a transaction holding row locks.
"""

DEFAULT_BATCH = 1000
DEFAULT_LEASE = timedelta(minutes=5)


def record_only(session: Session, items: Sequence[DueWork]) -> None:
    """The stage until nudges land: the sweep's `due` events are the whole record."""


class SweepReport(BaseModel):
    """What one sweep did."""

    now: datetime
    worker: str
    started_runs: list[StartedRun]
    due_work: list[DueWork]
    released: int = 0
    """Claimed rows that changed before settling and were left to the next sweep."""


@dataclass(frozen=True)
class _Claimed:
    step_run_id: str
    revision: int
    fired: list[str]
    next_wake: datetime | None
    items: list[DueWork]


def sweep(
    database: Database,
    *,
    now: datetime,
    stage: DueWorkStage = record_only,
    defaults: RunDefaults = NO_DEFAULTS,
    worker: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    lease: timedelta = DEFAULT_LEASE,
    triggers: bool = True,
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> SweepReport:
    """Fire triggers, then claim, hand on and settle due step runs batch by batch.

    Args:
        now: The business instant marks are compared with (`csops tick --now`
            steps it through a simulated month).
        wall_clock: Real time, for leases only: a lease protects a live worker,
            whatever business instant it sweeps at.
    """
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
    started = fire_triggers(database, now=now, defaults=defaults) if triggers else []
    report = SweepReport(now=now, worker=worker, started_runs=started, due_work=[])
    while True:
        claimed = claim_due(database, now, worker, batch_size, wall_clock(), lease)
        kept = settle(database, claimed, worker, now, stage)
        report.due_work += [item for entry in kept for item in entry.items]
        report.released += len(claimed) - len(kept)
        if len(claimed) < batch_size:
            return report


def claim_due(
    database: Database,
    now: datetime,
    worker: str,
    limit: int,
    wall_now: datetime,
    lease: timedelta,
) -> list[_Claimed]:
    """Lease up to `limit` due step runs to `worker` and plan their due work."""
    free = sa.or_(
        StepRunRow.claimed_until.is_(None), StepRunRow.claimed_until < wall_now
    )
    pick = (
        sa.select(StepRunRow.id)
        .where(StepRunRow.wake_at <= now, free)
        .order_by(StepRunRow.wake_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        sa.update(StepRunRow.__table__)
        .where(StepRunRow.id.in_(pick))
        .values(claimed_by=worker, claimed_until=wall_now + lease)
        .returning(*CLAIMED_COLUMNS)
    )
    with database.session() as session:
        rows = session.execute(claim).all()
        runs = run_facts(session, {row.run_id for row in rows}) if rows else {}
    return [_plan(row, runs[row.run_id], now) for row in rows]


# What the claim returns of each row: enough to build its items without reading
# the row again (RETURNING saves a query per batch).
CLAIMED_COLUMNS = [
    StepRunRow.__table__.c[name]
    for name in (
        "id",
        "run_id",
        "step_id",
        "title",
        "owner_role",
        "customer_facing",
        "customer_action",
        "time_zone",
        "due_at",
        "marks",
        "fired",
        "revision",
    )
]


def _plan(row: sa.Row, run: RunFacts, now: datetime) -> _Claimed:
    acted, fired, next_wake = due_marks(stored_marks(row.marks), row.fired, now)
    items = due_items(row, run, acted)
    return _Claimed(row.id, row.revision, [*row.fired, *fired], next_wake, items)


def settle(
    database: Database,
    claimed: list[_Claimed],
    worker: str,
    now: datetime,
    stage: DueWorkStage,
) -> list[_Claimed]:
    """Hand the unchanged rows' items to `stage`, fire their marks, drop leases."""
    if not claimed:
        return []
    ids = [entry.step_run_id for entry in claimed]
    with database.session() as session:
        # A write first: it takes the row locks (PostgreSQL) or the database's
        # write lock (SQLite) before the revisions are read, so no completion can
        # commit between the check and the advance.
        lock = (
            sa.update(StepRunRow)
            .where(StepRunRow.id.in_(ids), StepRunRow.claimed_by == worker)
            .values(claimed_until=StepRunRow.claimed_until)
            .returning(StepRunRow.id, StepRunRow.revision)
        )
        options = {"synchronize_session": False}
        locked = session.execute(lock, execution_options=options)
        revisions = {row_id: revision for row_id, revision in locked}
        kept = [e for e in claimed if revisions.get(e.step_run_id) == e.revision]
        items = [item for entry in kept for item in entry.items]
        if items:
            stage(session, items)
        record_events(session, [_due_event(item, now) for item in items])
        _advance(session, kept)
        _release(session, ids, worker)
    return kept


def _advance(session: Session, kept: list[_Claimed]) -> None:
    if not kept:
        return
    session.execute(
        sa.update(StepRunRow),
        [{"id": e.step_run_id, "fired": e.fired, "wake_at": e.next_wake} for e in kept],
    )


def _release(session: Session, ids: list[str], worker: str) -> None:
    session.execute(
        sa.update(StepRunRow)
        .where(StepRunRow.id.in_(ids), StepRunRow.claimed_by == worker)
        .values(claimed_by=None, claimed_until=None),
        execution_options={"synchronize_session": False},
    )


def _due_event(item: DueWork, now: datetime) -> dict:
    return {
        "run_id": item.run_id,
        "step_run_id": item.step_run_id,
        "at": now.astimezone(UTC),
        "actor": SWEEP_ACTOR,
        "kind": EventKind.due.value,
        "reason": item.reason,
        "data": {
            "mark": item.mark,
            "kind": item.kind.value,
            "work_key": item.work_key,
            "recipients": [person.name for person in item.recipients],
            "mark_at": as_utc(item.mark_at).isoformat(),
        },
    }
