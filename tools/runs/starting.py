"""Starting a run: a published workflow version, one account, its people resolved.

`start_run` is the by-hand path (`csops run start`); `start_run_in` is the shared
core the trigger sweep calls inside its own transaction, so that recording a
trigger occurrence and starting its run commit together or not at all.

Only a published version runs: a draft has not passed the publish gate (lint), and
a run must point at a version that will not change under it.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.orm import Session

from domain.accounts import Account
from domain.runs import (
    FALLBACK_ROLES,
    FINDINGS_ROLE,
    EventKind,
    RoleResolution,
    RunRuleError,
    RunStatus,
    StepStatus,
    resolve_roles,
)
from domain.workflow import Workflow
from tools.accounts.repository import find_account, get_account_team, get_contacts
from tools.db import Database
from tools.runs.clocks import NO_DEFAULTS, RunContext, RunDefaults, make_ready
from tools.runs.events import record_event
from tools.runs.tables import RunRow, StepRunRow
from tools.workflow_store import WorkflowStore, WorkflowVersionRow, parse_ref

logger = logging.getLogger(__name__)


class WorkflowNotPublished(LookupError):
    """The workflow exists, but the version asked for is not the published one."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(
            f"{ref} is not published, and only a published version runs; "
            f"publish it with `csops workflows publish {ref}`"
        )


class RunAlreadyOpen(RunRuleError):
    """A manual start of a workflow the account already has an open run of."""

    def __init__(self, workflow_id: str, account: str, run_id: str) -> None:
        self.workflow_id, self.account, self.run_id = workflow_id, account, run_id
        super().__init__(
            f"a run of {workflow_id} is already open for {account}: {run_id}; "
            "continue that one, or start another with --force (API: force: true)"
        )


class StartedRun(BaseModel):
    """What starting a run did: its id, the ready steps and the unfilled roles."""

    run_id: str
    workflow_ref: str
    account_id: int
    account_name: str
    ready_steps: list[str]
    unresolved_roles: dict[str, str]


def start_run(
    database: Database,
    workflow_ref: str,
    account_key: str,
    *,
    by: str,
    now: datetime,
    defaults: RunDefaults = NO_DEFAULTS,
    force: bool = False,
) -> StartedRun:
    """Start the published version of `workflow_ref` for an account.

    Args:
        workflow_ref: `ID` (its published version) or `ID@N` (must be published).
        account_key: Store id, source id or exact name of the account.
        by: Who starts it, recorded on the run and its first event.
        force: Start even when the account has an open run of this workflow.

    Raises:
        UnknownWorkflow / UnknownVersion: the ref names nothing stored.
        WorkflowNotPublished: the version is a draft or superseded.
        AccountNotFoundError: no such account (with the nearest names).
        RunAlreadyOpen: an open run exists and `force` is not set.
    """
    with database.session() as session:
        workflow_id, version, workflow = published_version(
            database, session, workflow_ref
        )
        account = find_account(session, account_key)
        if not force:
            _refuse_duplicate(session, workflow_id, account)
        return start_run_in(
            session,
            workflow_id,
            version,
            workflow,
            account,
            by=by,
            now=now,
            defaults=defaults,
        )


def _refuse_duplicate(session: Session, workflow_id: str, account: Account) -> None:
    query = sa.select(RunRow.id).where(
        RunRow.workflow_id == workflow_id,
        RunRow.account_id == account.id,
        RunRow.status == RunStatus.open.value,
    )
    run_id = session.scalar(query.order_by(RunRow.started_at).limit(1))
    if run_id is not None:
        raise RunAlreadyOpen(workflow_id, account.name, run_id)


def published_version(
    database: Database, session: Session, ref: str
) -> tuple[str, int, Workflow]:
    """The published version `ref` names, as (workflow id, version, workflow)."""
    workflow_id, version = parse_ref(ref)
    query = sa.select(WorkflowVersionRow).where(
        WorkflowVersionRow.workflow_id == workflow_id,
        WorkflowVersionRow.status == "published",
    )
    if version is not None:
        query = query.where(WorkflowVersionRow.version == version)
    row = session.scalar(query)
    if row is None:
        stored = WorkflowStore(database).get(ref)  # raises when nothing is stored
        raise WorkflowNotPublished(str(stored.ref))
    return workflow_id, row.version, Workflow.model_validate(row.definition)


