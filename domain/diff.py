"""What changed between two versions of a workflow, in words a reviewer reads.

Each field is compared by its rendering ("sla: 2 business days -> 3 business days"),
so a change of provenance alone (an assumed owner later stated in the description)
is not a change: the workflow runs the same. Steps and roles are matched by id; a
step whose id changed shows as one removed and one added.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from domain.mermaid import trigger_text
from domain.workflow import SLA, EscalationRung, Handoff, Role, Step, Workflow

_Item = Workflow | Role | Step
_Fields = dict[str, Callable[[Any], str]]


class FieldChange(BaseModel):
    """One field's value before and after, both in words."""

    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.field}: {self.old} -> {self.new}"


class StepRef(BaseModel):
    """A step named by id and title."""

    id: str
    title: str


class ItemChange(BaseModel):
    """A step or role present in both versions whose fields changed."""

    id: str
    title: str = Field(description="Step title or role name in the new version.")
    changes: list[FieldChange]


class WorkflowDiff(BaseModel):
    """Every difference between two workflows; empty when they run the same."""

    old_version: int
    new_version: int
    workflow_changes: list[FieldChange] = Field(
        default_factory=list, description="name, journey and trigger."
    )
    roles_added: list[str] = Field(default_factory=list)
    roles_removed: list[str] = Field(default_factory=list)
    roles_changed: list[ItemChange] = Field(default_factory=list)
    steps_added: list[StepRef] = Field(default_factory=list)
    steps_removed: list[StepRef] = Field(default_factory=list)
    steps_changed: list[ItemChange] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.workflow_changes
            or self.roles_added
            or self.roles_removed
            or self.roles_changed
            or self.steps_added
            or self.steps_removed
            or self.steps_changed
        )

    def lines(self) -> list[str]:
        """The diff as lines: `+` added, `-` removed, `~` changed."""
        lines = [str(change) for change in self.workflow_changes]
        lines += [f"+ role {role_id}" for role_id in self.roles_added]
        lines += [f"- role {role_id}" for role_id in self.roles_removed]
        lines += _item_lines("role", self.roles_changed)
        lines += [f"+ step {s.id} ({s.title})" for s in self.steps_added]
        lines += [f"- step {s.id} ({s.title})" for s in self.steps_removed]
        return lines + _item_lines("step", self.steps_changed)


def diff_workflows(old: Workflow, new: Workflow) -> WorkflowDiff:
    """Compare two workflows: metadata, trigger, roles and steps, matched by id."""
    old_roles = {role.id: role for role in old.roles}
    new_roles = {role.id: role for role in new.roles}
    old_steps = {step.id: step for step in old.steps}
    new_steps = {step.id: step for step in new.steps}
    return WorkflowDiff(
        old_version=old.version,
        new_version=new.version,
        workflow_changes=_changes(old, new, _WORKFLOW_FIELDS),
        roles_added=[r for r in new_roles if r not in old_roles],
        roles_removed=[r for r in old_roles if r not in new_roles],
        roles_changed=_changed_items(old_roles, new_roles, _ROLE_FIELDS),
        steps_added=[_step_ref(s) for s in new.steps if s.id not in old_steps],
        steps_removed=[_step_ref(s) for s in old.steps if s.id not in new_steps],
        steps_changed=_changed_items(old_steps, new_steps, _STEP_FIELDS),
    )


def _changes(old: _Item, new: _Item, fields: _Fields) -> list[FieldChange]:
    words = ((name, say(old), say(new)) for name, say in fields.items())
    return [FieldChange(field=n, old=o, new=w) for n, o, w in words if o != w]


def _changed_items(
    old: dict[str, Role] | dict[str, Step],
    new: dict[str, Role] | dict[str, Step],
    fields: _Fields,
) -> list[ItemChange]:
    changed = []
    for item_id, item in new.items():
        if item_id in old and (changes := _changes(old[item_id], item, fields)):
            title = item.title if isinstance(item, Step) else item.name
            changed.append(ItemChange(id=item_id, title=title, changes=changes))
    return changed


def _item_lines(label: str, items: list[ItemChange]) -> list[str]:
    lines = []
    for item in items:
        lines.append(f"~ {label} {item.id} ({item.title})")
        lines += [f"    {change}" for change in item.changes]
    return lines


def _step_ref(step: Step) -> StepRef:
    return StepRef(id=step.id, title=step.title)


def _listed(items: list[str]) -> str:
    return ", ".join(items) if items else "none"


def _sla(sla: SLA | None) -> str:
    if sla is None:
        return "none"
    words = str(sla.duration)
    if sla.anchor == "run_start":
        words = f"by {words} from the start"
    elif sla.anchor == "before_renewal":
        words = f"{words} before renewal"
    if sla.pauses_when_waiting_external:
        words += " (pauses while waiting on the customer)"
    return words


def _escalation(ladder: list[EscalationRung]) -> str:
    return _listed([f"after {rung.after} to {rung.to_role}" for rung in ladder])


def _handoff(handoff: Handoff | None) -> str:
    if handoff is None:
        return "none"
    sides = f"{handoff.from_role or 'nobody'} to {handoff.to_role or 'nobody'}"
    return f"{sides} with {', '.join(handoff.context)}" if handoff.context else sides


def _customer_facing(step: Step) -> str:
    if not step.customer_facing:
        return "no"
    return f"yes ({step.customer_action})" if step.customer_action else "yes"


_WORKFLOW_FIELDS: _Fields = {
    "name": lambda w: w.name,
    "journey": lambda w: w.journey.value,
    "trigger": lambda w: trigger_text(w.trigger),
}
_ROLE_FIELDS: _Fields = {
    "name": lambda r: r.name,
    "side": lambda r: r.side.value,
    "team": lambda r: r.team.value,
}
_STEP_FIELDS: _Fields = {
    "title": lambda s: s.title,
    "owner": lambda s: s.owner or "nobody",
    "kind": lambda s: s.kind.value,
    "sla": lambda s: _sla(s.sla),
    "escalation": lambda s: _escalation(s.escalation),
    "handoff": lambda s: _handoff(s.handoff),
    "depends_on": lambda s: _listed(s.depends_on),
    "customer_facing": _customer_facing,
    "required_inputs": lambda s: _listed(s.required_inputs),
    "recurrence": lambda s: s.recurrence or "none",
    "completion": lambda s: s.completion.value,
}
