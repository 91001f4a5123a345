"""Turn a journey draft into a Workflow: ids, roles, SLAs, handoffs, the trigger.

Everything set here was read from the description and carries provenance
'stated'; what the description left out is filled afterwards by complete_workflow
from the journey template, as 'assumed'.
"""

from __future__ import annotations

import re

from agents.journey.actors import is_external, role_for
from agents.journey.clauses import Reading
from agents.journey.draft import JourneyDraft
from agents.journey.durations import find_recurrence
from agents.journey.placement import StepDraft
from agents.journey.segment import outline
from agents.journey.templates import template_for
from agents.journey.titles import step_slug
from agents.journey.triggers import detect_trigger, journey_kind
from agents.journey.verbs import customer_action
from domain.design import Question
from domain.workflow import (
    SLA,
    Handoff,
    JourneyKind,
    Step,
    Trigger,
    Workflow,
)

MAX_INSTRUCTIONS = 2000
_HANDOFF_WORD_RE = re.compile(r"\b(?:handoffs?|handovers?|hand-offs?)\b", re.I)
# A transfer verb with no named receiver ('the AE hands off'); the noun in 'the
# handoff form' is not one.
_HAND_OFF_VERB_RE = re.compile(
    r"\b(?:hand(?:s|ed|ing)? (?:off|over)|hand-off|hands|handed|handing|"
    r"pass(?:es|ed|ing)?|transfers?|transferred)\b",
    re.IGNORECASE,
)


def build_workflow(draft: JourneyDraft) -> tuple[Workflow, list[Question]]:
    """The workflow the draft describes, and the questions it raised."""
    trigger = draft.trigger or _trigger_from_text(draft.text)
    journey = journey_kind(draft.text, trigger)
    if trigger is None and journey is JourneyKind.qbr:
        found = find_recurrence(draft.text)
        trigger = (
            Trigger(kind="schedule", schedule=found[0], provenance="stated")
            if found
            else None
        )
    ids = _step_ids(draft.steps)
    steps = _with_named_handoff(
        [_step(draft, index, ids) for index in range(len(draft.steps))], draft
    )
    role_ids = sorted({role for step in steps for role in _referenced(step)})
    workflow = Workflow(
        name=(draft.heading or template_for(journey).name)[:120],
        journey=journey,
        trigger=trigger,
        roles=[role_for(role_id) for role_id in role_ids],
        steps=steps,
    )
    questions = [
        Question(step_id=ids[index] if index is not None else None, question=text)
        for index, text in draft.questions
    ]
    return workflow, questions


def _with_named_handoff(steps: list[Step], draft: JourneyDraft) -> list[Step]:
    """'The AE fills in the handoff form': the handoff, when no step transfers."""
    if any(step.handoff for step in steps):
        return steps
    for index, step in enumerate(steps):
        if _HANDOFF_WORD_RE.search(draft.steps[index].reading.text):
            handoff = Handoff(from_role=step.owner, to_role=None, provenance="stated")
            steps[index] = step.model_copy(update={"handoff": handoff})
            break
    return steps


def _trigger_from_text(text: str) -> Trigger | None:
    """A trigger named anywhere: a closed-won deal in the opening, else any event."""
    opening = " ".join(outline(text).sentences[:2])
    trigger = detect_trigger(opening)
    if trigger is not None and trigger.kind in ("closed_won", "renewal_due"):
        return trigger
    trigger = detect_trigger(text)
    return None if trigger is None or trigger.kind == "closed_won" else trigger


def _step_ids(steps: list[StepDraft]) -> list[str]:
    ids: list[str] = []
    for step in steps:
        base = step_slug(step.reading.title)
        candidate, number = base, 2
        while candidate in ids:
            candidate, number = f"{base}_{number}", number + 1
        ids.append(candidate)
    return ids


def _step(draft: JourneyDraft, index: int, ids: list[str]) -> Step:
    step = draft.steps[index]
    reading = step.reading
    external = is_external(step.owner)
    pauses = step.pauses or (draft.pause_all_external and _waits_on_external(step))
    instructions = " ".join(" ".join(step.sources).split())
    return Step(
        id=ids[index],
        title=reading.title,
        instructions=_sentence(instructions)[:MAX_INSTRUCTIONS],
        owner=step.owner,
        owner_provenance="stated" if step.owner else "assumed",
        kind=reading.kind,
        depends_on=[ids[dep] for dep in step.depends_on],
        sla=_sla(step, pauses),
        escalation=step.rungs or list(draft.global_rungs),
        handoff=_handoff(step),
        customer_facing=external,
        customer_action=customer_action(reading.text, reading.kind)
        if external
        else None,
        recurrence=reading.recurrence,
        source_text=" / ".join(step.sources)[:4000],
    )


def _sla(step: StepDraft, pauses: bool) -> SLA | None:
    if step.time is None:
        return None
    return SLA(
        duration=step.time.duration,
        anchor=step.time.anchor,
        pauses_when_waiting_external=pauses,
        provenance="stated",
    )


def _handoff(step: StepDraft) -> Handoff | None:
    if step.handoff_from is not None:  # '... with the PM, who responds': to the PM
        return Handoff(from_role=step.handoff_from, to_role=step.owner,
                       provenance="stated")  # fmt: skip
    if not is_handoff(step.reading):
        return None
    recipient = step.reading.recipient
    return Handoff(
        from_role=step.owner,
        to_role=recipient.role_id if recipient else None,
        context=step.reading.context,
        provenance="stated",
    )


def _waits_on_external(step: StepDraft) -> bool:
    recipient = step.reading.recipient
    return is_external(step.owner) or bool(recipient and is_external(recipient.role_id))


def _referenced(step: Step) -> list[str]:
    roles = [step.owner, *(rung.to_role for rung in step.escalation)]
    if step.handoff:
        roles += [step.handoff.from_role, step.handoff.to_role]
    return [role for role in roles if role]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def is_handoff(reading: Reading) -> bool:
    """A handoff step: a transfer verb to a named role, or a hand-off verb alone.

    Sending, emailing or filling in a 'handoff form' is work, not a transfer.
    """
    if reading.handoff:
        return True
    return bool(_HAND_OFF_VERB_RE.search(reading.text))
