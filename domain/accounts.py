"""Account records: the book of business a CSM works from, as plain pydantic models.

These are the read models every layer above `tools/` receives: briefs cite them,
workflow runs resolve roles from the account team and contacts, and agent tools return
them to the model. Each record keeps where it came from (`source_system`,
`source_id`), so a citation can point back at the CRM or ticket desk row.

Renewal dates follow the contract when the source states an end date; otherwise they
are derived from the start date and billing frequency (`derive_renewal_date`) and the
subscription says so in `renewal_date_derived`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field


class TeamRole(StrEnum):
    """The seat a vendor-side person holds on an account team."""

    ae = "ae"
    csm = "csm"
    se = "se"
    cs_manager = "cs_manager"
    exec_owner = "exec_owner"


class ContactRole(StrEnum):
    """The part a customer-side contact plays in the relationship."""

    champion = "champion"
    exec_sponsor = "exec_sponsor"
    admin = "admin"
    billing = "billing"
    user = "user"


class BillingFrequency(StrEnum):
    monthly = "monthly"
    quarterly = "quarterly"
    annual = "annual"


class ActivityKind(StrEnum):
    call = "call"
    email = "email"
    meeting = "meeting"
    note = "note"


class SurveyKind(StrEnum):
    nps = "nps"
    csat = "csat"


BILLING_PERIOD = {
    BillingFrequency.monthly: relativedelta(months=1),
    BillingFrequency.quarterly: relativedelta(months=3),
    BillingFrequency.annual: relativedelta(years=1),
}


def derive_renewal_date(start: date, frequency: BillingFrequency, as_of: date) -> date:
    """The first billing-period boundary after `start` that falls on or after `as_of`.

    An open subscription renews at the end of each billing period, so its next renewal
    is the earliest anniversary of `start` (by month, quarter or year) not before
    `as_of`. Anniversaries are counted from `start` each time, so a contract that began
    on the 31st renews on the last day of shorter months without drifting.
    """
    period = BILLING_PERIOD[frequency]
    periods = 1
    while (renewal := start + period * periods) < as_of:
        periods += 1
    return renewal


def next_renewal_date(
    renewal: date | None,
    derived: bool,
    start: date | None,
    frequency: BillingFrequency | str | None,
    as_of: date,
) -> date | None:
    """The renewal date as seen on `as_of`.

    A date the importer derived from the billing cycle was counted up to the export's
    day; read later, an auto-renewing contract has renewed since, so the date rolls
    forward to the next period boundary on or after `as_of`. A date the source gave
    (an end date) is kept as it is.
    """
    if not derived or start is None or frequency is None or renewal is None:
        return renewal
    if renewal >= as_of:
        return renewal
    return derive_renewal_date(start, BillingFrequency(frequency), as_of)


class SourcedRecord(BaseModel):
    """Fields every stored record carries: its key here and its origin."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="Key of the record in this csops store.")
    source_system: str = Field(description="Where it was imported from, e.g. zendesk.")
    source_id: str = Field(description="Its id in the source system.")


class Account(SourcedRecord):
    """A customer company."""

    name: str
    domain: str | None = None
    industry: str | None = None
    country: str | None = Field(default=None, description="ISO 3166 alpha-2 code.")
    time_zone: str | None = Field(default=None, description="IANA time zone name.")
    plan_tier: str | None = None
    seats: int | None = None
    signup_date: date | None = None
    churned: bool = False
    attributes: dict = Field(default_factory=dict)


class TeamMember(BaseModel):
    """A vendor-side person on the account team, in one role."""

    model_config = ConfigDict(from_attributes=True)

    person_id: int
    role: TeamRole
    name: str
    email: str | None = None
    time_zone: str | None = None
    manager_name: str | None = None
    manager_email: str | None = None


class Contact(SourcedRecord):
    """A person at the customer."""

    account_id: int | None
    name: str
    email: str | None = None
    title: str | None = None
    role: ContactRole = ContactRole.user
    time_zone: str | None = None


class Deal(SourcedRecord):
    """An opportunity: new business, expansion or renewal."""

    account_id: int | None
    name: str
    stage: str | None = None
    amount: Decimal | None = None
    close_date: date | None = None
    owner_name: str | None = None
    is_closed: bool = False
    is_won: bool = False
    terms: str | None = None
    notes: str | None = None


class Subscription(SourcedRecord):
    """A contract line: what the customer pays for, and when it renews."""

    account_id: int | None
    plan: str | None = None
    seats: int | None = None
    mrr: Decimal | None = None
    arr: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    renewal_date: date | None = None
    renewal_date_derived: bool = Field(
        default=False,
        description="True when no end date was given and csops derived it.",
    )
    billing_frequency: BillingFrequency | None = None
    auto_renew: bool | None = None
    is_trial: bool = False


class UsageDay(BaseModel):
    """Use of one feature on one day, with the errors users hit."""

    model_config = ConfigDict(from_attributes=True)

    usage_date: date
    feature: str
    usage_count: int = 0
    duration_seconds: int = 0
    error_count: int = 0


class Ticket(SourcedRecord):
    """A support ticket. Times are UTC."""

    account_id: int | None
    subject: str | None = None
    body: str | None = None
    priority: str | None = None
    status: str | None = None
    created_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    csat: int | None = Field(default=None, description="1-5; None when not rated.")
    escalated: bool = False


class SurveyResponse(SourcedRecord):
    """An NPS (0-10) or CSAT (1-5) answer."""

    account_id: int | None
    kind: SurveyKind
    score: int
    comment: str | None = None
    responded_at: datetime | None = None


class Activity(SourcedRecord):
    """A call, email, meeting or note logged against the account."""

    account_id: int | None
    kind: ActivityKind
    subject: str | None = None
    body: str | None = None
    occurred_at: datetime | None = None
    author_name: str | None = None


class ChurnEvent(SourcedRecord):
    """A recorded churn (or reactivation) with its reason."""

    account_id: int | None
    churned_on: date | None = None
    reason_code: str | None = None
    feedback: str | None = None
    refund_amount: Decimal | None = None
    is_reactivation: bool = False
