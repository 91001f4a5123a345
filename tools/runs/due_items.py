"""Due work from stored rows: who hears about a mark, and the sentence saying why.

Recipients by kind: the owners hear `assigned`, reminders, `due` and `overdue`; a
ladder rung's role hears its `escalation`; the CS manager hears `unresolved_role`.
When the role meant to hear has nobody behind it, the CS manager hears instead
(the finding was recorded when the run started); when there is no CS manager
either, the item has no recipients and the nudge stage puts it in the inbox as a
finding for ops (`agents.nudge.offline.draft_unrouted`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.due_work import DueWork
from domain.run_marks import Mark, MarkKind
from domain.runs import FINDINGS_ROLE, Assignee
from domain.workflow import CustomerAction
from tools.accounts.book import AccountRow
from tools.runs.tables import RunRow, as_utc

_WHY = {
    MarkKind.assigned: "{title} is now yours; {due}",
    MarkKind.unresolved_role: "{title} has no owner: nobody fills role {role}; "
    "assign someone. {due}",
    MarkKind.reminder: "reminder: {title} is {due}",
    MarkKind.due: "{title} is due now ({due})",
    MarkKind.overdue: "{title} is overdue ({due})",
    MarkKind.escalation: "escalation {rung}: {title} is past due ({due})",
}


@dataclass(frozen=True)
class RunFacts:
    """What every item of one run shares; read once per run, not once per step."""

    run_id: str
    workflow_ref: str
    account_id: int
    account_name: str
    people: dict[str, list[Assignee]]

    def of(self, role_id: str | None) -> list[Assignee]:
        return self.people.get(role_id or "", [])


def run_facts(session: Session, run_ids: Collection[str]) -> dict[str, RunFacts]:
    """RunFacts of each run id, with its account's name, in one query."""
    query = (
        sa.select(RunRow, AccountRow.name)
        .join(AccountRow, AccountRow.id == RunRow.account_id)
        .where(RunRow.id.in_(run_ids))
    )
    return {
        run.id: RunFacts(
            run_id=run.id,
            workflow_ref=run.workflow_ref,
            account_id=run.account_id,
            account_name=name,
            people={
                role: [Assignee.model_validate(person) for person in people]
                for role, people in run.roles.items()
            },
        )
        for run, name in session.execute(query)
    }


def due_items(step_run: Any, run: RunFacts, marks: Sequence[Mark]) -> list[DueWork]:
    """One DueWork per mark acted on; `step_run` has the step_runs columns."""
    return [_item(step_run, run, mark) for mark in marks]


def _item(step_run: Any, run: RunFacts, mark: Mark) -> DueWork:
    role, recipients = _recipients(run, step_run.owner_role, mark)
    due, zone = as_utc(step_run.due_at), step_run.time_zone or "UTC"
    action = step_run.customer_action
    # Built unvalidated: every field comes from rows csops wrote itself, and the
    # sweep builds a thousand items per batch (validation would double its cost).
    return DueWork.model_construct(
        kind=mark.kind,
        mark=mark.key,
        mark_at=mark.at,
        run_id=run.run_id,
        step_run_id=step_run.id,
        step_id=step_run.step_id,
        step_title=step_run.title,
        workflow_ref=run.workflow_ref,
        account_id=run.account_id,
        account_name=run.account_name,
        owner_role=step_run.owner_role,
        owners=run.of(step_run.owner_role),
        recipient_role=role,
        recipients=recipients,
        due_at=due,
        time_zone=zone,
        customer_facing=step_run.customer_facing,
        customer_action=CustomerAction(action) if action else None,
        reason=_reason(step_run, mark, due, zone),
    )


def _recipients(
    run: RunFacts, owner_role: str | None, mark: Mark
) -> tuple[str | None, list[Assignee]]:
    if mark.kind is MarkKind.unresolved_role:
        role, people = FINDINGS_ROLE, []
    elif mark.kind is MarkKind.escalation:
        role, people = mark.to_role, run.of(mark.to_role)
    else:
        role, people = owner_role, run.of(owner_role)
    if people:
        return role, people
    return FINDINGS_ROLE, run.of(FINDINGS_ROLE)


def _reason(step_run: Any, mark: Mark, due: datetime | None, zone: str) -> str:
    if due is None:
        when = "no due time"
    else:
        when = f"due {due.astimezone(ZoneInfo(zone)):%a %d %b %H:%M %Z}"
    rung = mark.key.rpartition("_")[2]
    return _WHY[mark.kind].format(
        title=step_run.title, due=when, role=step_run.owner_role, rung=rung
    )
