"""The magic-link page over TestClient: GET commits nothing, POST completes the
step once, and a link that cannot be used gets a page saying what to do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from tests.page_seed import LINK_SECRET, SAME_SITE, customer_link, page_app, step_status
from tools.link_ledger import SqlLinkLedger
from tools.magic_links import LinkAlreadyUsed, MagicLinks
from tools.settings import Settings


@pytest.fixture
def client(tmp_path):
    with TestClient(page_app(tmp_path), headers=SAME_SITE) as client:
        yield client


@pytest.fixture
def link(client):
    services = client.app.state.services
    return customer_link(services.database, services.magic_links)


def test_get_shows_the_ask_and_commits_nothing(client, link):
    for _ in range(3):  # a mail scanner, a preview, the person
        page = client.get(link.path)

    assert page.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        page.text
    )
    assert "Fill in onboarding questionnaire" in page.text
    assert "business days" not in page.text  # the workflow's own wording stays in
    assert 'data-testid="confirm-form"' in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert step_status(client.app.state.services.database, link.step_run_id) == "ready"


def test_post_completes_the_step_once(client, link):
    done = client.post(link.path, data={"note": "Questionnaire attached, 40 users"})

    assert done.status_code == 200
    assert "Thank you, that" in done.text
    database = client.app.state.services.database
    assert step_status(database, link.step_run_id) == "done"

    again = client.post(link.path, data={"note": "twice"})
    assert again.status_code in (409, 410)
    assert "nothing more is needed" in again.text


def test_a_revoked_link_names_what_to_do(client, link):
    links = client.app.state.services.magic_links
    links.ledger.revoke_step_run(link.step_run_id, links.clock())

    page = client.get(link.path)

    assert page.status_code == 410
    assert "This link was withdrawn" in page.text
    assert "Ask your customer success manager for a new link." in page.text


def test_an_expired_link_names_what_to_do(client, link):
    services = client.app.state.services
    issued = services.magic_links
    later = issued.clock() + timedelta(days=8)
    services.magic_links = MagicLinks(
        LINK_SECRET, base_url=issued.base_url, ledger=issued.ledger, clock=lambda: later
    )

    page = client.get(link.path)

    assert page.status_code == 410
    assert "This link has expired" in page.text


def test_a_tampered_link_is_refused(client, link):
    page = client.get(link.path[:-3] + "abc")

    assert page.status_code == 404
    assert "This link is not valid" in page.text


def test_without_a_link_secret_the_page_says_links_are_off(tmp_path):
    app = page_app(tmp_path)
    del app.state.services.magic_links
    with TestClient(app, headers=SAME_SITE) as client:
        page = client.get("/l/anything")

    assert page.status_code == 503
    assert "Links are not switched on" in page.text


@pytest.fixture
def sql_client(tmp_path):
    """The app as `csops serve` builds it: links from settings, on the SQL ledger."""
    settings = Settings(
        data_dir=tmp_path, model_provider="offline", link_secret=SecretStr(LINK_SECRET)
    )
    with TestClient(create_app(settings), headers=SAME_SITE) as client:
        yield client


def test_on_the_sql_ledger_a_link_completes_its_step_once_audited(sql_client):
    services = sql_client.app.state.services
    assert isinstance(services.magic_links.ledger, SqlLinkLedger)
    link = customer_link(services.database, services.magic_links)

    empty = sql_client.post(link.path, data={"note": " "})
    scanned = sql_client.get(link.path)
    done = sql_client.post(link.path, data={"note": "40 users, SSO via Okta"})
    again = sql_client.post(link.path, data={"note": "twice"})

    assert (empty.status_code, scanned.status_code, done.status_code) == (422, 200, 200)
    assert "the form is empty" in empty.text
    assert step_status(services.database, link.step_run_id) == "done"
    assert again.status_code in (409, 410)
    with pytest.raises(LinkAlreadyUsed) as used:
        services.magic_links.verify(link.token)
    trail = services.magic_links.ledger.audit_trail(used.value.link_id)
    assert [event for event, _ in trail][:2] == ["issued", "redeemed"]
