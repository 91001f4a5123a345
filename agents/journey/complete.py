"""Fill what a workflow leaves out from the template of its journey.

Works on any valid Workflow, from the offline parser or a model: every owner, SLA,
escalation ladder, handoff side, handoff context, trigger and role the workflow
lacks is filled with provenance 'assumed', and each fill is recorded as an
Assumption naming the rule that supplied it. Nothing stated is overwritten.
"""

from __future__ import annotations

from agents.journey.actors import is_external, role_for
from agents.journey.lexicon import MANAGER_OF
from agents.journey.templates import JourneyTemplate, owner_hint, template_for
from agents.journey.verbs import customer_action
from domain.design import Assumption
from domain.workflow import SLA, EscalationRung, Role, Side, Step, Trigger, Workflow

_SALES_ROLES = ("ae", "sales", "se", "account_manager", "sales_manager")


def complete_workflow(workflow: Workflow) -> tuple[Workflow, list[Assumption]]:
    """The workflow with every gap filled from its journey template, and the fills."""
    template = template_for(workflow.journey)
    assumptions: list[Assumption] = []
    roles = {role.id: role for role in workflow.roles}
    steps = []
    for index, step in enumerate(workflow.steps):
        previous = steps[index - 1] if index else None
        filled = _complete_step(step, previous, template, roles, assumptions)
        steps.append(filled)
    trigger = workflow.trigger
    if trigger is None and template.trigger is not None:
        trigger = template.trigger.model_copy(update={"provenance": "assumed"})
        assumptions.append(_note(None, "trigger", _describe(trigger), template))
    added = [role_id for role_id in _referenced_roles(steps) if role_id not in roles]
    for role_id in added:
        roles[role_id] = role_for(role_id)
    if added:
        # One line for every role the template's ladder brought in, not one each.
        assumptions.append(
            Assumption(
                step_id=None,
                field="roles",
                value=", ".join(added),
                reason="declared for the owners and escalation ladders filled in",
            )
        )
    update = {"steps": steps, "trigger": trigger, "roles": list(roles.values())}
    return workflow.model_copy(update=update), assumptions


def standing_assumptions(workflow: Workflow) -> list[Assumption]:
    """Every value of the workflow still marked 'assumed', as an Assumption.

    A refinement keeps these: what an earlier version assumed and the instruction
    did not state is still an assumption of the new version.
    """
    reason = "assumed in an earlier version and still not stated"
    notes: list[Assumption] = []
    if workflow.trigger is not None and workflow.trigger.provenance == "assumed":
        notes.append(Assumption(field="trigger", value=_describe(workflow.trigger),
                                reason=reason, step_id=None))  # fmt: skip
    for step in workflow.steps:
        for field, value in _assumed_fields(step):
            notes.append(
                Assumption(step_id=step.id, field=field, value=value, reason=reason)
            )
    return notes


def unstated_delays(workflow: Workflow) -> list[Assumption]:
    """Rungs of a parsed workflow whose target was stated but not their delay."""
    reason = "the escalation names who, not when; the default delay is used"
    return [
        Assumption(
            step_id=step.id,
            field="escalation",
            value=f"{rung.after} -> {rung.to_role}",
            reason=reason,
        )
        for step in workflow.steps
        for rung in step.escalation
        if rung.provenance == "assumed"
    ]


def _assumed_fields(step: Step) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if step.owner and step.owner_provenance == "assumed":
        found.append(("owner", step.owner))
    if step.sla is not None and step.sla.provenance == "assumed":
        found.append(("sla", str(step.sla.duration)))
    assumed = [r for r in step.escalation if r.provenance == "assumed"]
    if assumed:
        value = ", then ".join(f"{r.after} -> {r.to_role}" for r in assumed)
        found.append(("escalation", value))
    if step.handoff is not None and step.handoff.provenance == "assumed":
        value = f"{step.handoff.from_role} -> {step.handoff.to_role}"
        found.append(("handoff", value))
    return found


