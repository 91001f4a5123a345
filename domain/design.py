"""What the designer returns: a workflow with its lint, assumptions and questions."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from domain.workflow import Workflow

Engine = Literal["offline", "openai"]


class Assumption(BaseModel):
    """An item csops filled in because the description did not state it."""

    step_id: str | None = Field(description="The step concerned; None: workflow-wide.")
    field: str = Field(description="owner, sla, escalation, handoff, trigger, ...")
    value: str = Field(description="What was assumed, in words.")
    reason: str = Field(description="Why: which template or rule supplied it.")


class Question(BaseModel):
    """Something the description left ambiguous, for CS ops to settle."""

    step_id: str | None
    question: str


class LintFinding(BaseModel):
    """A rule the workflow breaks; errors block publishing."""

    rule: str = Field(description="Stable rule id, e.g. 'step-without-owner'.")
    severity: Literal["error", "warning"] = "error"
    step_id: str | None
    message: str = Field(description="What is wrong, naming the step.")
    fix: str = Field(description="How to fix it.")


class DesignResult(BaseModel):
    """A drafted workflow and everything a reviewer needs to judge it."""

    workflow: Workflow
    lint: list[LintFinding] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    engine: Engine
    fallback_reason: str | None = Field(
        default=None,
        description="Why the OpenAI path was abandoned for the offline engine.",
    )

    @property
    def blocking(self) -> list[LintFinding]:
        return [f for f in self.lint if f.severity == "error"]


class DesignInputError(ValueError):
    """The journey description cannot be designed from; the message names the fix."""


MAX_DESCRIPTION_CHARS = 20_000


# C0 control characters other than tab and newlines: PostgreSQL text rejects NUL,
# and none of them carries meaning in a journey description.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_description(text: str) -> str:
    """The description stripped of control characters and surrounding space.

    Raises:
        DesignInputError: the text is empty or too long; the message names the fix.
    """
    stripped = _CONTROL.sub("", text).strip()
    if not stripped:
        raise DesignInputError(
            "the journey description is empty: describe the steps, e.g. "
            "'When a deal closes, the AE hands off to the CSM within 2 business days'"
        )
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise DesignInputError(
            f"the journey description is {len(text):,} characters, over the "
            f"{MAX_DESCRIPTION_CHARS:,} limit: split it into separate workflows"
        )
    return stripped
