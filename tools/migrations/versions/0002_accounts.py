"""Account records: the book of business and its signals.

Written by hand to mirror `tools/accounts/book.py` and `tools/accounts/signals.py`;
`tests/test_accounts_schema.py` compares the two so they cannot drift apart.

Revision ID: 0002_accounts
Revises: 0001_workflows
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_accounts"
down_revision = "0001_workflows"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 2)
TABLES = (
    "health_scores",
    "churn_events",
    "activities",
    "survey_responses",
    "tickets",
    "usage_days",
    "subscriptions",
    "deals",
    "contacts",
    "account_team",
    "people",
    "accounts",
)


def _sourced(table: str, *columns: sa.Column, indexed_account: bool = True) -> None:
    """Create a table with the source columns every imported row carries."""
    op.create_table(
        table,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_system", sa.String(40), nullable=False),
        sa.Column("source_id", sa.String(160), nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        *columns,
        sa.UniqueConstraint("source_system", "source_id", name=f"uq_{table}_source"),
    )
    if indexed_account:
        op.create_index(f"ix_{table}_account_id", table, ["account_id"])


def _account() -> sa.Column:
    return sa.Column(
        "account_id",
        sa.Integer,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        nullable=True,
    )


def upgrade() -> None:
    _book()
    _signals()


def _book() -> None:
    _sourced(
        "accounts",
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("domain", sa.String(300)),
        sa.Column("industry", sa.String(120)),
        sa.Column("country", sa.String(2)),
        sa.Column("time_zone", sa.String(64)),
        sa.Column("plan_tier", sa.String(80)),
        sa.Column("seats", sa.Integer),
        sa.Column("signup_date", sa.Date),
        sa.Column("churned", sa.Boolean, nullable=False),
        sa.Column("attributes", sa.JSON, nullable=False),
        indexed_account=False,
    )
    _sourced(
        "people",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("title", sa.String(200)),
        sa.Column("time_zone", sa.String(64)),
        sa.Column(
            "manager_id", sa.Integer, sa.ForeignKey("people.id", ondelete="SET NULL")
        ),
        sa.Column("attributes", sa.JSON, nullable=False),
        indexed_account=False,
    )
    op.create_index("ix_people_email", "people", ["email"])
    _sourced(
        "account_team",
        _account(),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("role", sa.String(20), nullable=False),
    )
    _sourced(
        "contacts",
        _account(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("title", sa.String(200)),
        sa.Column("phone", sa.String(60)),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("time_zone", sa.String(64)),
        sa.Column("attributes", sa.JSON, nullable=False),
    )
    op.create_index("ix_contacts_email", "contacts", ["email"])
    _sourced(
        "deals",
        _account(),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("stage", sa.String(80)),
        sa.Column("amount", MONEY),
        sa.Column("close_date", sa.Date),
        sa.Column("owner_name", sa.String(200)),
        sa.Column("is_closed", sa.Boolean, nullable=False),
        sa.Column("is_won", sa.Boolean, nullable=False),
        sa.Column("terms", sa.Text),
        sa.Column("notes", sa.Text),
    )
    _sourced(
        "subscriptions",
        _account(),
        sa.Column("plan", sa.String(80)),
        sa.Column("seats", sa.Integer),
        sa.Column("mrr", MONEY),
        sa.Column("arr", MONEY),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("renewal_date", sa.Date),
        sa.Column("renewal_date_derived", sa.Boolean, nullable=False),
        sa.Column("billing_frequency", sa.String(20)),
        sa.Column("auto_renew", sa.Boolean),
        sa.Column("is_trial", sa.Boolean, nullable=False),
        sa.Column("attributes", sa.JSON, nullable=False),
    )
    op.create_index("ix_subscriptions_renewal_date", "subscriptions", ["renewal_date"])


def _signals() -> None:
    _sourced(
        "usage_days",
        _account(),
        sa.Column(
            "subscription_id",
            sa.Integer,
            sa.ForeignKey("subscriptions.id", ondelete="SET NULL"),
        ),
        sa.Column("usage_date", sa.Date, nullable=False),
        sa.Column("feature", sa.String(120), nullable=False),
        sa.Column("usage_count", sa.Integer, nullable=False),
        sa.Column("duration_seconds", sa.Integer, nullable=False),
        sa.Column("error_count", sa.Integer, nullable=False),
        sa.Column("is_beta", sa.Boolean, nullable=False),
        indexed_account=False,
    )
    op.create_index(
        "ix_usage_days_account_date", "usage_days", ["account_id", "usage_date"]
    )
    _sourced(
        "tickets",
        _account(),
        sa.Column("subject", sa.String(500)),
        sa.Column("body", sa.Text),
        sa.Column("priority", sa.String(20)),
        sa.Column("status", sa.String(20)),
        sa.Column("kind", sa.String(40)),
        sa.Column("requester_email", sa.String(320)),
        sa.Column("assignee_name", sa.String(200)),
        sa.Column("created_at", sa.DateTime),
        sa.Column("first_response_at", sa.DateTime),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("due_at", sa.DateTime),
        sa.Column("csat", sa.Integer),
        sa.Column("escalated", sa.Boolean, nullable=False),
        sa.Column("attributes", sa.JSON, nullable=False),
    )
    op.create_index("ix_tickets_created_at", "tickets", ["created_at"])
    _sourced(
        "survey_responses",
        _account(),
        sa.Column(
            "contact_id",
            sa.Integer,
            sa.ForeignKey("contacts.id", ondelete="SET NULL"),
        ),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("responded_at", sa.DateTime),
    )
    _sourced(
        "activities",
        _account(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(500)),
        sa.Column("body", sa.Text),
        sa.Column("occurred_at", sa.DateTime),
        sa.Column("author_name", sa.String(200)),
    )
    _sourced(
        "churn_events",
        _account(),
        sa.Column("churned_on", sa.Date),
        sa.Column("reason_code", sa.String(60)),
        sa.Column("feedback", sa.Text),
        sa.Column("refund_amount", MONEY),
        sa.Column("is_reactivation", sa.Boolean, nullable=False),
        sa.Column("attributes", sa.JSON, nullable=False),
    )
    op.create_table(
        "health_scores",
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("band", sa.String(10), nullable=False),
        sa.Column("components", sa.JSON, nullable=False),
        sa.Column("computed_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
