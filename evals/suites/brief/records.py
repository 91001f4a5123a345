"""What each cited record can vouch for, read from the store by the scorer itself.

The product's ground-check decides which claims a brief keeps; scoring a brief with
that same check would only ever agree with it. So the scorer reads the cited rows
again, straight from the store tables, and derives its own support: a record's
strings, its dates, and its figures, plus the few figures a reader derives from a
row (days from the as-of day to each of its dates). Records csops computes
(`contracts`, `usage`, `ticket_summary`, `health`) are rebuilt from their rows:
totals, counts, window sums and changes, and the stored health components.

Limits, on purpose: counts of a `ticket_summary` are accepted anywhere from 0 to
the number of tickets (recomputing each of the product's ticket filters here would
re-implement it), and usage windows are summed with a few days of slack at each
end. A stricter scorer would replay the product's window and filter definitions
from a shared spec instead of either copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from evals.suites.brief.derived import (
    contracts_support,
    health_support,
    ticket_summary_support,
    usage_support,
)
from evals.suites.brief.support import (
    WINDOWS,
    Support,
    add_renewal_milestones,
    row_support,
)
from tools.accounts.book import (
    AccountRow,
    AccountTeamRow,
    ContactRow,
    DealRow,
    PersonRow,
    SubscriptionRow,
)
from tools.accounts.signals import (
    ActivityRow,
    ChurnEventRow,
    HealthScoreRow,
    SurveyResponseRow,
    TicketRow,
)
from tools.db import Database

RecordKey = tuple[str, str]


@dataclass
class AccountRecords:
    """Every record of one account the scorer can check a citation against."""

    supports: dict[RecordKey, Support]
    names: set[str]


ROW_TYPES = {
    "subscription": SubscriptionRow,
    "contact": ContactRow,
    "deal": DealRow,
    "ticket": TicketRow,
    "churn_event": ChurnEventRow,
}


def read_records(database: Database, account_key: str, as_of: date) -> AccountRecords:
    """The support of every record of the account with source id `account_key`."""
    with database.session() as session:
        account = session.scalars(
            select(AccountRow).where(AccountRow.source_id == account_key)
        ).one()
        supports = _stored(session, account, as_of)
        supports |= _derived(session, account, as_of)
        names = _names(session, account)
    return AccountRecords(supports=supports, names=names)


def _rows(session: Session, model, account_id: int) -> list:
    return list(session.scalars(select(model).where(model.account_id == account_id)))


def _stored(session: Session, account: AccountRow, as_of: date) -> dict:
    supports = {("account", str(account.id)): row_support(account, as_of)}
    for record_type, model in ROW_TYPES.items():
        for row in _rows(session, model, account.id):
            supports[(record_type, str(row.id))] = row_support(row, as_of)
    for row in _rows(session, SubscriptionRow, account.id):
        add_renewal_milestones(supports[("subscription", str(row.id))], row)
    for row in _rows(session, SurveyResponseRow, account.id):
        supports[(row.kind, str(row.id))] = row_support(row, as_of)
    for row in _rows(session, ActivityRow, account.id):
        supports[(row.kind, str(row.id))] = row_support(row, as_of)
    for seat in _rows(session, AccountTeamRow, account.id):
        person = session.get(PersonRow, seat.person_id)
        support = row_support(person, as_of)
        support.add_text(seat.role)
        supports[("person", str(person.id))] = support
    return supports


def _derived(session: Session, account: AccountRow, as_of: date) -> dict:
    key = str(account.id)
    supports = {
        ("contracts", key): contracts_support(session, account, as_of),
        ("ticket_summary", key): ticket_summary_support(session, account, as_of),
    }
    health = session.get(HealthScoreRow, account.id)
    if health is not None:
        supports[("health", key)] = health_support(health, as_of)
    for days in WINDOWS:
        supports[("usage", f"{key}/{days}d")] = usage_support(
            session, account, as_of, days
        )
    return supports


def _names(session: Session, account: AccountRow) -> set[str]:
    names = {account.name}
    names |= {c.name for c in _rows(session, ContactRow, account.id)}
    names |= {d.owner_name or "" for d in _rows(session, DealRow, account.id)}
    names |= {a.author_name or "" for a in _rows(session, ActivityRow, account.id)}
    for seat in _rows(session, AccountTeamRow, account.id):
        names.add(session.get(PersonRow, seat.person_id).name)
    return {name for name in names if " " in name}
