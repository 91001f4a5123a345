"""Escalation decisions: recorded as rows, and `close` moves the run on."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from domain.nudges import EscalationAction, EscalationDecision
from graph.approvals import decide, resume_decided, start_approvals
from graph.run import build_run_graph
from tests.nudge_support import START, customer_step_run, outbox, tick, to_file
from tools.checkpoints import sqlite_checkpointer
from tools.inbox.store import (
    AlreadyDecided,
    InboxAction,
    InboxDecision,
    decision_of,
    get_item,
    list_items,
)
from tools.runs import complete_step
from tools.runs.tables import StepRunRow
from tools.settings import Settings

AFTER_BREACH = START + timedelta(days=5)


@pytest.fixture
def escalation(database, tmp_path):
    """(graph, run id, item id) of the onboarding-data escalation to Mona."""
    settings = Settings(data_dir=tmp_path, model_provider="offline")
    run_id = customer_step_run(database)
    items = []
    for hours in range(24, 24 * 6, 6):
        items += tick(database, START + timedelta(hours=hours)).inbox_ids
    with sqlite_checkpointer(tmp_path / "checkpoints.sqlite") as saver:
        graph = build_run_graph(database, settings, route=to_file, checkpointer=saver)
        start_approvals(graph, items)
        (item_id,) = [i for i in items if _kind(database, i) == "escalation"]
        yield graph, run_id, item_id


def _kind(database, item_id):
    from tools.inbox.tables import InboxItemRow

    with database.session() as session:
        return session.get(InboxItemRow, item_id).kind


def escalate(item_id, chosen: EscalationDecision, action=InboxAction.approve):
    return InboxDecision(
        item_id=item_id,
        action=action,
        by="mona@vendor.test",
        at=AFTER_BREACH,
        data={"escalation": chosen.model_dump(mode="json")},
    )


def step_status(database, run_id, step_id="onboarding_data") -> str:
    query = sa.select(StepRunRow.status).where(
        StepRunRow.run_id == run_id, StepRunRow.step_id == step_id
    )
    with database.session() as session:
        return session.scalar(query)


def test_close_completes_the_step_and_the_run(database, escalation):
    graph, run_id, item_id = escalation
    chosen = EscalationDecision(
        action=EscalationAction.close, by="mona@vendor.test", reason="sent by email"
    )

    assert decide(database, graph, escalate(item_id, chosen)) == "closed"
    assert step_status(database, run_id) == "done"
    with database.session() as session:
        stored = decision_of(session, item_id)
    assert stored.data["escalation"]["reason"] == "sent by email"


def test_acknowledge_is_recorded_and_sends_nothing(database, escalation):
    graph, run_id, item_id = escalation
    sent_before = len(outbox(database))
    chosen = EscalationDecision(action=EscalationAction.acknowledge, by="mona")

    assert decide(database, graph, escalate(item_id, chosen)) == "acknowledged"
    assert step_status(database, run_id) == "ready"
    assert len(outbox(database)) == sent_before


def test_extend_moves_the_due_time_and_the_marks_fire_again(database, escalation):
    graph, _, item_id = escalation
    with pytest.raises(ValueError, match="needs a reason and --hours"):
        EscalationDecision(action=EscalationAction.extend, by="mona", extend_hours=24)
    chosen = EscalationDecision(
        action=EscalationAction.extend,
        by="mona",
        extend_hours=16,  # two business days of eight hours
        reason="customer on holiday until Monday",
    )

    outcome = decide(database, graph, escalate(item_id, chosen))

    # due Thu 6 Mar 15:00 Berlin; 16 business hours later is Mon 10 Mar 15:00
    assert outcome == "extended: due 2025-03-10T14:00:00+00:00"
    with database.session() as session:
        row = session.scalar(
            sa.select(StepRunRow).where(StepRunRow.step_id == "onboarding_data")
        )
        assert row.fired == ["assigned", "reminder_half"]  # due, overdue: again
        assert row.wake_at.isoformat() == "2025-03-10T14:00:00+00:00"
    later = tick(database, START + timedelta(days=7, hours=1))  # Mon 10 Mar 15:00 UTC
    assert "due" in [i.mark for i in later_items(database, later)]


def later_items(database, stage):
    from tools.inbox.store import get_item

    with database.session() as session:
        return [get_item(session, item_id).draft for item_id in stage.inbox_ids]


def test_reply_to_an_escalation_goes_to_the_person_who_owes_the_step(
    database, escalation
):
    graph, _, item_id = escalation
    chosen = EscalationDecision(action=EscalationAction.acknowledge, by="mona")
    words = "Chloe, can we get the onboarding data by Friday?"

    decide(
        database,
        graph,
        escalate(item_id, chosen, InboxAction.reply).model_copy(update={"text": words}),
    )

    row = outbox(database)[-1]
    assert (row.recipient, row.body_text) == (
        "chloe@acme.test",
        f"{words}\n\n-- mona@vendor.test\n",
    )


def test_completing_the_step_closes_its_escalation_as_stale(database, escalation):
    """Regression: the "is past due" item stayed open after the step was done."""
    graph, run_id, item_id = escalation
    sent_before = len(outbox(database))

    complete_step(database, run_id, "onboarding_data", by="c", now=AFTER_BREACH)

    with database.session() as session:
        assert [i.id for i in list_items(session) if i.run_id == run_id] == []
        stored = decision_of(session, item_id)
    assert (stored.action, stored.by, stored.reason) == (
        InboxAction.ignore,
        "system",
        "stale: step done",
    )
    chosen = EscalationDecision(action=EscalationAction.acknowledge, by="mona")
    with pytest.raises(
        AlreadyDecided, match=r"ignore by system at .* UTC \(stale: step done\)"
    ):
        decide(database, graph, escalate(item_id, chosen))
    assert item_id in resume_decided(database, graph)
    assert (
        graph.get_state({"configurable": {"thread_id": item_id}}).values["outcome"]
        == "stale: step done"
    )
    assert len(outbox(database)) == sent_before


def test_an_escalation_names_its_due_time_once(database, escalation):
    """Regression: the sweep's reason repeated the due time in the step's zone."""
    _, _, item_id = escalation
    with database.session() as session:
        draft = get_item(session, item_id).draft

    (first_paragraph, *_) = draft.text.split("\n\n")[1:]
    assert first_paragraph.count(draft.due_local) == 1
    assert first_paragraph.count(" due ") == 1
    assert "Escalation rung 1." in first_paragraph
