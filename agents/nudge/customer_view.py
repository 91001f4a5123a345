"""What a customer or partner reads about a step: its title and the one ask.

An external reader sees the step title, what we ask them to do, their due time
and the link. The workflow's instructions and source text are written for our own
team, and the names of other steps are our plan, not theirs: neither reaches a
customer (breaker report C4). Nudges to external recipients and the magic-link
page both take their words from here, so the two say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.workflow import CustomerAction

ASKS = {
    CustomerAction.submit_data: "fill in the form on the page",
    CustomerAction.approve: "approve it on the page",
    CustomerAction.confirm_date: "confirm a date on the page",
    CustomerAction.upload: "upload the file on the page",
    CustomerAction.acknowledge: "acknowledge it on the page",
}
DEFAULT_ASK = "let us know when it is done"
CUSTOMER_WHY = "it keeps your project with us on schedule"
"""Why it matters, for an external reader: never the steps that wait on it."""


class CustomerStep(Protocol):
    """A workflow step or a step run: a title and maybe a customer action."""

    title: str
    customer_action: CustomerAction | str | None


def customer_ask(
    action: CustomerAction | str | None, required_inputs: Sequence[str] = ()
) -> str:
    """The one thing we ask of the customer, with what to have ready."""
    ask = ASKS[CustomerAction(action)] if action else DEFAULT_ASK
    if required_inputs:
        ask += " (have ready: " + "; ".join(required_inputs) + ")"
    return ask


def customer_step_text(step: CustomerStep) -> str:
    """The customer-facing text of a step, for the magic-link page and messages.

    `step` is a `domain.workflow.Step` or a `tools.runs.tables.StepRunRow`; the
    text is its title and the ask ("Kickoff questionnaire: please fill in the form
    on the page."), never its instructions, source text or other steps' names.
    """
    inputs = getattr(step, "required_inputs", None) or ()
    return f"{step.title}: please {customer_ask(step.customer_action, inputs)}."
