"""The inbox over HTTP: list and read items, one decision each through the graph."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api_support import CSM, OPS, VIEWER, settings_for
from tests.nudge_support import (
    START,
    customer_step_run,
    link_block,
    outbox,
    tick,
)
from tests.page_seed import inbox_escalation

CARL = "carl@vendor.test"  # the csm on the seeded Acme account's team
DAY_TWO = (START + timedelta(days=1, hours=1)).isoformat()
AFTER_BREACH = (START + timedelta(days=5)).isoformat()


@pytest.fixture
def client(api_book):
    with TestClient(create_app(settings_for(replace(api_book, csm_email=CARL)))) as c:
        yield c


@pytest.fixture
def nudge(client) -> str:
    """The customer-facing nudge to Chloe at Acme, waiting in the inbox."""
    database = client.app.state.services.database
    customer_step_run(database)
    (item_id,) = tick(database, START + timedelta(days=1, hours=1)).inbox_ids
    return item_id


@pytest.fixture
def theirs(client, api_book) -> str:
    """An escalation on a demo account that is not on Carl's team."""
    return inbox_escalation(client.app.state.services.database, api_book.other_account)


@pytest.fixture
def escalation(client) -> str:
    """The onboarding-data breach escalated to Mona, on Carl's account."""
    database = client.app.state.services.database
    customer_step_run(database)
    items = []
    for hours in range(24, 24 * 6, 6):
        items += tick(database, START + timedelta(hours=hours)).inbox_ids
    entries = [client.get(f"/api/inbox/{i}", headers=OPS).json() for i in items]
    return next(e["id"] for e in entries if e["kind"] == "escalation")


def decide(client, item_id, headers=OPS, now=DAY_TWO, **body):
    return client.post(
        f"/api/inbox/{item_id}/decision",
        json=body,
        params={"now": now},
        headers=headers,
    )


def test_list_is_scoped_per_role_and_filtered(client, nudge, theirs, api_book):
    def ids(headers, **params):
        answer = client.get("/api/inbox", params=params, headers=headers)
        return [entry["id"] for entry in answer.json()]

    assert ids(OPS) == ids(VIEWER) == [nudge, theirs]
    assert ids(CSM) == [nudge]
    assert ids(OPS, account=str(api_book.other_account)) == [theirs]
    assert ids(OPS, status="decided") == []
    decide(client, nudge, action="approve")
    assert (ids(OPS), ids(OPS, status="decided")) == ([theirs], [nudge])
    assert ids(OPS, status="all") == [nudge, theirs]
    unknown = client.get("/api/inbox", params={"account": "nope"}, headers=OPS)
    assert (unknown.status_code, unknown.json()["detail"]) == (404, "unknown account")


def test_an_item_shows_draft_recipient_and_local_due_time(client, nudge, theirs):
    entry = client.get(f"/api/inbox/{nudge}", headers=CSM).json()

    assert (entry["kind"], entry["recipient"], entry["status"]) == (
        "nudge",
        "chloe@acme.test",
        "open",
    )
    assert entry["draft"]["recipient"]["time_zone"] == "Europe/Berlin"
    assert entry["draft"]["due_local"].endswith("CET")
    assert entry["draft"]["text"] and entry["decision"] is None
    missing = client.get("/api/inbox/ib_nothing", headers=OPS)
    refused = client.get(f"/api/inbox/{theirs}", headers=CSM)
    assert (missing.status_code, missing.json()) == (
        404,
        {"detail": "unknown inbox item"},
    )
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "not on this account's team"},
    )


def test_approve_resumes_the_graph_and_queues_one_message(client, nudge):
    answer = decide(client, nudge, headers=CSM, action="approve")

    result = answer.json()
    assert (answer.status_code, result["outcome"]) == (200, "approve")
    assert result["decision"]["by"] == CARL
    [queued] = result["queued"]
    assert (queued["recipient"], queued["status"]) == ("chloe@acme.test", "queued")
    [row] = outbox(client.app.state.services.database)
    assert (row.id, row.inbox_item_id) == (queued["id"], nudge)


