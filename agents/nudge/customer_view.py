"""What a customer or partner reads about a step: its title and the one ask.

An external reader sees the step title, what we ask them to do, their due time
and the link. The workflow's instructions and source text are written for our own
team, and the names of other steps are our plan, not theirs: neither reaches a
customer (breaker report C4). Nudges to external recipients and the magic-link
page both take their words from here, so the two say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol

from domain.workflow import CustomerAction


class AskPlace(StrEnum):
    """Where the reader does the step, which decides how the ask is worded."""

    link = "link"  # a message carrying the magic link: "on the page"
    page = "page"  # the magic-link page itself: "below"
    reply = "reply"  # a message without a link: "reply to this message"


ASKS = {
    CustomerAction.submit_data: "fill in the form",
    CustomerAction.approve: "approve it",
    CustomerAction.confirm_date: "confirm a date",
    CustomerAction.upload: "upload the file",
    CustomerAction.acknowledge: "acknowledge it",
}
BY_REPLY = {
    CustomerAction.submit_data: "reply to this message with the details",
    CustomerAction.approve: "reply to this message to approve it",
    CustomerAction.confirm_date: "reply to this message with a date that suits you",
    CustomerAction.upload: "reply to this message with the file attached",
    CustomerAction.acknowledge: "reply to this message to acknowledge it",
}
_PLACE_WORDS = {AskPlace.link: " on the page", AskPlace.page: " below"}
DEFAULT_ASK = "let us know when it is done"
CUSTOMER_WHY = "it keeps your project with us on schedule"
"""Why it matters, for an external reader: never the steps that wait on it."""


class CustomerStep(Protocol):
    """A workflow step or a step run: a title and maybe a customer action."""

    title: str
    customer_action: CustomerAction | str | None


def customer_ask(
    action: CustomerAction | str | None,
    required_inputs: Sequence[str] = (),
    *,
    place: AskPlace = AskPlace.link,
) -> str:
    """The one thing we ask of the customer, with what to have ready."""
    if not action:
        ask = DEFAULT_ASK
    elif place is AskPlace.reply:
        ask = BY_REPLY[CustomerAction(action)]
    else:
        ask = ASKS[CustomerAction(action)] + _PLACE_WORDS[place]
    if required_inputs:
        ask += " (have ready: " + "; ".join(required_inputs) + ")"
    return ask


def customer_step_text(step: CustomerStep, place: AskPlace = AskPlace.page) -> str:
    """The customer-facing text of a step, for the magic-link page and messages.

    `step` is a `domain.workflow.Step` or a `tools.runs.tables.StepRunRow`; the
    text is its title and the ask ("Kickoff questionnaire: please fill in the form
    below."), never its instructions, source text or other steps' names.
    """
    inputs = getattr(step, "required_inputs", None) or ()
    ask = customer_ask(step.customer_action, inputs, place=place)
    return f"{step.title}: please {ask}."
