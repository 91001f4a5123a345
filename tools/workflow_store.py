"""Versioned workflow store: drafts, versions and the one published version.

A workflow (`workflows` row) is a named journey with an id such as
`customer-onboarding-3f2a`; each save adds a `workflow_versions` row holding the
workflow definition, the designer's findings and the text it was designed from.
The values it returns and the errors it raises live in `tools.workflow_versions`
and are re-exported here.

At most one version of a workflow is published at a time; publishing another marks
the previous one `superseded`. Every write runs in one transaction.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from domain.design import DesignResult
from domain.workflow import Workflow, slugify
from tools.db import Base, Database
from tools.workflow_versions import (
    InvalidRef,
    PublishOutcome,
    PublishRefused,
    StoredVersion,
    UnknownVersion,
    UnknownWorkflow,
    VersionRef,
    VersionStatus,
    WorkflowStoreError,
    WorkflowSummary,
    blocking_findings,
    parse_ref,
)

__all__ = [
    "InvalidRef",
    "PublishOutcome",
    "PublishRefused",
    "StoredVersion",
    "UnknownVersion",
    "UnknownWorkflow",
    "VersionRef",
    "VersionStatus",
    "WorkflowRow",
    "WorkflowStore",
    "WorkflowStoreError",
    "WorkflowSummary",
    "WorkflowVersionRow",
    "blocking_findings",
    "parse_ref",
]

logger = logging.getLogger(__name__)

_SAVE_ATTEMPTS = 5


class WorkflowRow(Base):
    """A workflow: its id and the name and journey of its latest version."""

    __tablename__ = "workflows"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    journey: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class WorkflowVersionRow(Base):
    """One saved version of a workflow, as the designer produced it."""

    __tablename__ = "workflow_versions"
    __table_args__ = (
        sa.UniqueConstraint(
            "workflow_id", "version", name="uq_workflow_versions_version"
        ),
        sa.Index("ix_workflow_versions_status", "status"),
        # The database, not only the store, holds "one published version each".
        sa.Index(
            "uq_workflow_versions_one_published",
            "workflow_id",
            unique=True,
            sqlite_where=sa.text("status = 'published'"),
            postgresql_where=sa.text("status = 'published'"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    workflow_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("workflows.id", ondelete="CASCADE")
    )
    version: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(16))
    definition: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    design: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    source_text: Mapped[str] = mapped_column(sa.Text)
    parent_version: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class WorkflowStore:
    """Saves, reads, lists and publishes workflow versions in one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def save_draft(
        self, result: DesignResult, source_text: str, workflow_id: str | None = None
    ) -> VersionRef:
        """Save `result` as a draft: a new workflow, or the next version of one.

        The store assigns the version number (the highest so far plus one) and
        writes it into the stored workflow's `version`. Two writers that picked the
        same number collide on the unique (workflow_id, version); the loser retries.

        Raises:
            UnknownWorkflow: `workflow_id` is given but does not exist.
        """
        for attempt in range(1, _SAVE_ATTEMPTS):
            try:
                return self._save_draft(result, source_text, workflow_id)
            except sa.exc.IntegrityError:
                logger.info("version taken for %s, retry %d", workflow_id, attempt)
        return self._save_draft(result, source_text, workflow_id)

    def get(self, ref: str) -> StoredVersion:
        """The version `ref` names (`ID`: the latest, `ID@N`: version N)."""
        with self.database.session() as session:
            return _stored(self._version_row(session, ref))

    def list(self) -> list[WorkflowSummary]:
        """Every workflow with its latest version and published version, by id."""
        with self.database.session() as session:
            rows = session.scalars(sa.select(WorkflowRow).order_by(WorkflowRow.id))
            return [self._summary(session, row) for row in rows]

    def publish(self, ref: str) -> PublishOutcome:
        """Publish the version `ref` names, superseding the published one.

        The workflow is linted again here: rules may have changed since the draft.

        Raises:
            PublishRefused: the workflow has lint errors; each is on the exception.
        """
        with self.database.session() as session:
            row = self._version_row(session, ref, for_update=True)
            version_ref = VersionRef(workflow_id=row.workflow_id, version=row.version)
            if row.status == "published":
                return PublishOutcome(ref=version_ref, already_published=True)
            findings = blocking_findings(Workflow.model_validate(row.definition))
            if findings:
                raise PublishRefused(version_ref, findings)

            previous = self._published_row(session, row.workflow_id)
            if previous is not None:
                previous.status = "superseded"
                session.flush()  # before the new row claims the published slot
            row.status, row.published_at = "published", _now()
        logger.info("published %s", version_ref)
        superseded = previous.version if previous is not None else None
        return PublishOutcome(
            ref=version_ref, already_published=False, superseded_version=superseded
        )

    def _save_draft(
        self, result: DesignResult, source_text: str, workflow_id: str | None
    ) -> VersionRef:
        with self.database.session() as session:
            if workflow_id is None:
                row = self._new_workflow(session, result.workflow)
            else:
                # Write first: on SQLite the transaction then holds the write lock
                # before the version number is read (PostgreSQL also locks the row).
                session.execute(
                    sa.update(WorkflowRow)
                    .where(WorkflowRow.id == workflow_id)
                    .values(name=result.workflow.name)
                )
                row = self._workflow_row(session, workflow_id, for_update=True)
            row.name, row.journey = result.workflow.name, result.workflow.journey.value
            latest = self._latest_version(session, row.id)
            version = latest + 1
            session.add(_version_row(row.id, version, latest, result, source_text))
        logger.info("saved draft %s@%d", row.id, version)
        return VersionRef(workflow_id=row.id, version=version)

    def _new_workflow(self, session: Session, workflow: Workflow) -> WorkflowRow:
        slug = slugify(workflow.name).replace("_", "-")
        workflow_id = f"{slug}-{secrets.token_hex(2)}"
        while session.get(WorkflowRow, workflow_id) is not None:
            workflow_id = f"{slug}-{secrets.token_hex(2)}"
        row = WorkflowRow(id=workflow_id, created_at=_now())
        session.add(row)
        return row

    def _workflow_row(
        self, session: Session, workflow_id: str, for_update: bool = False
    ) -> WorkflowRow:
        # Locking the workflow row serializes version numbering and publishing of
        # one workflow on PostgreSQL; SQLite allows one writer anyway.
        query = sa.select(WorkflowRow).where(WorkflowRow.id == workflow_id)
        row = session.scalar(query.with_for_update() if for_update else query)
        if row is None:
            known = session.scalars(sa.select(WorkflowRow.id).order_by(WorkflowRow.id))
            raise UnknownWorkflow(workflow_id, list(known))
        return row

    def _version_row(
        self, session: Session, ref: str, for_update: bool = False
    ) -> WorkflowVersionRow:
        workflow_id, version = parse_ref(ref)
        self._workflow_row(session, workflow_id, for_update)
        if version is None:
            version = self._latest_version(session, workflow_id)
        row = session.scalar(
            sa.select(WorkflowVersionRow).where(
                WorkflowVersionRow.workflow_id == workflow_id,
                WorkflowVersionRow.version == version,
            )
        )
        if row is None:
            raise UnknownVersion(
                workflow_id, version, self._versions(session, workflow_id)
            )
        return row

    def _latest_version(self, session: Session, workflow_id: str) -> int:
        return max(self._versions(session, workflow_id), default=0)

    def _versions(self, session: Session, workflow_id: str) -> list[int]:
        query = sa.select(WorkflowVersionRow.version).order_by(
            WorkflowVersionRow.version
        )
        return list(
            session.scalars(query.where(WorkflowVersionRow.workflow_id == workflow_id))
        )

    def _published_row(
        self, session: Session, workflow_id: str
    ) -> WorkflowVersionRow | None:
        return session.scalar(
            sa.select(WorkflowVersionRow).where(
                WorkflowVersionRow.workflow_id == workflow_id,
                WorkflowVersionRow.status == "published",
            )
        )

    def _summary(self, session: Session, row: WorkflowRow) -> WorkflowSummary:
        latest = self._version_row(session, row.id)
        workflow = Workflow.model_validate(latest.definition)
        published = self._published_row(session, row.id)
        return WorkflowSummary(
            workflow_id=row.id,
            name=row.name,
            journey=row.journey,
            latest_version=latest.version,
            latest_status=latest.status,
            step_count=len(workflow.steps),
            lint_errors=len(blocking_findings(workflow)),
            published_version=published.version if published is not None else None,
        )


def _version_row(
    workflow_id: str, version: int, parent: int, result: DesignResult, source_text: str
) -> WorkflowVersionRow:
    workflow = result.workflow.model_copy(update={"version": version})
    return WorkflowVersionRow(
        workflow_id=workflow_id,
        version=version,
        status="draft",
        definition=workflow.model_dump(mode="json"),
        design=result.model_dump(mode="json", exclude={"workflow"}),
        source_text=source_text,
        parent_version=parent or None,
        created_at=_now(),
    )


def _stored(row: WorkflowVersionRow) -> StoredVersion:
    result = DesignResult.model_validate({**row.design, "workflow": row.definition})
    return StoredVersion(
        ref=VersionRef(workflow_id=row.workflow_id, version=row.version),
        status=row.status,
        result=result,
        source_text=row.source_text,
        parent_version=row.parent_version,
        created_at=_as_utc(row.created_at),
        published_at=_as_utc(row.published_at) if row.published_at else None,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _as_utc(moment: datetime) -> datetime:
    # SQLite returns the naive UTC moment it was given; PostgreSQL an aware one.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
