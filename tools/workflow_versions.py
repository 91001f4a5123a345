"""What the workflow store hands out and raises: refs, versions, summaries, errors.

Refs name a version: `ID` is the latest, `ID@3` is version 3 of workflow `ID`.
`blocking_findings` is the publish gate: the lint errors a version must not have.

Errors::

    WorkflowStoreError
    ├── InvalidRef        the ref is not `ID` or `ID@N`
    ├── UnknownWorkflow   no such workflow id (lists the known ids)
    │   └── UnknownVersion  the workflow has no such version (lists its versions)
    └── PublishRefused    the version has lint errors (carries each finding)
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from domain.design import DesignResult, LintFinding
from domain.lint import lint_workflow
from domain.workflow import Workflow

VersionStatus = Literal["draft", "published", "superseded"]
_REF = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)(?:@(?P<version>[1-9][0-9]*))?$")


class WorkflowStoreError(Exception):
    """Base of the store's errors; each message names the fix."""


class InvalidRef(WorkflowStoreError, ValueError):
    """A workflow ref is neither `ID` nor `ID@N`."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(
            f"invalid workflow ref {ref!r}: use ID or ID@VERSION, "
            "e.g. customer-onboarding-3f2a@2"
        )


class UnknownWorkflow(WorkflowStoreError, LookupError):
    """No workflow has the id; `known_ids` lists those that exist."""

    def __init__(
        self, workflow_id: str, known_ids: list[str], message: str | None = None
    ) -> None:
        self.workflow_id = workflow_id
        self.known_ids = known_ids
        super().__init__(
            message
            or f"unknown workflow {workflow_id!r}; known ids: {_known(known_ids)}"
        )


class UnknownVersion(UnknownWorkflow):
    """The workflow exists but has no such version; `versions` lists its versions.

    A subclass of `UnknownWorkflow`: either way the ref names nothing stored.
    """

    def __init__(self, workflow_id: str, version: int, versions: list[int]) -> None:
        self.version = version
        self.versions = versions
        listed = ", ".join(str(v) for v in versions)
        message = (
            f"workflow {workflow_id!r} has no version {version}; versions: {listed}"
        )
        super().__init__(workflow_id, [workflow_id], message)


class PublishRefused(WorkflowStoreError):
    """The version breaks lint rules of severity error; `findings` holds them."""

    def __init__(self, ref: VersionRef, findings: list[LintFinding]) -> None:
        self.ref = ref
        self.findings = findings
        count = f"{len(findings)} lint error{'s' if len(findings) != 1 else ''}"
        super().__init__(
            f"cannot publish {ref}: {count}; fix them and save a new draft"
        )

    def finding_lines(self) -> list[str]:
        """One line per blocking finding: rule, step, message and fix."""
        return [
            f"{f.rule} (step {f.step_id or '-'}): {f.message}; fix: {f.fix}"
            for f in self.findings
        ]


class VersionRef(BaseModel, frozen=True):
    """One version of one workflow, written `ID@VERSION`."""

    workflow_id: str
    version: int

    def __str__(self) -> str:
        return f"{self.workflow_id}@{self.version}"


class StoredVersion(BaseModel):
    """A saved version: the design result plus its place in the history."""

    ref: VersionRef
    status: VersionStatus
    result: DesignResult
    source_text: str
    parent_version: int | None
    created_at: datetime
    published_at: datetime | None

    @property
    def workflow(self) -> Workflow:
        return self.result.workflow


class WorkflowSummary(BaseModel):
    """One line of the workflow list: the latest version and the published one."""

    workflow_id: str
    name: str
    journey: str
    latest_version: int
    latest_status: VersionStatus
    step_count: int
    lint_errors: int
    published_version: int | None


class PublishOutcome(BaseModel):
    """What `publish` did: published, or nothing because it already was."""

    ref: VersionRef
    already_published: bool
    superseded_version: int | None = None

    def describe(self) -> str:
        if self.already_published:
            return f"{self.ref} is already published; nothing changed"
        if self.superseded_version is None:
            return f"published {self.ref}"
        return f"published {self.ref}; version {self.superseded_version} superseded"


def parse_ref(ref: str) -> tuple[str, int | None]:
    """Split `ID` or `ID@N` into the id and the version (None: latest)."""
    match = _REF.match(ref.strip())
    if match is None:
        raise InvalidRef(ref)
    version = match["version"]
    return match["id"], int(version) if version else None


def blocking_findings(workflow: Workflow) -> list[LintFinding]:
    """The lint findings of severity error that keep the workflow from publishing."""
    return [f for f in lint_workflow(workflow) if f.severity == "error"]


def _known(known_ids: list[str], shown: int = 10) -> str:
    if not known_ids:
        return "none yet (save one with `csops design --save`)"
    listed = ", ".join(known_ids[:shown])
    hidden = len(known_ids) - shown
    return f"{listed} and {hidden} more" if hidden > 0 else listed
