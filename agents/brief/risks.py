"""Risks with their evidence, commercial signals, and the next actions they call for.

Each risk is one rule over the dossier, and each rule cites the records it read, so a
CSM can see why the brief worries. The thresholds are CS rules of thumb, kept here
as named constants so a team can tune them in one place.
"""

from __future__ import annotations

from agents.brief.account_sections import renewal_text
from agents.brief.conflicts import non_renewal_statement
from agents.brief.contracts import overdue_deals
from agents.brief.evidence import Dossier, has_left
from agents.brief.wording import claim, day, money, plural, quote, signed_pct
from domain.brief import Claim, Conflict

DECLINE_PCT = -10
"""Usage falling more than this between windows is a risk."""
LOW_CSAT = 3.5
DETRACTOR_MAX = 6
RENEWAL_WATCH_DAYS = 120
EXPANSION_WORDS = ("expansion", "upsell", "add-on", "more seats")


def risks(d: Dossier, conflicts: list[Conflict], section: str = "risks") -> list[Claim]:
    """Every risk rule that fires, each citing its evidence."""
    found = [*stated_churn(d, section), *_health_risk(d, section)]
    found += [*_usage_risk(d, section), *_contract_risks(d, section)]
    found += [*_support_risks(d, section), *_voice_risks(d, section)]
    found += _renewal_risk(d, section)
    for conflict in conflicts:
        text = f"Sources disagree on {conflict.topic}; see the conflicts below."
        cited = [*conflict.left.citations, *conflict.right.citations]
        found.append(Claim(section=section, text=text, citations=cited))
    return found


def stated_churn(d: Dossier, section: str) -> list[Claim]:
    """The customer's own word that they will not renew: the first risk of all."""
    stated = non_renewal_statement(d)
    if stated is None:
        return []
    activity, sentence = stated
    text = (
        f"The customer stated they will not renew ({activity.kind.value} on "
        f"{day(activity.occurred_at)}): {quote(sentence, limit=220)}"
    )
    return [claim(section, text, d.of(activity.kind.value, activity.id))]


def _contract_risks(d: Dossier, section: str) -> list[Claim]:
    found = []
    for s in [s for s in d.open_subscriptions if s.auto_renew is False][:3]:
        arr = f", ARR {money(s.arr)}" if s.arr is not None else ""
        when = f", renews {day(s.renewal_date)}" if s.renewal_date else ""
        text = f"Subscription {s.source_id}{arr} does not auto-renew{when}."
        found.append(claim(section, text, d.of("subscription", s.id)))
    for deal in overdue_deals(d.deals, d.as_of):
        text = (
            f"Open deal {quote(deal.name)} was due to close {day(deal.close_date)} "
            "and is overdue: the CRM record is out of date."
        )
        found.append(claim(section, text, d.of("deal", deal.id)))
    return found


def _health_risk(d: Dossier, section: str) -> list[Claim]:
    if d.health is None or d.health.band.value == "healthy":
        return []
    band = d.health.band.value.replace("_", " ")
    text = f"Health is {band} at {d.health.score:g}/100."
    return [claim(section, text, d.of("health", d.account.id))]


def _usage_risk(d: Dossier, section: str) -> list[Claim]:
    if d.usage is None:
        return []
    evidence = d.of("usage", f"{d.account.id}/{d.usage.days}d")
    change = evidence.facts.get("change_pct")
    if change is not None and change <= DECLINE_PCT:
        text = f"Usage is down {-change}% over the last {d.usage.days} days."
        return [claim(section, text, evidence)]
    if d.usage.recent_uses == 0 and d.usage.prior_uses:
        text = f"No usage in the last {d.usage.days} days."
        return [claim(section, text, evidence)]
    return []


def _support_risks(d: Dossier, section: str) -> list[Claim]:
    load, evidence = d.tickets, d.of("ticket_summary", d.account.id)
    found = []
    urgent = load.open_by_priority.get("urgent", 0)
    if urgent:
        text = f"{plural(urgent, 'urgent ticket')} open."
        found.append(claim(section, text, evidence))
    if load.escalated_recent:
        count = plural(load.escalated_recent, "escalation")
        text = f"{count} in the last {load.window_days} days."
        found.append(claim(section, text, evidence))
    if load.csat_mean is not None and load.csat_mean < LOW_CSAT:
        found.append(claim(section, f"CSAT is low at {load.csat_mean:g}/5.", evidence))
    return found


def _voice_risks(d: Dossier, section: str) -> list[Claim]:
    found = []
    if d.nps and d.nps[0].score <= DETRACTOR_MAX:
        answer = d.nps[0]
        comment = quote(answer.comment)
        text = f"Latest NPS answer is a detractor ({answer.score}/10)"
        text += f": {comment}" if comment else "."
        found.append(claim(section, text, d.of("nps", answer.id)))
    for contact in [c for c in d.contacts if has_left(c)]:
        text = f"{contact.name} has left; relationships built with them are lost."
        found.append(claim(section, text, d.of("contact", contact.id)))
    if not d.contacts_in("champion"):
        text = f"No active champion is listed for {d.account.name}."
        found.append(claim(section, text, d.of("account", d.account.id)))
    return found


