"""Tables of what happens on an account: usage, tickets, surveys, activities, churn.

These are the signals briefs cite and the health score reads. `health_scores` is the
one derived table: csops computes it, so it has no source columns and holds one row
per account, replaced at each scoring.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tools.accounts.book import Money, Sourced, account_key
from tools.db import Base


class UsageRow(Sourced, Base):
    """Use of one feature on one day (per subscription when the source says so)."""

    __tablename__ = "usage_days"
    extra_indexes = (Index("ix_usage_days_account_date", "account_id", "usage_date"),)

    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE")
    )
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="SET NULL")
    )
    usage_date: Mapped[date]
    feature: Mapped[str] = mapped_column(String(120))
    usage_count: Mapped[int] = mapped_column(default=0)
    duration_seconds: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    is_beta: Mapped[bool] = mapped_column(default=False)


class TicketRow(Sourced, Base):
    """A support ticket; `priority` keeps the source's word (urgent/high/...)."""

    __tablename__ = "tickets"

    account_id: Mapped[int | None] = account_key()
    subject: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str | None] = mapped_column(String(40))
    requester_email: Mapped[str | None] = mapped_column(String(320))
    assignee_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime | None] = mapped_column(index=True)
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    csat: Mapped[int | None]
    escalated: Mapped[bool] = mapped_column(default=False)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)


class SurveyResponseRow(Sourced, Base):
    """An NPS or CSAT answer (`kind`), optionally from a known contact."""

    __tablename__ = "survey_responses"

    account_id: Mapped[int | None] = account_key()
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(10))
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None]


class ActivityRow(Sourced, Base):
    """A call, email, meeting or note; `body` holds the summary or the note text."""

    __tablename__ = "activities"

    account_id: Mapped[int | None] = account_key()
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime | None]
    author_name: Mapped[str | None] = mapped_column(String(200))


class ChurnEventRow(Sourced, Base):
    __tablename__ = "churn_events"

    account_id: Mapped[int | None] = account_key()
    churned_on: Mapped[date | None]
    reason_code: Mapped[str | None] = mapped_column(String(60))
    feedback: Mapped[str | None] = mapped_column(Text)
    refund_amount: Mapped[Decimal | None] = mapped_column(Money)
    is_reactivation: Mapped[bool] = mapped_column(default=False)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)


class HealthScoreRow(Base):
    """The latest health score of an account, with its explained components."""

    __tablename__ = "health_scores"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[date]
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(10))
    components: Mapped[list] = mapped_column(JSON)
    computed_at: Mapped[datetime]
