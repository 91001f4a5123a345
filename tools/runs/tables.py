"""Tables of running workflows: runs, step runs, their event log, trigger occurrences.

- `runs`: one published workflow version executing for one account, with the people
  its roles resolved to when it started.
- `step_runs`: one row per step, carrying its SLA clock (due time, pauses), its plan
  of marks and `wake_at`, the next instant the sweep acts on it. The sweep finds due
  work through the partial index on `wake_at` and claims rows with a lease
  (`claimed_by`, `claimed_until`).
- `run_events`: append-only; who did what, when and why. Nothing updates or
  deletes a row.
- `trigger_occurrences`: one row per account, workflow and trigger occurrence; its
  unique key is what keeps a trigger from starting a second run.

Instants are stored in UTC (`Instant`), whatever zone the caller's value is in.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tools.db import Base


class Instant(sa.types.TypeDecorator):
    """An aware instant, stored in UTC and read back aware on both databases."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        # SQLite keeps the wall clock and drops the offset: store UTC only.
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return as_utc(value)


_WAKING = sa.text("wake_at IS NOT NULL")


class RunRow(Base):
    __tablename__ = "runs"
    __table_args__ = (
        sa.Index("ix_runs_status", "status"),
        sa.Index("ix_runs_account_id", "account_id"),
    )

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    workflow_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("workflows.id", ondelete="CASCADE")
    )
    workflow_version: Mapped[int] = mapped_column(sa.Integer)
    account_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(sa.String(16))
    started_at: Mapped[datetime] = mapped_column(Instant())
    started_by: Mapped[str] = mapped_column(sa.String(200))
    roles: Mapped[dict] = mapped_column(
        sa.JSON, doc="Role id -> list of Assignee documents (empty: unfilled)."
    )
    completed_at: Mapped[datetime | None] = mapped_column(Instant())

    @property
    def workflow_ref(self) -> str:
        return f"{self.workflow_id}@{self.workflow_version}"


class StepRunRow(Base):
    __tablename__ = "step_runs"
    __table_args__ = (
        sa.UniqueConstraint("run_id", "step_id", name="uq_step_runs_step"),
        sa.Index("ix_step_runs_run_id", "run_id"),
        sa.Index("ix_step_runs_status_due", "status", "due_at"),
        # Done and pending rows have no wake time; leaving them out keeps the
        # sweep's index the size of the live work, not of the history.
        sa.Index(
            "ix_step_runs_wake_at",
            "wake_at",
            sqlite_where=_WAKING,
            postgresql_where=_WAKING,
        ),
    )

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    run_id: Mapped[str] = mapped_column(
        sa.String(40), sa.ForeignKey("runs.id", ondelete="CASCADE")
    )
    step_id: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    owner_role: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(20))
    completion: Mapped[str] = mapped_column(sa.String(8))
    depends_on: Mapped[list] = mapped_column(sa.JSON)
    customer_facing: Mapped[bool] = mapped_column(sa.Boolean)
    customer_action: Mapped[str | None] = mapped_column(sa.String(20))
    time_zone: Mapped[str | None] = mapped_column(sa.String(64))
    calendar_country: Mapped[str | None] = mapped_column(sa.String(8))
    ready_at: Mapped[datetime | None] = mapped_column(Instant())
    clock_start: Mapped[datetime | None] = mapped_column(Instant())
    due_at: Mapped[datetime | None] = mapped_column(Instant())
    wake_at: Mapped[datetime | None] = mapped_column(Instant())
    marks: Mapped[list] = mapped_column(sa.JSON, doc="Planned Mark documents.")
    fired: Mapped[list] = mapped_column(sa.JSON, doc="Keys of marks already acted on.")
    pauses: Mapped[list] = mapped_column(
        sa.JSON, doc="[paused_at, resumed_at or null] pairs, ISO instants."
    )
    completions: Mapped[list] = mapped_column(sa.JSON, doc="{by, at, data} each.")
    completed_at: Mapped[datetime | None] = mapped_column(Instant())
    revision: Mapped[int] = mapped_column(
        sa.Integer, doc="Bumped by every state change; a sweep checks it."
    )
    claimed_by: Mapped[str | None] = mapped_column(sa.String(120))
    claimed_until: Mapped[datetime | None] = mapped_column(Instant())


class RunEventRow(Base):
    __tablename__ = "run_events"
    __table_args__ = (sa.Index("ix_run_events_run_id", "run_id", "id"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(
        sa.String(40), sa.ForeignKey("runs.id", ondelete="CASCADE")
    )
    step_run_id: Mapped[str | None] = mapped_column(sa.String(40))
    at: Mapped[datetime] = mapped_column(Instant())
    actor: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(40))
    reason: Mapped[str] = mapped_column(sa.Text)
    data: Mapped[dict] = mapped_column(sa.JSON)


class TriggerOccurrenceRow(Base):
    __tablename__ = "trigger_occurrences"
    __table_args__ = (
        sa.UniqueConstraint(
            "account_id",
            "workflow_id",
            "trigger_kind",
            "occurrence_key",
            name="uq_trigger_occurrences_once",
        ),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE")
    )
    workflow_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("workflows.id", ondelete="CASCADE")
    )
    trigger_kind: Mapped[str] = mapped_column(sa.String(32))
    occurrence_key: Mapped[str] = mapped_column(sa.String(200))
    detected_at: Mapped[datetime] = mapped_column(Instant())
    run_id: Mapped[str | None] = mapped_column(
        sa.String(40), sa.ForeignKey("runs.id", ondelete="SET NULL")
    )


def as_utc(moment: datetime | None) -> datetime | None:
    """The instant with its UTC zone (SQLite returns the naive UTC value)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
