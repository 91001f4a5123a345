"""`run_sync("hubspot")` on a respx HubSpot: pages, retries, rejects, idempotence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.connector_routes import (
    cursor,
    hubspot_api,
    hubspot_book,
    hubspot_deal,
    hubspot_error,
)
from tools.accounts.book import AccountRow, ContactRow, DealRow
from tools.connectors import ConnectorAuthError, RetryPolicy, run_sync
from tools.importers.report import Rejection
from tools.settings import Settings

FAST = RetryPolicy(jitter_s=0)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, hubspot_token="pat-na1-0b7e6c52-4f1d")


@pytest.fixture
def waits() -> list[float]:
    return []


def sync(database, settings, waits, **options):
    return run_sync(
        database, "hubspot", settings, policy=FAST, sleep=waits.append, **options
    )


def counts(report) -> dict[str, tuple[int, int, int, int, int]]:
    return {
        entity: (c.read, c.created, c.updated, c.unchanged, c.rejected)
        for entity, c in report.counts.items()
    }


def test_sync_reads_every_page_and_links_contacts_and_deals(database, settings, waits):
    with hubspot_api() as api:
        report = sync(database, settings, waits)

    assert counts(report) == {
        "accounts": (5, 5, 0, 0, 0),
        "contacts": (3, 3, 0, 0, 0),
        "deals": (3, 3, 0, 0, 0),
    }
    afters = [r.url.params.get("after") for r in api.requests("companies")]
    assert afters == [None, cursor(1), cursor(2)]
    first = api.requests("contacts")[0]
    assert first.headers["authorization"] == "Bearer pat-na1-0b7e6c52-4f1d"
    assert first.url.params["associations"] == "companies"
    assert (report.source_system, str(report.path)) == ("hubspot", "api.hubapi.com")
    with database.session() as session:
        accounts = {a.source_id: a for a in session.scalars(select(AccountRow))}
        contacts = session.scalars(select(ContactRow).order_by(ContactRow.id)).all()
        deals = session.scalars(select(DealRow).order_by(DealRow.id)).all()

    northwind = accounts["5918809876"]
    assert (northwind.name, northwind.domain, northwind.country) == (
        "Northwind Analytics",
        "northwind.io",
        "US",
    )
    assert accounts["5918809878"].name == "quarry.dev"
    assert [(c.name, c.account_id) for c in contacts] == [
        ("Dana Whitfield", northwind.id),
        ("Luis Ortega", accounts["5918809877"].id),
        ("it-admin@heliohealth.com", accounts["5918809879"].id),
    ]
    assert [(d.amount, d.is_closed, d.is_won, str(d.close_date)) for d in deals] == [
        (Decimal("48000.00"), True, True, "2024-06-28"),
        (Decimal("12500.50"), False, False, "2024-06-28"),
        (Decimal("0.00"), True, False, "2024-06-28"),
    ]
    summary = [(code, n, (w.file, w.line)) for code, n, w in report.warning_summary()]
    assert summary == [
        ("country_normalised", 4, ("companies", 1)),
        ("name_from_domain", 1, ("companies", 3)),
        ("name_from_email", 1, ("contacts", 3)),
    ]


def test_second_sync_creates_nothing(database, settings, waits):
    with hubspot_api():
        sync(database, settings, waits)
    with hubspot_api():
        again = sync(database, settings, waits)

    assert counts(again) == {
        "accounts": (5, 0, 0, 5, 0),
        "contacts": (3, 0, 0, 3, 0),
        "deals": (3, 0, 0, 3, 0),
    }


def test_a_changed_record_is_updated_in_place(database, settings, waits):
    with hubspot_api():
        sync(database, settings, waits)
    book = hubspot_book()
    book["deals"][1]["properties"]["dealstage"] = "closedwon"
    with hubspot_api(book):
        again = sync(database, settings, waits)

    assert counts(again)["deals"] == (3, 0, 1, 2, 0)


def test_a_malformed_deal_is_rejected_and_the_rest_imported(database, settings, waits):
    book = hubspot_book()
    book["deals"].insert(
        1, hubspot_deal("7009", "Bluebird add-on", "about 40k", "qualified", "1")
    )
    with hubspot_api(book):
        report = sync(database, settings, waits)

    assert counts(report)["deals"] == (4, 3, 0, 0, 1)
    assert report.rejections == [
        Rejection("deals", "deals", 2, "amount", "not a number: 'about 40k'")
    ]


def test_rate_limit_without_retry_after_backs_off(database, settings, waits):
    rate_limit = hubspot_error(429, "RATE_LIMITS", "You have reached your limit.")
    with hubspot_api() as api:
        api.endpoints["contacts"].fail_first(rate_limit, rate_limit)
        report = sync(database, settings, waits)

    assert waits == [1.0, 2.0]
    assert counts(report)["contacts"] == (3, 3, 0, 0, 0)


def test_401_fails_at_once_and_writes_nothing(database, settings, waits):
    message = "Authentication credentials not found."
    with hubspot_api() as api:
        api.endpoints["companies"].fail_first(
            hubspot_error(401, "INVALID_AUTHENTICATION", message)
        )
        with pytest.raises(ConnectorAuthError) as raised:
            sync(database, settings, waits)

    assert str(raised.value).startswith(
        "HubSpot rejected the token (401): check CSOPS_HUBSPOT_TOKEN (service said: "
    )
    assert (len(api.requests("companies")), waits) == (1, [])
    with database.session() as session:
        assert session.scalars(select(AccountRow)).all() == []


def test_dry_run_counts_but_writes_nothing(database, settings, waits):
    with hubspot_api():
        report = sync(database, settings, waits, dry_run=True)

    assert report.dry_run and counts(report)["accounts"] == (5, 5, 0, 0, 0)
    with database.session() as session:
        assert session.scalars(select(AccountRow)).all() == []
