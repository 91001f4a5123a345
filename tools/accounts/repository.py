"""Reading accounts back: the functions briefs, agent tools and the CLI call.

Every function takes an open `Session` and returns `domain.accounts` records, never ORM
rows, so callers above `tools/` stay free of SQLAlchemy. An account is named by its
store id, its source id or its name (`find_account`); an unknown one raises
`AccountNotFoundError` carrying the nearest candidates.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from domain.accounts import Account, Contact, Deal, Subscription, TeamMember, Ticket
from domain.health import HealthScore
from tools.accounts.book import (
    AccountRow,
    AccountTeamRow,
    ContactRow,
    DealRow,
    PersonRow,
    SubscriptionRow,
)
from tools.accounts.signals import HealthScoreRow, TicketRow


class AccountNotFoundError(LookupError):
    """No account matches; `candidates` holds the nearest names or ids."""

    def __init__(self, key: str, candidates: list[str]) -> None:
        hint = f"; did you mean {', '.join(candidates)}?" if candidates else ""
        super().__init__(f"no account {key!r}{hint} (see `csops accounts list`)")
        self.key = key
        self.candidates = candidates


def find_account(session: Session, key: str) -> Account:
    """The account whose store id, source id or exact name is `key`."""
    query = select(AccountRow).where(
        (AccountRow.source_id == key) | (AccountRow.name == key)
    )
    if key.isdigit():
        query = select(AccountRow).where(AccountRow.id == int(key))
    row = session.scalars(query.order_by(AccountRow.id).limit(1)).first()
    if row is None:
        raise AccountNotFoundError(key, _near(session, key))
    return Account.model_validate(row)


def _near(session: Session, key: str) -> list[str]:
    names = session.execute(select(AccountRow.source_id, AccountRow.name)).all()
    pool = {value for pair in names for value in pair}
    return difflib.get_close_matches(key, pool, n=3, cutoff=0.6)


def list_accounts(session: Session, limit: int | None = None) -> list[Account]:
    """Accounts ordered by name."""
    query = select(AccountRow).order_by(AccountRow.name, AccountRow.id).limit(limit)
    return [Account.model_validate(row) for row in session.scalars(query)]


def count_accounts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AccountRow)) or 0


def get_account_team(session: Session, account_id: int) -> list[TeamMember]:
    """The vendor-side team of an account, with each person's manager."""
    manager = aliased(PersonRow)
    query = (
        select(AccountTeamRow.role, PersonRow, manager.name, manager.email)
        .join(PersonRow, AccountTeamRow.person_id == PersonRow.id)
        .outerjoin(manager, PersonRow.manager_id == manager.id)
        .where(AccountTeamRow.account_id == account_id)
        .order_by(AccountTeamRow.role)
    )
    return [
        TeamMember(
            person_id=person.id,
            role=role,
            name=person.name,
            email=person.email,
            time_zone=person.time_zone,
            manager_name=manager_name,
            manager_email=manager_email,
        )
        for role, person, manager_name, manager_email in session.execute(query)
    ]


def get_contacts(session: Session, account_id: int) -> list[Contact]:
    query = select(ContactRow).where(ContactRow.account_id == account_id)
    rows = session.scalars(query.order_by(ContactRow.role, ContactRow.name))
    return [Contact.model_validate(row) for row in rows]


def get_deals(session: Session, account_id: int) -> list[Deal]:
    query = select(DealRow).where(DealRow.account_id == account_id)
    rows = session.scalars(query.order_by(DealRow.close_date.desc()))
    return [Deal.model_validate(row) for row in rows]


def get_subscriptions(session: Session, account_id: int) -> list[Subscription]:
    query = select(SubscriptionRow).where(SubscriptionRow.account_id == account_id)
    rows = session.scalars(query.order_by(SubscriptionRow.start_date.desc()))
    return [Subscription.model_validate(row) for row in rows]


def get_renewal(session: Session, account_id: int, as_of: date) -> Subscription | None:
    """The subscription that renews next on or after `as_of`, if any."""
    query = (
        select(SubscriptionRow)
        .where(SubscriptionRow.account_id == account_id)
        .where(SubscriptionRow.renewal_date >= as_of)
        .order_by(SubscriptionRow.renewal_date)
    )
    row = session.scalars(query.limit(1)).first()
    return None if row is None else Subscription.model_validate(row)


def get_tickets(
    session: Session,
    account_id: int,
    *,
    since: datetime | None = None,
    priority: str | None = None,
    limit: int = 50,
) -> list[Ticket]:
    """An account's tickets, newest first, optionally filtered."""
    query = select(TicketRow).where(TicketRow.account_id == account_id)
    if since is not None:
        query = query.where(TicketRow.created_at >= since)
    if priority is not None:
        query = query.where(TicketRow.priority == priority)
    rows = session.scalars(query.order_by(TicketRow.created_at.desc()).limit(limit))
    return [Ticket.model_validate(row) for row in rows]


def get_health(session: Session, account_id: int) -> HealthScore | None:
    """The stored health score of an account, with its components."""
    row = session.get(HealthScoreRow, account_id)
    if row is None:
        return None
    return HealthScore(
        as_of=row.as_of, score=row.score, band=row.band, components=row.components
    )
