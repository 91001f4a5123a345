"""The nudge stage inside the sweep: drafts, policy, digests, outbox and inbox rows."""

from __future__ import annotations

from datetime import timedelta

from agents.nudge.stage import NudgeStage
from tests.nudge_support import (
    START,
    customer_step_run,
    fill_todays_cap,
    inbox,
    outbox,
    tick,
    to_file,
)
from tests.run_factory import TEAM, publish, seed_account
from tests.workflow_factory import handoff_workflow, step, workflow
from tools.runs import start_run, sweep


def test_a_colleague_is_nudged_directly_and_a_customer_waits_for_approval(database):
    run_id = customer_step_run(database, sweep_first=True)  # Ana owes the handoff
    stage = tick(database, START + timedelta(days=1, hours=1))

    sent = [(row.recipient, row.kind, row.status) for row in outbox(database)]
    assert sent == [("ana@vendor.test", "nudge", "queued")]
    (item,) = inbox(database)
    assert stage.inbox_ids == [item.id]
    assert (item.kind, item.recipient, item.run_id) == (
        "nudge",
        "chloe@acme.test",
        run_id,
    )
    assert item.reasons == ["goes to someone outside the company: a human approves it"]
    text = item.draft["text"]
    assert "Due: Thu 06 Mar 15:00 CET (your time)." in text  # Berlin, not New York
    assert "http://localhost:8000/l/" in item.draft["action_url"]
    assert item.draft["action_url"] in text


def test_a_replayed_batch_queues_nothing_new(database):
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    start_run(database, workflow_id, str(account), by="t", now=START)
    report = sweep(
        database, now=START, stage=NudgeStage(now=START, route=to_file), triggers=False
    )
    queued = [row.delivery_key for row in outbox(database)]

    with database.session() as session:  # e.g. a sweep retried after a timeout
        NudgeStage(now=START, route=to_file)(session, report.due_work)

    assert len(report.due_work) == 1
    assert [row.delivery_key for row in outbox(database)] == queued


def test_a_customer_nudge_in_quiet_hours_waits_for_the_berlin_morning(database):
    customer_step_run(database)
    tick(database, START + timedelta(days=1, hours=7))  # 22:00 in Berlin
    (item,) = inbox(database)
    assert item.not_before.isoformat() == "2025-03-05T07:00:00+00:00"
    assert "deferred to Wed 05 Mar 08:00 CET" in item.reasons


def test_several_steps_owed_by_one_person_go_out_as_one_digest(database):
    account = seed_account(database)
    workflow_id = publish(database, workflow(*[step(f"task_{i}") for i in range(3)]))
    start_run(database, workflow_id, str(account), by="t", now=START)

    tick(database, START)

    (row,) = outbox(database)
    assert (row.kind, row.recipient) == ("digest", "carl@vendor.test")
    assert row.subject == "3 things owed this week"
    assert len(row.step_run_ids) == 3
    assert row.body_text.count("Task ") == 3


def test_an_escalation_carries_the_run_context_and_waits_in_the_inbox(database):
    run_id = customer_step_run(database)
    for hours in range(0, 24 * 7, 6):
        tick(database, START + timedelta(hours=hours))

    escalations = [item for item in inbox(database) if item.kind == "escalation"]
    (item,) = escalations
    assert item.recipient == "mona@vendor.test"
    assert item.reasons == ["an escalation: a human decides"]
    assert "Escalation package (run context):" in item.draft["text"]
    assert f"run {run_id}" in item.draft["text"]
    assert "Other steps: 2 of 2 done." in item.draft["text"]


def test_html_bodies_escape_what_a_step_title_holds(database):
    account = seed_account(database)
    title = "Review <script>alert(1)</script> terms"
    publish(database, handoff_workflow())
    workflow_id = publish(database, workflow(step("review", title=title)))
    start_run(database, workflow_id, str(account), by="t", now=START)

    tick(database, START)

    (row,) = outbox(database)
    assert "<script>" not in row.body_html
    assert "&lt;script&gt;" in row.body_html
    assert title in row.body_text


def customer_step(step_id: str) -> dict:
    return step(
        step_id,
        owner="customer",
        kind="data_request",
        customer_facing=True,
        customer_action="submit_data",
    )


def test_a_customer_owing_two_steps_gets_one_digest_to_approve(database):
    account = seed_account(database)
    workflow_id = publish(
        database, workflow(customer_step("logo"), customer_step("sso"))
    )
    start_run(database, workflow_id, str(account), by="t", now=START)

    tick(database, START)

    (item,) = inbox(database)  # regression: one inbox item per step before
    assert (item.kind, item.recipient, len(item.step_run_ids)) == (
        "digest",
        "chloe@acme.test",
        2,
    )
    assert item.reasons == ["goes to someone outside the company: a human approves it"]
    assert item.draft["text"].count("http://localhost:8000/l/") == 2
    assert outbox(database) == []


def test_a_customer_over_todays_cap_waits_for_tomorrow_not_for_ever(database):
    customer_step_run(database)
    # 00:30 on Tuesday in Berlin, still Monday in UTC: her day is what counts
    fill_todays_cap(database, "chloe@acme.test", START + timedelta(hours=9.5))

    tick(database, START + timedelta(days=1, hours=1))  # Tue 16:00 in Berlin

    (item,) = inbox(database)  # regression: the cap was never applied to it
    assert item.not_before.isoformat() == "2025-03-05T07:00:00+00:00"
    assert item.reasons == [
        "goes to someone outside the company: a human approves it",
        "deferred to Wed 05 Mar 08:00 CET",
    ]


def test_yesterdays_messages_in_the_recipients_zone_do_not_count(database):
    customer_step_run(database)
    fill_todays_cap(database, "chloe@acme.test", START + timedelta(hours=8))  # Mon

    tick(database, START + timedelta(days=1, hours=1))

    (item,) = inbox(database)
    assert item.not_before is None


def test_an_item_nobody_can_hear_goes_to_ops_in_the_inbox(database):
    team = {"csm": TEAM["csm"]}  # no AE, and no CS manager to tell instead
    account = seed_account(database, team=team)
    workflow_id = publish(database, workflow(step("handoff", owner="ae")))
    run = start_run(database, workflow_id, str(account), by="t", now=START)

    stage = tick(database, START)

    items = inbox(database)  # regression: these produced nothing at all
    assert {(i.kind, i.recipient, i.run_id) for i in items} == {
        ("finding", "ops", run.run_id)
    }
    assert stage.inbox_ids == [i.id for i in items]
    assert {tuple(i.reasons) for i in items} == {
        ("nobody to send it to (role unfilled, no CS manager): ops decides",)
    }
    assert "Nobody can hear about this" in items[0].draft["text"]
    assert outbox(database) == []
