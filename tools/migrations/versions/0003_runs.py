"""Workflow runs: runs, step runs, the run event log and trigger occurrences.

Written by hand to mirror `tools/runs/tables.py`; `tests/test_runs_schema.py`
compares the two so they cannot drift apart.

Revision ID: 0003_runs
Revises: 0002_accounts
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_runs"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)
_WAKING = sa.text("wake_at IS NOT NULL")


def _run_key(name: str = "run_id", nullable: bool = False) -> sa.Column:
    return sa.Column(
        name,
        sa.String(40),
        sa.ForeignKey("runs.id", ondelete="CASCADE"),
        nullable=nullable,
    )


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "workflow_id",
            sa.String(64),
            sa.ForeignKey("workflows.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("workflow_version", sa.Integer, nullable=False),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", INSTANT, nullable=False),
        sa.Column("started_by", sa.String(200), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("completed_at", INSTANT),
    )
    op.create_index("ix_runs_status", "runs", ["status"])
    op.create_index("ix_runs_account_id", "runs", ["account_id"])
    _step_runs()
    _events_and_triggers()


def _step_runs() -> None:
    op.create_table(
        "step_runs",
        sa.Column("id", sa.String(40), primary_key=True),
        _run_key(),
        sa.Column("step_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("owner_role", sa.String(64)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("completion", sa.String(8), nullable=False),
        sa.Column("depends_on", sa.JSON, nullable=False),
        sa.Column("customer_facing", sa.Boolean, nullable=False),
        sa.Column("customer_action", sa.String(20)),
        sa.Column("time_zone", sa.String(64)),
        sa.Column("calendar_country", sa.String(8)),
        sa.Column("ready_at", INSTANT),
        sa.Column("clock_start", INSTANT),
        sa.Column("due_at", INSTANT),
        sa.Column("wake_at", INSTANT),
        sa.Column("marks", sa.JSON, nullable=False),
        sa.Column("fired", sa.JSON, nullable=False),
        sa.Column("pauses", sa.JSON, nullable=False),
        sa.Column("completions", sa.JSON, nullable=False),
        sa.Column("completed_at", INSTANT),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("claimed_by", sa.String(120)),
        sa.Column("claimed_until", INSTANT),
        sa.UniqueConstraint("run_id", "step_id", name="uq_step_runs_step"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Room in each page for the sweep's lease updates to stay HOT (heap-only):
        # the lease columns are in no index, so no index entry is rewritten.
        op.execute("ALTER TABLE step_runs SET (fillfactor = 80)")
    op.create_index("ix_step_runs_run_id", "step_runs", ["run_id"])
    op.create_index("ix_step_runs_status_due", "step_runs", ["status", "due_at"])
    op.create_index(
        "ix_step_runs_wake_at",
        "step_runs",
        ["wake_at"],
        sqlite_where=_WAKING,
        postgresql_where=_WAKING,
    )


def _events_and_triggers() -> None:
    op.create_table(
        "run_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _run_key(),
        sa.Column("step_run_id", sa.String(40)),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_run_events_run_id", "run_events", ["run_id", "id"])
    op.create_table(
        "trigger_occurrences",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "workflow_id",
            sa.String(64),
            sa.ForeignKey("workflows.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("trigger_kind", sa.String(32), nullable=False),
        sa.Column("occurrence_key", sa.String(200), nullable=False),
        sa.Column("detected_at", INSTANT, nullable=False),
        sa.Column(
            "run_id", sa.String(40), sa.ForeignKey("runs.id", ondelete="SET NULL")
        ),
        sa.UniqueConstraint(
            "account_id",
            "workflow_id",
            "trigger_kind",
            "occurrence_key",
            name="uq_trigger_occurrences_once",
        ),
    )


def downgrade() -> None:
    for table in ("trigger_occurrences", "run_events", "step_runs", "runs"):
        op.drop_table(table)
