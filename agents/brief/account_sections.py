"""Offline sections shared by the brief kinds: snapshot, health, usage, support, people.

Each function reads the dossier and returns claims for one section; every figure in
a claim's text is taken from the evidence the claim cites, so the ground-check keeps
what these functions write. Sections with nothing to say return a claim saying so
when the absence itself matters to a CSM (no renewal on file, no usage at all).
"""

from __future__ import annotations

from agents.brief.contracts import LISTED_SUBSCRIPTIONS
from agents.brief.evidence import Dossier, has_left
from agents.brief.wording import (
    claim,
    day,
    label,
    money,
    plural,
    quote,
    role_label,
    signed_pct,
)
from domain.accounts import Subscription
from domain.brief import Claim

ROLE_NAMES = {
    "champion": "champion",
    "exec_sponsor": "exec sponsor",
    "admin": "admin",
    "billing": "billing contact",
    "user": "user",
}
TEAM_ORDER = ("csm", "ae", "se", "cs_manager", "exec_owner")
MAX_OTHER_SUBSCRIPTIONS = LISTED_SUBSCRIPTIONS - 1


def snapshot(d: Dossier, section: str = "snapshot") -> list[Claim]:
    """Plan, seats, renewal and team."""
    account = d.of("account", d.account.id)
    plan = d.account.plan_tier or "unknown"
    seats = f" with {d.account.seats} seats" if d.account.seats else ""
    claims = [
        claim(section, f"{d.account.name} is on the {plan} plan{seats}.", account)
    ]
    claims += renewal_claims(d, section)
    team = team_claim(d, section)
    return claims + ([team] if team else [])


def renewal_claims(d: Dossier, section: str) -> list[Claim]:
    """All open subscriptions with their total, and the renewal that matters most."""
    claims = [contracts_total(d, section)] if d.open_subscriptions else []
    if d.renewal is None:
        account = d.of("account", d.account.id)
        text = f"No open subscription of {d.account.name} is due to renew."
        return [*claims, claim(section, text, account)]
    claims.append(claim(section, renewal_text(d.renewal, d), _sub(d, d.renewal)))
    others = sorted(
        (s for s in d.open_subscriptions if s.id != d.renewal.id),
        key=lambda s: -(s.arr or 0),
    )
    for other in others[:MAX_OTHER_SUBSCRIPTIONS]:
        claims.append(claim(section, _also_open(other), _sub(d, other)))
    if len(others) > MAX_OTHER_SUBSCRIPTIONS:
        more = len(others) - MAX_OTHER_SUBSCRIPTIONS
        text = f"{more} more open subscriptions not listed (in the total above)."
        claims.append(claim(section, text, d.of("contracts", d.account.id)))
    return claims


def contracts_total(d: Dossier, section: str) -> Claim:
    """How many subscriptions are open and what they are worth together."""
    evidence = d.of("contracts", d.account.id)
    facts = evidence.facts
    text = (
        f"{plural(facts['open_subscriptions'], 'open subscription')}, total ARR "
        f"{money(facts['total_arr'])} (MRR {money(facts['total_mrr'])})"
    )
    manual = facts["not_auto_renewing"]
    text += f"; {manual} do not auto-renew." if manual else "; all auto-renew."
    return claim(section, text, evidence)


def _also_open(s: Subscription) -> str:
    arr = f", ARR {money(s.arr)}" if s.arr is not None else ""
    trial = ", trial" if s.is_trial else ""
    renews = f", renews {day(s.renewal_date)}" if s.renewal_date else ""
    manual = ", does not auto-renew" if s.auto_renew is False else ""
    return f"Also open: {s.plan or 'subscription'} ({s.source_id}){arr}{trial}" + (
        f"{renews}{manual}."
    )


def renewal_text(s: Subscription, d: Dossier) -> str:
    days = (s.renewal_date - d.as_of).days
    seats = f", {s.seats} seats" if s.seats else ""
    arr = f", ARR {money(s.arr)}" if s.arr is not None else ""
    how = " (date derived from start date and billing cycle)"
    renew = "is set to auto-renew" if s.auto_renew else "does not auto-renew"
    return (
        f"{s.plan or 'The'} subscription{seats}{arr} renews on {day(s.renewal_date)}, "
        f"in {days} days{how if s.renewal_date_derived else ''}; it {renew}."
    )


def team_claim(d: Dossier, section: str) -> Claim | None:
    members = sorted(d.team, key=lambda m: _order(m.role))
    if not members:
        return None
    text = "Account team: " + ", ".join(
        f"{role_label(m.role)} {m.name}" for m in members
    )
    return claim(section, text + ".", *[d.of("person", m.person_id) for m in members])


def health(d: Dossier, section: str = "health") -> list[Claim]:
    """The score, its band, and each component with its reason."""
    if d.health is None:
        return []
    evidence = d.of("health", d.account.id)
    score = d.health
    head = (
        f"Health {score.score:g}/100 ({label(score.band.value)}) on {day(score.as_of)}."
    )
    claims = [claim(section, head, evidence)]
    for part in score.components:
        text = (
            f"{label(part.name).capitalize()}: {part.score:g}/100, {part.explanation}."
        )
        claims.append(claim(section, text, evidence))
    if score.not_scored:
        left_out = "; ".join(
            f"{label(k)} ({why})" for k, why in score.not_scored.items()
        )
        text = f"Not scored, no data: {left_out}; the other weights are renormalised."
        claims.append(claim(section, text, evidence))
    return claims


