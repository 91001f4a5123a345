"""Read one clause: who acts, who receives, what kind of work, how long, its title.

The owner is the acting subject: the first actor named that is not the object of a
preposition ("to the CSM", "with the customer"), or the agent of a passive ("is
approved by Legal"). The recipient is the actor work is handed or sent to ("hands
off to the CSM", "sends the customer a survey"). A clause that opens with a bare
verb ("Send the welcome email") has no subject of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.journey.actors import Mention, find_actors, is_external
from agents.journey.durations import (
    TimePhrase,
    find_durations,
    find_recurrence,
    strip_time_phrases,
)
from agents.journey.titles import short_title
from agents.journey.verbs import (
    ACTION_RE,
    HANDOFF_VERB_RE,
    HANDOVER_NOUN_RE,
    HOSTILE_RE,
    SEND_VERB_RE,
    TRANSFER_VERB_RE,
    is_notification,
    step_kind,
)
from domain.workflow import StepKind

_NOT_SUBJECT = {
    "to", "with", "for", "from", "by", "cc", "of", "about", "on", "via", "between",
    "than", "into", "and", "or", "at", "inform", "informs", "notify", "notifies",
}  # fmt: skip
_DETERMINERS = ("the", "a", "an", "our", "their", "its", "your")
_QUANTIFIERS = ("one", "any", "each", "all", "some", "both")
_IMPERATIVES = re.compile(
    r"^(?:please\s+)?(?:send|schedule|run|hold|book|review|approve|email|call|"
    r"notify|inform|ask|invite|share|update|create|prepare|escalate|hand|introduce|"
    r"confirm|collect|check|follow|set|assign|log|draft|present|reach|ping|remind)\b",
    re.IGNORECASE,
)
_PARALLEL_RE = re.compile(
    r"\b(?:in parallel|meanwhile|at the same time|simultaneously|concurrently|"
    r"alongside)\b",
    re.IGNORECASE,
)
_PAUSE_RE = re.compile(
    r"clock (?:pauses|stops|is paused|is stopped)|(?:pause|stop)s? the (?:clock|sla)|"
    r"sla (?:pauses|stops)|while (?:we(?:'re| are)? )?(?:wait|waiting) (?:on|for)",
    re.IGNORECASE,
)
_CONTEXT_RE = re.compile(
    r"\b(?:with|including|along with|together with|plus|passing(?: on| along)?|"
    r"sharing)\s+(?:the\s+|their\s+)?(?P<items>[^()]+)$",
    re.IGNORECASE,
)
_LIST_SPLIT_RE = re.compile(
    r"\s*,\s*(?:and\s+)?(?:the\s+|their\s+)?|\s+and\s+(?:the\s+|their\s+)?"
)
# 'hands off to the assigned CSM', 'to the new account manager'
_TO_ADJECTIVE_RE = re.compile(
    r"\bto (?:the|our|a|an|their) (?:assigned|new|named|designated|dedicated|"
    r"regional|account'?s?) $",
    re.IGNORECASE,
)
_RECEIVED_FROM_RE = re.compile(
    r"^[^,]*\b(?:gets?|receives?)\b[^,]*\bfrom (?:the |our )?$", re.IGNORECASE
)
_PRONOUN_SUBJECT_RE = re.compile(r"^\s*(?:they|he|she|we)\b", re.IGNORECASE)
_PARTICIPLE_RE = re.compile(r"^\s+(?:\w+ed|sent|done|held|given|taken|written)\b")
_CO_OWNER_RE = re.compile(r"^\s*(?:,|and|&)\s*(?:the\s+|our\s+)?", re.IGNORECASE)


@dataclass
class Reading:
    """What one clause says about one step."""

    text: str
    owner: Mention | None
    recipient: Mention | None
    handoff: bool
    kind: StepKind
    title: str
    time: TimePhrase | None
    recurrence: str | None
    parallel: bool
    pauses: bool
    has_action: bool
    hostile: bool
    mentions: list[Mention] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    co_owners: list[str] = field(default_factory=list)

    @property
    def is_step(self) -> bool:
        """A clause with an actor or known work, and no prompt-injection wording."""
        if self.hostile:
            return False
        return self.has_action or (self.owner is not None and self.time is not None)


def read_clause(text: str, owner_id: str | None = None) -> Reading:
    """Everything one clause says; `owner_id` stands in when it names no subject."""
    mentions = [m for m in find_actors(text) if not _possessive_of_actor(m, text)]
    owner = _owner(text, mentions)
    recipient = _recipient(text, mentions, owner) or _handover_with(text, mentions)
    external = is_external(owner.role_id if owner else owner_id)
    durations = find_durations(text)
    recurrence = find_recurrence(text)
    title = short_title(text, owner)
    handoff = recipient is not None and bool(TRANSFER_VERB_RE.search(text))
    return Reading(
        text=text,
        owner=owner,
        recipient=recipient,
        handoff=handoff and not is_notification(text),
        kind=step_kind(text, external, title.split()[0]),
        title=title,
        time=durations[0] if durations else None,
        recurrence=recurrence[0] if recurrence else None,
        parallel=bool(_PARALLEL_RE.search(text)),
        pauses=bool(_PAUSE_RE.search(text)),
        has_action=bool(ACTION_RE.search(text)),
        hostile=bool(HOSTILE_RE.search(text)),
        mentions=mentions,
        context=_handoff_context(text) if handoff else [],
        co_owners=_co_owners(text, owner, mentions),
    )


def _possessive_of_actor(mention: Mention, text: str) -> bool:
    """'the customer's admin': the customer only says whose admin it is."""
    if not mention.possessive:
        return False
    return bool(find_actors(text[mention.end : mention.end + 30])[:1]) and (
        find_actors(text[mention.end : mention.end + 30])[0].start <= 6
    )


