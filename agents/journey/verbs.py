"""The verbs of CS work: what kind of step a clause describes.

A clause is a step when it names an actor or a known piece of CS work (kickoff,
handoff, review, upload...). Its verbs decide the step kind (approve -> approval,
kickoff -> meeting, the customer uploads -> data_request) and, for a step the
customer or a partner answers, the one action they take through a magic link.
"""

from __future__ import annotations

import re

from domain.workflow import CustomerAction, StepKind

ACTION_RE = re.compile(
    r"\b(?:hand(?:s|ed|ing)?[- ]?(?:off|over)|handoffs?|handover|pass(?:es|ed)?|"
    r"transfer|introduc|assign|schedul|book|runs?\b|hold|host|kick[- ]?off|meet|"
    r"calls?\b|workshop|demo|train|configur|provision|set(?:s)? up|setup|install|"
    r"integrat|migrat|import|send|e-?mail|shar|provid|fills?\b|upload|submit|"
    r"complet|sign|approv|review|check|validat|verif|audit|assess|notif|inform|alert|"
    r"updat|logs?\b|record|creat|draft|prepar|build|document|follow(?:s)?[- ]up|"
    r"chase|confirm|invit|welcome|survey|invoice|bill|quote|negotiat|renew(?!al)|"
    r"present|"
    r"deliver|collect|gather|request|analy[sz]|investigat|triage|diagnos|fix|resolv|"
    r"escalat|export|deprovision|delet|cancel|archiv|identif|map|plan|agree|respond|"
    r"repl(?:y|ies)|acknowledg|contact|reach(?:es)? out|ping|nudge|go[- ]live|launch|"
    r"enabl|activat|onboard|offboard|remov|revok|refund|credit|close|walk|discuss|"
    r"kicks?|reviews?|attend|recap|summari[sz]|writ|gives?\b|tell|ask|hands?\b|"
    r"handed|ships?\b|invites?|lets? (?:\w+ ){1,6}know\b|publish|clears?\b|"
    r"pulls?\b|loads?\b|qualif|opens?\b|files?\b|briefs?\b|organi[sz]|returns?\b|"
    r"takes? over|exports?\b)",
    re.IGNORECASE,
)

_APPROVAL_RE = re.compile(
    r"\b(?:approv\w*|signs?(?: off)?\b|signed off|sign-?off|countersign\w*|"
    r"authori[sz]\w*|accepts?\b)",
    re.IGNORECASE,
)
_MEETING_RE = re.compile(
    r"\b(?:kick[- ]?offs?|(?<!-)calls?|meetings?|meets?|workshops?|demos?|qbrs?|"
    r"business reviews?|sessions?|check-?ins?|syncs?|walkthroughs?|trainings?|"
    r"webinars?)\b",
    re.IGNORECASE,
)
_EXTERNAL_DATA_RE = re.compile(
    r"\b(?:sends?|provides?|fills? (?:in|out)|completes?|uploads?|submits?|"
    r"shares?|returns?|enters?|answers?|responds?|lists?)\b",
    re.IGNORECASE,
)
_INTERNAL_DATA_RE = re.compile(
    r"\b(?:requests? (?:the|a|an|their|that)|asks? (?:\w+ )?for|collects?|"
    r"gathers?)\b",
    re.IGNORECASE,
)
_NOTIFY_RE = re.compile(
    r"\b(?:notif(?:y|ies|ied)|informs?|alerts?|lets? (?:\w+ ){1,6}know|tells?|"
    r"announces?|pings?)\b",
    re.IGNORECASE,
)
_REVIEW_RE = re.compile(
    r"\b(?:reviews?|checks?(?!-in)|validates?|verif\w+|audits?|assess\w*|"
    r"evaluat\w+|inspects?|looks? (?:at|over)|analy[sz]\w+)\b",
    re.IGNORECASE,
)

HANDOFF_VERB_RE = re.compile(
    r"\b(?:hand(?:s|ed|ing)?[- ]?(?:off|over)|hands|handed|handoffs?|hand-offs?|"
    r"handover|pass(?:es|ed)?|transfers?|introduc\w*|assigns?|routes?|forwards?|"
    r"escalates?)\b",
    re.IGNORECASE,
)
# Only these move responsibility from one role to another (a handoff). Sending,
# emailing or sharing something with somebody is work, not a transfer.
TRANSFER_VERB_RE = re.compile(
    r"\b(?:hand(?:s|ed|ing)?[- ]?(?:off|over)|hands|handed|handing|"
    r"pass(?:es|ed|ing)?|transfers?|transferred|assigns?|routes?|"
    r"introduc\w*(?!\s+(?:themselves|himself|herself|ourselves|myself))|"
    r"escalates?)\b",
    re.IGNORECASE,
)
# The handoff as a noun: 'a technical handover', not 'the handoff form'.
HANDOVER_NOUN_RE = re.compile(
    r"\b(?:handoffs?|handovers?|hand-offs?)\b(?!\s+(?:forms?|templates?|checklists?|"
    r"docs?|documents?|notes?|calls?|meetings?|syncs?|sessions?))",
    re.IGNORECASE,
)
SEND_VERB_RE = re.compile(
    r"\b(?:sends?|e-?mails?|gives?|shares?|delivers?|presents?)\b", re.IGNORECASE
)

