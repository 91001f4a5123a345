"""Delivering the outbox exactly once, or telling a human when nobody can know.

Each row moves `queued -> sending -> sent`, one short transaction per move:

1. claim: a lease on due `queued` rows (`FOR UPDATE SKIP LOCKED`), like the sweep.
   A worker that dies here leaves a lease that expires; the row is still `queued`
   and the next delivery sends it once.
2. `sending` is committed, then the channel is called. This is the one window a
   crash cannot be resolved in by csops alone: the message may or may not have
   left. On recovery a `sending` row with an expired lease asks its channel
   (`confirm`): delivered -> `sent`; not delivered -> `queued` again; cannot tell
   (SMTP, Slack) -> `uncertain`, which a human settles (`resolve_uncertain`).
   csops never resends on a guess: a duplicate to a customer is worse than a
   question to a CSM.
3. the channel's answer is committed: `sent`; `NotSent` -> `queued` with a backoff
   (or `failed` when permanent or out of attempts); `MaybeSent` -> `uncertain`.

`checkpoint(point)` is called after each commit; tests kill the process there.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from pydantic import BaseModel, Field

from tools.db import Database
from tools.outbox.channels import Channel, MaybeSent, Message, NotSent
from tools.outbox.tables import OutboxRow, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=5)
_BACKOFF = timedelta(minutes=2)


class DeliveryReport(BaseModel):
    """What one delivery pass did, by outbox row id."""

    sent: list[int] = Field(default_factory=list)
    retrying: list[int] = Field(default_factory=list)
    uncertain: list[int] = Field(default_factory=list)
    failed: list[int] = Field(default_factory=list)
    recovered: list[int] = Field(default_factory=list)


def deliver_queued(
    database: Database,
    channels: Mapping[str, Channel],
    *,
    now: datetime,
    limit: int = 500,
    worker: str | None = None,
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    checkpoint: Callable[[str], None] = lambda point: None,
) -> DeliveryReport:
    """Send the queued rows due at `now` (quiet hours and caps set `not_before`)."""
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
    report = DeliveryReport()
    _recover(database, channels, wall_clock(), report)
    for row_id in _claim(database, now, worker, limit, wall_clock()):
        checkpoint("claimed")
        _deliver_one(database, channels, row_id, worker, now, report, checkpoint)
    return report


def _claim(
    database: Database, now: datetime, worker: str, limit: int, wall: datetime
) -> list[int]:
    due = sa.or_(OutboxRow.not_before.is_(None), OutboxRow.not_before <= now)
    free = sa.or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < wall)
    pick = (
        sa.select(OutboxRow.id)
        .where(OutboxRow.status == OutboxStatus.queued.value, due, free)
        .order_by(OutboxRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        sa.update(OutboxRow)
        .where(OutboxRow.id.in_(pick))
        .values(claimed_by=worker, claimed_until=wall + LEASE)
        .returning(OutboxRow.id)
    )
    with database.session() as session:
        options = {"synchronize_session": False}
        return sorted(session.scalars(claim, execution_options=options))


def _deliver_one(database, channels, row_id, worker, now, report, checkpoint) -> None:
    with database.session() as session:
        row = session.get(OutboxRow, row_id)
        if row.claimed_by != worker or row.status != OutboxStatus.queued.value:
            return
        row.status, row.attempts = OutboxStatus.sending.value, row.attempts + 1
        message, channel = _message(row), channels[row.channel]
    checkpoint("sending")
    try:
        channel.send(message)
    except NotSent as error:
        _not_sent(database, row_id, error, now, report)
        return
    except MaybeSent as error:
        _settle(database, row_id, OutboxStatus.uncertain, error.detail)
        report.uncertain.append(row_id)
        logger.warning("outbox %s may have been sent: %s", row_id, error.detail)
        return
    checkpoint("sent")
    _settle(database, row_id, OutboxStatus.sent, None, sent_at=now)
    report.sent.append(row_id)


def _not_sent(database, row_id, error: NotSent, now, report) -> None:
    with database.session() as session:
        row = session.get(OutboxRow, row_id)
        give_up = error.permanent or row.attempts >= MAX_ATTEMPTS
        row.status = (OutboxStatus.failed if give_up else OutboxStatus.queued).value
        row.not_before = now + _BACKOFF * row.attempts
        row.last_error, row.claimed_by, row.claimed_until = error.detail, None, None
    (report.failed if give_up else report.retrying).append(row_id)
    logger.info("outbox %s not sent (%s); %s", row_id, error.detail, row.status)


def _settle(database, row_id, status, error, sent_at=None) -> None:
    with database.session() as session:
        row = session.get(OutboxRow, row_id)
        row.status, row.last_error = status.value, error
        row.sent_at = sent_at.astimezone(UTC) if sent_at else None
        row.claimed_by = row.claimed_until = None


def _recover(database, channels, wall: datetime, report: DeliveryReport) -> None:
    """`sending` rows whose worker died: ask the channel what happened."""
    stale = sa.select(OutboxRow).where(
        OutboxRow.status == OutboxStatus.sending.value, OutboxRow.claimed_until < wall
    )
    with database.session() as session:
        for row in session.scalars(stale.with_for_update(skip_locked=True)):
            delivered = channels[row.channel].confirm(_message(row))
            row.status = {
                True: OutboxStatus.sent,
                False: OutboxStatus.queued,
                None: OutboxStatus.uncertain,
            }[delivered].value
            row.claimed_by = row.claimed_until = None
            if delivered is None:
                row.last_error = "the worker stopped while sending; check the mailbox"
            report.recovered.append(row.id)


def resolve_uncertain(database: Database, row_id: int, *, delivered: bool) -> None:
    """A human settles an uncertain row: it arrived (sent), or send it again."""
    with database.session() as session:
        row = session.get(OutboxRow, row_id)
        if row is None or row.status != OutboxStatus.uncertain.value:
            raise LookupError(
                f"outbox row {row_id} is not uncertain; only those need settling"
            )
        row.status = (OutboxStatus.sent if delivered else OutboxStatus.queued).value


def _message(row: OutboxRow) -> Message:
    return Message(
        delivery_key=row.delivery_key,
        to=row.recipient,
        to_name=row.recipient_name,
        subject=row.subject,
        text=row.body_text,
        html=row.body_html,
    )
