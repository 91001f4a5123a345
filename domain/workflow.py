"""The handoff contract: a customer journey as a workflow csops can run.

A workflow names who owns every step, who is on both sides of every handoff, how
long each step may take (its SLA, in business or calendar time) and who hears about
it when the clock runs out (the escalation ladder). Each owner, SLA, escalation rung,
handoff and the trigger records its provenance: `stated` when it was read from the
journey description, `assumed` when csops filled it in from a journey template.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Provenance = Literal["stated", "assumed"]

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        max_length=64,
        description="Lower-case snake_case identifier, unique within the workflow.",
    ),
]


class JourneyKind(StrEnum):
    """The customer journey a workflow implements."""

    onboarding = "onboarding"
    handoff = "handoff"
    renewal = "renewal"
    escalation = "escalation"
    expansion = "expansion"
    adoption = "adoption"
    qbr = "qbr"
    nps_followup = "nps_followup"
    offboarding = "offboarding"
    custom = "custom"


class TriggerKind(StrEnum):
    """The account event that starts a run of the workflow."""

    closed_won = "closed_won"
    renewal_due = "renewal_due"
    health_below = "health_below"
    usage_threshold = "usage_threshold"
    ticket_priority = "ticket_priority"
    nps_detractor = "nps_detractor"
    schedule = "schedule"
    manual = "manual"


class Side(StrEnum):
    """Whether a role sits inside the vendor or with the customer / a partner."""

    internal = "internal"
    external = "external"


class Team(StrEnum):
    sales = "sales"
    cs = "cs"
    support = "support"
    product = "product"
    finance = "finance"
    legal = "legal"
    implementation = "implementation"
    customer = "customer"
    partner = "partner"
    exec = "exec"


class StepKind(StrEnum):
    task = "task"
    data_request = "data_request"
    approval = "approval"
    meeting = "meeting"
    notification = "notification"
    review = "review"


class CustomerAction(StrEnum):
    """The one action an external person takes through a magic link."""

    submit_data = "submit_data"
    approve = "approve"
    confirm_date = "confirm_date"
    upload = "upload"
    acknowledge = "acknowledge"


class CompletionRule(StrEnum):
    any = "any"
    all = "all"


class DurationUnit(StrEnum):
    minutes = "minutes"
    hours = "hours"
    days = "days"
    weeks = "weeks"


_MINUTES_PER_UNIT = {"minutes": 1, "hours": 60, "days": 24 * 60, "weeks": 7 * 24 * 60}
# A business day is one working day of the owner's calendar; as a length of working
# time it counts 8 hours (used to compare business and calendar SLAs).
_BUSINESS_MINUTES_PER_UNIT = {
    "minutes": 1,
    "hours": 60,
    "days": 8 * 60,
    "weeks": 40 * 60,
}


class Duration(BaseModel):
    """A length of time, in business (working) time or calendar time."""

    model_config = ConfigDict(frozen=True)

    amount: float = Field(gt=0, description="How many units, e.g. 2 for 2 days.")
    unit: DurationUnit
    business: bool = Field(
        description="True: counted on the owner's business calendar (working hours, "
        "no weekends or holidays). False: wall-clock time."
    )

    @property
    def working_minutes(self) -> float:
        """Length in minutes, business units counting working time only."""
        table = _BUSINESS_MINUTES_PER_UNIT if self.business else _MINUTES_PER_UNIT
        return self.amount * table[self.unit]

    def __str__(self) -> str:
        amount = f"{self.amount:g}"
        unit = self.unit.value if self.amount != 1 else self.unit.value[:-1]
        return f"{amount} {'business ' if self.business else ''}{unit}"


class SlaAnchor(StrEnum):
    """What the SLA clock counts from."""

    step_ready = "step_ready"
    run_start = "run_start"
    before_renewal = "before_renewal"


class SLA(BaseModel):
    """How long the owner has to finish a step."""

    duration: Duration
    anchor: SlaAnchor = Field(
        default=SlaAnchor.step_ready,
        description="step_ready: from when the step's dependencies are done; "
        "run_start: 'by day 30' of the run; before_renewal: due that long before "
        "the renewal date.",
    )
    pauses_when_waiting_external: bool = Field(
        default=False,
        description="The clock stops while the step waits on the customer or partner.",
    )
    provenance: Provenance = "assumed"


class EscalationRung(BaseModel):
    """One rung of an escalation ladder: how long past due, and to whom."""

    after: Duration = Field(description="Time past the due time before this rung.")
    to_role: Identifier = Field(description="Role id that receives the escalation.")
    provenance: Provenance = "assumed"


class Handoff(BaseModel):
    """A transfer of responsibility between two roles at a step."""

    from_role: Identifier | None = Field(description="Role id handing off.")
    to_role: Identifier | None = Field(description="Role id taking over.")
    context: list[str] = Field(
        default_factory=list,
        description="What travels with the handoff, e.g. 'deal terms'.",
    )
    provenance: Provenance = "assumed"


class Role(BaseModel):
    """A participant in the workflow, resolved to a person when a run starts."""

    id: Identifier
    name: str = Field(min_length=1, max_length=80)
    side: Side
    team: Team


class Step(BaseModel):
    """One unit of work with an owner, a clock and an escalation path."""

    id: Identifier
    title: str = Field(min_length=1, max_length=200)
    instructions: str = Field(default="", max_length=2000)
    owner: Identifier | None = Field(description="Role id that owns the step.")
    owner_provenance: Provenance = "assumed"
    kind: StepKind = StepKind.task
    depends_on: list[Identifier] = Field(default_factory=list)
    required_inputs: list[str] = Field(
        default_factory=list, description="What must arrive with the step."
    )
    sla: SLA | None = None
    escalation: list[EscalationRung] = Field(
        default_factory=list, description="Ordered ladder, earliest rung first."
    )
    handoff: Handoff | None = None
    customer_facing: bool = Field(
        default=False,
        description="Answered by an external person through a one-action link.",
    )
    customer_action: CustomerAction | None = Field(
        default=None, description="The single action, when customer_facing."
    )
    recurrence: (
        Literal["daily", "weekly", "biweekly", "monthly", "quarterly"] | None
    ) = None
    completion: CompletionRule = CompletionRule.any
    source_text: str = Field(
        default="", description="The words of the description this step came from."
    )


class Trigger(BaseModel):
    """The account event that starts a run."""

    kind: TriggerKind
    days_before: int | None = Field(
        default=None, ge=0, description="renewal_due: days before the renewal date."
    )
    threshold: float | None = Field(
        default=None, description="health_below / usage_threshold: the level."
    )
    priority: str | None = Field(default=None, description="ticket_priority: e.g. P1.")
    schedule: str | None = Field(default=None, description="schedule: e.g. quarterly.")
    provenance: Provenance = "assumed"


class Workflow(BaseModel):
    """A customer journey as a runnable, versioned workflow."""

    name: str = Field(min_length=1, max_length=120)
    journey: JourneyKind
    trigger: Trigger | None
    roles: list[Role]
    steps: list[Step]
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Workflow:
        for label, ids in (
            ("role", [r.id for r in self.roles]),
            ("step", [s.id for s in self.steps]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {label} id(s): {', '.join(dupes)}")
        return self

    def role(self, role_id: str | None) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


def slugify(text: str, max_length: int = 40) -> str:
    """A snake_case identifier from free text ('Kick-off call' -> 'kick_off_call')."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:max_length].strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"s_{slug}".strip("_")
    return slug
