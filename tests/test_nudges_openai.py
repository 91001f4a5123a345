"""The OpenAI path of the nudge drafter: reworded through the graph, or the offline
draft kept and the reason said (respx answers api.openai.com)."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest

from agents.nudge.model_path import REWORD_PROMPT, reword
from graph.approvals import start_approvals
from graph.run import build_run_graph
from tests.nudge_support import START, customer_step_run, tick, to_file
from tests.openai_fakes import (
    completion_response,
    invalid_key_response,
    refusal_response,
    sent_body,
)
from tools.checkpoints import sqlite_checkpointer
from tools.inbox.store import get_item
from tools.llm import chat_model
from tools.settings import Settings


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name in [n for n in os.environ if n.startswith("CSOPS_")]:
        monkeypatch.delenv(name)
    return Settings(
        openai_api_key="sk-test",
        model_provider="openai",
        model_max_retries=0,
        model_timeout_s=2,
        data_dir=tmp_path,
    )


@pytest.fixture
def customer_draft(database):
    customer_step_run(database)
    (item_id,) = tick(database, START + timedelta(days=1, hours=1)).inbox_ids
    with database.session() as session:
        return item_id, get_item(session, item_id).draft


def wording(draft, body: str | None = None):
    body = body or (
        f"Hi Chloe, quick one: the onboarding data for Acme is due "
        f"{draft.due_local}. It takes two minutes here: {draft.action_url}"
    )
    return completion_response(json.dumps({"subject": "Onboarding data", "body": body}))


def test_the_graph_rewords_a_customer_draft_before_it_waits(
    database, settings, openai_routes, customer_draft, tmp_path
):
    item_id, draft = customer_draft
    openai_routes["chat"].side_effect = [wording(draft)]
    with sqlite_checkpointer(tmp_path / "c.sqlite") as saver:
        graph = build_run_graph(database, settings, route=to_file, checkpointer=saver)
        start_approvals(graph, [item_id])
        paused = graph.get_state({"configurable": {"thread_id": item_id}})

    shown = paused.tasks[0].interrupts[0].value["draft"]
    assert (shown["engine"], shown["subject"]) == ("openai", "Onboarding data")
    assert shown["text"].startswith("Hi Chloe, quick one")
    sent = sent_body(openai_routes["chat"].calls.last)
    assert sent["messages"][0]["content"] == REWORD_PROMPT
    assert "<draft>" in sent["messages"][1]["content"]


def test_a_refusal_is_asked_once_more_then_the_offline_draft_stands(
    settings, openai_routes, customer_draft
):
    _, draft = customer_draft
    openai_routes["chat"].side_effect = [refusal_response("No.")] * 2

    kept = reword(draft, chat_model(settings))

    assert (kept.text, kept.engine) == (draft.text, "offline")
    assert kept.fallback_reason == "openai refusal: No.; then openai refusal: No."
    assert openai_routes["chat"].call_count == 2


def test_a_wrong_key_is_not_asked_again(settings, openai_routes, customer_draft):
    _, draft = customer_draft
    openai_routes["chat"].side_effect = [invalid_key_response()]

    kept = reword(draft, chat_model(settings))

    assert kept.fallback_reason.startswith("openai auth_error: ")
    assert openai_routes["chat"].call_count == 1


def test_wording_that_drops_the_link_keeps_the_draft(
    settings, openai_routes, customer_draft
):
    _, draft = customer_draft
    body = f"Hi Chloe, please send the data by {draft.due_local}."
    openai_routes["chat"].side_effect = [wording(draft, body)]

    kept = reword(draft, chat_model(settings))

    assert kept.text == draft.text
    assert kept.fallback_reason == (
        "the reworded message dropped the link; the draft's words are kept"
    )


def test_a_leak_the_model_words_in_is_shown_and_never_sent(
    database, settings, openai_routes, customer_draft, tmp_path
):
    from graph.approvals import decide
    from tests.nudge_support import outbox
    from tools.inbox.store import InboxAction, InboxDecision

    item_id, draft = customer_draft
    body = f"Your ARR deserves it: due {draft.due_local}, here: {draft.action_url}"
    openai_routes["chat"].side_effect = [wording(draft, body)]
    approve = InboxDecision(
        item_id=item_id, action=InboxAction.approve, by="carl", at=START
    )
    with sqlite_checkpointer(tmp_path / "c.sqlite") as saver:
        graph = build_run_graph(database, settings, route=to_file, checkpointer=saver)
        start_approvals(graph, [item_id])
        paused = graph.get_state({"configurable": {"thread_id": item_id}})
        outcome = decide(database, graph, approve)

    reasons = paused.tasks[0].interrupts[0].value["reasons"]
    assert "blocked: term 'ARR' is internal" in reasons
    assert outcome == "refused: the message holds internal data"
    assert outbox(database) == []
