"""Reading the account store's tickets, notes and call summaries as index documents.

Ids in the index are the store's keys written as text: `account_id` is
`accounts.id`, `source_id` the ticket's or activity's `id`, so a cited chunk leads
straight back to its row (and from there to the source system's own id).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.accounts.signals import ActivityRow, TicketRow
from tools.retrieval.models import ContextDocument, SourceType

ACTIVITY_SOURCES: dict[str, SourceType] = {"note": "note", "call": "call"}
"""Activity kinds the index reads. Emails and meetings are left out until the brief
needs them: their bodies are mostly quoted threads and agendas."""

STREAM_ROWS = 1000


def store_context_documents(
    session: Session, accounts: Sequence[int] | None = None
) -> Iterator[ContextDocument]:
    """Every ticket, note and call summary of `accounts` (all when None).

    Rows without an account are skipped: the index only answers per account.
    """
    yield from _ticket_documents(session, accounts)
    yield from _activity_documents(session, accounts)


def _ticket_documents(
    session: Session, accounts: Sequence[int] | None
) -> Iterator[ContextDocument]:
    query = select(TicketRow).where(TicketRow.account_id.is_not(None))
    if accounts is not None:
        query = query.where(TicketRow.account_id.in_(accounts))
    for ticket in session.scalars(query.execution_options(yield_per=STREAM_ROWS)):
        yield ContextDocument(
            account_id=str(ticket.account_id),
            source_type="ticket",
            source_id=str(ticket.id),
            title=ticket.subject or "",
            text=ticket.body or "",
            as_of=_utc(_latest(ticket)),
        )


def _activity_documents(
    session: Session, accounts: Sequence[int] | None
) -> Iterator[ContextDocument]:
    query = select(ActivityRow).where(
        ActivityRow.account_id.is_not(None),
        ActivityRow.kind.in_(ACTIVITY_SOURCES),
    )
    if accounts is not None:
        query = query.where(ActivityRow.account_id.in_(accounts))
    for activity in session.scalars(query.execution_options(yield_per=STREAM_ROWS)):
        yield ContextDocument(
            account_id=str(activity.account_id),
            source_type=ACTIVITY_SOURCES[activity.kind],
            source_id=str(activity.id),
            title=activity.subject or "",
            text=activity.body or "",
            as_of=_utc(activity.occurred_at or activity.imported_at),
        )


def _latest(ticket: TicketRow) -> datetime:
    times = [ticket.created_at, ticket.first_response_at, ticket.resolved_at]
    return max((t for t in times if t is not None), default=ticket.imported_at)


def _utc(moment: datetime) -> datetime:
    # The store keeps naive UTC (see tools/accounts/book.py).
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
