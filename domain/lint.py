"""Rules a workflow must pass before it can be published.

Each finding names the step and the fix. Errors block publishing; warnings are shown
but do not. The rules follow the handoff contract: every step owned, every clock with
an SLA and somebody to escalate to, both sides of every handoff named, external people
asked for one thing at a time, and a dependency graph that can finish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from domain.design import LintFinding
from domain.workflow import Side, Step, Workflow

Rule = Callable[[Workflow], Iterator[LintFinding]]


def lint_workflow(workflow: Workflow) -> list[LintFinding]:
    """Every finding of every rule, in rule order then step order."""
    return [finding for rule in RULES for finding in rule(workflow)]


def _finding(rule: str, step: Step | None, message: str, fix: str) -> LintFinding:
    return LintFinding(
        rule=rule, step_id=step.id if step else None, message=message, fix=fix
    )


def _step_without_owner(workflow: Workflow) -> Iterator[LintFinding]:
    for step in workflow.steps:
        if step.owner is None:
            yield _finding(
                "step-without-owner",
                step,
                f"step '{step.id}' has no owner",
                f"name who owns '{step.title}', e.g. 'the CSM owns {step.title}'",
            )


def _step_without_sla(workflow: Workflow) -> Iterator[LintFinding]:
    for step in workflow.steps:
        if step.sla is None:
            yield _finding(
                "step-without-sla",
                step,
                f"step '{step.id}' has no SLA",
                f"give '{step.title}' a deadline, e.g. 'within 2 business days'",
            )


def _unknown_role(workflow: Workflow) -> Iterator[LintFinding]:
    known = {role.id for role in workflow.roles}
    choices = ", ".join(sorted(known))
    for step in workflow.steps:
        referenced = [("owner", step.owner)]
        referenced += [("escalation", rung.to_role) for rung in step.escalation]
        if step.handoff:
            referenced += [("handoff from", step.handoff.from_role)]
            referenced += [("handoff to", step.handoff.to_role)]
        for where, role_id in referenced:
            if role_id is not None and role_id not in known:
                yield _finding(
                    "unknown-role",
                    step,
                    f"step '{step.id}' {where} names role '{role_id}', "
                    "which the workflow does not declare",
                    f"declare role '{role_id}' or use one of: {choices}",
                )


def _handoff_incomplete(workflow: Workflow) -> Iterator[LintFinding]:
    for step in workflow.steps:
        handoff = step.handoff
        if handoff is None:
            continue
        missing = [
            side
            for side, role_id in (("from", handoff.from_role), ("to", handoff.to_role))
            if role_id is None
        ]
        if missing:
            yield _finding(
                "handoff-incomplete",
                step,
                f"the handoff at step '{step.id}' has no '{' or '.join(missing)}' side",
                "name both sides, e.g. 'the AE hands off to the CSM'",
            )
        elif handoff.from_role == handoff.to_role:
            yield _finding(
                "handoff-incomplete",
                step,
                f"the handoff at step '{step.id}' goes from '{handoff.from_role}' "
                "to itself",
                "name the role that takes over",
            )


def _external_step_not_single_action(workflow: Workflow) -> Iterator[LintFinding]:
    for step in workflow.steps:
        owner = workflow.role(step.owner)
        if owner is None or owner.side is not Side.external:
            continue
        if not step.customer_facing or step.customer_action is None:
            yield _finding(
                "external-step-not-single-action",
                step,
                f"step '{step.id}' is owned by external role '{owner.id}' but is not "
                "a single customer-facing action",
                "make it one action answered through a link (submit data, approve, "
                "confirm a date, upload or acknowledge), or split it into steps",
            )


def _sla_without_escalation(workflow: Workflow) -> Iterator[LintFinding]:
    for step in workflow.steps:
        if step.sla is not None and not step.escalation:
            yield _finding(
                "sla-without-escalation",
                step,
                f"step '{step.id}' has an SLA but nobody to escalate to when it breaks",
                "add an escalation, e.g. 'if not done 1 day after the deadline, "
                "escalate to the CS manager'",
            )


def _dependency_cycle(workflow: Workflow) -> Iterator[LintFinding]:
    for cycle in dependency_cycles(workflow):
        path = " -> ".join([*cycle, cycle[0]])
        yield _finding(
            "dependency-cycle",
            workflow.step(cycle[0]),
            f"steps depend on each other in a cycle: {path}",
            f"remove one dependency of the cycle, e.g. '{cycle[0]}' on '{cycle[-1]}'",
        )


def _unreachable_step(workflow: Workflow) -> Iterator[LintFinding]:
    reachable = reachable_steps(workflow)
    known = {step.id for step in workflow.steps}
    for step in workflow.steps:
        if step.id in reachable:
            continue
        unknown = [dep for dep in step.depends_on if dep not in known]
        reason = (
            f"it depends on unknown step(s) {', '.join(unknown)}"
            if unknown
            else "it waits on a step that can never finish"
        )
        yield _finding(
            "unreachable-step",
            step,
            f"step '{step.id}' can never start: {reason}",
            "fix its 'depends_on' so that it follows steps that exist and can finish",
        )


def _no_trigger(workflow: Workflow) -> Iterator[LintFinding]:
    if workflow.trigger is None:
        yield _finding(
            "no-trigger",
            None,
            "the workflow has no trigger, so no run would ever start",
            "say what starts it, e.g. 'when a deal closes' or 'manually'",
        )


def reachable_steps(workflow: Workflow) -> set[str]:
    """Ids of steps that can start: all their dependencies exist and can finish."""
    pending = {step.id: set(step.depends_on) for step in workflow.steps}
    done: set[str] = set()
    progress = True
    while progress:
        ready = [sid for sid, deps in pending.items() if deps <= done]
        progress = bool(ready)
        for sid in ready:
            done.add(sid)
            del pending[sid]
    return done


def dependency_cycles(workflow: Workflow) -> list[list[str]]:
    """Each elementary cycle once, found by depth-first search over depends_on."""
    graph = {step.id: step.depends_on for step in workflow.steps}
    cycles: list[list[str]] = []
    seen_sets: set[frozenset[str]] = set()
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "active"
        for dep in graph.get(node, []):
            if dep not in graph:
                continue
            if state.get(dep) == "active":
                cycle = path[path.index(dep) :]
                if frozenset(cycle) not in seen_sets:
                    seen_sets.add(frozenset(cycle))
                    cycles.append(cycle)
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [node])
    return cycles


RULES: list[Rule] = [
    _no_trigger,
    _step_without_owner,
    _step_without_sla,
    _unknown_role,
    _handoff_incomplete,
    _external_step_not_single_action,
    _sla_without_escalation,
    _dependency_cycle,
    _unreachable_step,
]
