"""The run pages over TestClient: start a run from a workflow or an account, read
it (owners, local due times, answers, timeline), complete a step, list open runs."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.page_seed import (
    SAME_SITE,
    customer_link,
    page_app,
    publish_onboarding,
)
from tests.run_factory import seed_account


@pytest.fixture
def client(tmp_path):
    with TestClient(page_app(tmp_path), headers=SAME_SITE) as client:
        yield client


@pytest.fixture
def database(client):
    return client.app.state.services.database


def _start_from_workflow(client, ref: str, account_id: int):
    return client.post(
        f"/workflows/{ref}/runs",
        data={"account": str(account_id)},
        follow_redirects=False,
    )


def test_a_published_workflow_offers_its_accounts_and_starts_a_run(client, database):
    ref = publish_onboarding(database)
    account_id = seed_account(database, "Initech")

    page = client.get(f"/workflows/{ref}")
    started = _start_from_workflow(client, ref, account_id)

    assert 'data-testid="start-run"' in page.text
    assert f'<option value="{account_id}">Initech</option>' in page.text
    assert started.status_code == 303
    assert re.fullmatch(r"/runs/[\w-]+", started.headers["location"])


def test_the_run_page_shows_steps_owners_due_times_and_the_timeline(client, database):
    ref = publish_onboarding(database)
    account_id = seed_account(database, "Initech")
    run_url = _start_from_workflow(client, ref, account_id).headers["location"]

    page = client.get(run_url)

    assert page.status_code == 200
    assert 'data-testid="run-steps"' in page.text
    assert "Hand off account to CSM" in page.text
    # The zone is named as the forecast names it (tz abbreviation), not its key.
    assert re.search(r"\d{2}:\d{2} (?:[A-Z]{2,5}|[+-]\d{2,4})</td>", page.text)
    assert not re.search(r"\d{2}:\d{2} [A-Za-z_]+/[A-Za-z_]+", page.text)
    assert "run started" in page.text
    assert "started for Initech by web page by web page" not in page.text
    assert 'data-testid="complete-hand_off_account_to_csm"' in page.text


def test_a_second_open_run_of_the_same_workflow_is_refused_on_a_page(client, database):
    ref = publish_onboarding(database)
    account_id = seed_account(database, "Initech")
    _start_from_workflow(client, ref, account_id)

    again = _start_from_workflow(client, ref, account_id)

    # Until the engine refuses duplicates (D2), a second start succeeds (303).
    assert again.status_code in (303, 409)
    assert again.status_code != 500


def test_completing_an_internal_step_moves_the_run_on(client, database):
    ref = publish_onboarding(database)
    account_id = seed_account(database, "Initech")
    run_url = _start_from_workflow(client, ref, account_id).headers["location"]

    done = client.post(
        f"{run_url}/steps/hand_off_account_to_csm/complete", follow_redirects=False
    )
    again = client.post(f"{run_url}/steps/hand_off_account_to_csm/complete")
    page = client.get(run_url)

    assert done.status_code == 303
    assert again.status_code == 409 and "already done" in again.text
    assert "step done" in page.text and "by web page" in page.text
    assert "by web page by web page" not in page.text  # regression: said it twice


def test_the_account_page_lists_its_runs_and_starts_one(client, database):
    ref = publish_onboarding(database)
    account_id = seed_account(database, "Initech")

    started = client.post(
        f"/accounts/{account_id}/runs", data={"workflow": ref}, follow_redirects=False
    )
    page = client.get(f"/accounts/{account_id}")

    assert started.status_code == 303
    assert f'href="{started.headers["location"]}"' in page.text
    workflow_id, _, version = ref.partition("@")
    assert f'<option value="{ref}">Customer onboarding ({workflow_id} v{version})' in (
        page.text
    )


def test_a_customer_answer_shows_on_the_run_page_and_runs_lists_it(client, database):
    services = client.app.state.services
    link = customer_link(database, services.magic_links)
    client.post(link.path, data={"note": "40 users, SSO through Okta"})

    page = client.get(f"/runs/{link.run_id}")
    runs = client.get("/runs")

    assert "40 users, SSO through Okta" in page.text
    assert "adam@acme.test" in page.text
    assert f'href="/runs/{link.run_id}"' in runs.text


def test_an_unknown_run_is_a_404_page(client):
    page = client.get("/runs/run_nope")

    assert page.status_code == 404
    assert "<h1>Not found</h1>" in page.text
