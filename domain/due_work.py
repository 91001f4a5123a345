"""Due work: what the sweep hands the nudge and escalation stage.

The sweep (`tools.runs.sweep`) turns every mark that has come due into one
`DueWork` item and passes the whole set, at once, to a `DueWorkStage`. The stage
decides what to draft and for whom: a reminder to the owner, an escalation up the
ladder, a finding to the CS manager. Items carry what a nudge needs without another
read of the run tables; account context (ARR, health, notes) is the stage's to fetch,
and it alone knows which of it an external recipient may see.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from domain.run_marks import MarkKind
from domain.runs import Assignee
from domain.workflow import CustomerAction

DueKind = MarkKind
"""assigned, unresolved_role, reminder, due, overdue or escalation."""


class DueWork(BaseModel):
    """One mark of one step run that came due: who should hear what, and why."""

    model_config = ConfigDict(frozen=True)

    kind: DueKind
    mark: str = Field(description="The mark's key, e.g. 'reminder_half'.")
    mark_at: datetime = Field(description="When the mark came due (UTC).")
    run_id: str
    step_run_id: str
    step_id: str
    step_title: str
    workflow_ref: str = Field(description="ID@VERSION of the running workflow.")
    account_id: int
    account_name: str
    owner_role: str | None
    owners: list[Assignee] = Field(
        description="The people who owe the step; empty when the role is unfilled."
    )
    recipient_role: str | None = Field(
        description="Role that hears about it: the owner role, a ladder rung's "
        "role, or cs_manager for an unfilled role."
    )
    recipients: list[Assignee] = Field(
        description="Who to nudge or escalate to; empty when nobody fills "
        "recipient_role (the stage must route it to a human inbox)."
    )
    due_at: datetime | None = Field(description="Step due time (UTC), if any.")
    time_zone: str = Field(description="The owner's calendar time zone.")
    customer_facing: bool
    customer_action: CustomerAction | None = None
    reason: str = Field(description="One sentence: why this is due now.")

    @property
    def work_key(self) -> str:
        """Stable key of this item: the same mark of the same step run never repeats."""
        return f"{self.step_run_id}:{self.mark}"