def _complete_step(
    step: Step,
    previous: Step | None,
    template: JourneyTemplate,
    roles: dict[str, Role],
    assumptions: list[Assumption],
) -> Step:
    update: dict = {}
    owner = step.owner
    if owner is None:
        owner = (
            owner_hint(f"{step.title} {step.instructions}") or template.default_owner
        )
        update |= {"owner": owner, "owner_provenance": "assumed"}
        assumptions.append(_note(step.id, "owner", owner, template, _why_owner(step)))
    external = _side(owner, roles) is Side.external
    if external and (not step.customer_facing or step.customer_action is None):
        action = step.customer_action or customer_action(step.title, step.kind)
        update |= {"customer_facing": True, "customer_action": action}
        assumptions.append(_note(step.id, "customer_action", action.value, template))
    if step.handoff is not None:
        update |= _complete_handoff(step, owner, previous, template, roles, assumptions)
    if step.sla is None:
        sla = _default_sla(step, external, template)
        update["sla"] = sla
        assumptions.append(_note(step.id, "sla", str(sla.duration), template))
    if not step.escalation:
        ladder = escalation_ladder(owner, template, roles)
        update["escalation"] = ladder
        value = ", then ".join(f"{r.after} -> {r.to_role}" for r in ladder)
        assumptions.append(_note(step.id, "escalation", value, template))
    return step.model_copy(update=update)


def _complete_handoff(
    step: Step,
    owner: str,
    previous: Step | None,
    template: JourneyTemplate,
    roles: dict[str, Role],
    assumptions: list[Assumption],
) -> dict:
    handoff = step.handoff
    from_role = handoff.from_role or owner
    to_role = handoff.to_role
    if to_role is None or to_role == from_role:
        to_role = _receiver(from_role, step, template, roles)
    if from_role == to_role and previous is not None and previous.owner != to_role:
        from_role = previous.owner or from_role
    changed = (from_role, to_role) != (handoff.from_role, handoff.to_role)
    if changed:
        value = f"{from_role} -> {to_role}"
        assumptions.append(_note(step.id, "handoff", value, template))
    context = list(handoff.context)
    if not context:
        context = list(template.handoff_context)
        assumptions.append(
            _note(step.id, "handoff_context", ", ".join(context), template)
        )
    new = handoff.model_copy(
        update={"from_role": from_role, "to_role": to_role, "context": context}
    )
    if changed:
        new = new.model_copy(update={"provenance": "assumed"})
    return {"handoff": new}


def _receiver(
    from_role: str, step: Step, template: JourneyTemplate, roles: dict[str, Role]
) -> str:
    """Who usually takes over from `from_role` in this journey."""
    if from_role in _SALES_ROLES:
        return "csm"
    if _side(from_role, roles) is Side.external:
        return "csm"
    if from_role == "csm" and template.kind.value in ("onboarding", "handoff"):
        return "onboarding_specialist"
    return "customer" if from_role == "csm" else "csm"


def _default_sla(step: Step, external: bool, template: JourneyTemplate) -> SLA:
    waits = external or bool(
        step.handoff and step.handoff.to_role and is_external(step.handoff.to_role)
    )
    return SLA(duration=template.slas[step.kind], pauses_when_waiting_external=waits)


def escalation_ladder(
    owner: str, template: JourneyTemplate, roles: dict[str, Role] | None = None
) -> list[EscalationRung]:
    """The template ladder: the owner's manager, then one level up."""
    first_delay, second_delay = template.ladder
    if _side(owner, roles or {}) is Side.external:
        targets = ["csm", "cs_manager"]
    else:
        manager = MANAGER_OF.get(owner, "cs_manager")
        targets = [manager]
        if not manager.startswith("vp_"):
            targets.append(MANAGER_OF.get(manager, "vp_cs"))
    delays = [first_delay, second_delay]
    return [
        EscalationRung(after=delay, to_role=target)
        for delay, target in zip(delays, targets, strict=False)
        if target != owner
    ]


def _side(role_id: str | None, roles: dict[str, Role]) -> Side:
    return Side.external if is_external(role_id, roles) else Side.internal


def _referenced_roles(steps: list[Step]) -> list[str]:
    found: list[str] = []
    for step in steps:
        found += [step.owner or "", *(rung.to_role for rung in step.escalation)]
        if step.handoff:
            found += [step.handoff.from_role or "", step.handoff.to_role or ""]
    return [role for role in dict.fromkeys(found) if role]


def _why_owner(step: Step) -> str:
    hinted = owner_hint(f"{step.title} {step.instructions}")
    return f"'{step.title}' is work the {hinted} usually owns" if hinted else ""


def _note(
    step_id: str | None,
    field: str,
    value: str,
    template: JourneyTemplate,
    reason: str = "",
) -> Assumption:
    reason = reason or f"not stated; {template.name.lower()} template default"
    return Assumption(step_id=step_id, field=field, value=value, reason=reason)


def _describe(trigger: Trigger) -> str:
    detail = trigger.days_before or trigger.threshold or trigger.priority
    detail = detail or trigger.schedule
    return f"{trigger.kind.value}" + (f" ({detail})" if detail else "")
