"""Scoring account health from the store: gather signals in bulk, score, save.

The signals of every account are read with one grouped query each (not one query per
account), so rescoring a 500-account book after an import takes milliseconds. The
scoring rules themselves live in `domain.health`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, case, delete, func, insert, or_, select, true
from sqlalchemy.orm import Session

from domain.accounts import next_renewal_date
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


def health_on(session: Session, account_id: int, as_of: date) -> HealthScore:
    """One account's health scored on `as_of` (not saved): what a brief shows."""
    signals = gather_signals(session, [account_id], as_of)
    return score_health(signals[account_id], as_of)


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
    for account_id, renewal in _renewals(session, as_of).items():
        if account_id in signals:
            signals[account_id].days_to_renewal = (renewal - as_of).days
    _source_coverage(session, signals)
    return signals


def _source_coverage(session: Session, signals: dict[int, HealthSignals]) -> None:
    """Mark accounts whose source system records no usage, or no escalation."""
    systems = dict(
        session.execute(
            select(AccountRow.id, AccountRow.source_system).where(
                AccountRow.id.in_(list(signals))
            )
        ).all()
    )
    with_usage = _systems_with(session, UsageRow.account_id, None)
    with_escalations = _systems_with(session, TicketRow.account_id, TicketRow.escalated)
    for account_id, signal in signals.items():
        signal.usage_in_source = systems.get(account_id) in with_usage
        signal.escalations_in_source = systems.get(account_id) in with_escalations


def _systems_with(session: Session, account_column, condition) -> set[str]:
    """Source systems with at least one such row (usage, escalated ticket)."""
    query = select(AccountRow.source_system).where(
        select(account_column)
        .where(account_column == AccountRow.id)
        .where(condition if condition is not None else true())
        .exists()
    )
    return set(session.scalars(query.distinct()))


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


def _renewals(session: Session, as_of: date) -> dict[int, date]:
    """The next renewal of each account's open subscriptions, rolled to `as_of`."""
    s = SubscriptionRow
    query = select(
        s.account_id,
        s.renewal_date,
        s.renewal_date_derived,
        s.start_date,
        s.billing_frequency,
    ).where(
        or_(s.end_date.is_(None), s.end_date >= as_of),
        or_(s.start_date.is_(None), s.start_date <= as_of),
    )
    nearest: dict[int, date] = {}
    for account_id, *contract in session.execute(query):
        renewal = next_renewal_date(*contract, as_of)
        if renewal is not None and renewal >= as_of:
            nearest[account_id] = min(renewal, nearest.get(account_id, renewal))
    return nearest


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
