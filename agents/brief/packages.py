"""Offline sections of the handoff, renewal and escalation packages.

A handoff reads the closed-won deal: its terms, the promises and success criteria
written in its notes, the people, and what is missing with who owes it. A renewal
reads the contract, usage against the plan and the milestones back from the renewal
date. An escalation reads the impact: tickets, errors, revenue and what was tried.
"""

from __future__ import annotations

from agents.brief.account_sections import (
    open_tickets,
    stakeholder_claims,
    support,
    team_claim,
    usage_errors,
)
from agents.brief.conflicts import non_renewal_statement
from agents.brief.contracts import TERM_DAYS, handoff_deal
from agents.brief.evidence import RENEWAL_MILESTONES, Dossier
from agents.brief.risks import renewal_contract, stated_churn
from agents.brief.wording import (
    claim,
    day,
    money,
    quote,
    sentences_after,
    sentences_with,
)
from domain.brief import Claim

IMPLEMENTATION_WORDS = ("sso", "scim", "integration", "migration", "sandbox", "api")
MILESTONES = {
    120: "start the renewal conversation",
    90: "value review with the champion",
    60: "send the renewal quote",
    30: "signature due",
}
OWNERS = {
    "champion": "ae",
    "exec_sponsor": "ae",
    "billing": "ae",
    "admin": "csm",
    "success criteria": "ae",
    "deal terms": "ae",
}


def won_deal(d: Dossier):
    """The deal a handoff reads: latest closed-won, else the most advanced open."""
    return handoff_deal(d.deals)[0]


def handoff(d: Dossier) -> list[Claim]:
    """Deal terms, promises, success criteria, stakeholders, requirements, gaps."""
    deal, won = handoff_deal(d.deals)
    found: list[Claim] = []
    if deal is not None:
        evidence = d.of("deal", deal.id)
        found.append(claim("deal_terms", _deal_text(deal, won), evidence))
        for sentence in sentences_with(deal.terms, " "):
            found.append(claim("deal_terms", f"Term: {quote(sentence)}", evidence))
        for sentence in sentences_after(deal.notes, "Promises made:"):
            found.append(claim("promises", f"Promised: {quote(sentence)}", evidence))
        for sentence in sentences_after(deal.notes, "Success criteria:"):
            found.append(claim("success_criteria", quote(sentence), evidence))
    found += stakeholder_claims(d, "stakeholders")
    team = team_claim(d, "stakeholders")
    found += [team] if team else []
    found += implementation(d)
    return found + missing(d, found)


def _deal_text(deal, won: bool) -> str:
    amount = f" for {money(deal.amount)}" if deal.amount is not None else ""
    owner = f", owner {deal.owner_name}" if deal.owner_name else ""
    if won:
        return (
            f"Closed-won {quote(deal.name)}{amount} on {day(deal.close_date)}{owner}."
        )
    return (
        f"No closed-won deal; read from the most advanced open deal {quote(deal.name)}"
        f"{amount}, stage {deal.stage}, closing {day(deal.close_date)}{owner} "
        "(not signed yet)."
    )


def implementation(d: Dossier) -> list[Claim]:
    found = []
    for s in d.open_subscriptions[:3]:
        seats = f"{s.seats} seats" if s.seats else "no seat count"
        text = f"{s.plan or 'Subscription'}: {seats}, started {day(s.start_date)}."
        found.append(claim("implementation", text, d.of("subscription", s.id)))
    for activity in d.activities:
        for sentence in sentences_with(activity.body, *IMPLEMENTATION_WORDS)[:1]:
            evidence = d.of(activity.kind.value, activity.id)
            text = f"From a {activity.kind.value} on {day(activity.occurred_at)}: "
            found.append(claim("implementation", text + quote(sentence), evidence))
    return found


def missing(d: Dossier, found: list[Claim]) -> list[Claim]:
    """What the handoff lacks, each item named with the team role that owes it."""
    sections = {c.section for c in found}
    gaps = [role for role in ("champion", "exec_sponsor", "admin", "billing")]
    gaps = [r for r in gaps if not d.contacts_in(r)]
    if won_deal(d) is None:
        gaps.append("deal terms")
    if "success_criteria" not in sections:
        gaps.append("success criteria")
    return [_gap(d, gap) for gap in gaps]


