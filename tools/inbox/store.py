"""The inbox: drafts waiting for a human, and the one decision each gets.

Errors::

    InboxError (Exception)
    ├── UnknownInboxItem (LookupError)   no item with that id
    ├── AlreadyDecided                   a second decision (HTTP 409 in the API)
    └── DecisionRefused (ValueError)     the decision breaks policy (an edit that
                                         leaks internal data to a customer)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.nudges import NudgeDraft
from tools.db import Database
from tools.inbox.tables import InboxDecisionRow, InboxItemRow, InboxStatus
from tools.runs.tables import as_utc

STALE_DECIDER = "system"
STALE_STEP_DONE = "stale: step done"


class InboxAction(StrEnum):
    """approve: send as drafted; edit: send your text instead; reply: answer the
    person who owes the step yourself, the draft is not sent; ignore: send nothing."""

    approve = "approve"
    edit = "edit"
    reply = "reply"
    ignore = "ignore"


class InboxError(Exception):
    """An inbox decision could not be taken; the message names the fix."""


class UnknownInboxItem(InboxError, LookupError):
    def __init__(self, item_id: str) -> None:
        self.item_id = item_id
        super().__init__(f"no inbox item {item_id!r}; list them with `csops inbox`")


class AlreadyDecided(InboxError):
    """The item has its decision; a second one is refused."""

    def __init__(
        self, item_id: str, action: str, by: str, at: datetime, reason: str = ""
    ) -> None:
        self.item_id, self.action, self.by, self.at = item_id, action, by, at
        self.reason = reason
        why = f" ({reason})" if reason else ""
        super().__init__(
            f"inbox item {item_id} was already decided: {action} by {by} at "
            f"{at:%Y-%m-%d %H:%M} UTC{why}; nothing to do (see `csops inbox --all`)"
        )


class DecisionRefused(InboxError, ValueError):
    """The decision breaks policy; `reasons` says how."""

    def __init__(self, item_id: str, reasons: Sequence[str]) -> None:
        self.item_id, self.reasons = item_id, list(reasons)
        super().__init__(f"inbox item {item_id}: {'; '.join(reasons)}")


class InboxItem(BaseModel):
    """One draft waiting for (or given) a decision."""

    id: str
    kind: str
    run_id: str
    recipient: str
    draft: NudgeDraft
    reasons: list[str]
    not_before: datetime | None
    status: InboxStatus
    created_at: datetime


class InboxDecision(BaseModel):
    """What a human decided about an item."""

    item_id: str
    action: InboxAction
    by: str
    at: datetime
    text: str | None = None
    reason: str = ""
    data: dict = {}


def inbox_item_id(delivery_key: str) -> str:
    """Items are keyed by their draft: the same draft never waits twice."""
    return f"ib_{delivery_key[:12]}"


def add_items(
    session: Session,
    entries: Sequence[tuple[NudgeDraft, list[str], datetime | None]],
    now: datetime,
) -> list[str]:
    """Put (draft, reasons, not_before) entries in the inbox; return their ids."""
    rows = [_row(draft, reasons, later, now) for draft, reasons, later in entries]
    if rows:
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(InboxItemRow).on_conflict_do_nothing(
            index_elements=["delivery_key"]
        )
        session.execute(statement, rows)
    return [row["id"] for row in rows]


def list_items(session: Session, *, include_decided: bool = False) -> list[InboxItem]:
    """Open items oldest first (or every item)."""
    query = sa.select(InboxItemRow).order_by(InboxItemRow.created_at, InboxItemRow.id)
    if not include_decided:
        query = query.where(InboxItemRow.status == InboxStatus.open.value)
    return [_item(row) for row in session.scalars(query)]


def get_item(session: Session, item_id: str) -> InboxItem:
    row = session.get(InboxItemRow, item_id)
    if row is None:
        raise UnknownInboxItem(item_id)
    return _item(row)


def record_decision(database: Database, decision: InboxDecision) -> InboxItem:
    """Record the one decision on an item; raise AlreadyDecided on a second one.

    The unique key on `inbox_decisions.item_id` settles a race between two people:
    the database lets one insert in, the other gets AlreadyDecided.
    """
    try:
        with database.session() as session:
            row = session.get(InboxItemRow, decision.item_id, with_for_update=True)
            if row is None:
                raise UnknownInboxItem(decision.item_id)
            if row.status == InboxStatus.decided.value:
                raise _already(session, decision.item_id)
            row.status = InboxStatus.decided.value
            session.add(_decision_row(decision))
            session.flush()
            return _item(row)
    except IntegrityError:
        with database.session() as session:
            raise _already(session, decision.item_id) from None


def close_stale(
    session: Session, run_id: str, done_step_run_ids: set[str], now: datetime
) -> list[str]:
    """Close the run's open items whose every step run is done; return their ids.

    The closing is a decision like a human's (`ignore` by `system`, reason
    `stale: step done`), so a later decision is refused as already decided and
    the item's paused graph, resumed with it, sends nothing.
    """
    query = sa.select(InboxItemRow).where(
        InboxItemRow.run_id == run_id, InboxItemRow.status == InboxStatus.open.value
    )
    stale = [
        row
        for row in session.scalars(query.with_for_update())
        if row.step_run_ids and set(row.step_run_ids) <= done_step_run_ids
    ]
    for row in stale:
        row.status = InboxStatus.decided.value
        closing = InboxDecision(
            item_id=row.id,
            action=InboxAction.ignore,
            by=STALE_DECIDER,
            at=now,
            reason=STALE_STEP_DONE,
        )
        session.add(_decision_row(closing))
    return [row.id for row in stale]


def decision_of(session: Session, item_id: str) -> InboxDecision | None:
    row = session.scalar(
        sa.select(InboxDecisionRow).where(InboxDecisionRow.item_id == item_id)
    )
    if row is None:
        return None
    return InboxDecision(
        item_id=row.item_id,
        action=InboxAction(row.action),
        by=row.decided_by,
        at=as_utc(row.decided_at),
        text=row.text,
        reason=row.reason,
        data=row.data,
    )


def _already(session: Session, item_id: str) -> AlreadyDecided:
    first = decision_of(session, item_id)
    if first is None:  # decided by a concurrent transaction not visible yet
        return AlreadyDecided(item_id, "?", "another session", datetime.now(UTC))
    return AlreadyDecided(item_id, first.action.value, first.by, first.at, first.reason)


def _decision_row(decision: InboxDecision) -> InboxDecisionRow:
    return InboxDecisionRow(
        item_id=decision.item_id,
        action=decision.action.value,
        decided_by=decision.by,
        decided_at=decision.at.astimezone(UTC),
        text=decision.text,
        reason=decision.reason,
        data=decision.data,
    )


def _row(
    draft: NudgeDraft, reasons: list[str], later: datetime | None, now: datetime
) -> dict:
    return {
        "id": inbox_item_id(draft.delivery_key),
        "delivery_key": draft.delivery_key,
        "kind": draft.kind.value,
        "run_id": draft.run_id,
        "step_run_ids": draft.step_run_ids,
        "account_id": draft.account_id,
        "recipient": draft.address.lower(),
        "draft": draft.model_dump(mode="json"),
        "reasons": reasons,
        "not_before": later.astimezone(UTC) if later else None,
        "status": InboxStatus.open.value,
        "created_at": now.astimezone(UTC),
    }


def _item(row: InboxItemRow) -> InboxItem:
    return InboxItem(
        id=row.id,
        kind=row.kind,
        run_id=row.run_id,
        recipient=row.recipient,
        draft=NudgeDraft.model_validate(row.draft),
        reasons=row.reasons,
        not_before=as_utc(row.not_before),
        status=InboxStatus(row.status),
        created_at=as_utc(row.created_at),
    )
