"""Owner and SLA edits made in the step table, as the next version of a workflow.

An edit changes one step and nothing else: the owner becomes a declared role, the
SLA a new duration on the same anchor. What CS ops typed is `stated`, so the
assumption it replaces leaves the list; lint runs again on the edited workflow.
"""

from __future__ import annotations

from pydantic import ValidationError

from domain.design import DesignResult
from domain.lint import lint_workflow
from domain.workflow import SLA, Duration, DurationUnit, Step, Workflow
from tools.workflow_store import StoredVersion


class StepEditError(ValueError):
    """A step edit cannot be applied; the message names the field to fix."""


def parse_sla(amount: str, unit: str, business: bool) -> Duration | None:
    """The duration typed in the SLA cells; None when the amount is left blank."""
    if not amount.strip():
        return None
    try:
        return Duration(
            amount=float(amount), unit=DurationUnit(unit), business=business
        )
    except (ValueError, ValidationError) as error:
        raise StepEditError(
            f"SLA {amount} {unit} is not a duration: give a positive number and "
            "one of minutes, hours, days, weeks"
        ) from error


def edit_step(
    stored: StoredVersion, step_id: str, owner: str, sla: Duration | None
) -> DesignResult:
    """The stored version with one step's owner and SLA replaced, linted again."""
    workflow = stored.result.workflow
    step = workflow.step(step_id)
    if step is None:
        raise StepEditError(f"version {stored.ref} has no step {step_id!r}")
    owner_id = owner.strip() or None
    if owner_id is not None and workflow.role(owner_id) is None:
        roles = ", ".join(role.id for role in workflow.roles)
        raise StepEditError(
            f"owner {owner_id!r} is not a role of this workflow: {roles}"
        )

    edited, changed = _edited_step(step, owner_id, sla)
    steps = [edited if s.id == step_id else s for s in workflow.steps]
    revised = Workflow.model_validate(
        workflow.model_copy(update={"steps": steps}).model_dump()
    )
    assumptions = [
        a
        for a in stored.result.assumptions
        if not (a.step_id == step_id and a.field in changed)
    ]
    return DesignResult(
        workflow=revised,
        lint=lint_workflow(revised),
        assumptions=assumptions,
        questions=stored.result.questions,
        engine=stored.result.engine,
    )


def _edited_step(
    step: Step, owner_id: str | None, duration: Duration | None
) -> tuple[Step, set[str]]:
    update: dict = {}
    if owner_id != step.owner:
        update |= {"owner": owner_id, "owner_provenance": "stated"}
    old_duration = step.sla.duration if step.sla else None
    if duration != old_duration:
        update["sla"] = _sla(step.sla, duration)
    return step.model_copy(update=update), {
        "owner" if key == "owner" else "sla"
        for key in update
        if key != "owner_provenance"
    }


def _sla(old: SLA | None, duration: Duration | None) -> SLA | None:
    if duration is None:
        return None
    if old is None:
        return SLA(duration=duration, provenance="stated")
    return old.model_copy(update={"duration": duration, "provenance": "stated"})
