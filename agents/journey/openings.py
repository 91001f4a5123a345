"""Lines of a pasted document that are not steps, and the event a journey opens with.

Runbooks pasted from a wiki carry metadata ("Last updated: 2024-03-02", "Owner: CS
Ops", "This page describes ...") that names no work, and sub-bullets that qualify
the step above them ("Includes: kickoff deck", "Escalation: Director of Technical
Services"). A journey that opens "When <event>, ..." names its trigger even when
csops cannot watch for that event: the run then starts by hand, which the text
states, and the designer asks whether that is right rather than inventing a step.
"""

from __future__ import annotations

import re

from agents.journey.actors import find_actors, is_external
from agents.journey.clauses import read_clause
from agents.journey.triggers import detect_trigger
from domain.workflow import Trigger

_METADATA_RE = re.compile(
    r"^(?:last (?:updated|edited|reviewed|modified)|updated|(?:page |doc )?owner|"
    r"author|status|version|maintainer|reviewed by|created(?: by)?|audience|"
    r"applies to|scope|tags?|labels?|subject|from|cc|bcc|sent|date)\s*[:=]",
    re.IGNORECASE,
)
_ABOUT_PAGE_RE = re.compile(
    r"^(?:this|the) (?:page|doc(?:ument)?|runbook|playbook|guide|wiki|article|"
    r"section|process doc)\s+(?:describes|covers|outlines|explains|documents|lists|"
    r"is about)\b",
    re.IGNORECASE,
)
_DETAIL_RE = re.compile(
    r"^(?:includes?|contents?|attachments?|artifacts?|deliverables?|materials?|"
    r"inputs?|outputs?|tools?)\s*:\s*(?P<items>\S.*)$",
    re.IGNORECASE,
)
_ESCALATION_LABEL_RE = re.compile(
    r"^(?:escalations?|escalation path|escalates? to|escalate to)\s*[:=]\s*"
    r"(?P<target>\S.*)$",
    re.IGNORECASE,
)
# Only as the event itself: 'passes the account with the signed order form' is not.
_SIGNED_RE = re.compile(
    r"\b(?:countersign\w*|signed (?:contract|order form|deal|sow|msa))\b", re.I
)
_EVENT_START_RE = re.compile(r"^(?:when|whenever|once|as soon as|upon)\b\s*", re.I)


def is_metadata(sentence: str) -> bool:
    """'Last updated: 2024-03-02', 'This page describes ...': about the page."""
    return bool(_METADATA_RE.match(sentence) or _ABOUT_PAGE_RE.match(sentence))


def detail_items(sentence: str) -> str | None:
    """'Includes: kickoff deck, checklist' -> the items, for the step above."""
    match = _DETAIL_RE.match(sentence)
    return match["items"] if match and not find_actors(match["items"]) else None


def escalation_target(sentence: str) -> str | None:
    """'Escalation: Director of Technical Services' -> that role's id."""
    match = _ESCALATION_LABEL_RE.match(sentence)
    mentions = find_actors(match["target"]) if match else []
    return mentions[0].role_id if mentions else None


def event_trigger(event: str) -> Trigger | None:
    """The trigger an event names: 'Contract countersigned in DocuSign' closes."""
    trigger = detect_trigger(event, allow_schedule=True)
    if trigger is None and _SIGNED_RE.search(event):
        trigger = Trigger(kind="closed_won", provenance="stated")
    return trigger


def opening_event(condition: str) -> tuple[Trigger, str | None] | None:
    """The trigger a 'When <event>' opening names, and a question when csops cannot
    watch for the event; None when the condition is our own people's work."""
    if not _EVENT_START_RE.match(condition):
        return None
    trigger = event_trigger(condition)
    if trigger is not None:
        return trigger, None
    reading = read_clause(condition)
    owner = reading.owner.role_id if reading.owner else None
    if owner is not None and not is_external(owner):
        return None
    event = _EVENT_START_RE.sub("", condition).strip(" ,.")
    question = (
        f"csops cannot watch for '{event[:80]}': the workflow starts manually when "
        "it happens; is that right, or which account event should start it?"
    )
    return Trigger(kind="manual", provenance="stated"), question
