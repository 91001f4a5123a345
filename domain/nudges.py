"""Nudges and escalations: what csops drafts for a person who owes a step.

A `NudgeDraft` is one message to one recipient: who owes what, why it matters, the
due time in the recipient's own time zone, the context they need and one action.
Several drafts owed by one person in one window become one digest
(`domain.nudge_policy.group_digests`). Every draft carries its delivery key, the
outbox's idempotency key: one per (run, step run, recipient, kind, due window), so
a retried sweep, a resumed graph or a second worker never queues it twice.

An `EscalationDecision` is what a manager answers to an escalation in the inbox.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.runs import Assignee
from domain.workflow import Side

DIGEST_STEP = "digest"
"""Stands for the step run in the delivery key of a digest (it spans several)."""

OPS_ROLE = "ops"
"""The role of the inbox's own reader: due work nobody else can hear goes to ops."""


class DraftKind(StrEnum):
    """What a draft is; escalations and findings always wait for a human."""

    nudge = "nudge"
    digest = "digest"
    escalation = "escalation"
    finding = "finding"


class Channel(StrEnum):
    """Where a message goes out."""

    email = "email"
    slack = "slack"
    file = "file"


class NudgeDraft(BaseModel):
    """One message to one person, ready for policy, approval and the outbox."""

    model_config = ConfigDict(frozen=True)

    delivery_key: str = Field(description="The outbox idempotency key.")
    kind: DraftKind
    mark: str = Field(description="The run mark behind it, e.g. 'reminder_half'.")
    run_id: str
    step_run_ids: list[str] = Field(description="One, or several for a digest.")
    step_ids: list[str]
    account_id: int
    account_name: str
    title: str = Field(description="The step's title (or the digest's).")
    recipient: Assignee
    due_local: str = Field(description="The due time in the recipient's zone.")
    subject: str
    text: str = Field(description="The plain-text body, as the recipient reads it.")
    html: str = Field(description="The HTML body; the same words, escaped.")
    action_url: str | None = Field(
        default=None, description="The one action: a magic link for external people."
    )
    due_at: datetime | None = None
    engine: str = Field(default="offline", description="offline or openai.")
    fallback_reason: str | None = None

    @property
    def external(self) -> bool:
        """True when the recipient sits with the customer or a partner."""
        return self.recipient.side is Side.external

    @property
    def address(self) -> str:
        """The recipient's address: their email, else their name."""
        return self.recipient.email or self.recipient.name


class EscalationAction(StrEnum):
    """What a manager does with an escalation."""

    acknowledge = "acknowledge"
    reassign = "reassign"
    extend = "extend"
    close = "close"


class EscalationDecision(BaseModel):
    """A manager's answer to an escalation; it moves the run on."""

    action: EscalationAction
    by: str
    reason: str = Field(default="", description="Required to extend the SLA.")
    extend_hours: float | None = Field(default=None, gt=0)
    reassign_to: str | None = Field(
        default=None, description="Email of the new owner, for reassign."
    )

    @model_validator(mode="after")
    def _complete(self) -> EscalationDecision:
        if self.action is EscalationAction.extend and not (
            self.reason.strip() and self.extend_hours
        ):
            raise ValueError(
                "extending the SLA needs a reason and --hours, e.g. "
                "--hours 24 --reason 'customer on holiday until Monday'"
            )
        if self.action is EscalationAction.reassign and not self.reassign_to:
            raise ValueError("reassigning needs --to EMAIL of the new owner")
        return self


def delivery_key(
    run_id: str, step_run_id: str, recipient: str, kind: str, window: str
) -> str:
    """The outbox idempotency key of one message (sha256 hex, 40 characters)."""
    parts = (run_id, step_run_id, recipient.strip().lower(), kind, window)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def due_window(mark: str, due_at: datetime | None) -> str:
    """The due window of a mark: a paused and resumed clock opens a new one."""
    return f"{mark}@{due_at.isoformat() if due_at else 'none'}"


def local_time(moment: datetime | None, zone: str | None) -> str:
    """An instant as the recipient reads it: 'Tue 04 Mar 17:00 CET'."""
    if moment is None:
        return "no set due time"
    return f"{moment.astimezone(ZoneInfo(zone or 'UTC')):%a %d %b %H:%M %Z}"


def recipient_zone(recipient: Assignee, fallback: str) -> str:
    """The zone a recipient reads times in: theirs, else the step's calendar."""
    return recipient.time_zone or fallback


def digest_key(drafts: Sequence[NudgeDraft], window: str) -> str:
    """The delivery key of a digest of `drafts` for one recipient and window."""
    first = drafts[0]
    return delivery_key(
        first.run_id if len(drafts) == 1 else "many",
        DIGEST_STEP,
        first.address,
        DraftKind.digest.value,
        window + ":" + ",".join(sorted(d.delivery_key for d in drafts)),
    )
