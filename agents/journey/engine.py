"""The offline designer: a journey description in, a linted workflow out.

No model is called. The description is parsed (segment -> clauses -> drafts),
built into a workflow with what it states, completed from the journey template
with what it leaves out, and linted. The result records engine="offline".
"""

from __future__ import annotations

from agents.journey.build import build_workflow
from agents.journey.complete import complete_workflow, unstated_delays
from agents.journey.draft import draft_journey
from domain.design import DesignInputError, DesignResult, check_description
from domain.lint import lint_workflow

NO_STEP_MESSAGE = (
    "no step found in the description: name who does what, e.g. 'the AE hands off "
    "to the CSM within 2 business days, then the CSM runs the kickoff call'"
)


def design_offline(description: str) -> DesignResult:
    """Design a workflow from a journey description without a model.

    Raises:
        DesignInputError: the description is empty, too long, or names no step.
    """
    text = check_description(description)
    draft = draft_journey(text)
    if not draft.steps:
        raise DesignInputError(NO_STEP_MESSAGE)
    workflow, questions = build_workflow(draft)
    delays = unstated_delays(workflow)
    workflow, assumptions = complete_workflow(workflow)
    assumptions += delays
    return DesignResult(
        engine="offline",
        workflow=workflow,
        lint=lint_workflow(workflow),
        assumptions=assumptions,
        questions=questions,
    )
