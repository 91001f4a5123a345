"""The contract side of a brief: open subscriptions, their total, and which renewal
matters, plus the deal a handoff should read.

A RavenStack account holds seven open subscriptions at once, so a brief that names
only the next one to renew hides the money. Every open subscription is counted in
one derived `contracts` record (total ARR and MRR, how many do not auto-renew), and
the renewal a CSM should prepare is the one with the most at stake: a contract that
does not auto-renew first, then the largest ARR, then the soonest date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.accounts import Deal, Subscription, next_renewal_date
from domain.brief import Evidence

STAGE_ORDER = (
    "prospecting",
    "qualification",
    "needs analysis",
    "value proposition",
    "id. decision makers",
    "perception analysis",
    "proposal/price quote",
    "negotiation/review",
)
"""Salesforce's default opportunity stages, earliest first; others rank lowest."""
LISTED_SUBSCRIPTIONS = 6
"""Open subscriptions a brief lists one by one; the rest are counted."""
TERM_DAYS = {"monthly": 30, "quarterly": 91, "annual": 365}


def as_of_contracts(
    subscriptions: list[Subscription], as_of: date
) -> list[Subscription]:
    """The subscriptions with derived renewal dates rolled forward to `as_of`."""
    rolled = []
    for s in subscriptions:
        renewal = next_renewal_date(
            s.renewal_date,
            s.renewal_date_derived,
            s.start_date,
            s.billing_frequency,
            as_of,
        )
        rolled.append(s.model_copy(update={"renewal_date": renewal}))
    return rolled


def renewal_that_matters(open_subscriptions: list[Subscription], as_of: date):
    """The open, paid subscription to prepare the renewal of (module docstring)."""
    renewing = [
        s for s in open_subscriptions if s.renewal_date and s.renewal_date >= as_of
    ]
    paid = [s for s in renewing if not s.is_trial] or renewing
    ranked = sorted(
        paid, key=lambda s: (s.auto_renew is not False, -(s.arr or 0), s.renewal_date)
    )
    return ranked[0] if ranked else None


def contracts_evidence(
    account_id: int, open_subscriptions: list[Subscription], synced: date
) -> Evidence:
    """All open subscriptions as one derived record, with their totals."""
    arr = sum((s.arr or Decimal(0) for s in open_subscriptions), Decimal(0))
    mrr = sum((s.mrr or Decimal(0) for s in open_subscriptions), Decimal(0))
    manual = [s for s in open_subscriptions if s.auto_renew is False]
    facts = {
        "open_subscriptions": len(open_subscriptions),
        "total_arr": float(arr),
        "total_mrr": float(mrr),
        "not_auto_renewing": len(manual),
        "not_listed": max(0, len(open_subscriptions) - LISTED_SUBSCRIPTIONS),
    }
    return Evidence(
        record_type="contracts",
        record_id=str(account_id),
        as_of=synced,
        label=f"all {len(open_subscriptions)} open subscriptions",
        facts=facts,
    )


def handoff_deal(deals: list[Deal]) -> tuple[Deal | None, bool]:
    """The latest closed-won deal, else the most advanced open one; and whether won."""
    won = [deal for deal in deals if deal.is_won]
    if won:
        return max(won, key=lambda deal: deal.close_date or date.min), True
    still_open = [deal for deal in deals if not deal.is_closed]
    if not still_open:
        return None, False
    return max(still_open, key=_advance), False


def _advance(deal: Deal) -> tuple[int, date]:
    stage = (deal.stage or "").lower()
    rank = STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1
    return rank, deal.close_date or date.min


def overdue_deals(deals: list[Deal], as_of: date) -> list[Deal]:
    """Open deals whose close date has passed: the CRM record is out of date."""
    return [
        deal
        for deal in deals
        if not deal.is_closed and deal.close_date and deal.close_date < as_of
    ]
