"""Regressions for the brief defects of the breaker report (issue 4), by id."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest

from agents.brief.contracts import handoff_deal, renewal_that_matters
from agents.brief.wording import plural, quote, role_label
from domain.accounts import Deal, Subscription
from domain.health import HealthSignals, score_health
from graph.brief import build_brief
from tests import test_brief_ravenstack as shared
from tests.test_brief_ravenstack import RAVENSTACK, section

ravenstack = shared.ravenstack  # the module-scoped RavenStack store and settings
settings = shared.settings

pytestmark = pytest.mark.skipif(
    not RAVENSTACK.is_dir(), reason=f"shared sample data not found at {RAVENSTACK}"
)
SEVEN_OPEN = "A-bb3bd4"  # Company_340: seven open auto-renewing subscriptions


def _open_subscriptions(account: str) -> list[dict]:
    with open(RAVENSTACK / "ravenstack_subscriptions.csv", newline="") as handle:
        rows = csv.DictReader(handle)
        return [r for r in rows if r["account_id"] == account and not r["end_date"]]


def test_b1_default_as_of_is_the_data_date_and_says_so(ravenstack, settings):
    brief = build_brief(ravenstack, settings, "Company_340")
    assert (brief.as_of, brief.as_of_basis) == (date(2024, 12, 31), "data")
    assert "No open subscription" not in section(brief, "snapshot")


def test_b1_derived_renewals_roll_forward_past_a_later_as_of(ravenstack, settings):
    brief = build_brief(ravenstack, settings, "Company_340", as_of=date(2026, 12, 3))
    snapshot = section(brief, "snapshot")
    assert "No open subscription" not in snapshot
    assert "renews on 2027-04-05" in snapshot
    assert brief.footer.dropped_ungrounded == 0


def test_b3_total_arr_matches_the_rows_and_largest_renewal_first(ravenstack, settings):
    subscriptions = _open_subscriptions(SEVEN_OPEN)
    total = sum(Decimal(s["arr_amount"]) for s in subscriptions)
    brief = build_brief(ravenstack, settings, SEVEN_OPEN, "renewal")
    contract = section(brief, "contract")
    assert "S-342037" not in contract or "ARR $54,924" in contract
    assert "ARR $54,924 renews on 2025-04-05" in contract
    account = build_brief(ravenstack, settings, SEVEN_OPEN)
    assert f"{len(subscriptions)} open subscriptions, total ARR ${total:,}" in (
        section(account, "snapshot")
    )


def test_b3_not_auto_renewing_contract_is_the_renewal_that_matters():
    common = {"source_system": "crm", "account_id": 1, "start_date": date(2024, 1, 1)}
    big = Subscription(
        id=1,
        source_id="big",
        arr=Decimal(50_000),
        auto_renew=True,
        renewal_date=date(2025, 1, 1),
        **common,
    )
    manual = Subscription(
        id=2,
        source_id="manual",
        arr=Decimal(9_000),
        auto_renew=False,
        renewal_date=date(2025, 6, 1),
        **common,
    )
    assert renewal_that_matters([big, manual], date(2024, 12, 1)) == manual


def test_b7_components_without_data_are_left_out_and_renormalised():
    signals = HealthSignals(usage_in_source=False, escalations_in_source=False)
    health = score_health(signals, date(2024, 12, 31))
    assert [c.name for c in health.components] == ["ticket_load"]
    assert health.score == 100
    assert set(health.not_scored) == {
        "usage_trend",
        "sentiment",
        "escalations",
        "renewal_proximity",
    }


def test_b9_handoff_reads_the_most_advanced_open_deal():
    common = {"source_system": "sf", "account_id": 1, "is_closed": False}
    early = Deal(
        id=1,
        source_id="d1",
        name="Early",
        stage="Prospecting",
        close_date=date(2025, 9, 1),
        **common,
    )
    late = Deal(
        id=2,
        source_id="d2",
        name="Late",
        stage="Negotiation/Review",
        close_date=date(2025, 6, 30),
        **common,
    )
    assert handoff_deal([early, late]) == (late, False)


def test_b11_subject_with_quotes_is_quoted_whole():
    subject = '=HYPERLINK("http://evil","x")'
    assert quote(subject) == f"“{subject}”"


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("cs_manager", "CS manager"),
        ("ae", "AE"),
        ("csm", "CSM"),
        ("head_of_cs", "head of CS"),
    ],
)
def test_team_roles_keep_their_acronyms(role, shown):
    """Regression: the account team line read "cs manager"."""
    assert role_label(role) == shown


def test_counts_agree_with_their_nouns():
    """Regression: "over 1 rated tickets"."""
    assert plural(1, "rated ticket") == "1 rated ticket"
    assert plural(3, "rated ticket") == "3 rated tickets"
