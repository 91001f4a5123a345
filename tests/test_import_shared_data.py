"""The three real exports in ../shared/data import with the counts the issue names."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.health import WEIGHTS
from tools.accounts.book import AccountRow, SubscriptionRow
from tools.accounts.signals import HealthScoreRow, TicketRow
from tools.db import open_database
from tools.importers import run_import

SHARED_DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason=f"shared sample data not found at {SHARED_DATA}"
)
pytestmark = needs_shared_data


@pytest.fixture(scope="module")
def ravenstack(tmp_path_factory):
    """RavenStack imported twice into one SQLite store (once per test session)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ravenstack') / 'csops.db'}"
    database = open_database(url)
    first = run_import(database, "saas-csv", SHARED_DATA / "ravenstack")
    second = run_import(database, "saas-csv", SHARED_DATA / "ravenstack")
    yield database, first, second
    database.dispose()


def _counts(report) -> dict[str, tuple[int, int, int, int, int]]:
    return {
        entity: (c.read, c.created, c.updated, c.unchanged, c.rejected)
        for entity, c in report.counts.items()
    }


def test_ravenstack_imports_every_row(ravenstack):
    _, first, _ = ravenstack
    assert _counts(first) == {
        "accounts": (500, 500, 0, 0, 0),
        "subscriptions": (5000, 5000, 0, 0, 0),
        "usage": (25000, 25000, 0, 0, 0),
        "tickets": (2000, 2000, 0, 0, 0),
        "churn_events": (600, 600, 0, 0, 0),
    }
    assert first.rejections == []


def test_ravenstack_reimport_changes_nothing(ravenstack):
    _, _, second = ravenstack
    assert _counts(second) == {
        "accounts": (500, 0, 0, 500, 0),
        "subscriptions": (5000, 0, 0, 5000, 0),
        "usage": (25000, 0, 0, 25000, 0),
        "tickets": (2000, 0, 0, 2000, 0),
        "churn_events": (600, 0, 0, 600, 0),
    }


def test_ravenstack_dirt_is_reported_as_warnings(ravenstack):
    _, first, _ = ravenstack
    counts = {code: count for code, count, _ in first.warning_summary()}
    assert counts == {
        "country_normalised": 58,
        "reused_source_id": 21,
        "single_digit_hour": 838,
        "blank_csat": 825,
        "churn_flag_contradiction": 110,
        "derived_renewal_date": 4514,
    }


def test_ravenstack_derives_renewals_and_scores_health(ravenstack):
    database, _, _ = ravenstack
    with database.session() as session:
        derived = session.scalar(
            select(func.count()).where(SubscriptionRow.renewal_date_derived)
        )
        scored = session.scalar(select(func.count()).select_from(HealthScoreRow))
        health = session.scalars(select(HealthScoreRow).limit(1)).one()
    assert derived == 4514
    assert scored == 500
    # Components without data (here: no CSAT or NPS) are left out, not scored
    # neutral (B7), so the first account holds a subset in the canonical order.
    names = [c["name"] for c in health.components]
    assert names == [name for name in WEIGHTS if name in names]
    assert {"usage_trend", "ticket_load", "renewal_proximity"} <= set(names)
    assert all(c["explanation"] for c in health.components)


def test_salesforce_tree_resolves_references(database):
    report = run_import(database, "salesforce-tree", SHARED_DATA / "sf_lwc_recipes")
    assert _counts(report) == {
        "accounts": (10, 10, 0, 0, 0),
        "contacts": (6, 6, 0, 0, 0),
        "deals": (20, 20, 0, 0, 0),
    }
    again = run_import(database, "salesforce-tree", SHARED_DATA / "sf_lwc_recipes")
    assert again.rows_written == 0


def test_zendesk_imports_every_ticket(database):
    report = run_import(database, "zendesk", SHARED_DATA / "zendesk_challenge")
    assert _counts(report) == {
        "accounts": (25, 25, 0, 0, 0),
        "people": (49, 49, 0, 0, 0),
        "contacts": (26, 26, 0, 0, 0),
        "tickets": (200, 200, 0, 0, 0),
    }
    warnings = {code: count for code, count, _ in report.warning_summary()}
    assert warnings["offset_after_space"] > 0
    assert warnings["country_as_time_zone"] == 69
    with database.session() as session:
        unlinked = session.scalar(
            select(func.count()).where(TicketRow.account_id.is_(None))
        )
        total = session.scalar(select(func.count()).select_from(AccountRow))
    assert (unlinked, total) == (5, 25)
    assert (
        run_import(database, "zendesk", SHARED_DATA / "zendesk_challenge").rows_written
        == 0
    )


def test_dry_run_writes_nothing(database):
    report = run_import(
        database, "zendesk", SHARED_DATA / "zendesk_challenge", dry_run=True
    )
    assert report.counts["tickets"].created == 200
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(TicketRow)) == 0
