"""Reads over account signals that `repository` does not offer yet.

Agent tools need a usage trend per feature, NPS answers, tickets filtered by status
and a forgiving account lookup; these live here so the repository's read API stays as
its owner shaped it. Like the repository, every function takes an open `Session` and
returns pydantic records, never ORM rows.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from domain.accounts import SurveyResponse, Ticket
from tools.accounts.book import AccountRow
from tools.accounts.signals import SurveyResponseRow, TicketRow, UsageRow

RESOLVED_STATUSES = ("solved", "closed")
FLAT_BAND = 0.10
"""A change within ±10% between two windows counts as flat."""


class FeatureTrend(BaseModel):
    """Use of one feature in the recent window against the window before it."""

    feature: str
    recent_uses: int
    prior_uses: int
    change: float | None = Field(description="(recent - prior) / prior; None if 0.")
    recent_errors: int
    direction: str = Field(description="growing, flat, declining, new or unused.")


class UsageTrend(BaseModel):
    """An account's feature usage over two equal windows ending on `as_of`."""

    account_id: int
    as_of: date
    days: int
    recent_uses: int
    prior_uses: int
    change: float | None
    direction: str
    features: list[FeatureTrend]


def usage_trend(
    session: Session, account_id: int, as_of: date, days: int = 30
) -> UsageTrend:
    """Usage in (`as_of` - `days`, `as_of`] against the `days` before, per feature."""
    recent = UsageRow.usage_date > as_of - timedelta(days=days)
    query = (
        select(
            UsageRow.feature,
            func.sum(case((recent, UsageRow.usage_count), else_=0)),
            func.sum(case((recent, 0), else_=UsageRow.usage_count)),
            func.sum(case((recent, UsageRow.error_count), else_=0)),
        )
        .where(UsageRow.account_id == account_id)
        .where(UsageRow.usage_date > as_of - timedelta(days=2 * days))
        .where(UsageRow.usage_date <= as_of)
        .group_by(UsageRow.feature)
        .order_by(UsageRow.feature)
    )
    features = [
        _feature_trend(feature, int(now or 0), int(before or 0), int(errors or 0))
        for feature, now, before, errors in session.execute(query)
    ]
    total = _feature_trend(
        "all",
        sum(f.recent_uses for f in features),
        sum(f.prior_uses for f in features),
        0,
    )
    return UsageTrend(
        account_id=account_id,
        as_of=as_of,
        days=days,
        recent_uses=total.recent_uses,
        prior_uses=total.prior_uses,
        change=total.change,
        direction=total.direction,
        features=features,
    )


def _feature_trend(feature: str, recent: int, prior: int, errors: int) -> FeatureTrend:
    change = round((recent - prior) / prior, 3) if prior else None
    if change is None:
        direction = "new" if recent else "unused"
    elif abs(change) <= FLAT_BAND:
        direction = "flat"
    else:
        direction = "growing" if change > 0 else "declining"
    return FeatureTrend(
        feature=feature,
        recent_uses=recent,
        prior_uses=prior,
        change=change,
        recent_errors=errors,
        direction=direction,
    )


def find_tickets(
    session: Session,
    account_id: int,
    *,
    statuses: tuple[str, ...] | None = None,
    priorities: tuple[str, ...] | None = None,
    since: datetime | None = None,
    limit: int = 50,
) -> list[Ticket]:
    """An account's tickets, newest first, filtered by status, priority and age."""
    query = select(TicketRow).where(TicketRow.account_id == account_id)
    if statuses is not None:
        query = query.where(TicketRow.status.in_(statuses))
    if priorities is not None:
        query = query.where(TicketRow.priority.in_(priorities))
    if since is not None:
        query = query.where(TicketRow.created_at >= since)
    query = query.order_by(TicketRow.created_at.desc(), TicketRow.id.desc())
    return [Ticket.model_validate(row) for row in session.scalars(query.limit(limit))]


def unresolved_statuses(session: Session) -> tuple[str, ...]:
    """Every ticket status in the store other than solved and closed."""
    query = select(TicketRow.status).distinct().where(TicketRow.status.is_not(None))
    return tuple(s for s in session.scalars(query) if s not in RESOLVED_STATUSES)


def get_survey_responses(
    session: Session,
    account_id: int,
    *,
    kind: str = "nps",
    since: datetime | None = None,
    limit: int = 50,
) -> list[SurveyResponse]:
    """An account's NPS (or CSAT) answers, newest first."""
    query = select(SurveyResponseRow).where(
        SurveyResponseRow.account_id == account_id, SurveyResponseRow.kind == kind
    )
    if since is not None:
        query = query.where(SurveyResponseRow.responded_at >= since)
    query = query.order_by(
        SurveyResponseRow.responded_at.desc(), SurveyResponseRow.id.desc()
    )
    rows = session.scalars(query.limit(limit))
    return [SurveyResponse.model_validate(row) for row in rows]


def accounts_matching(session: Session, part: str, limit: int = 5) -> list[str]:
    """Names of accounts whose name or source id holds `part`, ignoring case."""
    pattern = f"%{part.strip().lower()}%"
    query = (
        select(AccountRow.name)
        .where(
            or_(
                func.lower(AccountRow.name).like(pattern),
                func.lower(AccountRow.source_id).like(pattern),
            )
        )
        .order_by(AccountRow.name)
        .limit(limit)
    )
    return list(session.scalars(query))


def similar_account_names(session: Session, key: str, limit: int = 3) -> list[str]:
    """Names of accounts spelled close to `key`, closest first."""
    names = list(session.scalars(select(AccountRow.name)))
    return difflib.get_close_matches(key, names, n=limit, cutoff=0.5)