def _renewal_risk(d: Dossier, section: str) -> list[Claim]:
    s = d.renewal
    if s is None or (s.renewal_date - d.as_of).days > RENEWAL_WATCH_DAYS:
        return []
    evidence = d.of("subscription", s.id)
    days = (s.renewal_date - d.as_of).days
    text = f"Renewal on {day(s.renewal_date)} is {days} days away"
    text += "." if s.auto_renew else " and the contract does not auto-renew."
    return [claim(section, text, evidence)]


def commercial(d: Dossier, section: str = "commercial") -> list[Claim]:
    """Open deals, and signals of expansion in deals and usage."""
    found = []
    for deal in [deal for deal in d.deals if not deal.is_closed]:
        amount = f", {money(deal.amount)}" if deal.amount is not None else ""
        closing = f", closing {day(deal.close_date)}" if deal.close_date else ""
        owner = f", owner {deal.owner_name}" if deal.owner_name else ""
        text = f"Open deal {quote(deal.name)}: {deal.stage}{amount}{closing}{owner}."
        found.append(claim(section, text, d.of("deal", deal.id)))
        if any(w in f"{deal.name} {deal.notes}".lower() for w in EXPANSION_WORDS):
            words = quote(deal.notes) or quote(deal.name)
            found.append(
                claim(section, f"Expansion signal: {words}", d.of("deal", deal.id))
            )
    if d.usage is not None and d.usage.direction == "growing":
        evidence = d.of("usage", f"{d.account.id}/{d.usage.days}d")
        change = signed_pct(evidence.facts["change_pct"])
        text = (
            f"Expansion signal: usage is growing ({change} over {d.usage.days} days)."
        )
        found.append(claim(section, text, evidence))
    if not found:
        found.append(claim(section, "No open deals.", d.of("account", d.account.id)))
    return found


def next_actions(d: Dossier, risks_found: list[Claim], section: str) -> list[Claim]:
    """What the CSM should do next, one action per kind of risk found."""
    texts = " ".join(r.text for r in risks_found)
    champion = (d.contacts_in("champion") or d.contacts_in("exec_sponsor") or [None])[0]
    actions = []
    stated = non_renewal_statement(d)
    if stated is not None:
        activity = stated[0]
        text = "Now: call the customer about their stated non-renewal and escalate."
        actions.append(claim(section, text, d.of(activity.kind.value, activity.id)))
    if d.renewal is not None and "Renewal on" in texts:
        who = champion.name if champion else "the customer"
        text = f"Plan the renewal with {who} before {day(d.renewal.renewal_date)}."
        cited = [d.of("subscription", d.renewal.id)]
        cited += [d.of("contact", champion.id)] if champion else []
        actions.append(claim(section, text, *cited))
    if "urgent ticket" in texts or "escalation" in texts:
        text = "Review the open urgent and escalated tickets with support."
        actions.append(claim(section, text, d.of("ticket_summary", d.account.id)))
    if "Usage is down" in texts or "No usage" in texts:
        evidence = d.of("usage", f"{d.account.id}/{d.usage.days}d")
        actions.append(claim(section, "Run an adoption review.", evidence))
    if "No active champion" in texts or "has left" in texts:
        actions.append(_find_champion(d, section))
    if "Health is" in texts and d.health is not None:
        actions.append(_weakest_health_driver(d, section))
    if "detractor" in texts:
        text = "Call the detractor back and log what you learn."
        actions.append(claim(section, text, d.of("nps", d.nps[0].id)))
    if "Sources disagree" in texts:
        text = "Settle the conflicting records below with the account team."
        actions.append(claim(section, text, d.of("account", d.account.id)))
    return actions


def _weakest_health_driver(d: Dossier, section: str) -> Claim:
    weakest = min(d.health.components, key=lambda part: part.score)
    name = weakest.name.replace("_", " ")
    text = f"Work on {name}, the weakest health component ({weakest.score:g}/100)."
    return claim(section, text, d.of("health", d.account.id))


def _find_champion(d: Dossier, section: str) -> Claim:
    sponsor = (d.contacts_in("exec_sponsor") or [None])[0]
    if sponsor is None:
        return claim(section, "Name a new champion.", d.of("account", d.account.id))
    text = f"Confirm a new champion with {sponsor.name}."
    return claim(section, text, d.of("contact", sponsor.id))


def renewal_contract(d: Dossier, section: str = "contract") -> list[Claim]:
    """The renewing contract and the renewal deal, for the renewal package."""
    if d.renewal is None:
        text = f"No open subscription of {d.account.name} is due to renew."
        return [claim(section, text, d.of("account", d.account.id))]
    found = [
        claim(section, renewal_text(d.renewal, d), d.of("subscription", d.renewal.id))
    ]
    found += stated_churn(d, section)
    for deal in [x for x in d.deals if not x.is_closed and "renew" in x.name.lower()]:
        text = f"Renewal deal {quote(deal.name)} is at stage {deal.stage}."
        found.append(claim(section, text, d.of("deal", deal.id)))
    return found
