"""What starts a journey, and which journey a description is about.

The trigger is the account event a run starts from: a closed-won deal, a renewal
N days out, a health score under a threshold, a P1 ticket, an NPS detractor, a
schedule. The journey kind is scored from keywords, with the trigger as a strong
hint (a renewal_due trigger makes a renewal journey likely, not certain).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agents.journey.durations import WORD_NUMBERS, find_recurrence
from domain.workflow import JourneyKind, Trigger, TriggerKind

_NUM = r"(\d+|" + "|".join(k for k in WORD_NUMBERS if " " not in k) + r")"

_CLOSED_WON_RE = re.compile(
    r"closed[- ]?won|deal (?:is )?(?:closes|closed|won|signed)|"
    r"(?:contract|order form|deal) (?:is |gets |has been )?signed|"
    r"signs? (?:the |their )?(?:contract|order form|deal)|"
    r"new (?:customer|logo) (?:signs|is signed)|when (?:we|sales) close",
    re.IGNORECASE,
)
_RENEWAL_RE = re.compile(
    rf"\b{_NUM} (days?|weeks?|months?) (?:before|prior to|ahead of|out from|from) "
    r"(?:the |their |its )?(?:contract )?(?:renewal|contract end|term end)",
    re.IGNORECASE,
)
_RENEWAL_OUT_RE = re.compile(
    rf"renewal (?:date )?is {_NUM} (days?|weeks?|months?) (?:out|away)", re.IGNORECASE
)
_HEALTH_RE = re.compile(
    r"health(?: score)?\s+(?:\w+\s+){0,2}?(?:below|under|less than|<)\s*(\d+)",
    re.IGNORECASE,
)
_USAGE_RE = re.compile(
    r"(?:usage|adoption|active users|seats? used|licen[cs]e use)\s+(?:\w+\s+){0,2}?"
    r"(?:below|under|less than|above|over|exceeds?|reaches|hits|past)\s*(\d+)|"
    r"\b(?:hits?|reach(?:es)?|exceeds?|uses?|passes)\s+(?:(?:more than|over|above|"
    r"at least)\s+)?(\d+)\s*%\s*of\s+"
    r"(?:(?:their|its|the)\s+)?(?:licen[cs]es?|seats?|licen[cs]e seats?)",
    re.IGNORECASE,
)
_RED_HEALTH_RE = re.compile(
    r"health(?: score)?\s+(?:turns?|goes|is|drops to|becomes)\s+red", re.IGNORECASE
)
_TICKET_RE = re.compile(r"\b(?:P([0-4])|sev(?:erity)?[- ]?([0-4]))\b", re.IGNORECASE)
_DETRACTOR_RE = re.compile(
    r"detractor|(?:nps|score)[^.]{0,30}?\b(\d{1,2}) or (?:less|lower|below)",
    re.IGNORECASE,
)
_MANUAL_RE = re.compile(
    r"\b(?:manually|by hand|on request|gives? notice|(?:termination|cancell?ation) "
    r"notice|notice of termination|(?:asks|wants|decides) to "
    r"(?:cancel|leave|churn)|cancell?ation notice|notice of (?:non-renewal|cancel)|"
    r"(?:is|are) churning|(?:tells?|informs?) us (?:that )?they(?:'re| are) "
    r"(?:churning|leaving|cancell?ing))",
    re.IGNORECASE,
)


def _number(word: str) -> int:
    return int(WORD_NUMBERS.get(word.lower(), 0) or word) if word else 0


def _renewal(text: str) -> Trigger | None:
    match = _RENEWAL_RE.search(text) or _RENEWAL_OUT_RE.search(text)
    if match is None:
        return None
    per_unit = {"d": 1, "w": 7, "m": 30}[match.group(2)[0].lower()]
    return Trigger(kind="renewal_due", days_before=_number(match.group(1)) * per_unit)


def _closed_won(text: str) -> Trigger | None:
    return Trigger(kind="closed_won") if _CLOSED_WON_RE.search(text) else None


def _health(text: str) -> Trigger | None:
    match = _HEALTH_RE.search(text)
    if match is None:  # 'turns red' names no number: the threshold is left open
        return Trigger(kind="health_below") if _RED_HEALTH_RE.search(text) else None
    return Trigger(kind="health_below", threshold=float(match[1]))


def _usage(text: str) -> Trigger | None:
    match = _USAGE_RE.search(text)
    if match is None:
        return None
    return Trigger(kind="usage_threshold", threshold=float(match[1] or match[2]))


def _ticket(text: str) -> Trigger | None:
    match = _TICKET_RE.search(text)
    if match is None:
        return None
    return Trigger(kind="ticket_priority", priority=f"P{match[1] or match[2]}")


def _detractor(text: str) -> Trigger | None:
    match = _DETRACTOR_RE.search(text)
    if match is None:
        return None
    threshold = float(match[1]) if match[1] else None
    return Trigger(kind="nps_detractor", threshold=threshold)


def _schedule(text: str) -> Trigger | None:
    found = find_recurrence(text)
    return Trigger(kind="schedule", schedule=found[0]) if found else None


def _manual(text: str) -> Trigger | None:
    return Trigger(kind="manual") if _MANUAL_RE.search(text) else None


_DETECTORS: list[Callable[[str], Trigger | None]] = [
    _renewal,
    _health,
    _usage,
    _ticket,
    _detractor,
    _closed_won,
    _manual,
]


def detect_trigger(text: str, allow_schedule: bool = False) -> Trigger | None:
    """The trigger a piece of text names, provenance 'stated'; None if it names none."""
    for detector in [*_DETECTORS, _schedule] if allow_schedule else _DETECTORS:
        trigger = detector(text)
        if trigger is not None:
            return trigger.model_copy(update={"provenance": "stated"})
    return None


_KEYWORDS: dict[JourneyKind, tuple[str, ...]] = {
    JourneyKind.onboarding: (
        "onboard", "kickoff", "kick-off", "kick off", "go-live", "go live",
        "implementation", "welcome", "provision", "training", "success plan", "sso",
    ),
    JourneyKind.handoff: ("hand off", "handoff", "hand-off", "handover", "hands over",
                          "passes the account", "transition"),
    JourneyKind.renewal: ("(?<!non-)renew", "contract end"),
    JourneyKind.escalation: ("p1", "p0", "sev1", "sev 1", "outage", "incident",
                             "ticket", "root cause", "rca"),
    JourneyKind.expansion: ("expansion", "upsell", "up-sell", "cross-sell", "upgrade",
                            "more seats", "additional licen", "expand"),
    JourneyKind.adoption: ("adoption", "usage", "feature", "activation", "enablement",
                           "inactive", "active users", "health score"),
    JourneyKind.qbr: ("qbr", "business review", "ebr", "quarterly review"),
    JourneyKind.nps_followup: ("nps", "detractor", "survey", "promoter", "csat",
                               "feedback"),
    JourneyKind.offboarding: ("offboard", "cancel", "churn", "terminat", "data export",
                              "deprovision", "decommission", "wind down", "exit",
                              "non-renewal", "revok", "gives? notice",
                              "notice of"),
}  # fmt: skip
_KEYWORD_RES = {
    kind: re.compile(r"\b(?:" + "|".join(words) + ")", re.IGNORECASE)
    for kind, words in _KEYWORDS.items()
}

_RISING_USAGE_RE = re.compile(
    r"\b(?:reaches|reach|exceeds?|above|over|more than|hits?|past)\s*\d",
    re.IGNORECASE,
)
_TRIGGER_HINT = {
    TriggerKind.closed_won: JourneyKind.onboarding,
    TriggerKind.renewal_due: JourneyKind.renewal,
    TriggerKind.ticket_priority: JourneyKind.escalation,
    TriggerKind.nps_detractor: JourneyKind.nps_followup,
    TriggerKind.health_below: JourneyKind.adoption,
}
# A run started by hand is most often a churn, but only a hint: 'This starts
# manually' says nothing about offboarding, so it breaks ties and no more.
_WEAK_HINT = {TriggerKind.manual: JourneyKind.offboarding}


def journey_kind(text: str, trigger: Trigger | None) -> JourneyKind:
    """The journey the text is most about; 'custom' when no keyword appears."""
    scores = {kind: len(regex.findall(text)) for kind, regex in _KEYWORD_RES.items()}
    if trigger is not None and trigger.kind in _TRIGGER_HINT:
        scores[_TRIGGER_HINT[trigger.kind]] += 3
    if trigger is not None and scores.get(_WEAK_HINT.get(trigger.kind)):
        scores[_WEAK_HINT[trigger.kind]] += 1
    if trigger is not None and trigger.kind is TriggerKind.usage_threshold:
        rising = _RISING_USAGE_RE.search(text)
        scores[JourneyKind.expansion if rising else JourneyKind.adoption] += 3
    if trigger is not None and trigger.schedule == "quarterly":
        scores[JourneyKind.qbr] += 1
    best = max(scores, key=lambda kind: scores[kind])
    return best if scores[best] > 0 else JourneyKind.custom
