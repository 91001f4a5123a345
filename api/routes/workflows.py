"""Saved workflows: list, show a version, its history, compare two, publish.

Refs are `ID` (the latest version) or `ID@VERSION`, as on the command line.
Designing new versions lives in `api/routes/designs.py`.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import App, Caller, Ops
from domain.design import DesignResult
from domain.diff import WorkflowDiff, diff_workflows
from domain.lint import lint_workflow
from domain.mermaid import workflow_mermaid
from tools.workflow_store import (
    PublishOutcome,
    StoredVersion,
    UnknownWorkflow,
    VersionStatus,
    WorkflowSummary,
)

router = APIRouter(prefix="/workflows", tags=["workflows"])


class VersionDocument(BaseModel):
    """One saved version: its place in the history, the design and its diagram."""

    ref: str
    status: VersionStatus
    source_text: str
    parent_version: int | None
    created_at: datetime
    published_at: datetime | None
    result: DesignResult
    mermaid: str


class VersionLine(BaseModel):
    """One entry of a workflow's history."""

    ref: str
    version: int
    status: VersionStatus
    created_at: datetime
    published_at: datetime | None
    step_count: int
    lint_errors: int


class DiffDocument(BaseModel):
    """What changed from `old` to `new`, structured and as reviewer lines."""

    old: str
    new: str
    diff: WorkflowDiff
    lines: list[str]


@router.get("", response_model=list[WorkflowSummary])
def list_workflows(app: App, principal: Caller) -> list[WorkflowSummary]:
    """Every workflow with its latest and published versions."""
    return app.store.list()


@router.get("/diff", response_model=DiffDocument)
def diff(old: str, new: str, app: App, principal: Caller) -> DiffDocument:
    """What changed from version `old` to version `new`."""
    old_version, new_version = app.store.get(old), app.store.get(new)
    changes = diff_workflows(old_version.workflow, new_version.workflow)
    return DiffDocument(
        old=str(old_version.ref),
        new=str(new_version.ref),
        diff=changes,
        lines=changes.lines(),
    )


@router.get("/{ref}", response_model=VersionDocument)
def show(ref: str, app: App, principal: Caller) -> VersionDocument:
    """One version, linted again as publish would, with its Mermaid diagram."""
    return version_document(app.store.get(ref))


@router.get("/{workflow_id}/versions", response_model=list[VersionLine])
def versions(workflow_id: str, app: App, principal: Caller) -> list[VersionLine]:
    """Every version of one workflow, oldest first."""
    summary = next((s for s in app.store.list() if s.workflow_id == workflow_id), None)
    if summary is None:
        raise UnknownWorkflow(workflow_id, [])
    stored = [
        app.store.get(f"{workflow_id}@{number}")
        for number in range(1, summary.latest_version + 1)
    ]
    return [_version_line(version) for version in stored]


@router.post("/{ref}/publish", response_model=PublishOutcome)
def publish(ref: str, app: App, principal: Ops) -> PublishOutcome:
    """Publish a version; it supersedes the published one. 409 with lint findings."""
    return app.store.publish(ref)


def version_document(stored: StoredVersion) -> VersionDocument:
    """The API shape of a stored version, with lint recomputed."""
    findings = lint_workflow(stored.workflow)
    result = stored.result.model_copy(update={"lint": findings})
    return VersionDocument(
        ref=str(stored.ref),
        status=stored.status,
        source_text=stored.source_text,
        parent_version=stored.parent_version,
        created_at=stored.created_at,
        published_at=stored.published_at,
        result=result,
        mermaid=workflow_mermaid(stored.workflow),
    )


def _version_line(stored: StoredVersion) -> VersionLine:
    findings = lint_workflow(stored.workflow)
    return VersionLine(
        ref=str(stored.ref),
        version=stored.ref.version,
        status=stored.status,
        created_at=stored.created_at,
        published_at=stored.published_at,
        step_count=len(stored.workflow.steps),
        lint_errors=sum(1 for finding in findings if finding.severity == "error"),
    )
