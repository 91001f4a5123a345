"""What a magic link asks of its holder, read from the step run it names.

The page shows the step's title and the ask (never the workflow's instructions), the
account and who asks; the POST goes through `tools.runs_links.take_step_action`, so
the run moves on exactly as it does when a colleague completes a step.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from agents.nudge.customer_view import customer_step_text
from domain.runs import ACTIVE_STEP_STATUSES
from domain.workflow import CustomerAction, Workflow
from tools.accounts.book import AccountRow
from tools.db import Database
from tools.magic_links import LinkClaim
from tools.runs.tables import RunRow, StepRunRow
from tools.workflow_store import WorkflowVersionRow

ACTION_WORDS: dict[CustomerAction, tuple[str, str]] = {
    CustomerAction.approve: ("Approve", "Approve"),
    CustomerAction.acknowledge: ("Acknowledge", "I have read this"),
    CustomerAction.confirm_date: ("Confirm a date", "Confirm this date"),
    CustomerAction.submit_data: ("Send the requested details", "Send"),
    CustomerAction.upload: ("Send the requested files", "Confirm sent"),
}
"""Per action: the page heading and the confirm button's label."""


class StepGone(LookupError):
    """The step run behind a valid link no longer exists (the run was deleted)."""


@dataclass(frozen=True)
class LinkedStep:
    """The step a link's holder is asked to complete."""

    step_run_id: str
    run_id: str
    step_id: str
    title: str
    instructions: str
    required_inputs: list[str]
    account_name: str
    status: str

    @property
    def open(self) -> bool:
        """Whether the step still waits for someone to complete it."""
        return self.status in ACTIVE_STEP_STATUSES


def linked_step(database: Database, claim: LinkClaim) -> LinkedStep:
    """The step run `claim` names, with its words from the workflow version."""
    with database.session() as session:
        row = session.get(StepRunRow, claim.step_run_id)
        if row is None:
            raise StepGone(claim.step_run_id)
        run = session.get(RunRow, row.run_id)
        account = session.get(AccountRow, run.account_id)
        version = session.scalars(
            sa.select(WorkflowVersionRow).where(
                WorkflowVersionRow.workflow_id == run.workflow_id,
                WorkflowVersionRow.version == run.workflow_version,
            )
        ).one()
        step = Workflow.model_validate(version.definition).step(row.step_id)
        return LinkedStep(
            step_run_id=row.id,
            run_id=row.run_id,
            step_id=row.step_id,
            title=row.title,
            # The customer reads the ask, never the workflow's internal wording.
            instructions=customer_step_text(step) if step else "",
            required_inputs=list(step.required_inputs) if step else [],
            account_name=account.name if account else "",
            status=row.status,
        )