_CUSTOMER_ACTIONS: list[tuple[re.Pattern[str], CustomerAction]] = [
    (re.compile(p, re.IGNORECASE), CustomerAction(action))
    for p, action in (
        (r"\b(?:approv|signs?\b|sign[- ]off|accept|agree|authori)", "approve"),
        (r"\b(?:upload|attach)", "upload"),
        (r"\b(?:confirm\w* (?:a |the |their )?(?:date|time|slot|availability)|"
         r"schedul|book|picks? a|chooses? a)", "confirm_date"),
        (r"\b(?:fill|complet|submit|provid|send|shar|answer|respond|enter|return|"
         r"list|gives?\b|tells?\b)", "submit_data"),
    )
]  # fmt: skip

# Customer actions a compound external clause is split at ("fills in the form and
# uploads their logo" -> two steps).
CUSTOMER_VERB = (
    r"(?:approv\w*|signs?|accepts?|agrees?|uploads?|attach\w*|confirms?|schedul\w*|"
    r"books?|fills? (?:in|out)|completes?|submits?|provides?|sends?|shares?|"
    r"answers?|responds?|enters?|returns?)"
)
COMPOUND_SPLIT_RE = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:then\s+)?(?:also\s+)?(?={CUSTOMER_VERB}\b)",
    re.IGNORECASE,
)

HOSTILE_RE = re.compile(
    r"ignore (?:all |any |the |your )*(?:previous|prior|above|earlier|instructions)|"
    r"disregard|system prompt|jailbreak|you are now|pretend (?:to be|you)|"
    r"</?script|</?(?:system|assistant)>|you are an? (?:helpful )?(?:ai|assistant)|"
    r"reveal (?:your|the)|(?:print|show|output) (?:the |your )?"
    r"(?:prompt|instructions)|developer mode|override (?:the |your )?rules",
    re.IGNORECASE,
)


_TASK_VERB_TEXT = """
prepare draft write create build update log document record export archive issue
configure provision complete post send email share deliver install migrate
import fix resolve remove revoke refund deprovision
"""
_TASK_VERBS = frozenset(_TASK_VERB_TEXT.split())


IMPERATIVE_START_RE = re.compile(
    r"^(?:please\s+)?(?:send|schedule|run|hold|book|review|approve|email|call|notify|"
    r"invite|share|prepare|escalate|hand|introduce|confirm|collect|check|follow)\b",
    re.IGNORECASE,
)


def step_kind(text: str, external: bool, verb: str = "") -> StepKind:
    """The step kind the clause's verbs describe; `verb` is its main verb, if known."""
    if _APPROVAL_RE.search(text):
        return StepKind.approval
    if verb.lower() in _TASK_VERBS and not external:
        return StepKind.task
    if external and _EXTERNAL_DATA_RE.search(text):
        return StepKind.data_request
    if _MEETING_RE.search(text):
        return StepKind.meeting
    if _INTERNAL_DATA_RE.search(text):
        return StepKind.data_request
    if _NOTIFY_RE.search(text):
        return StepKind.notification
    if _REVIEW_RE.search(text):
        return StepKind.review
    return StepKind.task


def customer_action(text: str, kind: StepKind) -> CustomerAction:
    """The single magic-link action of an external step."""
    for pattern, action in _CUSTOMER_ACTIONS:
        if pattern.search(text):
            return action
    if kind is StepKind.approval:
        return CustomerAction.approve
    if kind is StepKind.data_request:
        return CustomerAction.submit_data
    if kind is StepKind.meeting:
        return CustomerAction.confirm_date
    return CustomerAction.acknowledge


def is_notification(text: str) -> bool:
    """True when the clause only tells somebody something."""
    return bool(_NOTIFY_RE.search(text))


def base_form(word: str) -> str:
    """'hands' -> 'hand', 'verifies' -> 'verify', 'passes' -> 'pass' (crude)."""
    lowered = word.lower()
    if lowered in ("does", "goes"):
        return word[:2]
    if len(lowered) <= 3 or not lowered.endswith("s") or lowered.endswith("ss"):
        return word
    if lowered.endswith("ies"):
        return word[:-3] + "y"
    if lowered.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if lowered.endswith(("us", "is")):
        return word
    return word[:-1]
