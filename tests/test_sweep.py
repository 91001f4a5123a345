"""The sweep: triggers fire once, marks come due in order, leases and revisions hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from tests.run_factory import add_deal, add_renewal, publish, seed_account
from tests.workflow_factory import handoff_workflow, step, workflow
from tools.runs import complete_step, start_run, sweep
from tools.runs.sweep import claim_due, settle
from tools.runs.tables import RunEventRow, RunRow, TriggerOccurrenceRow

NOW = datetime(2025, 3, 3, 14, tzinfo=UTC)  # Monday 09:00 in New York


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_trigger_starts_one_run_per_occurrence_however_often_it_sweeps(database):
    first, second = seed_account(database, "Acme"), seed_account(database, "Globex")
    add_deal(database, first, date(2025, 3, 1))
    add_deal(database, second, date(2024, 6, 1))  # won before the lookback
    publish(database, handoff_workflow())  # trigger: closed_won

    started = sweep(database, now=NOW).started_runs
    again = sweep(database, now=NOW + timedelta(hours=1)).started_runs

    assert [(run.account_name, run.ready_steps) for run in started] == [
        ("Acme", ["handoff"])
    ]
    assert again == []
    assert count(database, RunRow) == count(database, TriggerOccurrenceRow) == 1


def test_a_renewal_trigger_keys_on_the_renewal_date(database):
    account = seed_account(database)
    add_renewal(database, account, date(2025, 4, 15))
    trigger = {"kind": "renewal_due", "days_before": 60, "provenance": "stated"}
    publish(database, workflow(step("renewal_call"), trigger=trigger))

    (run,) = sweep(database, now=NOW).started_runs
    assert sweep(database, now=NOW + timedelta(days=7)).started_runs == []
    with database.session() as session:
        key = session.scalar(sa.select(TriggerOccurrenceRow.occurrence_key))
    assert (run.account_name, key) == ("Acme", "renewal:2025-04-15")


def test_marks_come_due_in_order_and_each_only_once(database):
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    start_run(database, workflow_id, str(account), by="t", now=NOW)
    seen = []
    for hours in range(0, 24 * 5, 6):
        report = sweep(database, now=NOW + timedelta(hours=hours), triggers=False)
        seen += [
            (item.mark, [p.name for p in item.recipients]) for item in report.due_work
        ]

    assert seen == [
        ("assigned", ["Ana Alves"]),
        ("reminder_half", ["Ana Alves"]),
        ("due", ["Ana Alves"]),
        ("overdue", ["Ana Alves"]),
        ("escalation_1", ["Mona Meyer"]),
    ]
    with database.session() as session:
        kinds = session.scalars(
            sa.select(RunEventRow.kind).where(RunEventRow.kind == "due")
        )
        assert len(list(kinds)) == 5


def test_the_stage_gets_each_batch_at_once_and_writes_in_its_transaction(database):
    account = seed_account(database)
    workflow_id = publish(database, workflow(*[step(f"s{i}") for i in range(5)]))
    start_run(database, workflow_id, str(account), by="t", now=NOW)
    batches = []

    def stage(session, items):
        batches.append([item.step_id for item in items])
        session.execute(sa.update(RunRow).values(started_by="stage wrote this"))

    sweep(database, now=NOW, stage=stage, batch_size=2, triggers=False)

    assert [len(batch) for batch in batches] == [2, 2, 1]
    with database.session() as session:
        assert session.scalar(sa.select(RunRow.started_by)) == "stage wrote this"


def test_a_step_completed_between_claim_and_settle_is_not_nudged(database):
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    run = start_run(database, workflow_id, str(account), by="t", now=NOW)
    later = NOW + timedelta(days=1)

    claimed = claim_due(
        database, later, "w1", 10, datetime.now(UTC), timedelta(minutes=5)
    )
    complete_step(database, run.run_id, "handoff", by="ana@vendor.test", now=later)
    kept = settle(database, claimed, "w1", later, lambda session, items: None)

    assert [c.items[0].step_id for c in claimed] == ["handoff"]
    assert kept == []
    assert [i.step_id for i in sweep(database, now=later).due_work] == ["kickoff"]


def test_a_live_lease_keeps_other_sweeps_off_until_it_expires(database):
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    start_run(database, workflow_id, str(account), by="t", now=NOW)
    wall = datetime.now(UTC)

    assert len(claim_due(database, NOW, "crashed", 10, wall, timedelta(minutes=5))) == 1
    assert sweep(database, now=NOW, wall_clock=lambda: wall).due_work == []
    later = wall + timedelta(minutes=6)
    (item,) = sweep(database, now=NOW, wall_clock=lambda: later).due_work
    assert item.mark == "assigned"
