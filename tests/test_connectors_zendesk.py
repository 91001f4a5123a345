"""`run_sync("zendesk")` on a respx Zendesk: cursors, Retry-After, rejects, reruns."""

from __future__ import annotations

import base64
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from tests.connector_routes import (
    cursor,
    zendesk_api,
    zendesk_book,
    zendesk_error,
    zendesk_organization,
)
from tools.accounts.book import AccountRow, ContactRow, PersonRow
from tools.accounts.signals import TicketRow
from tools.connectors import (
    ConnectorAuthError,
    ConnectorNotConfiguredError,
    RetryPolicy,
    run_sync,
)
from tools.connectors.zendesk import open_zendesk, zendesk_url
from tools.importers.report import Rejection
from tools.settings import Settings

FAST = RetryPolicy(jitter_s=0)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        zendesk_subdomain="acme",
        zendesk_email="ops@csops.example",
        zendesk_token="6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv",
    )


@pytest.fixture
def waits() -> list[float]:
    return []


def sync(database, settings, waits):
    return run_sync(database, "zendesk", settings, policy=FAST, sleep=waits.append)


def counts(report) -> dict[str, tuple[int, int, int, int, int]]:
    return {
        entity: (c.read, c.created, c.updated, c.unchanged, c.rejected)
        for entity, c in report.counts.items()
    }


def test_sync_follows_cursors_and_maps_users_and_tickets(database, settings, waits):
    with zendesk_api() as api:
        report = sync(database, settings, waits)

    assert counts(report) == {
        "accounts": (5, 5, 0, 0, 0),
        "contacts": (2, 2, 0, 0, 0),
        "people": (2, 2, 0, 0, 0),
        "tickets": (3, 3, 0, 0, 0),
    }
    requests = api.requests("organizations")
    afters = [r.url.params.get("page[after]") for r in requests]
    assert afters == [None, cursor(1), cursor(2)]
    assert requests[0].url.params["page[size]"] == "100"
    credentials = f"ops@csops.example/token:{settings.zendesk_token.get_secret_value()}"
    basic = base64.b64encode(credentials.encode()).decode()
    assert requests[0].headers["authorization"] == f"Basic {basic}"
    assert unquote(str(requests[1].url)).endswith(
        f"page[after]={cursor(1)}&page[size]=2"  # links.next, followed verbatim
    )
    # the last page still carries links.next, as Zendesk's does: has_more ends it
    assert [len(api.requests(name)) for name in ("users", "tickets")] == [2, 2]

    with database.session() as session:
        northwind = session.scalars(
            select(AccountRow).where(AccountRow.source_id == "361001")
        ).one()
        dana = session.scalars(select(ContactRow).where(ContactRow.name.like("Dana%")))
        agents = session.scalars(select(PersonRow.name).order_by(PersonRow.name))
        tickets = session.scalars(select(TicketRow).order_by(TicketRow.id)).all()
        dana, agents = dana.one(), agents.all()

    assert (northwind.name, northwind.domain) == ("Northwind Analytics", "northwind.io")
    assert (dana.account_id, dana.time_zone) == (northwind.id, "America/New_York")
    assert agents == ["Priya Raman", "Sam Okafor"]
    first = tickets[0]
    assert (first.account_id, first.requester_email, first.assignee_name) == (
        northwind.id,
        "dana@northwind.io",
        "Sam Okafor",
    )
    assert (first.priority, first.status, str(first.created_at)) == (
        "high",
        "open",
        "2024-05-02 14:09:11",
    )


def test_second_sync_creates_nothing(database, settings, waits):
    with zendesk_api():
        sync(database, settings, waits)
    with zendesk_api():
        again = sync(database, settings, waits)

    assert counts(again) == {
        "accounts": (5, 0, 0, 5, 0),
        "contacts": (2, 0, 0, 2, 0),
        "people": (2, 0, 0, 2, 0),
        "tickets": (3, 0, 0, 3, 0),
    }


def test_429_waits_the_retry_after_then_finishes(database, settings, waits):
    limited = zendesk_error(429, "APIRateLimitExceeded", "Too many requests")
    limited.headers["Retry-After"] = "42"
    with zendesk_api() as api:
        api.endpoints["tickets"].fail_first(limited)
        report = sync(database, settings, waits)

    assert waits == [42.0]
    assert counts(report)["tickets"] == (3, 3, 0, 0, 0)


def test_500_then_success(database, settings, waits):
    with zendesk_api() as api:
        api.endpoints["users"].fail_first(zendesk_error(500, "InternalError"))
        report = sync(database, settings, waits)

    assert waits == [1.0]
    assert counts(report)["people"] == (2, 2, 0, 0, 0)


def test_an_organization_without_a_name_is_rejected(database, settings, waits):
    book = zendesk_book()
    book["organizations"].insert(2, zendesk_organization(361009, "  ", []))
    with zendesk_api(book):
        report = sync(database, settings, waits)

    assert counts(report)["accounts"] == (6, 5, 0, 0, 1)
    assert report.rejections == [
        Rejection("accounts", "organizations", 3, "name", "required value is missing")
    ]
    assert counts(report)["tickets"] == (3, 3, 0, 0, 0)


def test_401_fails_at_once(database, settings, waits):
    with zendesk_api() as api:
        api.endpoints["organizations"].fail_first(
            zendesk_error(401, "Couldn't authenticate you")
        )
        with pytest.raises(ConnectorAuthError, match="check CSOPS_ZENDESK_EMAIL and"):
            sync(database, settings, waits)

    assert (len(api.requests("organizations")), waits) == (1, [])


def test_missing_settings_are_named(tmp_path):
    settings = Settings(data_dir=tmp_path, zendesk_subdomain="acme")
    with pytest.raises(ConnectorNotConfiguredError) as raised:
        open_zendesk(settings)

    assert str(raised.value) == (
        "CSOPS_ZENDESK_EMAIL and CSOPS_ZENDESK_TOKEN are not set: export "
        "CSOPS_ZENDESK_EMAIL and CSOPS_ZENDESK_TOKEN to sync Zendesk"
    )


@pytest.mark.parametrize(
    "given", ["acme", "acme.zendesk.com", "https://acme.zendesk.com/agent/"]
)
def test_subdomain_may_be_given_as_host_or_url(given):
    assert zendesk_url(given) == "https://acme.zendesk.com"
