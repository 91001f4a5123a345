"""The record a brief's citation names, read back for the record page.

A citation is (record type, record id) as `agents.brief.evidence` writes it: most
types are one stored row; `usage`, `ticket_summary` and `contracts` are figures
derived from many rows, so their page lists the rows they were counted from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tools.accounts.book import (
    AccountRow,
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
    UsageRow,
)

_ROWS: dict[str, type] = {
    "account": AccountRow,
    "person": PersonRow,
    "contact": ContactRow,
    "deal": DealRow,
    "subscription": SubscriptionRow,
    "ticket": TicketRow,
    "nps": SurveyResponseRow,
    "csat": SurveyResponseRow,
    "call": ActivityRow,
    "email": ActivityRow,
    "meeting": ActivityRow,
    "note": ActivityRow,
    "churn_event": ChurnEventRow,
    "health": HealthScoreRow,
}
_LISTED_ROWS = 60


class UnknownRecord(LookupError):
    """No stored record has this type and id; the message says which."""


@dataclass
class RecordView:
    """A record as the page shows it: its fields, or the rows behind a figure."""

    record_type: str
    record_id: str
    title: str
    account_id: int | None
    fields: list[tuple[str, str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def read_record(session: Session, record_type: str, record_id: str) -> RecordView:
    """The record a citation names.

    Raises:
        UnknownRecord: the type is not one a brief cites, or no row has the id.
    """
    if record_type == "usage":
        return _usage(session, record_id)
    if record_type == "ticket_summary":
        return _tickets(session, record_id)
    if record_type == "contracts":
        return _contracts(session, record_id)
    table = _ROWS.get(record_type)
    row = session.get(table, int(record_id)) if table and record_id.isdigit() else None
    if row is None:
        raise UnknownRecord(f"no {record_type} record {record_id!r} in the store")
    values = _values(row)
    title = values.get("name") or values.get("subject") or f"{record_type} {record_id}"
    account_id = row.id if record_type == "account" else values.get("account_id")
    return RecordView(
        record_type=record_type,
        record_id=record_id,
        title=str(title),
        account_id=account_id,
        fields=[(name, _text(value)) for name, value in values.items()],
    )


def _usage(session: Session, record_id: str) -> RecordView:
    account, _, window = record_id.partition("/")
    days = int(window.removesuffix("d")) if window.removesuffix("d").isdigit() else 30
    if not account.isdigit():
        raise UnknownRecord(f"no usage record {record_id!r}: expected ACCOUNT/NNd")
    query = (
        sa.select(UsageRow)
        .where(UsageRow.account_id == int(account))
        .order_by(UsageRow.usage_date.desc(), UsageRow.feature)
        .limit(_LISTED_ROWS)
    )
    names = ["usage_date", "feature", "usage_count", "error_count"]
    return RecordView(
        record_type="usage",
        record_id=record_id,
        title=f"Usage, {days}-day windows (newest rows)",
        account_id=int(account),
        columns=names,
        rows=[_cells(row, names) for row in session.scalars(query)],
    )


def _tickets(session: Session, record_id: str) -> RecordView:
    if not record_id.isdigit():
        raise UnknownRecord(f"no ticket summary {record_id!r}: expected an account id")
    query = (
        sa.select(TicketRow)
        .where(TicketRow.account_id == int(record_id))
        .order_by(TicketRow.created_at.desc())
        .limit(_LISTED_ROWS)
    )
    names = ["id", "created_at", "priority", "status", "subject"]
    return RecordView(
        record_type="ticket_summary",
        record_id=record_id,
        title="All tickets of the account (newest first)",
        account_id=int(record_id),
        columns=names,
        rows=[_cells(row, names) for row in session.scalars(query)],
    )


def _contracts(session: Session, record_id: str) -> RecordView:
    if not record_id.isdigit():
        raise UnknownRecord(f"no contracts record {record_id!r}: expected an account")
    query = (
        sa.select(SubscriptionRow)
        .where(SubscriptionRow.account_id == int(record_id))
        .order_by(SubscriptionRow.start_date.desc())
        .limit(_LISTED_ROWS)
    )
    names = ["source_id", "plan", "arr", "mrr", "end_date", "auto_renew"]
    return RecordView(
        record_type="contracts",
        record_id=record_id,
        title="Subscriptions of the account (open ones are totalled)",
        account_id=int(record_id),
        columns=names,
        rows=[_cells(row, names) for row in session.scalars(query)],
    )


def _values(row: Any) -> dict[str, Any]:
    mapper = sa.inspect(row).mapper
    return {attr.key: getattr(row, attr.key) for attr in mapper.column_attrs}


def _cells(row: Any, names: list[str]) -> list[str]:
    return [_text(getattr(row, name)) for name in names]


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "—"
    return str(value)
