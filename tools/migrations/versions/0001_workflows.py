"""Workflows and their versions.

Revision ID: 0001_workflows
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_workflows"
down_revision = None
branch_labels = None
depends_on = None

_PUBLISHED = sa.text("status = 'published'")


def upgrade() -> None:
    op.create_table(
        "workflows",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("journey", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "workflow_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "workflow_id",
            sa.String(64),
            sa.ForeignKey("workflows.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("definition", sa.JSON, nullable=False),
        sa.Column("design", sa.JSON, nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("parent_version", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint(
            "workflow_id", "version", name="uq_workflow_versions_version"
        ),
    )
    op.create_index("ix_workflow_versions_status", "workflow_versions", ["status"])
    op.create_index(
        "uq_workflow_versions_one_published",
        "workflow_versions",
        ["workflow_id"],
        unique=True,
        sqlite_where=_PUBLISHED,
        postgresql_where=_PUBLISHED,
    )


def downgrade() -> None:
    op.drop_table("workflow_versions")
    op.drop_table("workflows")
