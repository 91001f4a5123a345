"""Briefs of imported RavenStack accounts: figures equal the CSV rows, contradictions
flagged, old facts marked stale.

RavenStack is imported once per module; the briefs are read as of the export's own
last day (2024-12-31), the day its renewals were derived up to.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from agents.brief.wording import plural
from domain.brief import STALE_AFTER_DAYS, Brief
from graph.brief import build_brief
from tools.db import open_database
from tools.importers import run_import
from tools.settings import Settings

SHARED_DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
RAVENSTACK = SHARED_DATA / "ravenstack"
pytestmark = pytest.mark.skipif(
    not RAVENSTACK.is_dir(), reason=f"shared sample data not found at {RAVENSTACK}"
)
AS_OF = date(2024, 12, 31)
BUSIEST = "A-bb3bd4"  # 11 tickets, the most of any account
CHURNED_BUT_OPEN = "A-43a9e3"  # churn_flag TRUE with open subscriptions


@pytest.fixture(scope="module")
def ravenstack(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('ravenstack') / 'csops.db'}"
    database = open_database(url)
    run_import(database, "saas-csv", RAVENSTACK)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(model_provider="offline", data_dir=tmp_path_factory.mktemp("data"))


def rows(name: str, account: str) -> list[dict]:
    with open(RAVENSTACK / f"ravenstack_{name}.csv", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["account_id"] == account]


def section(brief: Brief, key: str) -> str:
    return "\n".join(c.text for s in brief.sections if s.key == key for c in s.claims)


def test_ticket_figures_equal_the_csv(ravenstack, settings):
    tickets = rows("support_tickets", BUSIEST)
    rated = [int(t["satisfaction_score"]) for t in tickets if t["satisfaction_score"]]
    escalated = sum(t["escalation_flag"] == "TRUE" for t in tickets)
    still_open = sum(not t["closed_at"] for t in tickets)

    brief = build_brief(ravenstack, settings, BUSIEST, as_of=AS_OF)

    text = section(brief, "support")
    assert f"{still_open} open of {len(tickets)} tickets" in text
    assert f"{plural(escalated, 'ticket')} escalated" in text
    mean = round(sum(rated) / len(rated), 2)
    assert f"CSAT averages {mean:g}/5 over {plural(len(rated), 'rated ticket')}" in text
    assert brief.footer.dropped_ungrounded == 0


def test_account_and_usage_figures_equal_the_csv(ravenstack, settings):
    [account] = rows("accounts", BUSIEST)
    subscriptions = {s["subscription_id"] for s in rows("subscriptions", BUSIEST)}
    with open(RAVENSTACK / "ravenstack_feature_usage.csv", newline="") as handle:
        usage = [
            u for u in csv.DictReader(handle) if u["subscription_id"] in subscriptions
        ]
    recent = sum(
        int(u["usage_count"])
        for u in usage
        if AS_OF - timedelta(30) < date.fromisoformat(u["usage_date"]) <= AS_OF
    )

    brief = build_brief(ravenstack, settings, BUSIEST, as_of=AS_OF)

    snapshot = section(brief, "snapshot")
    assert (
        f"on the {account['plan_tier']} plan with {account['seats']} seats" in snapshot
    )
    assert f"{recent} feature uses in the last 30 days" in section(brief, "usage")


def test_renewal_figures_equal_the_csv(ravenstack, settings):
    brief = build_brief(ravenstack, settings, CHURNED_BUT_OPEN, "renewal", as_of=AS_OF)

    [contract] = next(s for s in brief.sections if s.key == "contract").claims
    cited = contract.citations[0]
    assert cited.record_type == "subscription"
    # The derived renewal is the first anniversary of a still-open subscription.
    candidates = [
        s for s in rows("subscriptions", CHURNED_BUT_OPEN) if not s["end_date"]
    ]
    arrs = {f"ARR ${int(s['arr_amount']):,}" for s in candidates}
    assert any(arr in contract.text for arr in arrs)
    assert "(date derived from start date and billing cycle)" in contract.text


def test_churn_flag_against_open_subscription_is_flagged(ravenstack, settings):
    brief = build_brief(ravenstack, settings, CHURNED_BUT_OPEN, as_of=AS_OF)

    [conflict] = [c for c in brief.conflicts if c.topic == "churn status"]
    assert conflict.left.text == "The CRM flags Company_1 as churned."
    assert conflict.left.citations[0].record_type == "account"
    assert "is still open" in conflict.right.text
    assert brief.footer.conflicts == len(brief.conflicts)


def test_old_ticket_facts_are_stale(ravenstack, settings):
    brief = build_brief(ravenstack, settings, CHURNED_BUT_OPEN, as_of=AS_OF)
    newest_ticket = max(
        date.fromisoformat(t["submitted_at"][:10])
        for t in rows("support_tickets", CHURNED_BUT_OPEN)
    )
    support = [c for s in brief.sections if s.key == "support" for c in s.claims]

    assert (AS_OF - newest_ticket).days > STALE_AFTER_DAYS
    assert support and all(claim.stale for claim in support)
    assert all(claim.citations for claim in brief.claims)


def test_every_kind_is_grounded_for_many_accounts(ravenstack, settings):
    for number in range(0, 40):
        for kind in ("account", "handoff", "renewal", "escalation"):
            brief = build_brief(
                ravenstack, settings, f"Company_{number}", kind, as_of=AS_OF
            )
            assert brief.dropped == [], (number, kind, brief.dropped)
