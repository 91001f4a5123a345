"""Putting drafts in the outbox: one row per delivery key, in the caller's transaction.

The insert skips a key already present (`ON CONFLICT DO NOTHING` on both
databases), so a stage that runs again over the same due work, or a graph node that
runs again after a resume, queues nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from domain.nudges import Channel, NudgeDraft
from tools.outbox.tables import OutboxRow, OutboxStatus

ChannelRoute = Callable[[NudgeDraft], Channel]
"""Picks the channel of a draft (settings decide: file for the demo, email, Slack)."""


def queue_drafts(
    session: Session,
    drafts: Sequence[tuple[NudgeDraft, datetime | None]],
    *,
    now: datetime,
    route: ChannelRoute,
    inbox_item_id: str | None = None,
) -> None:
    """Queue (draft, not_before) pairs; a delivery key already queued is skipped."""
    rows = [_row(d, later, now, route, inbox_item_id) for d, later in drafts]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(OutboxRow).on_conflict_do_nothing(
        index_elements=["delivery_key"]
    )
    session.execute(statement, rows)


def sent_today(
    session: Session, zones: Mapping[str, str], now: datetime
) -> dict[str, int]:
    """Messages queued per recipient since the start of their own day (the daily
    cap's count); `zones` maps each lower-cased address to the recipient's zone."""
    if not zones:
        return {}
    query = sa.select(OutboxRow.recipient, OutboxRow.created_at).where(
        OutboxRow.recipient.in_(zones.keys()),
        OutboxRow.created_at > now - timedelta(days=1),
    )
    starts = {address: _day_start(now, zone) for address, zone in zones.items()}
    counts: dict[str, int] = {}
    for recipient, created_at in session.execute(query):
        if created_at >= starts[recipient]:
            counts[recipient] = counts.get(recipient, 0) + 1
    return counts


def recent_digests(
    session: Session, addresses: set[str], now: datetime
) -> set[tuple[str, str]]:
    """(address, body) of the digests queued to `addresses` in the last 24 hours."""
    if not addresses:
        return set()
    query = sa.select(OutboxRow.recipient, OutboxRow.body_text).where(
        OutboxRow.recipient.in_(addresses),
        OutboxRow.kind == "digest",
        OutboxRow.created_at > now - timedelta(days=1),
    )
    return {(recipient, body) for recipient, body in session.execute(query)}


def _day_start(now: datetime, zone: str) -> datetime:
    local = now.astimezone(ZoneInfo(zone))
    return datetime.combine(local.date(), time(), tzinfo=local.tzinfo)


def _row(
    draft: NudgeDraft,
    not_before: datetime | None,
    now: datetime,
    route: ChannelRoute,
    inbox_item_id: str | None,
) -> dict:
    return {
        "delivery_key": draft.delivery_key,
        "kind": draft.kind.value,
        "channel": route(draft).value,
        "run_id": draft.run_id,
        "step_run_ids": draft.step_run_ids,
        "recipient": draft.address.lower(),
        "recipient_name": draft.recipient.name,
        "subject": draft.subject[:300],
        "body_text": draft.text,
        "body_html": draft.html,
        "status": OutboxStatus.queued.value,
        "created_at": now.astimezone(UTC),
        "not_before": not_before.astimezone(UTC) if not_before else None,
        "attempts": 0,
        "inbox_item_id": inbox_item_id,
    }
