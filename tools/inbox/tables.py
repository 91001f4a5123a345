"""Inbox tables: drafts that wait for a human, and the one decision on each.

`inbox_decisions.item_id` is unique: of two people deciding the same item at once,
the database lets exactly one decision in (the other gets `AlreadyDecided`).
Decisions are rows, never log lines: who decided what, when, and with which text.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tools.db import Base
from tools.runs.tables import Instant


class InboxStatus(StrEnum):
    open = "open"
    decided = "decided"


class InboxItemRow(Base):
    __tablename__ = "inbox_items"
    __table_args__ = (
        sa.UniqueConstraint("delivery_key", name="uq_inbox_items_delivery_key"),
        sa.Index("ix_inbox_items_status", "status", "created_at"),
    )

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    delivery_key: Mapped[str] = mapped_column(sa.String(40))
    kind: Mapped[str] = mapped_column(sa.String(16))
    run_id: Mapped[str] = mapped_column(sa.String(40))
    step_run_ids: Mapped[list] = mapped_column(sa.JSON)
    account_id: Mapped[int] = mapped_column(sa.Integer)
    recipient: Mapped[str] = mapped_column(sa.String(320))
    draft: Mapped[dict] = mapped_column(sa.JSON, doc="The NudgeDraft document.")
    reasons: Mapped[list] = mapped_column(sa.JSON, doc="Why it waits, from policy.")
    not_before: Mapped[datetime | None] = mapped_column(Instant())
    status: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(Instant())


class InboxDecisionRow(Base):
    __tablename__ = "inbox_decisions"
    __table_args__ = (sa.UniqueConstraint("item_id", name="uq_inbox_decisions_item"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(
        sa.String(40), sa.ForeignKey("inbox_items.id", ondelete="CASCADE")
    )
    action: Mapped[str] = mapped_column(sa.String(16))
    decided_by: Mapped[str] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime] = mapped_column(Instant())
    text: Mapped[str | None] = mapped_column(sa.Text, doc="Edited body or reply.")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
