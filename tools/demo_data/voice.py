"""The customer's voice in the demo book: NPS answers and logged activities.

NPS follows the account's story (growing accounts mostly promote, declining ones
mostly detract). Activities are calls with summaries, emails, meetings and notes,
authored by the account team; their text comes from `activity_text`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from string import Template

from tools.demo_data.activity_text import (
    CALL_SUMMARIES,
    CHAMPION_CHANGE,
    COMPETITORS,
    EMAILS,
    NON_RENEWAL_NOTE,
    NPS_COMMENTS,
    QBR_NOTES,
)
from tools.demo_data.book import DemoAccount, stage
from tools.demo_data.usage import FEATURES
from tools.importers.batch import ImportBatch

NPS_RANGE = {"growing": (7, 10), "steady": (5, 10), "declining": (0, 7)}
NPS_ROLES = ("champion", "exec_sponsor", "admin", "user")


def stage_nps(batch: ImportBatch, account: DemoAccount) -> None:
    """Stage up to four NPS answers from the account's contacts in the last year."""
    account.reseed("nps")
    rng = account.rng
    for number in range(1, rng.randint(1, 4) + 1):
        contact_id, _ = rng.choice(account.contacts[rng.choice(NPS_ROLES)])
        score = rng.randint(*NPS_RANGE[account.story])
        comment = rng.choice(NPS_COMMENTS[_nps_band(score)])
        values = {
            "source_id": f"{account.source_id}-nps-{number}",
            "kind": "nps",
            "score": score,
            "comment": _fill(comment, account) or None,
            "responded_at": _moment(account, rng.randint(3, 360)),
        }
        refs = {"account_id": account.source_id, "contact_id": contact_id}
        stage(batch, "survey_responses", values, **refs)


def stage_activities(batch: ImportBatch, account: DemoAccount) -> None:
    """Stage calls, emails, a QBR and the account's planted notes, oldest first."""
    account.reseed("activities")
    rng = account.rng
    planned = [("call", *rng.choice(CALL_SUMMARIES)) for _ in range(rng.randint(2, 5))]
    planned += [("email", *rng.choice(EMAILS)) for _ in range(rng.randint(1, 3))]
    if account.segment != "smb":
        planned.append(("meeting", "Quarterly business review", rng.choice(QBR_NOTES)))
    if account.champion_left:
        planned.append(("note", *CHAMPION_CHANGE))
    if account.contradicting_note:
        planned.append(("note", *NON_RENEWAL_NOTE))
    days_ago = sorted((rng.randint(1, 170) for _ in planned), reverse=True)
    for number, ((kind, subject, body), ago) in enumerate(
        zip(planned, days_ago, strict=True), 1
    ):
        _stage_activity(batch, account, number, (kind, subject, body), ago)


def _stage_activity(batch, account: DemoAccount, number, planned, days_ago) -> None:
    kind, subject, body = planned
    author = "ae" if "Expansion" in subject or "Renewal" in subject else "csm"
    values = {
        "source_id": f"{account.source_id}-activity-{number:02d}",
        "kind": kind,
        "subject": _fill(subject, account),
        "body": _fill(body, account),
        "occurred_at": _moment(account, days_ago),
        "author_name": account.team[author],
    }
    stage(batch, "activities", values, account_id=account.source_id)


def _nps_band(score: int) -> str:
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


def _moment(account: DemoAccount, days_ago: int) -> datetime:
    day = account.as_of - timedelta(days=days_ago)
    return datetime.combine(day, time(account.rng.randint(13, 21), 0))


def _fill(text: str, account: DemoAccount) -> str:
    return Template(text).safe_substitute(_slots(account))


def _slots(account: DemoAccount) -> dict[str, str]:
    rng = account.rng
    people = {role: names[0][1] for role, names in account.contacts.items()}
    former = account.contacts.get("former_champion", [("", "")])[0][1]
    return {
        "company": account.name,
        "plan": account.plan,
        "champion": people["champion"],
        "sponsor": people["exec_sponsor"],
        "admin": people["admin"],
        "billing": people["billing"],
        "former_champion": former,
        "left_on": str(account.champion_left_on),
        "csm": account.team["csm"],
        "manager": account.team["cs_manager"],
        "renewal": account.renewal_date.isoformat(),
        "feature": rng.choice(sorted(FEATURES)).replace("_", " "),
        "region": rng.choice(("EMEA", "APAC", "Americas", "Nordics", "DACH")),
        "competitor": COMPETITORS[account.index % len(COMPETITORS)],
        "open_tickets": str(rng.randint(2, 6)),
        "active_share": f"{rng.randint(25, 55)}%",
        "seats": str(rng.choice((15, 25, 40, 80))),
    }