def test_a_second_decision_is_409_naming_the_first(client, nudge):
    decide(client, nudge, action="ignore", reason="duplicate")

    again = decide(client, nudge, headers=CSM, action="approve")

    assert (again.status_code, again.json()) == (
        409,
        {"detail": "already decided: ignore by ops-test"},
    )
    assert outbox(client.app.state.services.database) == []


def test_edit_and_reply_send_the_deciders_words(client, nudge):
    words = "Hi Chloe, could you send the onboarding data by Thursday?"
    edited = decide(client, nudge, action="edit", text=words)

    database = client.app.state.services.database
    [row] = outbox(database)
    sent = words + link_block(database, nudge)
    assert (edited.json()["outcome"], row.body_text) == ("edit", sent)


def test_reply_answers_in_own_words(client, nudge):
    decide(client, nudge, headers=CSM, action="reply", text="Chloe, I can help.")

    database = client.app.state.services.database
    [row] = outbox(database)
    signed = f"Chloe, I can help.\n\n-- {CARL}"
    assert row.body_text == signed + link_block(database, nudge)
    assert row.subject.startswith("Re: ")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"action": "edit", "text": "Your ARR is at stake, Chloe."},
            "decision refused: term 'ARR' is internal",
        ),
        (
            {"action": "edit", "text": "  "},
            "decision refused: edit needs the text to send",
        ),
        ({"action": "reply"}, "decision refused: reply needs the text to send"),
        (
            {"action": "close"},
            "decision refused: only an escalation takes an escalation decision",
        ),
    ],
)
def test_refused_decisions_are_422_and_record_nothing(client, nudge, body, detail):
    answer = decide(client, nudge, **body)

    assert (answer.status_code, answer.json()["detail"]) == (422, detail)
    assert client.get(f"/api/inbox/{nudge}", headers=OPS).json()["status"] == "open"


@pytest.mark.parametrize(
    ("headers", "item", "code", "detail"),
    [
        (VIEWER, "nudge", 403, "read-only API key"),
        (CSM, "theirs", 403, "not on this account's team"),
        ({}, "nudge", 401, "missing API key"),
        (OPS, "ib_nothing", 404, "unknown inbox item"),
    ],
)
def test_who_may_decide(client, nudge, theirs, headers, item, code, detail):
    item_id = {"nudge": nudge, "theirs": theirs}.get(item, item)

    answer = decide(client, item_id, headers=headers, action="approve")

    assert (answer.status_code, answer.json()) == (code, {"detail": detail})


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        ({"action": "acknowledge"}, "acknowledged"),
        ({"action": "approve"}, "acknowledged"),
        ({"action": "close", "reason": "sent by email"}, "closed"),
        ({"action": "extend", "extend_hours": 24, "reason": "on holiday"}, "extended"),
        ({"action": "reassign", "reassign_to": "ana@vendor.test"}, "recorded"),
        ({"action": "ignore"}, "acknowledged"),
    ],
)
def test_escalation_decisions(client, escalation, body, outcome):
    answer = decide(client, escalation, headers=CSM, now=AFTER_BREACH, **body)

    assert answer.status_code == 200, answer.text
    assert answer.json()["outcome"].startswith(outcome)
    stored = client.get(f"/api/inbox/{escalation}", headers=OPS).json()["decision"]
    if body["action"] not in ("approve", "ignore"):
        assert stored["data"]["escalation"]["action"] == body["action"]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"action": "extend", "extend_hours": 24},
            "extend needs extend_hours and a reason",
        ),
        ({"action": "reassign"}, "reassign needs reassign_to"),
    ],
)
def test_incomplete_escalation_decisions_are_422(client, escalation, body, detail):
    answer = decide(client, escalation, now=AFTER_BREACH, **body)

    assert (answer.status_code, answer.json()["detail"]) == (
        422,
        f"decision refused: {detail}",
    )
