"""Tables of the book of business: accounts, people, teams, contacts, deals, contracts.

Every sourced table has an integer key for joins and the pair (`source_system`,
`source_id`) for imports: the pair is unique, so importing the same export again
updates rows in place instead of adding copies. Times are stored as naive UTC, the one
convention SQLite and PostgreSQL round-trip identically.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tools.db import Base

Money = Numeric(14, 2)


class Sourced:
    """Columns every imported row carries: its key, origin and import time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    source_system: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[str] = mapped_column(String(160))
    imported_at: Mapped[datetime]

    extra_indexes: ClassVar[tuple] = ()

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        unique = UniqueConstraint(
            "source_system", "source_id", name=f"uq_{cls.__tablename__}_source"
        )
        return (unique, *cls.extra_indexes)


def account_key() -> Mapped[int | None]:
    """A nullable, indexed link to the owning account."""
    return mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True, nullable=True
    )


class AccountRow(Sourced, Base):
    __tablename__ = "accounts"

    name: Mapped[str] = mapped_column(String(300))
    domain: Mapped[str | None] = mapped_column(String(300))
    industry: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    plan_tier: Mapped[str | None] = mapped_column(String(80))
    seats: Mapped[int | None]
    signup_date: Mapped[date | None]
    churned: Mapped[bool] = mapped_column(default=False)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)


class PersonRow(Sourced, Base):
    """A vendor-side person: AE, CSM, SE, CS manager, executive, support agent."""

    __tablename__ = "people"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)


class AccountTeamRow(Sourced, Base):
    """One seat on an account team: a person in a role (`domain.accounts.TeamRole`)."""

    __tablename__ = "account_team"

    account_id: Mapped[int | None] = account_key()
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))


class ContactRow(Sourced, Base):
    __tablename__ = "contacts"

    account_id: Mapped[int | None] = account_key()
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20), default="user")
    time_zone: Mapped[str | None] = mapped_column(String(64))
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)


class DealRow(Sourced, Base):
    __tablename__ = "deals"

    account_id: Mapped[int | None] = account_key()
    name: Mapped[str] = mapped_column(String(300))
    stage: Mapped[str | None] = mapped_column(String(80))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    close_date: Mapped[date | None]
    owner_name: Mapped[str | None] = mapped_column(String(200))
    is_closed: Mapped[bool] = mapped_column(default=False)
    is_won: Mapped[bool] = mapped_column(default=False)
    terms: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class SubscriptionRow(Sourced, Base):
    __tablename__ = "subscriptions"

    account_id: Mapped[int | None] = account_key()
    plan: Mapped[str | None] = mapped_column(String(80))
    seats: Mapped[int | None]
    mrr: Mapped[Decimal | None] = mapped_column(Money)
    arr: Mapped[Decimal | None] = mapped_column(Money)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    renewal_date: Mapped[date | None] = mapped_column(index=True)
    renewal_date_derived: Mapped[bool] = mapped_column(default=False)
    billing_frequency: Mapped[str | None] = mapped_column(String(20))
    auto_renew: Mapped[bool | None]
    is_trial: Mapped[bool] = mapped_column(default=False)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
