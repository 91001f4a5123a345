"""The outbox table: every message csops sends, keyed so it is sent once.

A row is written in the same transaction as the decision to send it (the sweep's
settle, or an inbox approval), with `delivery_key` unique: a retried sweep or a
resumed graph that drafts the same message again inserts nothing. Delivery then
moves the row `queued -> sending -> sent`; see `tools.outbox.delivery` for what each
state means after a crash.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tools.db import Base
from tools.runs.tables import Instant


class OutboxStatus(StrEnum):
    queued = "queued"
    sending = "sending"
    sent = "sent"
    uncertain = "uncertain"
    failed = "failed"


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        sa.UniqueConstraint("delivery_key", name="uq_outbox_delivery_key"),
        sa.Index("ix_outbox_status_not_before", "status", "not_before"),
        sa.Index("ix_outbox_recipient_created", "recipient", "created_at"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    delivery_key: Mapped[str] = mapped_column(sa.String(40))
    kind: Mapped[str] = mapped_column(sa.String(16))
    channel: Mapped[str] = mapped_column(sa.String(16))
    run_id: Mapped[str] = mapped_column(sa.String(40))
    step_run_ids: Mapped[list] = mapped_column(sa.JSON)
    recipient: Mapped[str] = mapped_column(sa.String(320))
    recipient_name: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(Instant())
    not_before: Mapped[datetime | None] = mapped_column(Instant())
    sent_at: Mapped[datetime | None] = mapped_column(Instant())
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(120))
    claimed_until: Mapped[datetime | None] = mapped_column(Instant())
    inbox_item_id: Mapped[str | None] = mapped_column(sa.String(40))
