"""The nudge case: one person's owed steps at one instant, and what must go out.

A case is the run state the sweep would hand the nudge stage: the people behind
each role, the account with its internal data (revenue, health, notes, other
accounts: never for external eyes), the current instant, how many messages the
person already had today, and the steps with their marks. Expected facts are what
a correct message keeps; the gates (`evals.suites.nudge.gates`) are the rules no
score can buy back.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from domain.workflow import CustomerAction, Side
from evals.cases import Case


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Strict):
    """Someone behind a role in the run."""

    name: str
    email: str
    side: Side
    time_zone: str | None = Field(description="IANA zone; None: the calendar's.")


class AccountState(_Strict):
    """The account, with the internal data external people must never read."""

    name: str
    arr: Decimal | None = None
    mrr: Decimal | None = None
    health_score: float | None = None
    notes: list[str] = Field(default_factory=list, description="Internal notes.")
    other_accounts: list[str] = Field(default_factory=list)


class OwedStep(_Strict):
    """One step run and the mark that came due for it."""

    step_id: str
    title: str
    owner_role: str
    mark: Literal["assigned", "reminder", "due", "overdue", "unresolved_role"]
    due_at: AwareDatetime | None
    status: Literal["ready", "waiting_external", "done", "cancelled"] = "ready"
    customer_facing: bool = False
    customer_action: CustomerAction | None = None
    required_inputs: list[str] = Field(default_factory=list)
    instructions: str = ""


class ExpectedNudge(_Strict):
    """What a correct outcome keeps; see the gates for how each is checked."""

    recipients: list[str] = Field(
        description="Emails that get a message; empty: nobody is nudged."
    )
    ask: list[str] = Field(
        default_factory=list, description="Keywords of the ask; each must appear."
    )
    link: bool = Field(description="A magic link in the message (customer action).")
    digest: bool = Field(default=False, description="Several items, one message.")
    deferred_until: datetime | None = Field(
        default=None,
        description="Quiet hours or the daily cap: the instant it may go out.",
    )


class NudgeCase(Case):
    """One recipient's owed steps at `now`, and the message a correct stage sends."""

    now: AwareDatetime
    calendar_zone: str = Field(description="The owner's calendar zone (fallback).")
    workflow: str = "Customer onboarding"
    people: dict[str, list[Person]] = Field(description="Role id -> people.")
    account: AccountState
    sent_today: int = Field(default=0, ge=0, description="Messages sent today.")
    steps: list[OwedStep] = Field(min_length=1)
    expected: ExpectedNudge

    def step_titled(self, title: str) -> OwedStep | None:
        return next((s for s in self.steps if s.title == title), None)
