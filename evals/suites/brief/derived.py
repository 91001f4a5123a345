"""Support for the records csops computes: contracts, usage, ticket load, health.

Each is rebuilt from the account's rows, independently of the brief's own code (see
`evals.suites.brief.records` for why, and for the slack these rebuilds allow).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from evals.suites.brief.support import WINDOWS, Support, row_support
from tools.accounts.book import AccountRow, SubscriptionRow
from tools.accounts.signals import HealthScoreRow, TicketRow, UsageRow

SLACK_DAYS = 2
"""Usage windows are summed ending up to this many days either side of as-of."""


def contracts_support(session: Session, account: AccountRow, as_of: date) -> Support:
    """Open subscriptions: each one's figures, their count and their totals."""
    rows = _subscriptions(session, account)
    running = [s for s in rows if s.end_date is None or s.end_date >= as_of]
    support = Support()
    for subscription in running:
        support.merge(row_support(subscription, as_of))
    manual = sum(1 for s in running if not s.auto_renew)
    for figure in (len(running), manual, len(running) - manual):
        support.numbers.add(float(figure))
    for column in ("arr", "mrr", "seats"):
        total = sum(float(getattr(s, column) or 0) for s in running)
        support.numbers.add(total)
    return support


def ticket_summary_support(
    session: Session, account: AccountRow, as_of: date
) -> Support:
    """Every ticket's dates and scores; counts from 0 to the number of tickets."""
    tickets = list(
        session.scalars(select(TicketRow).where(TicketRow.account_id == account.id))
    )
    support = Support()
    for ticket in tickets:
        support.merge(row_support(ticket, as_of))
    support.numbers |= {float(n) for n in range(len(tickets) + 1)}
    support.numbers |= {float(days) for days in WINDOWS}
    rated = [t.csat for t in tickets if t.csat is not None]
    if rated:
        support.numbers.add(sum(rated) / len(rated))
    return support


def health_support(health: HealthScoreRow, as_of: date) -> Support:
    """The stored score, band and every figure of its explained components."""
    support = Support()
    support.add_value(health.score, as_of)
    support.add_value(health.as_of, as_of)
    support.add_text(health.band)
    support.add_value(health.components, as_of)
    support.numbers |= {float(days) for days in WINDOWS}
    return support


def usage_support(
    session: Session, account: AccountRow, as_of: date, days: int
) -> Support:
    """Window sums per feature and overall, their changes, per seat and errors."""
    rows = list(
        session.scalars(select(UsageRow).where(UsageRow.account_id == account.id))
    )
    support = Support()
    seats = {account.seats} | {s.seats for s in _subscriptions(session, account)}
    support.numbers |= {float(days)} | {float(n) for n in seats if n}
    support.dates |= {r.usage_date.isoformat() for r in rows}
    by_feature: dict[str, list[UsageRow]] = defaultdict(list)
    for row in rows:
        by_feature[row.feature].append(row)
        support.add_text(row.feature)
    for shift in range(-SLACK_DAYS, SLACK_DAYS + 1):
        end = as_of + timedelta(days=shift)
        for count in (seats - {None, 0}) or {None}:
            _add_windows(support, rows, end, days, count)
        for feature_rows in by_feature.values():
            _add_windows(support, feature_rows, end, days, None)
    return support


def _add_windows(support: Support, rows, end: date, days: int, seats) -> None:
    recent = _window(rows, end, days, "usage_count")
    prior = _window(rows, end - timedelta(days=days), days, "usage_count")
    support.numbers |= {float(recent), float(prior)}
    support.numbers.add(float(_window(rows, end, days, "error_count")))
    if prior:
        support.numbers.add(abs(round(100 * (recent - prior) / prior)))
    if seats:
        support.numbers.add(round(recent / seats, 1))


def _window(rows, end: date, days: int, column: str) -> int:
    start = end - timedelta(days=days)
    return sum(getattr(r, column) for r in rows if start < r.usage_date <= end)


def _subscriptions(session: Session, account: AccountRow) -> list[SubscriptionRow]:
    query = select(SubscriptionRow).where(SubscriptionRow.account_id == account.id)
    return list(session.scalars(query))
