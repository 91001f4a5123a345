"""Reads a brief needs that the repository does not offer: ticket load, notes, churn.

A brief summarises every ticket of an account (2,000 on a busy RavenStack account)
but quotes only a few, so `ticket_load` reads narrow columns once and counts in
Python (the SLA arithmetic differs between SQLite and PostgreSQL in SQL), and
`tickets_by_id` then loads the few ranked tickets whole. Like the repository, every
function takes an open `Session` and returns pydantic records, never ORM rows.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from domain.accounts import Activity, ChurnEvent, Ticket
from domain.brief import DEFAULT_FIRST_RESPONSE_MINUTES, FIRST_RESPONSE_TARGET_MINUTES
from tools.accounts.book import AccountRow
from tools.accounts.signal_reads import RESOLVED_STATUSES
from tools.accounts.signals import ActivityRow, ChurnEventRow, TicketRow, UsageRow

SEVERITY = {"urgent": 4, "high": 3, "medium": 2, "normal": 2, "low": 1}


class TicketLoad(BaseModel):
    """Every ticket of an account, counted as a support lead would read them."""

    total: int = 0
    open: int = 0
    open_by_priority: dict[str, int] = Field(default_factory=dict)
    recent: int = Field(0, description="Opened in the last `window_days`.")
    window_days: int = 90
    sla_misses: int = Field(0, description="First response later than its target.")
    sla_misses_recent: int = 0
    escalated: int = 0
    escalated_recent: int = 0
    csat_mean: float | None = None
    csat_count: int = 0
    newest: date | None = None
    ranked_ids: list[int] = Field(
        default_factory=list,
        description="Open first, then by severity, escalation and recency.",
    )


def ticket_load(
    session: Session, account_id: int, as_of: date, window_days: int = 90, top: int = 12
) -> TicketLoad:
    """Counts over all of an account's tickets created up to `as_of`."""
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    query = select(
        TicketRow.id,
        TicketRow.priority,
        TicketRow.status,
        TicketRow.created_at,
        TicketRow.first_response_at,
        TicketRow.resolved_at,
        TicketRow.csat,
        TicketRow.escalated,
    ).where(TicketRow.account_id == account_id, TicketRow.created_at < cutoff)
    rows = session.execute(query).all()
    since = cutoff - timedelta(days=window_days + 1)
    return _count(rows, since, window_days, top)


def _count(rows, since: datetime, window_days: int, top: int) -> TicketLoad:
    load = TicketLoad(total=len(rows), window_days=window_days)
    open_priorities: Counter[str] = Counter()
    ratings: list[int] = []
    for _id, priority, status, created, first, resolved, csat, escalated in rows:
        recent = created >= since
        if _is_open(status, resolved):
            open_priorities[priority or "normal"] += 1
        if _missed(priority, created, first):
            load.sla_misses += 1
            load.sla_misses_recent += recent
        load.escalated += bool(escalated)
        load.escalated_recent += bool(escalated) and recent
        load.recent += recent
        if csat is not None:
            ratings.append(csat)
    load.open = sum(open_priorities.values())
    load.open_by_priority = dict(open_priorities.most_common())
    load.csat_count = len(ratings)
    load.csat_mean = round(sum(ratings) / len(ratings), 2) if ratings else None
    load.newest = max((row[3] for row in rows), default=None)
    load.newest = load.newest and load.newest.date()
    load.ranked_ids = [row[0] for row in sorted(rows, key=_rank)[:top]]
    return load


def _is_open(status: str | None, resolved: datetime | None) -> bool:
    if status is None:
        return resolved is None
    return status not in RESOLVED_STATUSES


def _missed(priority: str | None, created: datetime, first: datetime | None) -> bool:
    if first is None:
        return False
    target = FIRST_RESPONSE_TARGET_MINUTES.get(
        priority or "", DEFAULT_FIRST_RESPONSE_MINUTES
    )
    return (first - created).total_seconds() > target * 60


def _rank(row) -> tuple:
    _id, priority, status, created, _first, resolved, _csat, escalated = row
    still_open = _is_open(status, resolved)
    return (
        not still_open,
        -SEVERITY.get(priority or "", 2),
        not escalated,
        -_ts(created),
    )


def _ts(moment: datetime | None) -> float:
    return moment.timestamp() if moment else 0.0


def tickets_by_id(session: Session, ticket_ids: list[int]) -> list[Ticket]:
    """The tickets with these store ids, in the order given."""
    rows = session.scalars(select(TicketRow).where(TicketRow.id.in_(ticket_ids)))
    found = {row.id: Ticket.model_validate(row) for row in rows}
    return [found[key] for key in ticket_ids if key in found]


def recent_activities(
    session: Session, account_id: int, as_of: date, limit: int = 10
) -> list[Activity]:
    """Calls, emails, meetings and notes up to `as_of`, newest first."""
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    query = (
        select(ActivityRow)
        .where(ActivityRow.account_id == account_id, ActivityRow.occurred_at < cutoff)
        .order_by(ActivityRow.occurred_at.desc(), ActivityRow.id.desc())
        .limit(limit)
    )
    return [Activity.model_validate(row) for row in session.scalars(query)]


def churn_events(session: Session, account_id: int) -> list[ChurnEvent]:
    """Recorded churns and reactivations, newest first."""
    query = (
        select(ChurnEventRow)
        .where(ChurnEventRow.account_id == account_id)
        .order_by(ChurnEventRow.churned_on.desc(), ChurnEventRow.id.desc())
    )
    return [ChurnEvent.model_validate(row) for row in session.scalars(query)]


def last_usage_day(session: Session, account_id: int, as_of: date) -> date | None:
    """The newest day with recorded usage on or before `as_of`."""
    query = select(func.max(UsageRow.usage_date)).where(
        UsageRow.account_id == account_id, UsageRow.usage_date <= as_of
    )
    return session.scalar(query)


def account_synced_on(session: Session, account_id: int) -> date | None:
    """The day the account's CRM record was last imported."""
    moment = session.scalar(
        select(AccountRow.imported_at).where(AccountRow.id == account_id)
    )
    return moment and moment.date()


def accounts_named_like(session: Session, part: str, limit: int = 5) -> list[str]:
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
