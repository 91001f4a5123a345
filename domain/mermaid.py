"""A workflow as a Mermaid flowchart: trigger, steps, dependencies and handoffs."""

from __future__ import annotations

import re

from domain.workflow import Side, Step, Trigger, Workflow

_UNSAFE = re.compile(r'["<>{}\[\]|#`]')


def workflow_mermaid(workflow: Workflow) -> str:
    """Mermaid `flowchart TD` source; external (customer/partner) steps are shaded."""
    lines = [
        "flowchart TD",
        f'    trigger(["{_label(trigger_text(workflow.trigger))}"])',
    ]
    for step in workflow.steps:
        lines.append(f'    {step.id}["{_step_label(workflow, step)}"]')
    for step in workflow.steps:
        lines.extend(_edges(workflow, step))
    external = [s.id for s in workflow.steps if _is_external(workflow, s)]
    lines.append("    classDef external fill:#fff4d6,stroke:#c08a00")
    if external:
        lines.append(f"    class {','.join(external)} external")
    return "\n".join(lines) + "\n"


def trigger_text(trigger: Trigger | None) -> str:
    """The trigger in words, e.g. 'renewal due in 120 days'."""
    if trigger is None:
        return "no trigger"
    detail = {
        "renewal_due": f" in {trigger.days_before} days" if trigger.days_before else "",
        "health_below": f" {trigger.threshold:g}"
        if trigger.threshold is not None
        else "",
        "usage_threshold": f" {trigger.threshold:g}"
        if trigger.threshold is not None
        else "",
        "ticket_priority": f" {trigger.priority}" if trigger.priority else "",
        "schedule": f" {trigger.schedule}" if trigger.schedule else "",
    }.get(trigger.kind.value, "")
    return f"{trigger.kind.value.replace('_', ' ')}{detail}"


def _step_label(workflow: Workflow, step: Step) -> str:
    owner = workflow.role(step.owner)
    parts = [_label(step.title), f"owner: {_label(owner.name) if owner else '?'}"]
    if step.sla:
        parts.append(f"SLA: {step.sla.duration}")
    if step.handoff and step.handoff.from_role and step.handoff.to_role:
        parts.append(f"handoff: {step.handoff.from_role} → {step.handoff.to_role}")
    return "<br/>".join(parts)


def _edges(workflow: Workflow, step: Step) -> list[str]:
    known = {s.id for s in workflow.steps}
    deps = [dep for dep in step.depends_on if dep in known]
    if not step.depends_on:
        return [f"    trigger --> {step.id}"]
    return [f"    {dep} --> {step.id}" for dep in deps]


def _is_external(workflow: Workflow, step: Step) -> bool:
    owner = workflow.role(step.owner)
    return owner is not None and owner.side is Side.external


def _label(text: str) -> str:
    return " ".join(_UNSAFE.sub(" ", text).split())
