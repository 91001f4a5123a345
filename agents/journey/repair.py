"""Offline repairs for what lint found, used by the designer graph's repair loop.

Gaps (no owner, SLA, escalation, trigger, an undeclared role, half a handoff) are
filled by complete_workflow. Structure is repaired here: dependencies on unknown
steps are dropped, a cycle loses its back edge (and CS ops is asked to confirm the
order), an external step doing several things is split into one step per action,
and a step that still cannot start follows the step before it.
"""

from __future__ import annotations

from agents.journey.actors import is_external
from agents.journey.clauses import read_clause
from agents.journey.complete import complete_workflow
from agents.journey.titles import step_slug
from agents.journey.verbs import COMPOUND_SPLIT_RE, customer_action
from domain.design import Assumption, LintFinding, Question
from domain.lint import dependency_cycles, reachable_steps
from domain.workflow import Step, Workflow


def repair_workflow(
    workflow: Workflow, findings: list[LintFinding]
) -> tuple[Workflow, list[Assumption], list[Question]]:
    """Fix what the findings name; returns the workflow, what was assumed and asked."""
    rules = {finding.rule for finding in findings}
    assumptions: list[Assumption] = []
    questions: list[Question] = []
    workflow = _drop_unknown_dependencies(workflow, assumptions)
    if "dependency-cycle" in rules or dependency_cycles(workflow):
        workflow = _break_cycles(workflow, questions)
    workflow = _single_actions(workflow, assumptions)
    workflow = _reattach_unreachable(workflow, assumptions)
    workflow, filled = complete_workflow(workflow)
    assumptions += filled
    if workflow.trigger is None:
        # A custom journey has no template trigger, and inventing one would let it
        # publish with nothing stated about what starts it: the no-trigger finding
        # stays until somebody says.
        questions.append(
            Question(
                step_id=None,
                question="what starts this workflow? name the event, e.g. 'when a "
                "deal closes', 'every quarter' or 'manually'",
            )
        )
    return workflow, assumptions, questions


def _drop_unknown_dependencies(
    workflow: Workflow, assumptions: list[Assumption]
) -> Workflow:
    known = {step.id for step in workflow.steps}
    steps = []
    for step in workflow.steps:
        unknown = [dep for dep in step.depends_on if dep not in known or dep == step.id]
        if unknown:
            kept = [dep for dep in step.depends_on if dep not in unknown]
            step = step.model_copy(update={"depends_on": kept})
            assumptions.append(
                Assumption(
                    step_id=step.id,
                    field="depends_on",
                    value=f"dropped {', '.join(unknown)}",
                    reason="no such step in the workflow",
                )
            )
        steps.append(step)
    return workflow.model_copy(update={"steps": steps})


def _break_cycles(workflow: Workflow, questions: list[Question]) -> Workflow:
    position = {step.id: index for index, step in enumerate(workflow.steps)}
    for _ in range(len(workflow.steps)):
        cycles = dependency_cycles(workflow)
        if not cycles:
            break
        cycle = cycles[0]
        edges = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        backward = [e for e in edges if position[e[1]] >= position[e[0]]]
        dependent, dependency = (backward or edges)[-1]
        workflow = _without_edge(workflow, dependent, dependency)
        questions.append(
            Question(
                step_id=dependent,
                question=f"'{dependent}' and '{dependency}' waited on each other; "
                f"removed '{dependent}' waiting on '{dependency}': is that the order?",
            )
        )
    return workflow


def _without_edge(workflow: Workflow, dependent: str, dependency: str) -> Workflow:
    steps = [
        step.model_copy(
            update={"depends_on": [d for d in step.depends_on if d != dependency]}
        )
        if step.id == dependent
        else step
        for step in workflow.steps
    ]
    return workflow.model_copy(update={"steps": steps})


def _single_actions(workflow: Workflow, assumptions: list[Assumption]) -> Workflow:
    roles = {role.id: role for role in workflow.roles}
    steps: list[Step] = []
    renamed: dict[str, str] = {}
    split_ids: set[str] = set()
    taken = {step.id for step in workflow.steps}
    for step in workflow.steps:
        single = step.customer_facing and step.customer_action is not None
        if single or not is_external(step.owner, roles):
            steps.append(step)
            continue
        pieces = _split_actions(step, taken)
        if len(pieces) > 1:
            renamed[step.id] = pieces[-1].id
            note = f"split into {', '.join(p.id for p in pieces)}"
            assumptions.append(
                Assumption(
                    step_id=step.id,
                    field="steps",
                    value=note,
                    reason="an external person does one action per link",
                )
            )
            split_ids.update(piece.id for piece in pieces)
        steps += pieces
    steps = [_follow_renames(step, renamed, split_ids) for step in steps]
    return workflow.model_copy(update={"steps": steps})


def _split_actions(step: Step, taken: set[str]) -> list[Step]:
    text = step.instructions or step.title
    parts = [p.strip(" .") for p in COMPOUND_SPLIT_RE.split(text) if p.strip(" .")]
    if len(parts) < 2:
        action = step.customer_action or customer_action(text, step.kind)
        return [
            step.model_copy(update={"customer_facing": True, "customer_action": action})
        ]
    pieces: list[Step] = []
    for index, part in enumerate(parts):
        reading = read_clause(part, step.owner)
        step_id = step.id if index == 0 else _free_id(step_slug(reading.title), taken)
        depends = step.depends_on if index == 0 else [pieces[-1].id]
        pieces.append(
            step.model_copy(
                update={
                    "id": step_id,
                    "title": step.title if index == 0 else reading.title,
                    "instructions": part,
                    "kind": reading.kind,
                    "depends_on": depends,
                    "customer_facing": True,
                    "customer_action": customer_action(part, reading.kind),
                }
            )
        )
    return pieces


def _free_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _follow_renames(step: Step, renamed: dict[str, str], split_ids: set[str]) -> Step:
    """Steps that waited on a split step now wait on its last piece."""
    if step.id in split_ids:
        return step
    depends = [renamed.get(dep, dep) for dep in step.depends_on]
    return step.model_copy(update={"depends_on": depends})


def _reattach_unreachable(
    workflow: Workflow, assumptions: list[Assumption]
) -> Workflow:
    reachable = reachable_steps(workflow)
    steps: list[Step] = []
    for step in workflow.steps:
        if step.id not in reachable:
            before = [s.id for s in steps if s.id in reachable]
            depends = before[-1:]
            step = step.model_copy(update={"depends_on": depends})
            reachable.add(step.id)
            assumptions.append(
                Assumption(
                    step_id=step.id,
                    field="depends_on",
                    value=", ".join(depends) or "none",
                    reason="it could never start; it now follows the step before it",
                )
            )
        steps.append(step)
    return workflow.model_copy(update={"steps": steps})
