"""The inbox page over TestClient: items, the four decisions, one decision each."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.nudge_support import outbox
from tests.page_seed import SAME_SITE, inbox_escalation, inbox_nudge, page_app
from tools.inbox.store import decision_of


@pytest.fixture
def client(tmp_path):
    with TestClient(page_app(tmp_path), headers=SAME_SITE) as client:
        yield client


@pytest.fixture
def item_id(client):
    return inbox_escalation(client.app.state.services.database)


def decision(client, item_id):
    with client.app.state.services.database.session() as session:
        return decision_of(session, item_id)


def test_inbox_lists_the_draft_with_its_decisions(client, item_id):
    page = client.get("/inbox")

    assert page.status_code == 200
    assert "Escalation: Acme kickoff call is 1 business day late" in page.text
    assert "escalations wait for a human" in page.text
    for action in ("approve", "edit", "reply", "ignore"):
        assert f'value="{action}"' in page.text


def test_approve_records_one_decision_and_clears_the_item(client, item_id):
    page = client.post(f"/inbox/{item_id}", data={"action": "approve"})

    assert page.status_code == 200
    assert f"Item {item_id} approved." in page.text
    assert 'data-testid="inbox-empty"' in page.text
    assert decision(client, item_id).action == "approve"


def test_edit_sends_the_typed_text(client, item_id):
    client.post(
        f"/inbox/{item_id}", data={"action": "edit", "text": "Carl, call today."}
    )

    assert decision(client, item_id).text == "Carl, call today."


def test_a_second_decision_is_refused_naming_the_first(client, item_id):
    client.post(f"/inbox/{item_id}", data={"action": "ignore", "reason": "dup"})

    page = client.post(f"/inbox/{item_id}", data={"action": "approve"})

    assert page.status_code == 409
    assert "was already decided: ignore by web page" in page.text


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        ({"action": "shout"}, 422, "unknown decision &#39;shout&#39;"),
        ({"action": "reply", "text": " "}, 422, "reply needs the text to send"),
    ],
)
def test_bad_decisions_are_refused(client, item_id, form, status, message):
    page = client.post(f"/inbox/{item_id}", data=form)

    assert page.status_code == status
    assert message in page.text
    assert decision(client, item_id) is None


def test_an_unknown_item_is_a_404(client):
    page = client.post("/inbox/ib_nothing", data={"action": "approve"})

    assert page.status_code == 404
    assert "no inbox item &#39;ib_nothing&#39;" in page.text


def test_approving_a_customer_nudge_resumes_the_run_and_queues_it(client):
    database = client.app.state.services.database
    item_id = inbox_nudge(database)
    listed = client.get("/inbox")
    assert "chloe@acme.test" in listed.text
    assert "their local time" in listed.text
    assert "(link attached, single use)" in listed.text

    page = client.post(f"/inbox/{item_id}", data={"action": "approve"})

    assert page.status_code == 200
    assert f"Item {item_id} approved." in page.text
    assert 'data-testid="outcome">approve<' in page.text
    assert "Queued for chloe@acme.test by file (queued" in page.text
    [row] = outbox(database)
    assert (row.inbox_item_id, row.status) == (item_id, "queued")


def test_an_edit_that_leaks_internal_data_is_refused(client):
    item_id = inbox_nudge(client.app.state.services.database)

    page = client.post(
        f"/inbox/{item_id}", data={"action": "edit", "text": "Your ARR is at risk."}
    )

    assert page.status_code == 422
    assert "term &#39;ARR&#39; is internal" in page.text
    assert decision(client, item_id) is None


def test_an_escalation_is_acknowledged_with_its_package_shown(client, item_id):
    page = client.get("/inbox")
    assert "Escalation package" in page.text

    done = client.post(f"/inbox/{item_id}", data={"action": "acknowledge"})

    assert 'data-testid="outcome">acknowledged<' in done.text
    assert 'data-testid="queued-none"' in done.text
