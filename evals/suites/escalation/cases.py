"""The escalation case: one late step's timeline, and whether to escalate now.

A case names the account's people (team seats and customer contacts), one step
with its SLA and escalation ladder, and what happened to it: sweeps that already
ran (so earlier rungs have fired), pauses while waiting on the customer, and the
manager's decisions (extend the SLA, close the step). At `now` the sweep either
escalates, to the rungs whose time has come and that have not fired yet, or not.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from domain.workflow import Duration
from evals.cases import Case


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Seat(_Strict):
    """A person in a team seat (internal) or a contact role (external)."""

    name: str
    email: str
    time_zone: str | None = None


class Rung(_Strict):
    after: Duration = Field(description="Time past the due time.")
    to_role: str


class Event(_Strict):
    """Something that happened to the step before `now`."""

    at: AwareDatetime
    do: Literal["sweep", "wait_external", "resume", "extend", "close"]
    hours: float | None = Field(default=None, description="For extend.")


class ExpectedEscalation(_Strict):
    escalate: bool
    to_roles: list[str] = Field(
        default_factory=list, description="Roles escalated to now, any order."
    )
    to: list[str] = Field(
        default_factory=list, description="Emails of the people escalated to now."
    )


class EscalationCase(Case):
    """A step run's history and the sweep's expected escalation at `now`."""

    team: dict[str, list[Seat]] = Field(description="Seat (ae, csm, ...) -> people.")
    contacts: dict[str, list[Seat]] = Field(default_factory=dict)
    country: str | None = Field(default=None, description="Holidays; None: none.")
    account_zone: str = "America/New_York"
    owner: str = Field(description="Role id owning the step.")
    sla: Duration
    pauses_when_waiting: bool = False
    ladder: list[Rung]
    started: AwareDatetime
    timeline: list[Event] = Field(default_factory=list)
    now: AwareDatetime
    expected: ExpectedEscalation
