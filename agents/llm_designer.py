"""The OpenAI path of the designer: one structured-output call, its failure classified.

A call either returns a `WorkflowDraft` or raises `ModelDraftError`, whose `outcome`
names what went wrong::

    ModelDraftError.outcome
        refusal           the model refused, or a content filter stopped it
        truncated         finish_reason "length": the answer was cut off
        invalid_json      the answer is not JSON or does not match the schema
        empty             the answer is null or empty
        timeout           the request timed out
        rate_limited      HTTP 429 (after the SDK's own retries)
        server_error      HTTP 5xx (after the SDK's own retries)
        connection_error  the server could not be reached
        auth_error        HTTP 401/403: the key is wrong or lacks access
        bad_request       another HTTP 4xx: model name, base URL or schema rejected

The draft is then converted into a domain `Workflow`: ids are slugified and role
references mapped onto the declared roles. The conversion never fails on the model's
slips: a reference to an undeclared role or step is kept (as a slug) for the linter
to report, and an unusable duration is dropped so the offline completion fills it.
"""

from __future__ import annotations

import math
from typing import Literal

import openai
from langchain_core.exceptions import ModelRefusalError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from pydantic import ValidationError

from agents.llm_prompts import (
    DurationDraft,
    EscalationDraft,
    HandoffDraft,
    RoleDraft,
    SlaDraft,
    StepDraft,
    TriggerDraft,
    WorkflowDraft,
    design_messages,
)
from domain.design import Question
from domain.workflow import (
    SLA,
    Duration,
    EscalationRung,
    Handoff,
    Role,
    Step,
    Trigger,
    Workflow,
    slugify,
)

DraftOutcome = Literal[
    "refusal",
    "truncated",
    "invalid_json",
    "empty",
    "timeout",
    "rate_limited",
    "server_error",
    "auth_error",
    "bad_request",
    "connection_error",
]

# Asking again cannot fix a wrong key, model name or base URL.
PERMANENT_OUTCOMES: frozenset[DraftOutcome] = frozenset({"auth_error", "bad_request"})

# isinstance order matters: APITimeoutError subclasses APIConnectionError.
_ERROR_OUTCOMES: tuple[tuple[type[BaseException], DraftOutcome], ...] = (
    (ModelRefusalError, "refusal"),
    (openai.ContentFilterFinishReasonError, "refusal"),
    (openai.APITimeoutError, "timeout"),
    (openai.APIConnectionError, "connection_error"),
    (openai.RateLimitError, "rate_limited"),
    (openai.AuthenticationError, "auth_error"),
    (openai.PermissionDeniedError, "auth_error"),
    (openai.InternalServerError, "server_error"),
    (openai.APIStatusError, "bad_request"),
)
# langchain-openai raises a bare ValueError when the message has neither a parsed
# answer nor a refusal, which is what an empty `content` produces.
_NOTHING_PARSED = "does not have a 'parsed' field"
_MAX_QUESTIONS = 10


class ModelDraftError(Exception):
    """The model produced no usable workflow draft.

    Attributes:
        outcome: what went wrong, one of `DraftOutcome`.
        detail: the refusal text, HTTP error or parse error, for the fallback reason.
    """

    def __init__(self, outcome: DraftOutcome, detail: str) -> None:
        super().__init__(f"{outcome}: {detail}")
        self.outcome: DraftOutcome = outcome
        self.detail = detail

    @property
    def retryable(self) -> bool:
        """Whether asking once more may help."""
        return self.outcome not in PERMANENT_OUTCOMES


def request_draft(messages: list[BaseMessage], model: BaseChatModel) -> WorkflowDraft:
    """Ask the model for a strict-schema `WorkflowDraft`.

    Raises:
        ModelDraftError: the call failed or the answer is unusable; see `outcome`.
    """
    structured = model.with_structured_output(
        WorkflowDraft, method="json_schema", strict=True
    )
    try:
        draft = structured.invoke(messages)
    except (openai.OpenAIError, ModelRefusalError, ValueError) as error:
        raise classify_error(error) from error
    if draft is None:
        raise ModelDraftError("empty", "the model returned no workflow (null)")
    return draft


def draft_with_model(description: str, model: BaseChatModel) -> Workflow:
    """Draft a workflow from a journey description with one structured-output call.

    Raises:
        ModelDraftError: the call failed or the answer is unusable; see `outcome`.
    """
    return workflow_from_draft(request_draft(design_messages(description), model))


def classify_error(error: Exception) -> ModelDraftError:
    """Name the outcome of a failed call; re-raise an error that is none of them."""
    if isinstance(error, ValidationError):
        return _classify_validation(error)
    if isinstance(error, openai.LengthFinishReasonError):
        usage = error.completion.usage
        spent = f" after {usage.completion_tokens} output tokens" if usage else ""
        return ModelDraftError("truncated", f"finish_reason 'length'{spent}")
    for error_type, outcome in _ERROR_OUTCOMES:
        if isinstance(error, error_type):
            return ModelDraftError(outcome, str(error) or type(error).__name__)
    if _NOTHING_PARSED in str(error):
        return ModelDraftError("empty", "the model returned empty content")
    raise error