def _previous_word(text: str, start: int) -> str:
    words = re.findall(r"[\w']+", text[:start].lower())
    while words and words[-1] in _DETERMINERS:
        words.pop()
        if words[-2:-1] and words[-1] == "of" and words[-2] in _QUANTIFIERS:
            del words[-2:]
    return words[-1] if words else ""


def _owner(text: str, mentions: list[Mention]) -> Mention | None:
    if _IMPERATIVES.match(text.strip()) or _PRONOUN_SUBJECT_RE.match(text):
        return None  # no subject of its own: the sentence's owner stands in
    passive = [m for m in mentions if _previous_word(text, m.start) == "by"]
    # 'Promoters get a thank-you email from Marketing': Marketing sends it
    passive += [m for m in mentions if _RECEIVED_FROM_RE.search(text[: m.start])]
    for mention in mentions:
        if _previous_word(text, mention.start) not in _NOT_SUBJECT:
            # 'an exec sponsor assigned ... by the VP': the agent owns the work
            if passive and _PARTICIPLE_RE.match(text[mention.end :]):
                return passive[0]
            return mention
    return passive[0] if passive else None


def _co_owners(text: str, owner: Mention | None, mentions: list[Mention]) -> list:
    """'the CSM and the AE run the QBR': the AE shares the step."""
    if owner is None:
        return []
    after = [m for m in mentions if m.start >= owner.end]
    joiner = _CO_OWNER_RE.match(text[owner.end :]) if after else None
    if joiner is None or owner.end + joiner.end() != after[0].start:
        return []
    return [after[0].role_id] if after[0].role_id != owner.role_id else []


def _recipient(text: str, mentions: list[Mention], owner: Mention | None) -> Mention:
    others = [m for m in mentions if owner is None or m.role_id != owner.role_id]
    for mention in others:
        word = _previous_word(text, mention.start)
        # 'RevOps assigns a CSM' appoints the CSM; 'assigns it to the CSM' hands over
        appoints = re.fullmatch(r"assign(?:s|ed)?", word)
        if (
            word == "to"
            or _TO_ADJECTIVE_RE.search(text[: mention.start])
            or SEND_VERB_RE.fullmatch(word)
            or (HANDOFF_VERB_RE.fullmatch(word) and not appoints)
        ):
            return mention
    return None


def _handover_with(text: str, mentions: list[Mention]) -> Mention | None:
    """'joins a technical handover with the CSM': the CSM takes over."""
    noun = HANDOVER_NOUN_RE.search(text)
    if noun is None:
        return None
    after = [m for m in mentions if m.start > noun.end()]
    if after and _previous_word(text, after[0].start) == "with":
        return after[0]
    return None


def _handoff_context(text: str) -> list[str]:
    """'... with the deal notes and success criteria' -> the items that travel."""
    match = _CONTEXT_RE.search(strip_time_phrases(text).strip(" .,;"))
    # 'the champion's contact' is a thing that travels, not a person receiving it
    named = (
        [m for m in find_actors(match["items"]) if not m.possessive] if match else []
    )
    if match is None or named:
        return []
    items = [item.strip(" .,;:-") for item in _LIST_SPLIT_RE.split(match["items"])]
    return [item[:60] for item in items if item][:6]
