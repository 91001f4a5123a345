"""Escalation sentences: "if nothing after 5 days, escalate to the CS manager".

Such a sentence does not add a step; it adds rungs to the ladder of a step it refers
to. It may open with the step itself ("the AE hands off to the CSM within 2 days,
escalating to the sales manager if late"): those leading parts are returned as step
text. Each later part that names a target (escalate to X, or X follows up / chases)
and a delay becomes one rung, in the order written. A delay given in the condition
("if the customer hasn't responded in 3 business days") times the next rung.
Only a cue that work ran late or went nowhere makes an escalation: "if the risk
involves a missing feature, the CSM escalates to Product" is a branch, a step of
its own. A rung whose delay is not stated is marked assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.journey.actors import find_actors
from agents.journey.durations import find_durations
from domain.workflow import Duration, EscalationRung

_ESCALATE_TO_RE = re.compile(
    r"\b(?:escalat\w*|bump\w*|raise[sd]?)(?: it| this| that| them)?(?: up)?"
    r"(?: anything| everything)?(?: \w+)?(?: [>≥]? ?\d+\s*\w+)? to\b|"
    r"\b(?:should|will|must|then)? ?go(?:es)? (?:up )?to\b|"
    r"\bpag(?:e|es|ed|ing)\b(?= (?:the |our )?\w)",
    re.IGNORECASE,
)
# 'escalate to me, the VP Sales': the title after the pronoun is the target.
_APPOSITIVE_RE = re.compile(r"\b(to|page)\s+(?:me|us|myself)\s*,\s*", re.IGNORECASE)
# The sentence cues that a step ran late or went nowhere: only these make an
# escalation. A plain 'if' ('if the risk involves a missing feature') is a branch.
_LATE_RE = re.compile(
    r"\b(?:if not|otherwise|if it isn't|overdue|past due|late|slips?|misse[sd]|"
    r"stalls?|stuck|breach\w*|"
    r"no response|no reply|not done|nothing|hasn't|haven't|hasnt|havent|has not|"
    r"have not|doesn't|don't|isn't|aren't|is not|are not|"
    r"not (?:yet )?(?:done|complete\w*|happened|signed|returned|received|improv\w*)|"
    r"goes (?:quiet|silent)|still (?:open|waiting|pending)|there(?:'s| is) no|"
    r"can't|cannot|can not|couldn't|unable to|fails? to|failed to)\b",
    re.IGNORECASE,
)
_CONDITION_RE = re.compile(
    r"^\s*(?:if|unless|should|in case)\b|" + _LATE_RE.pattern, re.IGNORECASE
)
# 'if it slips' / 'if late': the escalation waits on the step's own SLA.
_BREACH_RE = re.compile(
    r"\b(?:overdue|past due|late|slips?|misse[sd]|breach\w*|not done|stall\w*|"
    r"if not|otherwise|drags? on|nothing(?:'s| is)? back|no (?:response|reply)|"
    r"goes (?:quiet|silent)|"
    r"(?:isn't|is not|aren't|are not|hasn't|has not|haven't|have not|wasn't) "
    r"(?:been |yet )?(?:reviewed|done|completed|signed|returned|received|sent|"
    r"approved|submitted|booked|scheduled|finished|held|delivered|resolved|"
    r"acknowledged|revoked|called|assigned|found|gone out|ready)\b|"
    r"not \w+ on time|"
    r"(?:they|it|he|she) (?:don't|doesn't|do not|does not)\b(?! \w+ed))",
    re.IGNORECASE,
)
_INVOLVE_RE = re.compile(
    r"\b(?:gets? involved|steps? in|(?:is|are|gets?) (?:looped|pulled) in)\b",
    re.IGNORECASE,
)
_FOLLOW_RE = re.compile(
    r"\b(?:follows? up|chases?|nudges?|reminds?|pings?|calls?|reaches out)\b",
    re.IGNORECASE,
)
_GLOBAL_RE = re.compile(
    r"\b(?:any|every|all|each) (?:steps?|tasks?|overdue|late)\b|"
    r"\banything (?:overdue|late|stuck)\b|\beverything\b",
    re.IGNORECASE,
)
_PART_SPLIT_RE = re.compile(
    r"\s*(?:,|;|:|\.\.\.|…)\s*(?:and\s+)?(?:then\s+)?|\s+(?:and\s+)?then\s+",
    re.IGNORECASE,
)
_THEN_TO_RE = re.compile(r"\s*(?:and\s+)?(?:then\s+)?to\b", re.IGNORECASE)
DEFAULT_DELAY = Duration(amount=1, unit="days", business=True)


@dataclass
class EscalationSentence:
    """The rungs one sentence states, and the words that say which step they guard."""

    step_text: str
    rungs: list[EscalationRung] = field(default_factory=list)
    reference: str = ""
    applies_to_all: bool = False
    on_breach: bool = False


def is_escalation_sentence(sentence: str) -> bool:
    """True when the sentence sets an escalation rather than describing work."""
    sentence = _APPOSITIVE_RE.sub(r"\1 ", sentence)
    escalates = _ESCALATE_TO_RE.search(sentence)
    if escalates and find_actors(sentence[escalates.end() : escalates.end() + 40]):
        late = _LATE_RE.search(sentence) or re.search(r"\bafter\b", sentence)
        return bool(
            late or (_CONDITION_RE.search(sentence) and _only_escalates(sentence))
        )
    late = _LATE_RE.search(sentence)
    if late and _INVOLVE_RE.search(sentence) and find_actors(sentence):
        return True
    follows = late and _FOLLOW_RE.search(sentence, late.end())
    return bool(follows and find_durations(sentence))


def is_late_condition(text: str) -> bool:
    """True when the text says work ran late or went nowhere ('if no reply')."""
    return bool(_LATE_RE.search(text))


def _only_escalates(sentence: str) -> bool:
    """'If X, escalate to Y' with a time: the delay makes it a rung."""
    return bool(find_durations(sentence)) and not _INVOLVE_RE.search(sentence)


def read_escalation(sentence: str) -> EscalationSentence:
    """The step text, rungs and step reference of an escalation sentence."""
    sentence = _APPOSITIVE_RE.sub(r"\1 ", sentence)
    parts = [p for p in _PART_SPLIT_RE.split(sentence) if p and p.strip()]
    result = EscalationSentence(
        step_text="",
        applies_to_all=bool(_GLOBAL_RE.search(sentence)),
        on_breach=bool(_BREACH_RE.search(sentence)),
    )
    leading, pending, seen_cue = [], None, False
    for part in parts:
        target = _target(part, allow_follow=seen_cue)
        conditional = bool(_CONDITION_RE.search(part))
        if not (target or conditional or seen_cue):
            leading.append(part)
            continue
        seen_cue = True
        durations = [d for d in find_durations(part) if d.anchor == "step_ready"]
        if conditional:
            escalates = _ESCALATE_TO_RE.search(part)
            result.reference += " " + (part[: escalates.start()] if escalates else part)
            pending = durations[0].duration if durations else pending
            if not target:
                continue
        delay = durations[0].duration if durations else pending
        if target:
            result.rungs.append(rung_to(target, delay))
            pending = None
    result.step_text = ", ".join(leading)
    result.rungs.sort(key=lambda rung: rung.after.working_minutes)
    return result


def _target(part: str, allow_follow: bool) -> str | None:
    """Who a part escalates to: 'escalate to X', or X in 'X follows up'."""
    escalates = _ESCALATE_TO_RE.search(part)
    if escalates:
        # 'escalate to the AE's sales manager': the manager, not the AE
        mentions = find_actors(part[escalates.end() :])
        people = [m for m in mentions if not m.possessive] or mentions
        return people[0].role_id if people else None
    involve = _INVOLVE_RE.search(part)
    if involve:
        # 'Executive sponsor (VP CS) gets involved': the last name is the person
        mentions = find_actors(part[: involve.start()])
        return mentions[-1].role_id if mentions else None
    if not allow_follow or re.match(r"\s*(?:if|unless)\b", part, re.I):
        return None
    if _THEN_TO_RE.match(part) or _FOLLOW_RE.search(part):
        mentions = find_actors(part)
        return mentions[0].role_id if mentions else None
    return None


def rung_to(role_id: str, delay: Duration | None) -> EscalationRung:
    """A rung to a stated role; with no stated delay the delay is assumed."""
    if delay is None:
        return EscalationRung(after=DEFAULT_DELAY, to_role=role_id)
    return EscalationRung(after=delay, to_role=role_id, provenance="stated")
