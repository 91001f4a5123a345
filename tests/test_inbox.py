"""The inbox: drafts wait, the run graph pauses and resumes, one decision per item."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from graph.approvals import decide, resume_decided, start_approvals
from graph.run import build_run_graph
from tests.nudge_support import (
    START,
    customer_step_run,
    fill_todays_cap,
    inbox,
    link_block,
    outbox,
    tick,
    to_file,
)
from tests.run_factory import TEAM, publish, seed_account
from tests.workflow_factory import step, workflow
from tools.checkpoints import sqlite_checkpointer
from tools.inbox.store import (
    AlreadyDecided,
    DecisionRefused,
    InboxAction,
    InboxDecision,
    list_items,
    record_decision,
)
from tools.runs import start_run
from tools.settings import Settings

DAY_TWO = START + timedelta(days=1, hours=1)  # 10:00 New York, 16:00 Berlin


@pytest.fixture
def graph(database, tmp_path):
    settings = Settings(data_dir=tmp_path, model_provider="offline")
    with sqlite_checkpointer(tmp_path / "checkpoints.sqlite") as saver:
        yield build_run_graph(database, settings, route=to_file, checkpointer=saver)


def waiting_item(database, graph) -> str:
    customer_step_run(database)
    stage = tick(database, DAY_TWO)
    assert start_approvals(graph, stage.inbox_ids) == stage.inbox_ids
    (item_id,) = stage.inbox_ids
    return item_id


def decision(item_id: str, action: InboxAction, **fields) -> InboxDecision:
    return InboxDecision(
        item_id=item_id, action=action, by="carl@vendor.test", at=DAY_TWO, **fields
    )


def test_a_customer_draft_waits_paused_until_approved_then_is_queued(database, graph):
    item_id = waiting_item(database, graph)
    config = {"configurable": {"thread_id": item_id}}

    assert graph.get_state(config).next == ("approve",)
    assert outbox(database) == []

    outcome = decide(database, graph, decision(item_id, InboxAction.approve))

    (row,) = outbox(database)
    assert (outcome, row.recipient, row.inbox_item_id) == (
        "approve",
        "chloe@acme.test",
        item_id,
    )
    assert graph.get_state(config).next == ()
    with database.session() as session:
        assert list_items(session) == []


def test_a_second_decision_is_refused_and_sends_nothing_more(database, graph):
    item_id = waiting_item(database, graph)
    decide(database, graph, decision(item_id, InboxAction.approve))

    with pytest.raises(AlreadyDecided) as refused:
        decide(database, graph, decision(item_id, InboxAction.ignore))

    assert str(refused.value).startswith(
        f"inbox item {item_id} was already decided: approve by carl@vendor.test at "
    )
    assert len(outbox(database)) == 1


def test_two_people_deciding_at_once_get_one_decision(database, graph):
    item_id = waiting_item(database, graph)
    outcomes = []

    def attempt(action):
        try:
            record_decision(database, decision(item_id, action))
            outcomes.append("recorded")
        except AlreadyDecided:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(a,)) for a in InboxAction]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "refused", "refused", "refused"]


def test_an_edit_sends_the_new_words_and_an_edit_that_leaks_is_refused(database, graph):
    item_id = waiting_item(database, graph)
    leaking = decision(item_id, InboxAction.edit, text="Your ARR is at stake, Chloe.")
    with pytest.raises(DecisionRefused, match="term 'ARR' is internal"):
        decide(database, graph, leaking)

    edited = "Hi Chloe, could you send the onboarding data by Thursday? Thanks!"
    decide(database, graph, decision(item_id, InboxAction.edit, text=edited))

    (row,) = outbox(database)
    url = inbox(database)[0].draft["action_url"]
    link_html = f'<p><a href="{url}">Do it here</a> (one click, no login)</p>\n'
    assert (row.body_text, row.body_html) == (
        edited + link_block(database, item_id),
        f"<p>{edited}</p>\n{link_html}",
    )


def test_ignore_sends_nothing(database, graph):
    item_id = waiting_item(database, graph)
    assert decide(database, graph, decision(item_id, InboxAction.ignore)) == "ignore"
    assert outbox(database) == []
    assert inbox(database)[0].status == "decided"


def test_reply_sends_the_deciders_own_words(database, graph):
    item_id = waiting_item(database, graph)
    words = "Chloe, I can walk you through the data template tomorrow."
    decide(database, graph, decision(item_id, InboxAction.reply, text=words))

    (row,) = outbox(database)
    assert row.recipient == "chloe@acme.test"
    assert row.subject.startswith("Re: New for you: Onboarding data")
    signed = f"{words}\n\n-- carl@vendor.test"
    assert row.body_text == signed + link_block(database, item_id)


def test_a_decision_recorded_before_a_crash_is_resumed_once(database, graph):
    item_id = waiting_item(database, graph)
    record_decision(database, decision(item_id, InboxAction.approve))  # then died

    assert resume_decided(database, graph) == [item_id]
    assert resume_decided(database, graph) == []
    assert len(outbox(database)) == 1


def test_resuming_the_same_decision_twice_queues_one_message(database, graph):
    from langgraph.types import Command

    item_id = waiting_item(database, graph)
    config = {"configurable": {"thread_id": item_id}}
    approve = decision(item_id, InboxAction.approve).model_dump(mode="json")
    record_decision(database, decision(item_id, InboxAction.approve))
    graph.invoke(Command(resume=approve), config)
    # replay the deliver node from its checkpoint, as a retry after a crash would
    history = list(graph.get_state_history(config))
    before_deliver = next(s for s in history if s.next == ("deliver",))
    graph.invoke(None, before_deliver.config)

    assert len(outbox(database)) == 1


def test_an_approval_in_the_recipients_night_goes_out_in_their_morning(database, graph):
    item_id = waiting_item(database, graph)
    at_night = START + timedelta(days=1, hours=8)  # 23:00 in Berlin
    approve = decision(item_id, InboxAction.approve).model_copy(update={"at": at_night})
    decide(database, graph, approve)

    (row,) = outbox(database)
    assert row.not_before.isoformat() == "2025-03-05T07:00:00+00:00"  # 08:00 CET


def test_an_approval_after_the_cap_filled_waits_for_their_next_day(database, graph):
    item_id = waiting_item(database, graph)
    fill_todays_cap(database, "chloe@acme.test", DAY_TWO)  # sent while it waited

    decide(database, graph, decision(item_id, InboxAction.approve))

    (row,) = [row for row in outbox(database) if row.inbox_item_id == item_id]
    assert row.not_before.isoformat() == "2025-03-05T07:00:00+00:00"  # 08:00 CET


def test_an_item_for_ops_is_decided_and_sends_nothing(database, graph):
    account = seed_account(database, team={"csm": TEAM["csm"]})  # no CS manager
    workflow_id = publish(database, workflow(step("handoff", owner="ae")))
    start_run(database, workflow_id, str(account), by="t", now=START)
    stage = tick(database, START)
    start_approvals(graph, stage.inbox_ids)

    outcomes = [
        decide(database, graph, decision(item_id, InboxAction.approve))
        for item_id in stage.inbox_ids
    ]

    assert outcomes and set(outcomes) == {"approve"}
    assert outbox(database) == []
    assert {item.status for item in inbox(database)} == {"decided"}
