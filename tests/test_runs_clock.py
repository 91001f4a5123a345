"""SLA clocks through runs: owner time zones across DST, holidays, pauses, anchors."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.run_factory import add_renewal, publish, seed_account
from tests.workflow_factory import step, workflow
from tools.runs import (
    complete_step,
    resume_step,
    run_view,
    start_run,
    sweep,
    wait_on_external,
)
from tools.runs.clocks import RunDefaults

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def ny(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NEW_YORK)


def due_of(database, run_id: str, step_id: str, now: datetime) -> datetime:
    with database.session() as session:
        view = run_view(session, run_id, now, RunDefaults())
    return next(s.due_at for s in view.steps if s.step_id == step_id)


def test_due_time_is_kept_in_the_owners_zone_across_the_dst_change(database):
    # US clocks go forward on Sun 9 Mar 2025: Friday 10:00 EST + 2 business days
    # is Tuesday 10:00 EDT, one hour less of UTC offset.
    account = seed_account(database)
    workflow_id = publish(database, workflow(step("handoff", owner="ae")))
    run = start_run(database, workflow_id, str(account), by="t", now=ny(2025, 3, 7, 10))

    due = due_of(database, run.run_id, "handoff", ny(2025, 3, 7, 10))
    assert due.astimezone(NEW_YORK) == ny(2025, 3, 11, 10)
    assert due.utcoffset().total_seconds() == 0  # stored and read back in UTC


ONE_DAY = {"duration": {"amount": 1, "unit": "days", "business": True}}
CUSTOMER_ACTION = {"customer_facing": True, "customer_action": "submit_data"}


def test_each_owner_keeps_the_holidays_of_their_own_side(database):
    # Mon 26 May 2025 is Memorial Day in the US and a working day in Germany. The
    # vendor keeps US holidays (the setting); the Berlin champion the account's.
    account = seed_account(database, country="DE", time_zone="Europe/Berlin")
    steps = [
        step("handoff", owner="ae", sla=ONE_DAY),
        step("data", owner="customer", sla=ONE_DAY, **CUSTOMER_ACTION),
    ]
    workflow_id = publish(database, workflow(*steps))
    start = ny(2025, 5, 23, 17)  # Friday, closing time in New York
    us = RunDefaults(calendar_country="US")
    run = start_run(database, workflow_id, str(account), by="t", now=start, defaults=us)

    assert due_of(database, run.run_id, "handoff", start) == ny(2025, 5, 27, 17)
    berlin_due = due_of(database, run.run_id, "data", start).astimezone(BERLIN)
    assert berlin_due == datetime(2025, 5, 26, 17, tzinfo=BERLIN)


def test_without_the_setting_vendor_owners_keep_the_accounts_holidays(database):
    account = seed_account(database, country="DE", time_zone="Europe/Berlin")
    workflow_id = publish(database, workflow(step("handoff", owner="ae", sla=ONE_DAY)))
    start = ny(2025, 5, 23, 17)
    run = start_run(database, workflow_id, str(account), by="t", now=start)

    assert due_of(database, run.run_id, "handoff", start) == ny(2025, 5, 26, 17)


def test_a_paused_clock_resumes_with_the_time_it_had_left(database):
    account = seed_account(database)
    sla = {
        "duration": {"amount": 2, "unit": "days", "business": True},
        "pauses_when_waiting_external": True,
    }
    workflow_id = publish(database, workflow(step("kickoff", sla=sla)))
    run = start_run(database, workflow_id, str(account), by="t", now=ny(2025, 4, 7, 9))
    assert due_of(database, run.run_id, "kickoff", ny(2025, 4, 7, 9)) == ny(
        2025, 4, 8, 17
    )
    sweep(database, now=ny(2025, 4, 7, 9, 5))  # the owner hears it is theirs

    # Waits on the customer from Monday 13:00 (4 working hours used) to Thursday 9:00.
    wait_on_external(
        database,
        run.run_id,
        "kickoff",
        by="carl",
        now=ny(2025, 4, 7, 13),
        why="asked for SSO details",
    )
    assert due_of(database, run.run_id, "kickoff", ny(2025, 4, 8, 9)) is None
    assert sweep(database, now=ny(2025, 4, 10, 8)).due_work == []

    due = resume_step(
        database,
        run.run_id,
        "kickoff",
        by="chloe",
        now=ny(2025, 4, 10, 9),
        why="sent the details",
    )
    assert due.astimezone(NEW_YORK) == ny(2025, 4, 11, 13)


def test_run_start_anchor_counts_from_the_run_not_the_step(database):
    account = seed_account(database)
    day_ten = {
        "duration": {"amount": 10, "unit": "days", "business": False},
        "anchor": "run_start",
    }
    workflow_id = publish(
        database,
        workflow(
            step("handoff", owner="ae"),
            step("go_live", depends_on=["handoff"], sla=day_ten),
        ),
    )
    run = start_run(database, workflow_id, str(account), by="t", now=ny(2025, 3, 3, 9))
    complete_step(
        database, run.run_id, "handoff", by="ana@vendor.test", now=ny(2025, 3, 6, 9)
    )

    assert due_of(database, run.run_id, "go_live", ny(2025, 3, 6, 9)) == ny(
        2025, 3, 13, 9
    )


def test_before_renewal_anchor_is_due_that_many_business_days_before(database):
    account = seed_account(database)
    add_renewal(database, account, date(2025, 6, 2))  # a Monday
    sla = {
        "duration": {"amount": 5, "unit": "days", "business": True},
        "anchor": "before_renewal",
    }
    workflow_id = publish(database, workflow(step("renewal_call", sla=sla)))
    run = start_run(database, workflow_id, str(account), by="t", now=ny(2025, 5, 1, 9))

    # Five working days back from Mon 2 June, skipping Memorial Day (Mon 26 May):
    # 30, 29, 28, 27 and then Fri 23 May, due at its close.
    assert due_of(database, run.run_id, "renewal_call", ny(2025, 5, 1, 9)) == ny(
        2025, 5, 23, 17
    )
