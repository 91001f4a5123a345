"""Refinements that change the journey rather than one step's fields.

"This starts manually", "Trigger: every quarter" or "when a deal closes" set the
trigger (stated). "Remove the provision tenant step" drops that step; the steps that
waited on it wait on what it waited on. A refinement that names a step but changes
nothing is an error that says so, so a reviewer never saves an empty version
believing it changed something.
"""

from __future__ import annotations

import re

from agents.journey.actors import find_actors
from agents.journey.matching import best_match, content_words
from agents.journey.notes import trigger_label
from agents.journey.openings import event_trigger
from domain.design import DesignInputError
from domain.workflow import Step, Trigger

_STARTS_RE = re.compile(
    r"^(?:(?:this|the|it|our)\s+)?(?:(?:workflow|journey|process|playbook|run)\s+)?"
    r"(?:starts|is started|is triggered|runs|kicks off|begins|is kicked off)"
    r"(?:\s+(?:when|on|by|if|once|whenever))?\s*",
    re.IGNORECASE,
)
_EVENT_RE = re.compile(r"^(?:when|whenever|once|as soon as|upon|on)\b", re.I)
_REMOVE_RE = re.compile(
    r"^(?:please\s+)?(?:remove|delete|drop|cut)\s+(?:the\s+)?(?:step\s+)?"
    r"(?P<name>.+?)(?:\s+step)?$",
    re.IGNORECASE,
)


def trigger_sentence(sentence: str) -> Trigger | None:
    """The trigger a refinement sentence sets, or None when it sets none."""
    label = trigger_label(sentence)
    if label is not None:
        event, trigger = label
        return trigger or event_trigger(event) or _manual()
    if find_actors(sentence):
        return None  # 'The CSM starts the kickoff' is work, not the trigger
    opening = _STARTS_RE.match(sentence)
    rest = sentence[opening.end() :] if opening else sentence
    trigger = event_trigger(rest) or event_trigger(sentence)
    if trigger is None and (opening or _EVENT_RE.match(sentence)):
        return _manual()  # 'This starts when legal approves': by hand
    return trigger


def _manual() -> Trigger:
    return Trigger(kind="manual", provenance="stated")


def removal(sentence: str) -> str | None:
    """'Remove the provision tenant step' -> 'provision tenant'."""
    match = _REMOVE_RE.match(sentence.strip(" ."))
    if match is None or re.search(r"\bowner\b", match["name"], re.I):
        return None
    return match["name"]


def remove_step(steps: list[Step], sentence: str) -> list[Step]:
    """The steps without the one the sentence names, its dependents rewired."""
    name = removal(sentence) or ""
    words = content_words(name)
    index = best_match(words, [content_words(s.title) for s in steps])
    if index is None or not words:
        titles = "; ".join(f"'{step.title}'" for step in steps) or "(none)"
        raise DesignInputError(
            f"the refinement '{sentence[:80]}' names no step to remove: use a step "
            f"title ({titles})"
        )
    gone = steps[index]
    return [_rewired(step, gone) for step in steps if step.id != gone.id]


def _rewired(step: Step, gone: Step) -> Step:
    if gone.id not in step.depends_on:
        return step
    depends = [d for d in step.depends_on if d != gone.id]
    depends += [d for d in gone.depends_on if d not in depends]
    return step.model_copy(update={"depends_on": depends})


def unchanged_message(sentence: str, step: Step) -> str:
    return (
        f"the refinement '{sentence[:80]}' matched step '{step.title}' but changed "
        "nothing: the step already has that owner, SLA and escalation. Name what "
        "should change, e.g. a new owner, a new SLA or an escalation"
    )
