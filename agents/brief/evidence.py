"""The dossier: an account's records gathered for one brief, each held as `Evidence`.

Every record the composers may cite is turned into `Evidence` here, with the facts
the ground-check will accept: the record's own fields, plus figures derived from it
and nothing else (days to renewal from the renewal date, a usage change from two
window totals). Record types and ids match the agent tools' citations (store ids),
so a claim built from a tool answer cites the same record as one built here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from agents.brief.contracts import TERM_DAYS, contracts_evidence
from domain.accounts import (
    Account,
    Activity,
    ChurnEvent,
    Contact,
    Deal,
    Subscription,
    SurveyResponse,
    TeamMember,
    Ticket,
)
from domain.brief import Evidence, FactValue
from domain.health import HealthScore
from tools.accounts.brief_reads import TicketLoad
from tools.accounts.signal_reads import UsageTrend

RENEWAL_MILESTONES = (120, 90, 60, 30)
"""Days before a renewal at which the renewal timeline sets a milestone."""


@dataclass
class Dossier:
    """What gather read for one account, as of one day; `book` holds the evidence."""

    account: Account
    as_of: date
    synced_on: date
    team: list[TeamMember] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)
    renewal: Subscription | None = None
    health: HealthScore | None = None
    usage: UsageTrend | None = None
    last_usage: date | None = None
    tickets: TicketLoad = field(default_factory=TicketLoad)
    ranked_tickets: list[Ticket] = field(default_factory=list)
    nps: list[SurveyResponse] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    churn: list[ChurnEvent] = field(default_factory=list)
    book: dict[tuple[str, str], Evidence] = field(default_factory=dict)

    def add(self, evidence: Evidence) -> Evidence:
        """Keep `evidence` in the book (the first copy of a record wins)."""
        return self.book.setdefault(evidence.key, evidence)

    def of(self, record_type: str, record_id: object) -> Evidence:
        """The evidence of one record; KeyError when gather did not read it."""
        return self.book[(record_type, str(record_id))]

    @property
    def open_subscriptions(self) -> list[Subscription]:
        """Subscriptions still running on the as-of day."""
        return [s for s in self.subscriptions if is_open_on(s, self.as_of)]

    def member(self, role: str) -> TeamMember | None:
        return next((m for m in self.team if m.role == role), None)

    def contacts_in(self, role: str) -> list[Contact]:
        return [c for c in self.contacts if c.role == role and not has_left(c)]


def has_left(contact: Contact) -> bool:
    """The CRM marks a former contact by '(left)' in the title."""
    return "(left)" in (contact.title or "").lower()


def is_open_on(subscription: Subscription, as_of: date) -> bool:
    """Started on or before `as_of` and not ended before it."""
    if subscription.start_date and subscription.start_date > as_of:
        return False
    return subscription.end_date is None or subscription.end_date >= as_of


def index_dossier(dossier: Dossier) -> Dossier:
    """Fill the dossier's book with evidence for every record it holds."""
    synced, account = dossier.synced_on, dossier.account
    dossier.add(_evidence("account", account.id, synced, account.name, account))
    for member in dossier.team:
        label = f"{member.role} {member.name}"
        dossier.add(_evidence("person", member.person_id, synced, label, member))
    for contact in dossier.contacts:
        dossier.add(_evidence("contact", contact.id, synced, contact.name, contact))
    for deal in dossier.deals:
        text = "\n".join(filter(None, (deal.terms, deal.notes)))
        dossier.add(_evidence("deal", deal.id, synced, deal.name, deal, text))
    for subscription in dossier.subscriptions:
        dossier.add(subscription_evidence(subscription, synced, dossier.as_of))
    open_now = dossier.open_subscriptions
    dossier.add(contracts_evidence(account.id, open_now, synced))
    for ticket in dossier.ranked_tickets:
        dossier.add(ticket_evidence(ticket))
    for answer in dossier.nps:
        dossier.add(_dated("nps", answer, answer.responded_at, answer.comment))
    for activity in dossier.activities:
        text = "\n".join(filter(None, (activity.subject, activity.body)))
        dossier.add(_dated(activity.kind.value, activity, activity.occurred_at, text))
    for event in dossier.churn:
        dossier.add(_dated("churn_event", event, event.churned_on, event.feedback))
    _index_signals(dossier)
    return dossier


