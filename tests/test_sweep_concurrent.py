"""Two sweeps at once on PostgreSQL share the work and do nothing twice."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from tests.conftest import postgres_schema
from tests.run_factory import add_deal, publish, seed_account
from tests.workflow_factory import step, workflow
from tools.db import open_database
from tools.runs import sweep
from tools.runs.tables import RunEventRow, RunRow, TriggerOccurrenceRow

pytestmark = pytest.mark.postgres

NOW = datetime(2025, 3, 3, 14, tzinfo=UTC)
ACCOUNTS, STEPS = 12, 10


def test_two_concurrent_sweeps_fire_each_trigger_and_each_mark_once():
    with postgres_schema() as url:
        database = open_database(url)
        for number in range(ACCOUNTS):
            account = seed_account(database, f"Account {number:02d}")
            add_deal(database, account, date(2025, 3, 1))
        publish(database, workflow(*[step(f"task_{i}") for i in range(STEPS)]))

        reports = _sweep_twice_at_once(database)

        items = [item.work_key for report in reports for item in report.due_work]
        assert len(items) == len(set(items)) == ACCOUNTS * STEPS
        assert all(report.due_work for report in reports), "both sweeps shared it"
        with database.session() as session:
            events = session.execute(
                sa.select(
                    RunEventRow.step_run_id, RunEventRow.data["mark"].as_string()
                ).where(RunEventRow.kind == "due")
            ).all()
            runs = session.scalar(sa.select(sa.func.count()).select_from(RunRow))
            fired = session.scalar(
                sa.select(sa.func.count()).select_from(TriggerOccurrenceRow)
            )
        assert Counter(map(tuple, events)).most_common(1)[0][1] == 1
        assert len(events) == ACCOUNTS * STEPS
        assert runs == fired == ACCOUNTS
        database.dispose()


def _sweep_twice_at_once(database):
    start = threading.Barrier(2)
    reports, errors = [None, None], []

    def slow_stage(session, items):
        time.sleep(0.02)  # hold the batch long enough for the other to interleave

    def worker(index: int) -> None:
        try:
            start.wait()
            reports[index] = sweep(
                database, now=NOW, stage=slow_stage, worker=f"w{index}", batch_size=7
            )
        except Exception as error:  # surfaced below with its thread
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return reports
