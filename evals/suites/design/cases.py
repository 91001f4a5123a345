"""The design case: a journey description and the facts it states.

Expected facts are what the description states, nothing more. A field left `None`
(no owner, no SLA, no trigger, no handoff) means "the description does not state
it": the engine may fill it in, but must mark it `assumed`. Owners and escalation
targets are canonical CS role ids (see `evals.suites.design.roles`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.workflow import Duration, JourneyKind, TriggerKind
from evals.cases import Case
from evals.suites.design.roles import CANONICAL_ROLES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExpectedHandoff(_Strict):
    """Responsibility moving between two canonical roles at a step."""

    from_role: str = Field(alias="from")
    to_role: str = Field(alias="to")


class ExpectedStep(_Strict):
    """A step the description asks for, recognised by its keywords."""

    name: str = Field(description="A human name for the report.")
    keywords: list[str] = Field(
        min_length=1,
        description="Synonyms; any one matching the start of a word in the step's "
        "title or source text recognises the step.",
    )
    owner: str | list[str] | None = Field(
        description="Canonical owner role, or several acceptable ones; None: not "
        "stated."
    )
    sla: Duration | list[Duration] | None = Field(
        description="The stated SLA; a list when the description gives conflicting "
        "ones (any is accepted); None: not stated."
    )
    escalation: list[str] = Field(
        default_factory=list, description="Stated escalation targets."
    )
    handoff: ExpectedHandoff | None = None
    optional: bool = Field(
        default=False,
        description="Implied rather than asked for: not needed for recall, but a "
        "matching produced step is not an extra step either.",
    )

    @property
    def owners(self) -> list[str]:
        if self.owner is None:
            return []
        return [self.owner] if isinstance(self.owner, str) else self.owner

    @property
    def slas(self) -> list[Duration]:
        if self.sla is None:
            return []
        return [self.sla] if isinstance(self.sla, Duration) else self.sla

    @field_validator("escalation")
    @classmethod
    def _known_targets(cls, targets: list[str]) -> list[str]:
        return [_known_role(target) for target in targets]

    @field_validator("owner")
    @classmethod
    def _known_owner(cls, owner: str | list[str] | None) -> str | list[str] | None:
        if isinstance(owner, list):
            return [_known_role(role) for role in owner]
        return owner if owner is None else _known_role(owner)


class ExpectedTrigger(_Strict):
    """The account event that starts the journey, as the description states it."""

    kind: TriggerKind
    days_before: int | None = None
    threshold: float | None = None
    priority: str | None = None
    schedule: str | None = None
    provenance: Literal["stated", "either"] = Field(
        default="stated",
        description="either: the kind is implied (a manual start for an event csops "
        "cannot see), so its provenance is not checked.",
    )


class ExpectedDesign(_Strict):
    journey: JourneyKind
    trigger: ExpectedTrigger | None
    steps: list[ExpectedStep] = Field(min_length=1)
    flags_conflict: bool = Field(
        default=False,
        description="The description contradicts itself; a question must say so.",
    )


class DesignCase(Case):
    """A journey description and the facts a correct workflow keeps."""

    description: str = Field(min_length=1)
    expected: ExpectedDesign


def _known_role(role: str) -> str:
    if role not in CANONICAL_ROLES:
        raise ValueError(f"'{role}' is not a canonical role: {sorted(CANONICAL_ROLES)}")
    return role