def _classify_validation(error: ValidationError) -> ModelDraftError:
    first = error.errors()[0]
    if first["type"] == "model_type" and first.get("input") is None:
        return ModelDraftError("empty", "the model returned null instead of a workflow")
    if first["type"] == "json_invalid":
        detail = first["msg"].removeprefix("Invalid JSON: ")
        return ModelDraftError("invalid_json", detail)
    where = ".".join(str(part) for part in first["loc"]) or "top level"
    return ModelDraftError("invalid_json", f"off the schema at {where}: {first['msg']}")


def workflow_from_draft(draft: WorkflowDraft, version: int = 1) -> Workflow:
    """Convert a draft into a domain workflow, tolerating the model's slips."""
    role_ids = _unique_slugs([role.id for role in draft.roles])
    role_refs = _references(draft.roles, role_ids)
    step_ids = _unique_slugs([step.id for step in draft.steps])
    step_refs = dict(zip((slugify(s.id) for s in draft.steps), step_ids, strict=True))
    return Workflow(
        name=draft.name.strip()[:120] or "Untitled journey",
        journey=draft.journey,
        trigger=_trigger(draft.trigger),
        roles=[_role(r, i) for r, i in zip(draft.roles, role_ids, strict=True)],
        steps=[
            _step(step, step_id, role_refs, step_refs)
            for step, step_id in zip(draft.steps, step_ids, strict=True)
        ],
        version=version,
    )


def questions_from_draft(draft: WorkflowDraft) -> list[Question]:
    """The model's open questions, step ids slugified like the steps'."""
    return [
        Question(step_id=slugify(q.step_id) if q.step_id else None, question=q.question)
        for q in draft.questions[:_MAX_QUESTIONS]
        if q.question.strip()
    ]


def _unique_slugs(raw_ids: list[str]) -> list[str]:
    slugs: list[str] = []
    for raw in raw_ids:
        slug = base = slugify(raw)
        suffix = 2
        while slug in slugs:
            slug, suffix = f"{base}_{suffix}", suffix + 1
        slugs.append(slug)
    return slugs


def _references(roles: list[RoleDraft], role_ids: list[str]) -> dict[str, str]:
    """Slug of each role's id and name -> its id; the models cite either."""
    by_name = {slugify(r.name): i for r, i in zip(roles, role_ids, strict=True)}
    by_id = {slugify(r.id): i for r, i in zip(roles, role_ids, strict=True)}
    return by_name | by_id


def _ref(raw: str | None, known: dict[str, str]) -> str | None:
    """Map a reference onto a declared id; an unknown one stays, slugified, for lint."""
    if raw is None or not raw.strip():
        return None
    slug = slugify(raw)
    return known.get(slug, slug)


def _duration(draft: DurationDraft) -> Duration | None:
    if not math.isfinite(draft.amount) or draft.amount <= 0:
        return None
    return Duration(amount=draft.amount, unit=draft.unit, business=draft.business)


def _role(draft: RoleDraft, role_id: str) -> Role:
    name = draft.name.strip()[:80] or role_id.replace("_", " ")
    return Role(id=role_id, name=name, side=draft.side, team=draft.team)


def _trigger(draft: TriggerDraft | None) -> Trigger | None:
    if draft is None:
        return None
    trigger = Trigger(**draft.model_dump(exclude={"days_before"}))
    if draft.days_before is not None and draft.days_before >= 0:
        trigger.days_before = draft.days_before
    return trigger


def _sla(draft: SlaDraft | None) -> SLA | None:
    duration = _duration(draft.duration) if draft else None
    if draft is None or duration is None:
        return None
    return SLA(**draft.model_dump(exclude={"duration"}), duration=duration)


def _escalation(
    rungs: list[EscalationDraft], roles: dict[str, str]
) -> list[EscalationRung]:
    """The usable rungs: a rung without a positive delay or a role is dropped."""
    return [
        EscalationRung(after=after, to_role=to_role, provenance=rung.provenance)
        for rung in rungs
        if (after := _duration(rung.after)) and (to_role := _ref(rung.to_role, roles))
    ]


def _handoff(draft: HandoffDraft | None, roles: dict[str, str]) -> Handoff | None:
    if draft is None:
        return None
    return Handoff(
        from_role=_ref(draft.from_role, roles),
        to_role=_ref(draft.to_role, roles),
        context=[item for item in draft.context if item.strip()],
        provenance=draft.provenance,
    )


def _step(
    draft: StepDraft, step_id: str, roles: dict[str, str], steps: dict[str, str]
) -> Step:
    return Step(
        id=step_id,
        title=draft.title.strip()[:200] or step_id.replace("_", " "),
        instructions=draft.instructions.strip()[:2000],
        owner=_ref(draft.owner, roles),
        owner_provenance=draft.owner_provenance,
        kind=draft.kind,
        depends_on=[d for raw in draft.depends_on if (d := _ref(raw, steps))],
        required_inputs=[item for item in draft.required_inputs if item.strip()],
        sla=_sla(draft.sla),
        escalation=_escalation(draft.escalation, roles),
        handoff=_handoff(draft.handoff, roles),
        customer_facing=draft.customer_facing,
        customer_action=draft.customer_action,
        recurrence=draft.recurrence,
        completion=draft.completion,
        source_text=draft.source_text,
    )