def _gap(d: Dossier, gap: str) -> Claim:
    role = OWNERS[gap]
    owner = d.member(role)
    what = gap.replace("_", " ")
    account = d.of("account", d.account.id)
    if owner is None:
        text = f"No {what} on record; the {role.upper()} owes it (none assigned)."
        return claim("missing", text, account)
    text = f"No {what} on record; {role.upper()} {owner.name} owes it."
    return claim("missing", text, account, d.of("person", owner.person_id))


def renewal(d: Dossier) -> list[Claim]:
    """Value delivered, stakeholders and the timeline (contract and risks elsewhere)."""
    found: list[Claim] = []
    if d.usage is not None:
        evidence = d.of("usage", f"{d.account.id}/{d.usage.days}d")
        per_seat = evidence.facts.get("uses_per_seat")
        text = f"{d.usage.recent_uses} feature uses in the last {d.usage.days} days"
        if per_seat is not None:
            text += f", {per_seat:g} per seat on {evidence.facts['seats']} seats"
        found.append(claim("value_delivered", text + ".", evidence))
    deal = won_deal(d)
    for sentence in sentences_after(deal and deal.notes, "Success criteria:"):
        text = f"Success criterion at signing: {quote(sentence)}"
        found.append(claim("value_delivered", text, d.of("deal", deal.id)))
    found += stakeholder_claims(d, "stakeholders")
    team = team_claim(d, "stakeholders")
    return found + ([team] if team else []) + timeline(d)


def timeline(d: Dossier) -> list[Claim]:
    if d.renewal is None:
        return []
    evidence = d.of("subscription", d.renewal.id)
    found = _act_now(d)
    term = TERM_DAYS.get(d.renewal.billing_frequency or "annual", 365)
    frequency = d.renewal.billing_frequency
    if term < max(RENEWAL_MILESTONES):
        text = (
            f"The subscription renews every {term} days ({frequency.value}): "
            "milestones longer than its term are left out."
        )
        found.append(claim("timeline", text, evidence))
    for days in [m for m in RENEWAL_MILESTONES if m < term]:
        when = evidence.facts[f"milestone_{days}d"]
        passed = " (passed)" if when < d.as_of.isoformat() else ""
        text = f"{when}: {MILESTONES[days]}{passed}."
        found.append(claim("timeline", text, evidence))
    text = f"{day(d.renewal.renewal_date)}: renewal date."
    return [*found, claim("timeline", text, evidence)]


def _act_now(d: Dossier) -> list[Claim]:
    stated = non_renewal_statement(d)
    if stated is None:
        return []
    activity, _ = stated
    text = (
        f"Now: the customer stated they will not renew ({activity.kind.value} on "
        f"{day(activity.occurred_at)}); do not wait for the milestones below."
    )
    return [claim("timeline", text, d.of(activity.kind.value, activity.id))]


def escalation(d: Dossier) -> list[Claim]:
    """Impact, usage affected, revenue at risk, ticket history, what was tried."""
    found = open_tickets(d, "impact", limit=5)
    found += stated_churn(d, "impact")
    if d.nps and d.nps[0].comment:
        answer = d.nps[0]
        said = quote(answer.comment)
        text = f"NPS {answer.score}/10 on {day(answer.responded_at)}: {said}"
        found.append(claim("impact", text, d.of("nps", answer.id)))
    found += usage_errors(d, "usage_affected") if d.usage else []
    found += renewal_contract(d, "revenue_at_risk")
    history = support(d, "ticket_history")
    found += [c for c in history if all(x.record_type != "ticket" for x in c.citations)]
    found += _tried(d)
    return found


def _tried(d: Dossier) -> list[Claim]:
    found = []
    stated = non_renewal_statement(d)
    for activity in d.activities[:5]:
        if stated is not None and activity.id == stated[0].id:
            continue
        said = quote(activity.body, limit=200)
        if said:
            text = (
                f"{activity.kind.value.capitalize()} on {day(activity.occurred_at)}: "
            )
            found.append(
                claim("tried", text + said, d.of(activity.kind.value, activity.id))
            )
    for ticket in d.ranked_tickets[:5]:
        if ticket.first_response_at:
            text = (
                f"Ticket {ticket.source_id} got a first response on "
                f"{day(ticket.first_response_at)} and is {_status(ticket)}."
            )
            found.append(claim("tried", text, d.of("ticket", ticket.id)))
    return found


def _status(ticket) -> str:
    if ticket.status:
        return ticket.status
    return "resolved" if ticket.resolved_at else "open"
