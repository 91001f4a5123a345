"""Delivery: the outbox, the inbox and its decisions, magic links and their audit.

Written by hand to mirror `tools/outbox/tables.py`, `tools/inbox/tables.py` and
`tools/link_ledger.py`; `tests/test_outbox_schema.py` compares them.

Revision ID: 0004_delivery
Revises: 0003_runs
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_delivery"
down_revision = "0003_runs"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    _outbox()
    _inbox()
    _links()


def _outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("delivery_key", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("run_id", sa.String(40), nullable=False),
        sa.Column("step_run_ids", sa.JSON, nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("recipient_name", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body_text", sa.Text, nullable=False),
        sa.Column("body_html", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("not_before", INSTANT),
        sa.Column("sent_at", INSTANT),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("claimed_by", sa.String(120)),
        sa.Column("claimed_until", INSTANT),
        sa.Column("inbox_item_id", sa.String(40)),
        sa.UniqueConstraint("delivery_key", name="uq_outbox_delivery_key"),
    )
    op.create_index("ix_outbox_status_not_before", "outbox", ["status", "not_before"])
    op.create_index(
        "ix_outbox_recipient_created", "outbox", ["recipient", "created_at"]
    )


def _inbox() -> None:
    op.create_table(
        "inbox_items",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("delivery_key", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("run_id", sa.String(40), nullable=False),
        sa.Column("step_run_ids", sa.JSON, nullable=False),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("draft", sa.JSON, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("not_before", INSTANT),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.UniqueConstraint("delivery_key", name="uq_inbox_items_delivery_key"),
    )
    op.create_index("ix_inbox_items_status", "inbox_items", ["status", "created_at"])
    op.create_table(
        "inbox_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "item_id",
            sa.String(40),
            sa.ForeignKey("inbox_items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", INSTANT, nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.UniqueConstraint("item_id", name="uq_inbox_decisions_item"),
    )


def _links() -> None:
    op.create_table(
        "magic_links",
        sa.Column("link_id", sa.String(40), primary_key=True),
        sa.Column("step_run_id", sa.String(40), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("issued_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("used_at", INSTANT),
        sa.Column("revoked_at", INSTANT),
    )
    op.create_index("ix_magic_links_step_run_id", "magic_links", ["step_run_id"])
    op.create_table(
        "link_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("link_id", sa.String(40), nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_link_audit_link_id", "link_audit", ["link_id", "id"])


def downgrade() -> None:
    for table in (
        "link_audit", "magic_links", "inbox_decisions", "inbox_items", "outbox"
    ):  # fmt: skip
        op.drop_table(table)
