"""Support tickets of the demo book: volume, priority, clocks and CSAT by story.

Priorities are stored with Zendesk's words (`urgent`, `high`, `normal`, `low`), which
`domain.health` weighs; the P1-P4 label a support team speaks is kept in
`attributes["priority_label"]`. Tickets are opened in the customer's business hours
and stored as naive UTC like every time in the store. A ticket whose resolution would
fall after the book's "today" is still open.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tools.demo_data.book import DemoAccount, stage
from tools.demo_data.people import email_address
from tools.demo_data.ticket_text import SLOT_VALUES, TEMPLATES, TicketTemplate, render
from tools.importers.batch import ImportBatch

PRIORITY_LABELS = {"urgent": "P1", "high": "P2", "normal": "P3", "low": "P4"}
PRIORITIES = tuple(PRIORITY_LABELS)
# priority: (first response minutes, resolution hours after first response)
CLOCKS = {
    "urgent": ((5, 45), (2, 12)),
    "high": ((20, 180), (4, 48)),
    "normal": ((60, 600), (8, 120)),
    "low": ((240, 1800), (24, 240)),
}
ESCALATION_ODDS = {"urgent": 0.4, "high": 0.12, "normal": 0.03, "low": 0.01}
VOLUME = {"growing": (3, 9), "steady": (4, 12), "declining": (8, 20)}
AGENTS = ("Jamie Ortiz", "Sam Whitaker", "Leah Goldberg", "Ibrahim Diallo", "Mia Chen")
CHANNELS = ("email", "web", "chat", "phone")


def stage_tickets(batch: ImportBatch, account: DemoAccount) -> None:
    """Stage the account's tickets of the last six months."""
    account.reseed("tickets")
    rng = account.rng
    low, high = VOLUME[account.story]
    count = rng.randint(low, high) * (3 if account.segment == "enterprise" else 2) // 2
    templates = [t for t in TEMPLATES if _fits(t, account)]
    for number in range(1, count + 1):
        template = rng.choice(templates)
        account.reseed(f"ticket-{number}")
        stage(
            batch,
            "tickets",
            _ticket(account, number, template),
            account_id=account.source_id,
        )


def _fits(template: TicketTemplate, account: DemoAccount) -> bool:
    # Only an account on its way out asks how to leave.
    return template.topic != "cancellation" or account.story == "declining"


def _ticket(account: DemoAccount, number: int, template: TicketTemplate) -> dict:
    rng = account.rng
    subject, body = render(template, ticket_slots(account))
    priority = _priority(rng, template.priority)
    created = _opened_at(account, rng.randint(0, 180))
    requester = rng.choice(account.contacts["user"] + account.contacts["admin"])[1]
    values = {
        "source_id": f"{account.source_id}-ticket-{number:03d}",
        "subject": subject,
        "body": f"{body}\n\n-- {requester}",
        "priority": priority,
        "kind": template.topic,
        "requester_email": email_address(requester, account.domain),
        "assignee_name": rng.choice(AGENTS),
        "created_at": created,
        "due_at": None,
        "escalated": rng.random() < ESCALATION_ODDS[priority] * _strain(account),
        "attributes": {
            "priority_label": PRIORITY_LABELS[priority],
            "channel": rng.choice(CHANNELS),
        },
    }
    values.update(_clocks(account, priority, created, values["escalated"]))
    return values


def _priority(rng, usual: str) -> str:
    """Customers pick the priority themselves: one ticket in five is off by one."""
    index = PRIORITIES.index(usual)
    if rng.random() < 0.2:
        index = min(len(PRIORITIES) - 1, max(0, index + rng.choice((-1, 1))))
    return PRIORITIES[index]


def _opened_at(account: DemoAccount, days_ago: int) -> datetime:
    rng = account.rng
    day = account.as_of - timedelta(days=days_ago)
    local = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)))
    utc = local.replace(tzinfo=ZoneInfo(account.time_zone)).astimezone(UTC)
    return utc.replace(tzinfo=None)


def _clocks(
    account: DemoAccount, priority: str, created: datetime, escalated: bool
) -> dict:
    rng = account.rng
    horizon = datetime.combine(account.as_of, time(23, 59))
    (first_low, first_high), (fix_low, fix_high) = CLOCKS[priority]
    first = created + timedelta(minutes=rng.randint(first_low, first_high))
    fix_hours = rng.uniform(fix_low, fix_high) * (3 if escalated else 1)
    resolved = first + timedelta(minutes=round(fix_hours * 60))
    if first > horizon:
        return _open("new", None)
    if resolved > horizon or rng.random() < 0.04 * _strain(account):
        return _open(rng.choice(("open", "pending", "on_hold")), first)
    status = "closed" if (horizon - resolved).days > 7 else "solved"
    return {
        "status": status,
        "first_response_at": first,
        "resolved_at": resolved,
        "csat": _csat(account, min(1.0, fix_hours / fix_high), escalated),
    }


def _open(status: str, first: datetime | None) -> dict:
    return {
        "status": status,
        "first_response_at": first,
        "resolved_at": None,
        "csat": None,
    }


def _csat(account: DemoAccount, slowness: float, escalated: bool) -> int | None:
    """A rating on about half of solved tickets: lower when slow or escalated."""
    rng = account.rng
    if rng.random() > 0.55:
        return None
    score = 5.2 - slowness - (1.5 if escalated else 0) - (_strain(account) - 1)
    return max(1, min(5, round(score + rng.uniform(-0.8, 0.6))))


def _strain(account: DemoAccount) -> float:
    return 2.0 if account.story == "declining" else 1.0


def ticket_slots(account: DemoAccount) -> dict[str, str]:
    """Values for every `$slot` a ticket template may use, drawn for one ticket."""
    rng = account.rng
    slots = {name: rng.choice(values) for name, values in SLOT_VALUES.items()}
    slots |= {
        "company": account.name,
        "domain": account.domain,
        "plan": account.plan,
        "contact": rng.choice(account.contacts["user"])[1].split()[0],
        "count": str(rng.choice((12, 25, 40, 75, 120, 600))),
        "number": str(rng.randint(1200, 98000)),
        "rows": f"{rng.randint(60, 900) * 1000:,}",
        "months": str(rng.choice((6, 12, 18, 24))),
        "minutes": str(rng.randint(18, 55)),
        "invoice": f"INV-{rng.randint(10000, 99999)}",
        "amount": f"${rng.randint(4, 90) * 1000:,}",
        "tz": account.time_zone,
    }
    return slots
