"""What a clause says that a step cannot hold, raised as a question for review.

A workflow step has one owner, an SLA counted from when it is ready (or from the
run start or the renewal date) and always runs. Descriptions say more: two people
run a meeting, a deck is due "3 weeks before the QBR date", a proposal goes out
"ASAP", a step runs only "if the risk involves a missing feature". Rather than
guess silently, the engine keeps what it can and asks about the rest.
"""

from __future__ import annotations

import re

from agents.journey.actors import find_actors
from agents.journey.clauses import Reading
from agents.journey.triggers import detect_trigger
from domain.workflow import SlaAnchor, Trigger

_TRIGGER_LABEL_RE = re.compile(
    r"^\s*(?:trigger(?:ed by)?|triggers?|start(?:s| event)?|starts when|kick-?off "
    r"event)\s*[:=-]\s*(?P<event>\S.*)$",
    re.IGNORECASE,
)
_EVENT_LABEL_RE = re.compile(r"^(?P<label>[^:]{3,80}):\s+(?P<main>\S.*)$")
_ANCHOR_RE = re.compile(
    r"^\s*(?:before|prior to|ahead of)\s+(?:the\s+|their\s+)?"
    r"(?P<event>[\w-]+(?: [\w-]+){0,2})",
    re.IGNORECASE,
)
_KNOWN_ANCHORS = re.compile(
    r"^(?:renewal|contract end|term end|expiry|closed-?won|signature|kickoff|"
    r"kick-off|go-?live|that|this|it|the step|them)\b",
    re.IGNORECASE,
)
_PERIOD_END_RE = re.compile(r"\bend of (?:the )?(week|month|quarter)\b", re.I)
_ASAP_RE = re.compile(r"\b(?:ASAP|as soon as possible)\b", re.IGNORECASE)
_ASIDE_RE = re.compile(
    r"^(?:quick note|a quick note|note to self|fyi|just a heads up|heads up|"
    r"here(?:'s| is) how|this is how|as discussed|for context)\b",
    re.IGNORECASE,
)
_NO_SLA_RE = re.compile(r"\bno (?:sla|deadline|escalation)s?\b", re.IGNORECASE)


def trigger_label(sentence: str) -> tuple[str, Trigger | None] | None:
    """('120 days before renewal', its trigger) for a 'Trigger: ...' line."""
    match = _TRIGGER_LABEL_RE.match(sentence)
    if match is None:
        return None
    event = match["event"].strip(" .")
    return event, detect_trigger(event, allow_schedule=True)


def event_label(text: str) -> tuple[Trigger, str] | None:
    """'NPS detractor (score 0-6): CSM calls ...' -> the trigger, then the work."""
    match = _EVENT_LABEL_RE.match(text)
    if match is None or find_actors(match["label"]):
        return None
    trigger = detect_trigger(match["label"], allow_schedule=True)
    return (trigger, match["main"]) if trigger is not None else None


def is_aside(sentence: str) -> bool:
    """'Quick note on how we want ...' or 'There is no SLA for this step'."""
    if find_actors(sentence):
        return False
    return bool(_ASIDE_RE.match(sentence) or _NO_SLA_RE.search(sentence))


def co_owner_note(reading: Reading, owner: str | None) -> str | None:
    if not reading.co_owners or owner is None:
        return None
    others = ", ".join(reading.co_owners)
    return (
        f"'{reading.title}' names more than one owner ({owner}, {others}); a step "
        f"has one owner, so the {owner} owns it: should the {others} own a step?"
    )


def anchor_note(reading: Reading) -> str | None:
    """'3 weeks before the QBR date': a deadline counted from an unknown date."""
    time = reading.time
    if time is None or time.anchor is not SlaAnchor.step_ready:
        return None
    match = _ANCHOR_RE.match(reading.text[time.end :])
    if match is None or _KNOWN_ANCHORS.match(match["event"]):
        return None
    phrase = reading.text[time.start : time.end + match.end()]
    return (
        f"the deadline '{phrase}' counts from a date csops does not track; the SLA "
        f"counts {time.duration} from when the step is ready: is that right?"
    )


def asap_note(reading: Reading) -> str | None:
    if not _ASAP_RE.search(reading.text):
        return None
    return f"'{reading.title}' is due 'ASAP': read as 4 business hours; is that right?"


def period_note(reading: Reading) -> str | None:
    """'by end of month': a calendar date csops reads as a length of time."""
    match = _PERIOD_END_RE.search(reading.text)
    if match is None or reading.time is None:
        return None
    return (
        f"'{reading.title}' is due by the end of the {match[1].lower()}: read as "
        f"{reading.time.duration} from when the step is ready; is that right?"
    )


def unusable_note(phrase: str) -> str:
    """'within 0 days' cannot be an SLA: the template's SLA is assumed instead."""
    return (
        f"'{phrase}' is not a usable time (it must be more than zero and under two "
        "years); the template's value is assumed: what should it be?"
    )


def branch_note(reading: Reading, branch: str | None) -> str | None:
    if branch is None:
        return None
    return (
        f"'{reading.title}' runs only {branch.lower()}; a workflow runs every step, "
        "so it runs beside the other branches: split it into its own workflow?"
    )
