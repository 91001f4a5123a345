"""The workflow designer: the OpenAI path first, the offline engine behind it.

With a model configured, a description becomes a workflow through one structured-
output call (`agents.llm_designer`). A failed call is asked once more unless the
failure is permanent (a wrong key, a rejected request); after that the offline
engine designs the workflow and `DesignResult.fallback_reason` says why. Either way
the result carries the lint findings and every assumption made.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from agents.journey import complete_workflow, design_offline, refine_offline
from agents.llm_designer import (
    DraftOutcome,
    ModelDraftError,
    questions_from_draft,
    request_draft,
    workflow_from_draft,
)
from agents.llm_prompts import WorkflowDraft, design_messages, refine_messages
from domain.design import Assumption, DesignInputError, DesignResult, check_description
from domain.lint import lint_workflow
from domain.workflow import Workflow
from tools.llm import chat_model
from tools.settings import Settings

logger = logging.getLogger(__name__)

_MODEL_PROPOSAL = "proposed by the model; the description does not state it"
_WHAT_HAPPENED: dict[DraftOutcome, str] = {
    "refusal": "refused",
    "truncated": "cut its answer off at the output limit",
    "invalid_json": "returned invalid JSON",
    "empty": "returned no workflow",
    "timeout": "timed out",
    "rate_limited": "was rate-limited (HTTP 429)",
    "server_error": "failed with a server error",
    "connection_error": "could not be reached",
    "auth_error": "rejected the credentials",
    "bad_request": "rejected the request",
}
_FIXES: dict[DraftOutcome, str] = {
    "auth_error": "check OPENAI_API_KEY (and OPENAI_BASE_URL for another server)",
    "bad_request": "check CSOPS_MODEL_NAME and OPENAI_BASE_URL",
}


class _DraftAbandoned(Exception):
    """Every attempt at a model draft failed; `reason` says how, for the result."""

    def __init__(self, failures: list[ModelDraftError]) -> None:
        super().__init__(failures[-1].detail)
        self.failures = failures

    @property
    def reason(self) -> str:
        first, last = self.failures[0], self.failures[-1]
        if len(self.failures) == 1:
            fix = _FIXES.get(last.outcome, "nothing to fix here; try again later")
            return f"openai {_WHAT_HAPPENED[last.outcome]}: {last.detail}; {fix}"
        if first.outcome == last.outcome:
            return f"openai {_WHAT_HAPPENED[last.outcome]} twice: {last.detail}"
        what = f"{_WHAT_HAPPENED[first.outcome]}, then {_WHAT_HAPPENED[last.outcome]}"
        return f"openai {what}: {last.detail}"


def design(
    description: str, settings: Settings, model: BaseChatModel | None = None
) -> DesignResult:
    """Design a workflow from a journey description.

    Args:
        description: the journey in CS ops' own words; sent to the model as data.
        settings: picks the engine; `model` defaults to `tools.llm.chat_model`.
        model: a chat model to use instead of the configured one (tests, evals).

    Raises:
        DesignInputError: the description is empty or too long.
        SettingsError: the openai provider is forced without OPENAI_API_KEY.
    """
    description = check_description(description)
    if settings.engine == "offline":
        return design_offline(description)

    messages = design_messages(description)
    try:
        draft = _draft("design", messages, model or chat_model(settings))
    except _DraftAbandoned as abandoned:
        return _fall_back("design", abandoned, partial(design_offline, description))
    return _model_result(workflow_from_draft(draft), draft)


def refine(
    workflow: Workflow,
    instruction: str,
    settings: Settings,
    model: BaseChatModel | None = None,
) -> DesignResult:
    """Apply a change request to a workflow; the result is the next version.

    Raises:
        DesignInputError: the instruction is empty, or the model failed and the
            offline engine cannot apply the instruction; the message says both.
    """
    instruction = instruction.strip()
    if not instruction:
        raise DesignInputError(
            "the change request is empty: say what to change, e.g. "
            "'the kickoff call is due within 5 business days'"
        )
    if settings.engine == "offline":
        return refine_offline(workflow, instruction)

    messages = refine_messages(workflow, instruction)
    try:
        draft = _draft("refine", messages, model or chat_model(settings))
    except _DraftAbandoned as abandoned:
        offline = partial(refine_offline, workflow, instruction)
        return _fall_back("refine", abandoned, offline)
    revised = workflow_from_draft(draft, version=workflow.version + 1)
    return _model_result(revised, draft)


def _draft(
    task: str, messages: list[BaseMessage], model: BaseChatModel
) -> WorkflowDraft:
    """One call, and one more if the failure may be passing."""
    try:
        return request_draft(messages, model)
    except ModelDraftError as failure:
        if not failure.retryable:
            raise _DraftAbandoned([failure]) from failure
        first = failure
    logger.info(
        "openai %s draft failed (%s: %s); asking once more",
        task,
        first.outcome,
        first.detail,
    )
    try:
        return request_draft(messages, model)
    except ModelDraftError as failure:
        raise _DraftAbandoned([first, failure]) from failure


def _fall_back(
    task: str, abandoned: _DraftAbandoned, offline: Callable[[], DesignResult]
) -> DesignResult:
    """The offline engine's result, saying why; its input errors name both failures."""
    logger.warning(
        "openai %s abandoned for the offline engine: %s", task, abandoned.reason
    )
    try:
        result = offline()
    except DesignInputError as error:
        raise DesignInputError(
            f"{abandoned.reason}; the offline engine could not take over: {error}"
        ) from error
    return result.model_copy(update={"fallback_reason": abandoned.reason})


def _model_result(workflow: Workflow, draft: WorkflowDraft) -> DesignResult:
    """Fill the gaps the model left, then lint, as the offline engine does."""
    completed, filled = complete_workflow(workflow)
    return DesignResult(
        workflow=completed,
        lint=lint_workflow(completed),
        assumptions=_merge(filled, _model_assumptions(workflow)),
        questions=questions_from_draft(draft),
        engine="openai",
    )


def _model_assumptions(workflow: Workflow) -> list[Assumption]:
    """An `Assumption` for each owner, SLA, rung, handoff, trigger marked assumed."""
    found = []
    if workflow.trigger and workflow.trigger.provenance == "assumed":
        found.append(_proposal(None, "trigger", workflow.trigger.kind.value))
    for step in workflow.steps:
        if step.owner and step.owner_provenance == "assumed":
            found.append(_proposal(step.id, "owner", step.owner))
        if step.sla and step.sla.provenance == "assumed":
            found.append(_proposal(step.id, "sla", str(step.sla.duration)))
        found += [
            _proposal(step.id, "escalation", f"{rung.to_role} after {rung.after}")
            for rung in step.escalation
            if rung.provenance == "assumed"
        ]
        if step.handoff and step.handoff.provenance == "assumed":
            handoff = f"{step.handoff.from_role} -> {step.handoff.to_role}"
            found.append(_proposal(step.id, "handoff", handoff))
    return found


def _proposal(step_id: str | None, field: str, value: str) -> Assumption:
    return Assumption(step_id=step_id, field=field, value=value, reason=_MODEL_PROPOSAL)


def _merge(filled: list[Assumption], proposed: list[Assumption]) -> list[Assumption]:
    """The completion's assumptions, then the model's on fields it did not touch."""
    touched = {(a.step_id, a.field) for a in filled}
    return filled + [a for a in proposed if (a.step_id, a.field) not in touched]