def _index_signals(dossier: Dossier) -> None:
    account_id = dossier.account.id
    if dossier.health is not None:
        health = dossier.health
        facts = {"score": health.score, "band": health.band.value}
        facts["as_of"] = health.as_of.isoformat()
        facts |= {part.name: part.score for part in health.components}
        lines = [f"{p.name}: {p.explanation}" for p in health.components]
        lines += [f"{name}: {why}" for name, why in health.not_scored.items()]
        text = "\n".join(lines)
        dossier.add(
            Evidence(
                record_type="health",
                record_id=str(account_id),
                as_of=health.as_of,
                label="health score",
                facts=facts,
                text=text,
            )
        )
    if dossier.usage is not None:
        dossier.add(usage_evidence(dossier))
    dossier.add(ticket_load_evidence(account_id, dossier.tickets, dossier.as_of))


def subscription_evidence(
    subscription: Subscription, synced: date, as_of: date
) -> Evidence:
    """A contract, with its days to renewal and renewal-timeline milestones."""
    facts = _facts(subscription)
    renewal = subscription.renewal_date
    if subscription.billing_frequency is not None:
        facts["term_days"] = TERM_DAYS[subscription.billing_frequency.value]
    if renewal is not None:
        facts["days_to_renewal"] = (renewal - as_of).days
        for days in RENEWAL_MILESTONES:
            facts[f"milestone_{days}d"] = (renewal - timedelta(days=days)).isoformat()
    label = f"subscription {subscription.source_id}"
    return Evidence(
        record_type="subscription",
        record_id=str(subscription.id),
        as_of=synced,
        label=label,
        facts=facts,
    )


def ticket_evidence(ticket: Ticket) -> Evidence:
    """A ticket, true as of its latest clock (resolved, first response, created)."""
    moments = [ticket.created_at, ticket.first_response_at, ticket.resolved_at]
    latest = max((m for m in moments if m is not None), default=None)
    text = "\n".join(filter(None, (ticket.subject, ticket.body)))
    return _dated("ticket", ticket, latest, text, label=f"ticket {ticket.source_id}")


def usage_evidence(dossier: Dossier) -> Evidence:
    """The usage windows, per feature, with uses per seat when seats are known."""
    usage, account = dossier.usage, dossier.account
    facts: dict[str, FactValue] = {
        "recent_uses": usage.recent_uses,
        "prior_uses": usage.prior_uses,
        "window_days": usage.days,
        "direction": usage.direction,
        "recent_errors": sum(f.recent_errors for f in usage.features),
        "last_usage_day": dossier.last_usage and dossier.last_usage.isoformat(),
    }
    if usage.change is not None:
        facts["change_pct"] = round(usage.change * 100)
    seats = dossier.renewal.seats if dossier.renewal else account.seats
    if seats:
        facts["seats"] = seats
        facts["uses_per_seat"] = round(usage.recent_uses / seats, 1)
    for feature in usage.features:
        facts[f"{feature.feature}.recent_uses"] = feature.recent_uses
        facts[f"{feature.feature}.recent_errors"] = feature.recent_errors
        if feature.change is not None:
            facts[f"{feature.feature}.change_pct"] = round(feature.change * 100)
    return Evidence(
        record_type="usage",
        record_id=f"{account.id}/{usage.days}d",
        as_of=min(dossier.last_usage or dossier.as_of, dossier.as_of),
        label=f"usage, {usage.days}-day windows",
        facts=facts,
    )


def ticket_load_evidence(account_id: int, load: TicketLoad, as_of: date) -> Evidence:
    """The account's ticket counts as one derived record."""
    facts = _facts(load, exclude={"open_by_priority", "ranked_ids"})
    facts |= {f"open_{p}": n for p, n in load.open_by_priority.items()}
    return Evidence(
        record_type="ticket_summary",
        record_id=str(account_id),
        as_of=min(load.newest or as_of, as_of),
        label=f"all {load.total} tickets",
        facts=facts,
    )


def _evidence(record_type, record_id, as_of, label, record, text="") -> Evidence:
    return Evidence(
        record_type=record_type,
        record_id=str(record_id),
        as_of=as_of,
        label=label,
        facts=_facts(record),
        text=text or "",
    )


def _dated(record_type, record, moment, text, label=None) -> Evidence:
    day = moment.date() if isinstance(moment, datetime) else moment
    return Evidence(
        record_type=record_type,
        record_id=str(record.id),
        as_of=day or date.min,
        label=label or f"{record_type} {record.source_id}",
        facts=_facts(record),
        text=text or "",
    )


def _facts(record, exclude: set[str] | None = None) -> dict[str, FactValue]:
    """The record's scalar fields, dates as ISO days, money as plain numbers."""
    facts: dict[str, FactValue] = {}
    for name, value in record:
        if (exclude and name in exclude) or isinstance(value, dict | list):
            continue
        facts[name] = _scalar(value)
    return facts


def _scalar(value) -> FactValue:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value