def usage(d: Dossier, section: str = "usage") -> list[Claim]:
    """Trend over two windows, the most used features, and where errors are."""
    if d.usage is None:
        return []
    evidence, trend = d.of("usage", f"{d.account.id}/{d.usage.days}d"), d.usage
    if trend.recent_uses == 0 and trend.prior_uses == 0:
        since = f" since {day(d.last_usage)}" if d.last_usage else " at all"
        return [claim(section, f"No feature usage recorded{since}.", evidence)]
    change = evidence.facts.get("change_pct")
    text = (
        f"{trend.recent_uses} feature uses in the last {trend.days} days against "
        f"{trend.prior_uses} in the {trend.days} before"
    )
    text += (
        f" ({signed_pct(change)}, {trend.direction})." if change is not None else "."
    )
    claims = [claim(section, text, evidence)]
    top = sorted(trend.features, key=lambda f: -f.recent_uses)[:3]
    listed = ", ".join(f"{f.feature} ({f.recent_uses})" for f in top if f.recent_uses)
    if listed:
        claims.append(claim(section, f"Most used recently: {listed}.", evidence))
    claims += usage_errors(d, section)
    return claims


def usage_errors(d: Dossier, section: str) -> list[Claim]:
    evidence = d.of("usage", f"{d.account.id}/{d.usage.days}d")
    failing = sorted(
        (f for f in d.usage.features if f.recent_errors), key=lambda f: -f.recent_errors
    )[:3]
    if not failing:
        return []
    total = evidence.facts["recent_errors"]
    listed = ", ".join(f"{f.feature} ({f.recent_errors})" for f in failing)
    text = f"{total} errors in the last {d.usage.days} days, most in {listed}."
    return [claim(section, text, evidence)]


def support(d: Dossier, section: str = "support") -> list[Claim]:
    """Open tickets by priority, SLA misses, CSAT and escalations."""
    load, evidence = d.tickets, d.of("ticket_summary", d.account.id)
    if not load.total:
        return [claim(section, "No support tickets on record.", evidence)]
    by_priority = ", ".join(f"{n} {p}" for p, n in load.open_by_priority.items())
    open_text = f"{load.open} open of {load.total} tickets" + (
        f" ({by_priority})." if by_priority else "."
    )
    claims = [claim(section, open_text, evidence)]
    claims.append(
        claim(
            section,
            f"{plural(load.sla_misses, 'ticket')} missed the first-response target, "
            f"{load.sla_misses_recent} of them in the last {load.window_days} days.",
            evidence,
        )
    )
    if load.csat_mean is not None:
        rated = plural(load.csat_count, "rated ticket")
        text = f"CSAT averages {load.csat_mean:g}/5 over {rated}."
        claims.append(claim(section, text, evidence))
    escalated = plural(load.escalated, "ticket")
    text = (
        f"{escalated} escalated, {load.escalated_recent} in the last "
        f"{load.window_days} days."
    )
    return [*claims, claim(section, text, evidence), *open_tickets(d, section)]


def open_tickets(d: Dossier, section: str, limit: int = 3) -> list[Claim]:
    """The most pressing tickets, quoted by subject when they have one."""
    claims = []
    for ticket in d.ranked_tickets[:limit]:
        if ticket.status in ("solved", "closed") or ticket.resolved_at:
            continue
        evidence = d.of("ticket", ticket.id)
        subject = quote(ticket.subject)
        about = f" {subject}" if subject else ""
        escalated = ", escalated" if ticket.escalated else ""
        status = (ticket.status or "open").replace("_", " ").capitalize()
        text = (
            f"{status} {ticket.priority or ''} ticket {ticket.source_id}{about} since "
            f"{day(ticket.created_at)}{escalated}."
        )
        claims.append(claim(section, " ".join(text.split()), evidence))
    return claims


def relationship(d: Dossier, section: str = "relationship") -> list[Claim]:
    """Contacts by role, champion changes, last touch and the latest NPS answer."""
    claims = stakeholder_claims(d, section)
    for contact in [c for c in d.contacts if has_left(c)]:
        text = f"{contact.name} has left the company (CRM title: {contact.title})."
        claims.append(claim(section, text, d.of("contact", contact.id)))
    if d.activities:
        last = d.activities[0]
        evidence = d.of(last.kind.value, last.id)
        by = f" by {last.author_name}" if last.author_name else ""
        text = f"Last touch: {last.kind.value} on {day(last.occurred_at)}{by}"
        subject = quote(last.subject)
        claims.append(
            claim(section, text + (f", {subject}." if subject else "."), evidence)
        )
    if d.nps:
        answer = d.nps[0]
        comment = quote(answer.comment)
        text = f"Latest NPS answer: {answer.score}/10 on {day(answer.responded_at)}"
        text += f", {comment}." if comment else "."
        claims.append(claim(section, text, d.of("nps", answer.id)))
    return claims


def stakeholder_claims(d: Dossier, section: str) -> list[Claim]:
    claims = []
    for role, role_name in ROLE_NAMES.items():
        people = d.contacts_in(role)[:3]
        if not people or role == "user":
            continue
        named = ", ".join(
            f"{c.name} ({c.title})" if c.title else c.name for c in people
        )
        title = (
            role_name.capitalize() if len(people) == 1 else f"{role_name}s".capitalize()
        )
        evidence = [d.of("contact", c.id) for c in people]
        claims.append(claim(section, f"{title}: {named}.", *evidence))
    return claims


def _sub(d: Dossier, subscription: Subscription):
    return d.of("subscription", subscription.id)


def _order(role: str) -> int:
    return TEAM_ORDER.index(role) if role in TEAM_ORDER else len(TEAM_ORDER)
