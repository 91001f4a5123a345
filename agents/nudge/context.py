"""What a nudge needs beyond the due item, read for a whole batch at once.

The sweep hands the stage a thousand items in one transaction; reading per item
would cost a thousand round trips. `read_batch_context` reads each workflow version
once, and the internal facts (revenue, health, notes, the other accounts) once per
account that has an external recipient in the batch: those facts exist only to be
kept out of external messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.orm import Session

from domain.due_work import DueWork
from domain.nudge_policy import InternalFacts
from domain.workflow import Side, Workflow
from tools.accounts.book import AccountRow, SubscriptionRow
from tools.accounts.signals import ActivityRow, HealthScoreRow
from tools.workflow_store import WorkflowVersionRow

_NOTES_PER_ACCOUNT = 20


class StepBrief(BaseModel):
    """The step as a nudge explains it: its journey, why it matters, what it needs."""

    workflow_name: str
    instructions: str = ""
    required_inputs: list[str] = []
    why: str


@dataclass
class BatchContext:
    """Steps by (workflow ref, step id) and internal facts by account id."""

    steps: dict[tuple[str, str], StepBrief] = field(default_factory=dict)
    facts: dict[int, InternalFacts] = field(default_factory=dict)

    def step(self, item: DueWork) -> StepBrief:
        fallback = StepBrief(workflow_name="", why=_default_why(item))
        return self.steps.get((item.workflow_ref, item.step_id), fallback)

    def facts_for(self, account_id: int) -> InternalFacts:
        return self.facts.get(account_id, InternalFacts())


def read_batch_context(session: Session, items: Sequence[DueWork]) -> BatchContext:
    """Workflow steps and internal facts for every item of one sweep batch."""
    context = BatchContext()
    refs = {tuple(item.workflow_ref.rsplit("@", 1)) for item in items}
    for workflow_id, version, definition in _versions(session, refs):
        workflow = Workflow.model_validate(definition)
        for step in workflow.steps:
            key = (f"{workflow_id}@{version}", step.id)
            context.steps[key] = _step_brief(workflow, step)
    external = {
        item.account_id
        for item in items
        if any(person.side is Side.external for person in item.recipients)
    }
    if external:
        context.facts = read_internal_facts(session, external)
    return context


def read_internal_facts(
    session: Session, account_ids: set[int]
) -> dict[int, InternalFacts]:
    """Revenue, health, internal notes and the other accounts' names, per account."""
    facts = {account_id: InternalFacts() for account_id in account_ids}
    money = sa.select(
        SubscriptionRow.account_id, SubscriptionRow.arr, SubscriptionRow.mrr
    )
    for account_id, arr, mrr in session.execute(
        money.where(SubscriptionRow.account_id.in_(account_ids))
    ):
        facts[account_id].amounts += [value for value in (arr, mrr) if value]
    health = sa.select(HealthScoreRow.account_id, HealthScoreRow.score)
    for account_id, score in session.execute(
        health.where(HealthScoreRow.account_id.in_(account_ids))
    ):
        facts[account_id].health_score = score
    for account_id in account_ids:
        facts[account_id].notes = _notes(session, account_id)
    names = session.execute(sa.select(AccountRow.id, AccountRow.name)).all()
    for account_id, account_facts in facts.items():
        account_facts.other_accounts = [n for i, n in names if i != account_id]
    return facts


def _notes(session: Session, account_id: int) -> list[str]:
    query = (
        sa.select(ActivityRow.body)
        .where(ActivityRow.account_id == account_id, ActivityRow.kind == "note")
        .order_by(ActivityRow.occurred_at.desc())
        .limit(_NOTES_PER_ACCOUNT)
    )
    return [body for body in session.scalars(query) if body]


def _versions(session: Session, refs: set[tuple[str, ...]]):
    if not refs:
        return []
    wanted = sa.tuple_(WorkflowVersionRow.workflow_id, WorkflowVersionRow.version)
    pairs = [(workflow_id, int(version)) for workflow_id, version in refs]
    query = sa.select(
        WorkflowVersionRow.workflow_id,
        WorkflowVersionRow.version,
        WorkflowVersionRow.definition,
    ).where(wanted.in_(pairs))
    return session.execute(query).all()


def _step_brief(workflow: Workflow, step) -> StepBrief:
    """Why it matters: what waits on it, else what it carries, else the journey."""
    waiting = [s.title for s in workflow.steps if step.id in s.depends_on]
    if waiting:
        why = f"{' and '.join(waiting[:2])} cannot start until it is done"
    elif step.handoff and step.handoff.context:
        why = "it carries " + ", ".join(step.handoff.context) + " to the next owner"
    else:
        why = f"it completes {workflow.name.lower()}"
    return StepBrief(
        workflow_name=workflow.name,
        instructions=step.instructions,
        required_inputs=list(step.required_inputs),
        why=why,
    )


def _default_why(item: DueWork) -> str:
    return f"it keeps {item.account_name}'s journey on schedule"
