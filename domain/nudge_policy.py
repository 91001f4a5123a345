"""Policy before anything goes out: pure rules over a rendered draft.

- External recipients never see internal data: ARR/MRR and other revenue figures,
  health scores, internal notes, other accounts. The check reads the rendered text
  (subject, text and HTML), not the template, so a value that slipped in through a
  step title or a model's wording is caught too (`find_leaks`).
- No nudge about a step that is already done (`still_owed`).
- Caps and quiet hours in the recipient's time zone defer a message, never drop it
  (`send_after`).
- Several items owed by one person in one window go out as one digest
  (`group_digests`).
- External sends and every escalation or finding wait for a human (`needs_approval`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from domain.nudges import OPS_ROLE, DraftKind, NudgeDraft
from domain.runs import StepStatus

_INTERNAL_TERMS = re.compile(
    r"\b(arr|mrr|acv|annual recurring revenue|monthly recurring revenue|"
    r"health score|health band|churn risk|internal note)\b",
    re.IGNORECASE,
)
# The health model's components and bands (domain.health): how we score a
# customer is ours, in any wording, so the words alone are a leak.
_HEALTH_TERMS = re.compile(
    r"\b(ticket load|usage trend|sentiment|renewal proximity|escalations|"
    r"(?:account|customer|overall) health|health\s*[:=]\s*\d+|"
    r"health (?:status|is|of|at)\b|"
    r"at[-_ ]risk|on watch|watch (?:band|list)|"
    r"(?:band|status)\s*[:=]?\s*(?:at[-_ ]risk|watch|healthy))\b",
    re.IGNORECASE,
)
_SCORE = re.compile(r"\b\d{1,3}\s*/\s*100\b")
_NOTE_SHINGLE = 6
_OPEN_STEPS = {StepStatus.ready, StepStatus.waiting_external}
_WHY_APPROVAL = {
    None: "goes to someone outside the company: a human approves it",
    DraftKind.escalation: "an escalation: a human decides",
    DraftKind.finding: "a finding: a human decides",
}
_UNROUTED = "nobody to send it to (role unfilled, no CS manager): ops decides"


class InternalFacts(BaseModel):
    """What one account's external recipients must never read."""

    amounts: list[Decimal] = Field(default_factory=list, description="ARR, MRR, ...")
    health_score: float | None = None
    notes: list[str] = Field(default_factory=list, description="Internal notes.")
    other_accounts: list[str] = Field(
        default_factory=list, description="Names of the vendor's other accounts."
    )


class Leak(BaseModel):
    """One piece of internal data found in a rendered draft."""

    kind: str
    found: str


class DeliveryRules(BaseModel):
    """Caps, quiet hours and approval, per recipient, in their time zone."""

    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    quiet_weekends: bool = True
    daily_cap: int = Field(default=3, ge=1, description="Messages a day per person.")
    approve_external: bool = Field(
        default=True, description="External sends wait in the inbox by default."
    )


class Outcome(StrEnum):
    send = "send"
    drop = "drop"
    block = "block"


class Verdict(BaseModel):
    """What policy decided about one draft, and why."""

    outcome: Outcome
    needs_approval: bool = False
    not_before: datetime | None = None
    reasons: list[str] = Field(default_factory=list)
    leaks: list[Leak] = Field(default_factory=list)


def find_leaks(rendered: str, facts: InternalFacts) -> list[Leak]:
    """Internal data in text meant for an external recipient."""
    leaks = [
        Leak(kind="term", found=m.group(0)) for m in _INTERNAL_TERMS.finditer(rendered)
    ]
    digits = re.sub(r"[,\s]", "", rendered)
    for amount in facts.amounts:
        if any(form in digits for form in _amount_forms(amount)):
            leaks.append(Leak(kind="amount", found=f"{amount:,.0f}"))
    score = facts.health_score
    if score is not None and re.search(
        rf"\bhealth\b[^.]{{0,40}}\b{score:.0f}\b", rendered, re.I
    ):
        leaks.append(Leak(kind="health", found=f"{score:.0f}"))
    else:
        leaks += _health_leaks(rendered)
    leaks += _note_leaks(rendered, facts.notes)
    lowered = rendered.lower()
    for name in facts.other_accounts:
        if re.search(rf"\b{re.escape(name.lower())}\b", lowered):
            leaks.append(Leak(kind="other_account", found=name))
    return leaks


def _health_leaks(rendered: str) -> list[Leak]:
    """Health component names, band words and 'NN/100' scores, once each."""
    terms = {m.group(0).lower() for m in _HEALTH_TERMS.finditer(rendered)}
    leaks = [Leak(kind="health", found=term) for term in sorted(terms)]
    scores = [Leak(kind="score", found=m.group(0)) for m in _SCORE.finditer(rendered)]
    return leaks + scores


def _amount_forms(amount: Decimal) -> list[str]:
    whole = int(amount)
    if whole < 1000:  # small numbers are everywhere (days, hours): not evidence
        return []
    forms = [str(whole), f"{amount:.2f}"]
    return forms + ([f"{whole // 1000}k"] if whole % 1000 == 0 else [])


