"""Refine a workflow from an instruction ("continue with this flow").

A sentence that changes a step names it by its words ("Finance owns the invoice
step, 3 business days"; "if the kickoff slips, escalate to the VP CS after 2 days")
and sets its owner, SLA, escalation or clock pause, all 'stated'. A sentence that
describes new work ("Then the CSM schedules a 30-day check-in within 30 days") adds
steps after the last one. The result is a new version, completed and linted.
"""

from __future__ import annotations

import re

from agents.journey.build import build_workflow
from agents.journey.clauses import Reading, read_clause
from agents.journey.complete import complete_workflow, standing_assumptions
from agents.journey.draft import draft_journey
from agents.journey.durations import unusable_durations
from agents.journey.escalations import is_escalation_sentence, read_escalation
from agents.journey.matching import best_match, content_words
from agents.journey.refine_edits import (
    removal,
    remove_step,
    trigger_sentence,
    unchanged_message,
)
from agents.journey.segment import outline
from domain.design import DesignInputError, DesignResult, Question, check_description
from domain.lint import lint_workflow
from domain.workflow import SLA, Step, Trigger, Workflow

_NEW_WORK_RE = re.compile(
    r"^\s*(?:then|add|also|after that|afterwards|next|finally|and then|"
    r"at the end|once that is done)\b",
    re.IGNORECASE,
)
_REMOVE_OWNER_RE = re.compile(
    r"\b(?:remove|clear|unset|drop|delete|reset)\s+(?:the\s+)?owner\b", re.IGNORECASE
)
_CHANGE_RE = re.compile(
    r"\b(?:owns?|owned by|responsible|sla|deadline|due|escalat\w*|takes?|should take|"
    r"change|set|make|move|pause\w*|clock)\b|\bstep\b",
    re.IGNORECASE,
)


def refine_offline(workflow: Workflow, instruction: str) -> DesignResult:
    """A new version of the workflow with the instruction applied.

    Raises:
        DesignInputError: the instruction is empty or names no step and adds none.
    """
    text = check_description(instruction)
    steps = list(workflow.steps)
    trigger = workflow.trigger
    questions: list[Question] = []
    additions: list[str] = []
    for sentence in outline(text).sentences:
        _check_times(sentence)
        stated = trigger_sentence(sentence)
        if stated is not None:
            trigger = _changed_trigger(trigger, stated, sentence)
        elif removal(sentence) is not None:
            steps = remove_step(steps, sentence)
        elif _is_new_work(sentence, steps):
            additions.append(sentence)
        elif not _change_step(steps, sentence):
            raise DesignInputError(_no_match_message(sentence, steps))
    refined = workflow.model_copy(
        update={"steps": steps, "trigger": trigger, "version": workflow.version + 1}
    )
    if additions:
        refined = _append(refined, " ".join(additions), questions)
    refined, filled = complete_workflow(refined)
    noted = {(a.step_id, a.field) for a in filled}
    kept = [
        a for a in standing_assumptions(refined) if (a.step_id, a.field) not in noted
    ]
    assumptions = filled + kept
    return DesignResult(
        engine="offline",
        workflow=refined,
        lint=lint_workflow(refined),
        assumptions=assumptions,
        questions=questions,
    )


def _check_times(sentence: str) -> None:
    for phrase in unusable_durations(sentence):
        raise DesignInputError(
            f"'{phrase}' in '{sentence[:80]}' is not a usable time: it must be more "
            "than zero and under two years, e.g. 'within 3 business days'"
        )


def _changed_trigger(old: Trigger | None, new: Trigger, sentence: str) -> Trigger:
    if old is not None and old.model_dump() == new.model_dump():
        raise DesignInputError(
            f"the refinement '{sentence[:80]}' changed nothing: the trigger is "
            "already that (stated)"
        )
    return new


def _is_new_work(sentence: str, steps: list[Step]) -> bool:
    if _NEW_WORK_RE.match(sentence):
        return True
    if _CHANGE_RE.search(sentence) or is_escalation_sentence(sentence):
        return False
    reading = read_clause(sentence)
    return reading.is_step and _target(sentence, steps) is None