def start_run_in(
    session: Session,
    workflow_id: str,
    version: int,
    workflow: Workflow,
    account: Account,
    *,
    by: str,
    now: datetime,
    defaults: RunDefaults,
) -> StartedRun:
    """Start a run in the caller's transaction; see `start_run`."""
    resolution = _resolve(session, workflow, account)
    run = RunRow(
        id=f"run_{secrets.token_hex(6)}",
        workflow_id=workflow_id,
        workflow_version=version,
        account_id=account.id,
        status=RunStatus.open.value,
        started_at=now.astimezone(UTC),
        started_by=by,
        roles={
            role: [person.model_dump(mode="json") for person in people]
            for role, people in resolution.assignments.items()
        },
    )
    session.add(run)
    rows = [_step_row(run.id, step) for step in workflow.steps]
    session.add_all(rows)
    session.flush()

    reason = f"{workflow.name} started for {account.name} by {by}"
    record_event(
        session,
        run.id,
        EventKind.run_started,
        at=now,
        actor=by,
        reason=reason,
        data={"workflow_ref": run.workflow_ref},
    )
    _record_roles(session, run, workflow, resolution, now, by)
    context = RunContext(run=run, workflow=workflow, account=account, defaults=defaults)
    ready = [row for row in rows if not row.depends_on]
    for row in ready:
        make_ready(session, context, row, now, by)
    logger.info("started %s of %s for account %s", run.id, run.workflow_ref, account.id)
    return StartedRun(
        run_id=run.id,
        workflow_ref=run.workflow_ref,
        account_id=account.id,
        account_name=account.name,
        ready_steps=[row.step_id for row in ready],
        unresolved_roles=_used(resolution.unresolved, workflow),
    )


def _resolve(session: Session, workflow: Workflow, account: Account) -> RoleResolution:
    role_ids = [role.id for role in workflow.roles]
    role_ids += [step.owner for step in workflow.steps if step.owner]
    role_ids += [rung.to_role for step in workflow.steps for rung in step.escalation]
    team = get_account_team(session, account.id)
    contacts = get_contacts(session, account.id)
    return resolve_roles([*role_ids, FINDINGS_ROLE], team, contacts)


def _used(unresolved: dict[str, str], workflow: Workflow) -> dict[str, str]:
    """Unfilled roles the workflow names (the findings role is added by csops)."""
    named = {role.id for role in workflow.roles}
    named |= {step.owner for step in workflow.steps if step.owner}
    named |= {rung.to_role for step in workflow.steps for rung in step.escalation}
    return {role: why for role, why in unresolved.items() if role in named}


def _record_roles(
    session: Session,
    run: RunRow,
    workflow: Workflow,
    resolution: RoleResolution,
    now: datetime,
    by: str,
) -> None:
    """One event per role: who fills it, or the finding routed to the CS manager."""
    managers = [p["name"] for p in run.roles.get(FINDINGS_ROLE, [])]
    unfilled = _used(resolution.unresolved, workflow)
    for role_id, people in resolution.assignments.items():
        if role_id in unfilled:
            routed = ", ".join(managers) or "nobody (no CS manager either)"
            reason = (
                f"role {role_id} is unfilled: {unfilled[role_id]}; sent to {routed}"
            )
            data = {"role_id": role_id, "routed_to": managers}
            kind = EventKind.role_unresolved
        elif people:
            names = ", ".join(f"{p.name} ({p.source})" for p in people)
            reason, data = f"role {role_id} -> {names}", {"role_id": role_id}
            kind = EventKind.role_resolved
        else:
            continue
        record_event(session, run.id, kind, at=now, actor=by, reason=reason, data=data)
        if people and role_id in FALLBACK_ROLES:
            _record_fallback(session, run.id, role_id, people, now, by)


def _record_fallback(session, run_id, role_id, people, now, by) -> None:
    """A finding: the role has no seat of its own, so the SE or CSM stands in."""
    seat = people[0].source.partition(":")[2]
    names = ", ".join(p.name for p in people)
    reason = (
        f"finding: role {role_id} has no seat on the account team; filled by the "
        f"{seat.upper()} ({names}); change it with `csops run assign RUN "
        f"{role_id} EMAIL`"
    )
    data = {"role_id": role_id, "fallback": people[0].source}
    kind = EventKind.role_fallback
    record_event(session, run_id, kind, at=now, actor=by, reason=reason, data=data)


def _step_row(run_id: str, step) -> StepRunRow:
    return StepRunRow(
        id=f"sr_{secrets.token_hex(8)}",
        run_id=run_id,
        step_id=step.id,
        title=step.title,
        owner_role=step.owner,
        status=StepStatus.pending.value,
        completion=step.completion.value,
        depends_on=list(step.depends_on),
        customer_facing=step.customer_facing,
        customer_action=step.customer_action.value if step.customer_action else None,
        marks=[],
        fired=[],
        pauses=[],
        completions=[],
        revision=0,
    )