def _note_leaks(rendered: str, notes: Iterable[str]) -> list[Leak]:
    """A run of six words of an internal note, verbatim, is a leak."""
    words = re.findall(r"\w+", rendered.lower())
    shingles = {
        tuple(words[i : i + _NOTE_SHINGLE])
        for i in range(len(words) - _NOTE_SHINGLE + 1)
    }
    leaks = []
    for note in notes:
        note_words = re.findall(r"\w+", note.lower())
        for i in range(len(note_words) - _NOTE_SHINGLE + 1):
            if tuple(note_words[i : i + _NOTE_SHINGLE]) in shingles:
                found = " ".join(note_words[i : i + _NOTE_SHINGLE])
                leaks.append(Leak(kind="internal_note", found=found))
                break
    return leaks


def rendered_text(draft: NudgeDraft) -> str:
    """Everything the recipient will read, for the leak check."""
    return "\n".join([draft.subject, draft.text, draft.html])


def still_owed(status: str | StepStatus) -> bool:
    """A step is worth a nudge only while it is ready or waiting."""
    return StepStatus(status) in _OPEN_STEPS


def needs_approval(draft: NudgeDraft, rules: DeliveryRules) -> bool:
    """Escalations, findings and (by default) external sends wait for a human."""
    if draft.kind in (DraftKind.escalation, DraftKind.finding):
        return True
    return draft.external and rules.approve_external


def approval_reason(draft: NudgeDraft) -> str:
    """Why a draft that needs approval waits for a human."""
    if draft.recipient.role_id == OPS_ROLE:
        return _UNROUTED
    return _WHY_APPROVAL[None if draft.external else draft.kind]


def deferral_reasons(later: datetime | None) -> list[str]:
    """The inbox reason for a deferred send; none when it may go out now."""
    return [f"deferred to {later:%a %d %b %H:%M %Z}"] if later else []


def send_after(
    now: datetime, zone: str, sent_today: int, rules: DeliveryRules
) -> datetime | None:
    """When a message may go out, if not now: after quiet hours, or tomorrow when
    today's cap is used up. None: now is fine."""
    local = now.astimezone(ZoneInfo(zone))
    if sent_today >= rules.daily_cap:
        local = _opening(local.date() + timedelta(days=1), local.tzinfo, rules)
    opens = _next_open(local, rules)
    return None if opens == now.astimezone(opens.tzinfo) else opens


def _next_open(local: datetime, rules: DeliveryRules) -> datetime:
    clock = local.timetz().replace(tzinfo=None)
    day = local.date()
    if clock >= rules.quiet_start:
        day, local = (
            day + timedelta(days=1),
            _opening(day + timedelta(days=1), local.tzinfo, rules),
        )
    elif clock < rules.quiet_end:
        local = _opening(day, local.tzinfo, rules)
    while rules.quiet_weekends and local.weekday() >= 5:
        local = _opening(local.date() + timedelta(days=1), local.tzinfo, rules)
    return local


def _opening(day, zone, rules: DeliveryRules) -> datetime:
    return datetime.combine(day, rules.quiet_end, tzinfo=zone)


def check_draft(
    draft: NudgeDraft,
    *,
    facts: InternalFacts,
    step_status: str,
    now: datetime,
    zone: str,
    sent_today: int,
    rules: DeliveryRules,
) -> Verdict:
    """Every rule over one draft, in order: owed, leaks, approval, timing."""
    if draft.kind is not DraftKind.finding and not still_owed(step_status):
        return Verdict(outcome=Outcome.drop, reasons=[f"step is {step_status}"])
    if draft.external:
        leaks = find_leaks(rendered_text(draft), facts)
        if leaks:
            found = ", ".join(f"{leak.kind} {leak.found!r}" for leak in leaks)
            reason = f"internal data in a message to an external recipient: {found}"
            return Verdict(outcome=Outcome.block, reasons=[reason], leaks=leaks)
    later = send_after(now, zone, sent_today, rules)
    approval = needs_approval(draft, rules)
    reasons = [approval_reason(draft)] if approval else []
    reasons += deferral_reasons(later)
    return Verdict(
        outcome=Outcome.send,
        needs_approval=approval,
        not_before=later,
        reasons=reasons,
    )


def group_digests(drafts: Sequence[NudgeDraft]) -> list[list[NudgeDraft]]:
    """Nudges owed by one person in one window, grouped; other kinds stay alone.

    An external person's digest covers one account only: a digest naming a second
    account would tell them about another customer (the leak check reads one
    account's facts).
    """
    groups: dict[tuple[str, int | None], list[NudgeDraft]] = {}
    alone: list[list[NudgeDraft]] = []
    for draft in drafts:
        if draft.kind is DraftKind.nudge:
            account = draft.account_id if draft.external else None
            groups.setdefault((draft.address.lower(), account), []).append(draft)
        else:
            alone.append([draft])
    return [*groups.values(), *alone]