def _target(sentence: str, steps: list[Step]) -> int | None:
    words = content_words(sentence)
    index = best_match(words, [content_words(step.title) for step in steps])
    if index is None:
        index = best_match(words, [content_words(step.instructions) for step in steps])
    return index


def _change_step(steps: list[Step], sentence: str) -> bool:
    """Apply one sentence to the step it names; False when it names none."""
    if is_escalation_sentence(sentence):
        escalation = read_escalation(sentence)
        index = _target(escalation.reference or sentence, steps)
        if index is None or not escalation.rungs:
            return False
        step = steps[index]
        stated = [rung for rung in step.escalation if rung.provenance == "stated"]
        ladder = sorted(
            stated + escalation.rungs, key=lambda r: r.after.working_minutes
        )
        if ladder == step.escalation:
            raise DesignInputError(unchanged_message(sentence, step))
        steps[index] = step.model_copy(update={"escalation": ladder})
        return True
    index = _target(sentence, steps)
    if index is None:
        return False
    before = steps[index]
    _apply_sentence(steps, index, sentence)
    if steps[index] == before:
        raise DesignInputError(unchanged_message(sentence, before))
    return True


def _apply_sentence(steps: list[Step], index: int, sentence: str) -> bool:
    if _REMOVE_OWNER_RE.search(sentence):
        # the owner goes back to the template's choice, marked assumed
        steps[index] = steps[index].model_copy(
            update={"owner": None, "owner_provenance": "assumed", "escalation": []}
        )
        return True
    steps[index] = _apply(steps[index], read_clause(sentence))
    return True


def _apply(step: Step, reading: Reading) -> Step:
    update: dict = {}
    if reading.owner is not None and not _names_the_step(reading, step):
        update |= {"owner": reading.owner.role_id, "owner_provenance": "stated"}
        if step.owner != reading.owner.role_id:
            update["escalation"] = [
                r for r in step.escalation if r.provenance == "stated"
            ]
    pauses = reading.pauses or bool(step.sla and step.sla.pauses_when_waiting_external)
    if reading.time is not None:
        update["sla"] = SLA(
            duration=reading.time.duration,
            anchor=reading.time.anchor,
            pauses_when_waiting_external=pauses,
            provenance="stated",
        )
    elif reading.pauses and step.sla is not None:
        update["sla"] = step.sla.model_copy(
            update={"pauses_when_waiting_external": True}
        )
    return step.model_copy(update=update)


def _names_the_step(reading: Reading, step: Step) -> bool:
    """'Call customer should take 2 days': the customer is in the title, not owning."""
    owner = reading.owner
    named = reading.text[owner.start : owner.end].lower()
    return named in step.title.lower()


def _append(workflow: Workflow, text: str, questions: list[Question]) -> Workflow:
    """Add the steps the text describes after the last step of the workflow."""
    draft = draft_journey(text)
    if not draft.steps:
        raise DesignInputError(_no_match_message(text, workflow.steps))
    added, asked = build_workflow(draft)
    taken = {step.id for step in workflow.steps}
    renamed = {step.id: _free_id(step.id, taken) for step in added.steps}
    last = [workflow.steps[-1].id] if workflow.steps else []
    new_steps = [
        step.model_copy(
            update={
                "id": renamed[step.id],
                "depends_on": [renamed[d] for d in step.depends_on] or last,
            }
        )
        for step in added.steps
    ]
    known = {role.id for role in workflow.roles}
    roles = workflow.roles + [role for role in added.roles if role.id not in known]
    questions += [
        q.model_copy(update={"step_id": renamed.get(q.step_id)}) for q in asked
    ]
    return workflow.model_copy(
        update={"steps": workflow.steps + new_steps, "roles": roles}
    )


def _free_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _no_match_message(sentence: str, steps: list[Step]) -> str:
    titles = "; ".join(f"'{step.title}'" for step in steps) or "(none)"
    return (
        f"the refinement '{sentence[:80]}' matches no step: name the step it changes, "
        f"by its title ({titles}), or describe new work starting with 'Then'"
    )
