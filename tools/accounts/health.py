"""Scoring account health from the store: gather signals in bulk, score, save.

The signals of every account are read with one grouped query each (not one query per
account), so rescoring a 500-account book after an import takes milliseconds. The
scoring rules themselves live in `domain.health`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from domain.health import HealthScore, HealthSignals, score_health
from tools.accounts.book import AccountRow, SubscriptionRow
from tools.accounts.signals import (
    HealthScoreRow,
    SurveyResponseRow,
    TicketRow,
    UsageRow,
)


def refresh_health_scores(
    session: Session, as_of: date, source_system: str | None = None
) -> int:
    """Rescore every account (of one source system, if given) as of `as_of`."""
    query = select(AccountRow.id)
    if source_system is not None:
        query = query.where(AccountRow.source_system == source_system)
    account_ids = list(session.scalars(query))
    signals = gather_signals(session, account_ids, as_of)
    scores = {
        account_id: score_health(signals[account_id], as_of)
        for account_id in account_ids
    }
    _save(session, scores)
    return len(scores)


def gather_signals(
    session: Session, account_ids: list[int], as_of: date
) -> dict[int, HealthSignals]:
    """The health signals of each account on `as_of`."""
    signals = {account_id: HealthSignals() for account_id in account_ids}
    for account_id, recent, prior in _usage(session, as_of):
        if account_id in signals:
            signals[account_id].usage_recent = int(recent or 0)
            signals[account_id].usage_prior = int(prior or 0)
    for account_id, by_priority in _tickets(session, as_of).items():
        if account_id in signals:
            signals[account_id].recent_tickets_by_priority = by_priority
    for account_id, csat, escalations in _ticket_sentiment(session, as_of):
        if account_id in signals:
            signals[account_id].csat_mean = csat and float(csat)
            signals[account_id].escalations_90d = int(escalations or 0)
    for account_id, nps in _nps(session, as_of):
        if account_id in signals:
            signals[account_id].nps_mean = float(nps)
    for account_id, renewal in _renewals(session, as_of):
        if account_id in signals:
            signals[account_id].days_to_renewal = (renewal - as_of).days
    return signals


def _usage(session: Session, as_of: date):
    recent_start, prior_start = as_of - timedelta(days=30), as_of - timedelta(days=60)
    recent = UsageRow.usage_date > recent_start
    query = (
        select(
            UsageRow.account_id,
            func.sum(case((recent, UsageRow.usage_count), else_=0)),
            func.sum(case((recent, 0), else_=UsageRow.usage_count)),
        )
        .where(UsageRow.usage_date > prior_start, UsageRow.usage_date <= as_of)
        .group_by(UsageRow.account_id)
    )
    return session.execute(query).all()


def _tickets(session: Session, as_of: date) -> dict[int, dict[str, int]]:
    start = _midnight(as_of - timedelta(days=90))
    still_open = and_(
        TicketRow.resolved_at.is_(None),
        TicketRow.status.not_in(["solved", "closed"]),
    )
    query = (
        select(TicketRow.account_id, TicketRow.priority, func.count())
        .where(or_(TicketRow.created_at >= start, still_open))
        .where(TicketRow.created_at < _midnight(as_of + timedelta(days=1)))
        .group_by(TicketRow.account_id, TicketRow.priority)
    )
    load: dict[int, dict[str, int]] = defaultdict(dict)
    for account_id, priority, count in session.execute(query):
        load[account_id][priority or "normal"] = count
    return load


def _ticket_sentiment(session: Session, as_of: date):
    start = _midnight(as_of - timedelta(days=180))
    escalated_90d = and_(
        TicketRow.escalated, TicketRow.created_at >= _midnight(as_of - timedelta(90))
    )
    query = (
        select(
            TicketRow.account_id,
            func.avg(TicketRow.csat),
            func.sum(case((escalated_90d, 1), else_=0)),
        )
        .where(TicketRow.created_at >= start)
        .where(TicketRow.created_at < _midnight(as_of + timedelta(days=1)))
        .group_by(TicketRow.account_id)
    )
    return session.execute(query).all()


def _nps(session: Session, as_of: date):
    query = (
        select(SurveyResponseRow.account_id, func.avg(SurveyResponseRow.score))
        .where(SurveyResponseRow.kind == "nps")
        .where(SurveyResponseRow.responded_at >= _midnight(as_of - timedelta(365)))
        .group_by(SurveyResponseRow.account_id)
    )
    return session.execute(query).all()


def _renewals(session: Session, as_of: date):
    query = (
        select(SubscriptionRow.account_id, func.min(SubscriptionRow.renewal_date))
        .where(SubscriptionRow.renewal_date >= as_of)
        .group_by(SubscriptionRow.account_id)
    )
    return session.execute(query).all()


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _save(session: Session, scores: dict[int, HealthScore]) -> None:
    if not scores:
        return
    session.execute(delete(HealthScoreRow).where(HealthScoreRow.account_id.in_(scores)))
    computed_at = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {
            "account_id": account_id,
            "as_of": score.as_of,
            "score": score.score,
            "band": score.band.value,
            "components": [c.model_dump() for c in score.components],
            "computed_at": computed_at,
        }
        for account_id, score in scores.items()
    ]
    session.execute(insert(HealthScoreRow), rows)
