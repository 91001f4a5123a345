"""The layout of a pasted runbook: sections, section titles and relative clauses.

A wiki page orders its journey under headings ("## Trigger", "## Steps") and groups
steps under numbered section titles ("1. Kickoff" with the work as sub-bullets).
The lines under a trigger heading state the trigger; a section title that only
groups the sub-bullets under it names no work. A relative clause that gives a
person their own work ("files feedback with the Product Manager, who responds
within a fortnight") is that person's step.
"""

from __future__ import annotations

import re

from agents.journey.actors import find_actors
from agents.journey.durations import find_durations

_HEADING_RE = re.compile(r"^\s*#{1,6}\s*(?P<title>.*)$")
_TRIGGER_HEADING_RE = re.compile(
    r"^(?:triggers?|trigger event|what starts it|start(?:ing)? event|entry criteria)"
    r"\s*:?$",
    re.IGNORECASE,
)
_ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:[-*•+▪‣◦]|\d{1,3}[.)])\s+(?P<text>.*)$")
_WHO_RE = re.compile(r",\s+who\s+(?=\w)", re.IGNORECASE)


def with_sections(text: str) -> str:
    """The text with trigger sections labelled and section-title items dropped."""
    lines = text.splitlines()
    kept: list[str] = []
    in_trigger = False
    for number, line in enumerate(lines):
        heading = _HEADING_RE.match(line)
        if heading:
            in_trigger = bool(_TRIGGER_HEADING_RE.match(heading["title"].strip()))
            kept.append(line)
        elif in_trigger and line.strip():
            item = _ITEM_RE.match(line)
            kept.append("Trigger: " + (item["text"] if item else line.strip()))
        elif not _is_section_title(line, lines[number + 1 : number + 2]):
            kept.append(line)
    return "\n".join(kept)


def _is_section_title(line: str, following: list[str]) -> bool:
    """'2. Technical setup' followed by indented sub-bullets groups, not works."""
    item = _ITEM_RE.match(line)
    below = _ITEM_RE.match(following[0]) if following else None
    if item is None or below is None or len(below["indent"]) <= len(item["indent"]):
        return False
    words = item["text"].strip()
    short = len(words.split()) <= 4 and not words.endswith((".", ":"))
    return short and not find_actors(words) and not find_durations(words)


def relative_work(sentence: str) -> tuple[str, str] | None:
    """'the CSM shares it with the PM, who responds within 10 days' -> the work
    handed over, and the PM's own work ('The PM responds within 10 days')."""
    match = _WHO_RE.search(sentence)
    if match is None:
        return None
    head, rest = sentence[: match.start()], sentence[match.end() :]
    if "," in rest or re.match(r"(?:is|are|was|were|has|have)\b", rest):
        return None  # 'the CSM, who is usually swamped, schedules': an aside
    mentions = find_actors(head)
    if len(mentions) < 2 or mentions[-1].end < len(head.rstrip()):
        return None
    person = head[mentions[-1].start : mentions[-1].end]
    return head, f"The {person} {rest}"
