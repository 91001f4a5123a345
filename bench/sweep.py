"""Sweep speed: 100,000 open step runs, 1% of them due, on SQLite and PostgreSQL.

Usage: `python bench/sweep.py [sqlite|postgresql ...]` (default: both). PostgreSQL
runs in a throwaway schema of postgresql+psycopg://postgres@127.0.0.1:5432/test.

Prints, per database: the bare indexed SELECT of the due ids; the claim statement
that finds the same rows (`UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING`, rolled
back); the whole find step (`claim_due`: claim, read the rows with their runs and
accounts, build the DueWork items); and one whole sweep (triggers, claim, settle
with a `due` event per item). Target (issue 7): find within 3x of the bare SELECT.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from domain.design import DesignResult
from domain.workflow import Workflow
from tools.accounts.book import AccountRow
from tools.db import Database, open_database
from tools.runs.sweep import CLAIMED_COLUMNS, claim_due, sweep
from tools.runs.tables import RunRow, StepRunRow
from tools.workflow_store import WorkflowStore

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
STEP_RUNS, DUE_SHARE, STEPS_PER_RUN = 100_000, 0.01, 10
NOW = datetime(2025, 3, 3, 14, tzinfo=UTC)
OWNER = {
    "role_id": "csm",
    "name": "Carl Chen",
    "email": "carl@vendor.test",
    "time_zone": "America/New_York",
    "side": "internal",
    "source": "team:csm",
}


def main() -> None:
    for backend in sys.argv[1:] or ["sqlite", "postgresql"]:
        with _database(backend) as database:
            seed(database)
            report(backend, database)


def seed(database: Database) -> None:
    """One account, one published workflow, STEP_RUNS ready step runs."""
    workflow = Workflow.model_validate(_WORKFLOW)
    store = WorkflowStore(database)
    ref = store.save_draft(DesignResult(workflow=workflow, engine="offline"), "bench")
    store.publish(str(ref))
    with database.session() as session:
        account = AccountRow(
            source_system="bench",
            source_id="a1",
            name="Bench Co",
            imported_at=NOW.replace(tzinfo=None),
            churned=False,
            attributes={},
        )
        session.add(account)
        session.flush()
        runs = [_run(i, ref.workflow_id, account.id) for i in range(STEP_RUNS // 10)]
        session.execute(sa.insert(RunRow), runs)
        rows = [_step_run(i) for i in range(STEP_RUNS)]
        for start in range(0, len(rows), 10_000):
            session.execute(sa.insert(StepRunRow), rows[start : start + 10_000])
    with database.engine.begin() as connection:
        if database.engine.dialect.name == "postgresql":
            connection.execute(sa.text("ANALYZE step_runs"))
        else:
            connection.execute(sa.text("ANALYZE"))


def report(backend: str, database: Database) -> None:
    due = int(STEP_RUNS * DUE_SHARE)
    bare_ids = _median(lambda: _bare_select(database, due, [StepRunRow.id]))
    bare_rows = _median(lambda: _bare_select(database, due, CLAIMED_COLUMNS))
    claim = _median(lambda: _claim_statement(database, due))
    find = _median(lambda: _find(database, due))
    started = time.perf_counter()
    result = sweep(database, now=NOW, batch_size=due)
    whole = time.perf_counter() - started
    lines = [
        f"{backend}: {STEP_RUNS:,} open step runs, {due:,} due",
        f"  bare indexed SELECT, due ids              {bare_ids * 1000:7.1f} ms",
        f"  bare indexed SELECT, due rows             {bare_rows * 1000:7.1f} ms",
        f"  find: claim UPDATE..SKIP LOCKED..RETURNING {claim * 1000:6.1f} ms"
        f" = {claim / bare_rows:.1f}x the bare rows SELECT (target <= 3x)",
        f"  find + read runs + build {due:,} DueWork     {find * 1000:7.1f} ms",
        f"  whole sweep: {len(result.due_work):,} items claimed, handed on, settled "
        f"{whole * 1000:.1f} ms",
        "  (record-only stage here; `python -m bench.sweep_nudges` times the sweep "
        "that drafts and queues the nudges, target < 2 s)",
    ]
    print("\n".join(lines))


def _bare_select(database: Database, due: int, columns: list) -> None:
    query = (
        sa.select(*columns)
        .where(StepRunRow.wake_at <= NOW)
        .order_by(StepRunRow.wake_at)
        .limit(due)
    )
    with database.engine.connect() as connection:
        assert len(connection.execute(query).all()) == due


def _claim_statement(database: Database, due: int) -> None:
    pick = (
        sa.select(StepRunRow.id)
        .where(StepRunRow.wake_at <= NOW, StepRunRow.claimed_until.is_(None))
        .order_by(StepRunRow.wake_at)
        .limit(due)
        .with_for_update(skip_locked=True)
    )
    claim = (
        sa.update(StepRunRow.__table__)
        .where(StepRunRow.id.in_(pick))
        .values(claimed_by="bench", claimed_until=NOW)
        .returning(*CLAIMED_COLUMNS)
    )
    with database.engine.connect() as connection, connection.begin() as transaction:
        assert len(connection.execute(claim).all()) == due
        transaction.rollback()


def _find(database: Database, due: int) -> None:
    wall = datetime.now(UTC)
    timer = time.perf_counter()
    claimed = claim_due(database, NOW, "bench", due, wall, timedelta(minutes=5))
    elapsed = time.perf_counter() - timer
    assert len(claimed) == due and all(c.items for c in claimed)
    with database.session() as session:  # release, outside the timing
        session.execute(
            sa.update(StepRunRow.__table__)
            .where(StepRunRow.claimed_by == "bench")
            .values(claimed_by=None, claimed_until=None)
        )
    return elapsed


def _median(run: Callable[[], float | None], times: int = 5) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        measured = run()
        samples.append(
            measured if measured is not None else time.perf_counter() - started
        )
    return statistics.median(samples)


def _run(index: int, workflow_id: str, account_id: int) -> dict:
    return {
        "id": f"run_{index:08d}",
        "workflow_id": workflow_id,
        "workflow_version": 1,
        "account_id": account_id,
        "status": "open",
        "started_at": NOW - timedelta(days=3),
        "started_by": "bench",
        "roles": {"csm": [OWNER]},
    }


def _step_run(index: int) -> dict:
    due = index % int(1 / DUE_SHARE) == 0
    wake = NOW - timedelta(hours=1) if due else NOW + timedelta(days=1 + index % 20)
    marks = [
        {
            "key": "assigned",
            "kind": "assigned",
            "at": (NOW - timedelta(days=3)).isoformat(),
        },
        {"key": "due", "kind": "due", "at": wake.isoformat()},
    ]
    return {
        "id": f"sr_{index:08d}",
        "run_id": f"run_{index // STEPS_PER_RUN:08d}",
        "step_id": f"s{index % STEPS_PER_RUN}",
        "title": "Kickoff",
        "owner_role": "csm",
        "status": "ready",
        "completion": "any",
        "depends_on": [],
        "customer_facing": False,
        "customer_action": None,
        "time_zone": "America/New_York",
        "calendar_country": "US",
        "ready_at": NOW - timedelta(days=3),
        "clock_start": NOW - timedelta(days=3),
        "due_at": wake,
        "wake_at": wake,
        "marks": marks,
        "fired": ["assigned"],
        "pauses": [],
        "completions": [],
        "revision": 1,
    }


_SLA = {"duration": {"amount": 2, "unit": "days", "business": True}}
_LADDER = [
    {"after": {"amount": 1, "unit": "days", "business": True}, "to_role": "lead"}
]
_WORKFLOW = {
    "name": "Bench onboarding",
    "journey": "onboarding",
    "trigger": {"kind": "manual", "provenance": "stated"},
    "roles": [
        {"id": "csm", "name": "CSM", "side": "internal", "team": "cs"},
        {"id": "lead", "name": "CS lead", "side": "internal", "team": "cs"},
    ],
    "steps": [
        {
            "id": f"s{i}",
            "title": f"Task {i}",
            "owner": "csm",
            "sla": _SLA,
            "escalation": _LADDER,
            "owner_provenance": "stated",
        }
        for i in range(STEPS_PER_RUN)
    ],
}


@contextmanager
def _database(backend: str) -> Iterator[Database]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as scratch:
            database = open_database(f"sqlite:///{scratch}/bench.db")
            yield database
            database.dispose()
        return
    schema = f"bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        database = open_database(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
        yield database
        database.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
