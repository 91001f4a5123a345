"""Contracts and deals of the demo book: what each customer bought and was promised.

Each account holds one main subscription whose renewal falls somewhere in the next
twelve months (so renewal journeys always have work), sometimes an add-on renewing on
the same day, the closed-won deal that started it (terms, promises made, success
criteria in its notes), and depending on its story an open expansion or renewal deal.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tools.demo_data.book import SEGMENTS, DemoAccount, stage
from tools.importers.batch import ImportBatch

CENT = Decimal("0.01")
TERMS = (
    "Auto-renews for 12 months unless either party gives 60 days written notice.",
    "Net 45 payment terms; invoices in the customer's currency.",
    "Annual price uplift capped at 5% for the first two renewals.",
    "Seat price locked through the first renewal.",
    "Termination for convenience with 90 days notice after month 12.",
    "Customer data hosted in the EU region only.",
    "99.9% monthly uptime SLA with service credits up to 10% of MRR.",
    "Seat ramp: 50% of seats in the first quarter, 100% from the second.",
)
PROMISES = (
    "AE promised SCIM user provisioning by the end of Q3.",
    "Dedicated onboarding engineer for the first 60 days.",
    "Custom Salesforce field mapping delivered by professional services.",
    "Quarterly roadmap briefing with our product team.",
    "First month of API overage charges waived.",
    "Security questionnaire answers and SOC 2 report shared before go-live.",
    "Migration of five years of historical tickets at no charge.",
    "Sandbox environment included for the first year.",
)
SUCCESS_CRITERIA = (
    "Cut average ticket handling time by 20% within six months.",
    "80% of licensed seats active weekly by day 90.",
    "Retire the legacy helpdesk before its contract ends.",
    "Automate weekly operations reporting (about 10 hours a week saved).",
    "Meet first-response SLA on 95% of P1 tickets.",
    "Roll out to all regional teams within the first year.",
)
ADD_ONS = {"Premium Support": 1800, "Sandbox": 900, "Advanced Analytics": 2400}
OPEN_STAGES = ("Discovery", "Proposal", "Negotiation")


def stage_contracts(batch: ImportBatch, account: DemoAccount) -> None:
    """Stage the account's subscriptions and deals."""
    account.reseed("contracts")
    arr = _stage_subscriptions(batch, account)
    _stage_new_business(batch, account, arr)
    if account.story == "growing" or account.rng.random() < 0.2:
        _stage_expansion(batch, account, arr)
    if (account.renewal_date - account.as_of).days <= 120:
        _stage_renewal(batch, account, arr)


def _stage_subscriptions(batch: ImportBatch, account: DemoAccount) -> Decimal:
    rng = account.rng
    price = SEGMENTS[account.segment][2] * (1 - rng.choice((0, 0.05, 0.1, 0.15, 0.2)))
    mrr = (Decimal(str(price)) * account.seats).quantize(CENT)
    frequency = rng.choices(("annual", "quarterly", "monthly"), weights=(70, 15, 15))
    main = (account.plan, account.seats, mrr, frequency[0])
    _subscription(batch, account, "main", *main)
    if rng.random() < 0.3:
        add_on = rng.choice(sorted(ADD_ONS))
        monthly = (Decimal(ADD_ONS[add_on]) / 12).quantize(CENT)
        addon = (f"Add-on: {add_on}", None, monthly, "annual")
        _subscription(batch, account, "addon", *addon)
    return mrr * 12


def _subscription(
    batch: ImportBatch,
    account: DemoAccount,
    line: str,
    plan: str,
    seats: int | None,
    mrr: Decimal,
    frequency: str,
) -> None:
    values = {
        "source_id": f"{account.source_id}-sub-{line}",
        "plan": plan,
        "seats": seats,
        "mrr": mrr,
        "arr": mrr * 12,
        "start_date": account.renewal_date - timedelta(days=365),
        "end_date": account.renewal_date,
        "renewal_date": account.renewal_date,
        "renewal_date_derived": False,
        "billing_frequency": frequency,
        "auto_renew": account.auto_renew,
        "is_trial": False,
        "attributes": {"segment": account.segment},
    }
    stage(batch, "subscriptions", values, account_id=account.source_id)


def _stage_new_business(batch: ImportBatch, account: DemoAccount, arr: Decimal) -> None:
    rng = account.rng
    terms = " ".join(rng.sample(TERMS, 3))
    notes = (
        f"Promises made: {' '.join(rng.sample(PROMISES, 2))}\n"
        f"Success criteria: {' '.join(rng.sample(SUCCESS_CRITERIA, 2))}\n"
        f"Champion at signing: {account.contacts['champion'][-1][1]}."
    )
    if account.champion_left:
        former = account.contact("former_champion")[1]
        notes = notes.replace(account.contacts["champion"][-1][1], former)
    closed = account.signup_date - timedelta(days=rng.randint(3, 20))
    deal = ("new", "New Business", "Closed Won", arr, closed)
    _deal(batch, account, *deal, terms=terms, notes=notes)


def _stage_expansion(batch: ImportBatch, account: DemoAccount, arr: Decimal) -> None:
    rng = account.rng
    seats = max(5, account.seats // rng.choice((4, 5, 10)))
    amount = (arr / account.seats * seats).quantize(CENT)
    close = account.as_of + timedelta(days=rng.randint(14, 150))
    stage_name = rng.choice(OPEN_STAGES)
    notes = (
        f"{account.contact('champion')[1]} wants {seats} more seats for a new team. "
        "Next step: pricing review with procurement."
    )
    deal = ("expansion", f"Expansion +{seats} seats", stage_name, amount, close)
    _deal(batch, account, *deal, notes=notes)


def _stage_renewal(batch: ImportBatch, account: DemoAccount, arr: Decimal) -> None:
    stage_name = "Commit" if account.story != "declining" else "At Risk"
    notes = "Renewal forecast owned by the AE; CSM to confirm the adoption story."
    deal = ("renewal", "Renewal", stage_name, arr, account.renewal_date)
    _deal(batch, account, *deal, notes=notes)


def _deal(
    batch: ImportBatch,
    account: DemoAccount,
    kind: str,
    title: str,
    stage_name: str,
    amount: Decimal,
    close: date,
    *,
    terms: str | None = None,
    notes: str | None = None,
) -> None:
    closed = stage_name.startswith("Closed")
    values = {
        "source_id": f"{account.source_id}-deal-{kind}",
        "name": f"{account.name} - {title}",
        "stage": stage_name,
        "amount": amount.quantize(CENT),
        "close_date": close,
        "owner_name": account.team["ae"],
        "is_closed": closed,
        "is_won": stage_name == "Closed Won",
        "terms": terms,
        "notes": notes,
    }
    stage(batch, "deals", values, account_id=account.source_id)
