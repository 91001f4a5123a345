"""Account briefs: claims that cite their records, grouped in sections, with a footer.

A brief is only useful if a CSM can trust it, so nothing in it stands alone: every
`Claim` carries `Citation`s (record type, id, as-of day) pointing at the `Evidence`
it was read from. The ground-check drops a claim whose numbers, dates, names or
quotes its evidence does not hold, and the footer counts what was dropped. A claim
whose newest evidence is older than `STALE_AFTER_DAYS` is marked stale; two sources
that disagree are shown side by side as a `Conflict` instead of one silently winning.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

STALE_AFTER_DAYS = 90
"""A fact whose newest evidence is older than this many days is marked stale."""

FIRST_RESPONSE_TARGET_MINUTES = {
    "urgent": 60,
    "high": 240,
    "medium": 480,
    "normal": 480,
}
"""First-response targets by priority, counted in wall-clock minutes; any other
priority gets `DEFAULT_FIRST_RESPONSE_MINUTES`. Common support-desk defaults: a
workflow's own SLA (business hours) should replace them once runs record it."""
DEFAULT_FIRST_RESPONSE_MINUTES = 1440

FactValue = str | int | float | bool | None


class BriefKind(StrEnum):
    """What the brief prepares its reader for."""

    account = "account"
    handoff = "handoff"
    renewal = "renewal"
    escalation = "escalation"


SECTIONS: dict[BriefKind, tuple[tuple[str, str], ...]] = {
    BriefKind.account: (
        ("snapshot", "Snapshot"),
        ("health", "Health"),
        ("usage", "Usage"),
        ("support", "Support"),
        ("relationship", "Relationship"),
        ("commercial", "Commercial"),
        ("risks", "Risks"),
        ("next_actions", "Recommended next actions"),
    ),
    BriefKind.handoff: (
        ("deal_terms", "Deal terms"),
        ("promises", "Promises made"),
        ("success_criteria", "Success criteria"),
        ("stakeholders", "Stakeholders"),
        ("implementation", "Implementation requirements"),
        ("missing", "Missing from the handoff"),
    ),
    BriefKind.renewal: (
        ("contract", "Contract"),
        ("value_delivered", "Value delivered"),
        ("risks", "Risks"),
        ("stakeholders", "Stakeholders to engage"),
        ("timeline", "Timeline to renewal"),
    ),
    BriefKind.escalation: (
        ("impact", "Customer impact"),
        ("usage_affected", "Usage affected"),
        ("revenue_at_risk", "Revenue at risk"),
        ("ticket_history", "Ticket history"),
        ("tried", "What has been tried"),
    ),
}
"""The sections of each kind of brief, in reading order: (key, title)."""


class Citation(BaseModel):
    """Where a claim comes from: one record of the account store."""

    record_type: str = Field(description="account, subscription, ticket, note, ...")
    record_id: str = Field(description="The record's id in the csops store.")
    as_of: date = Field(description="The day the record was last known true.")


class Evidence(BaseModel):
    """One record as a brief sees it: its facts, its text, and when it was true.

    `facts` holds the record's fields plus figures derived from it at gather time
    (days to renewal, a usage change); the ground-check accepts a figure only when
    it is among the facts or the text of a cited record. `text` is customer or
    colleague writing (a ticket body, a note): data to quote, never instructions.
    """

    record_type: str
    record_id: str
    as_of: date
    label: str = Field(description="How a reader names it, e.g. 'ticket T-0024de'.")
    facts: dict[str, FactValue] = Field(default_factory=dict)
    text: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.record_type, self.record_id)

    @property
    def citation(self) -> Citation:
        return Citation(
            record_type=self.record_type, record_id=self.record_id, as_of=self.as_of
        )


class Claim(BaseModel):
    """One statement of a brief and the records that back it."""

    section: str
    text: str
    citations: list[Citation] = Field(min_length=1)
    stale: bool = Field(False, description="Its newest evidence is old.")

    def mark_stale(self, as_of: date, after_days: int = STALE_AFTER_DAYS) -> Claim:
        """This claim, marked stale when all its evidence is older than the limit."""
        newest = max(citation.as_of for citation in self.citations)
        return self.model_copy(update={"stale": (as_of - newest).days > after_days})


class DroppedClaim(BaseModel):
    """A claim the ground-check removed, and which of its parts was unsupported."""

    claim: Claim
    unsupported: list[str]


class Conflict(BaseModel):
    """Two sources that disagree, shown side by side for the reader to settle."""

    topic: str
    left: Claim
    right: Claim


class Section(BaseModel):
    key: str
    title: str
    claims: list[Claim] = Field(default_factory=list)


class BriefFooter(BaseModel):
    """What the reader should know about the brief itself."""

    claims: int
    citations: int
    stale: int
    conflicts: int
    dropped_ungrounded: int = Field(
        description="Claims removed because a cited record did not support them."
    )
    stale_after_days: int = STALE_AFTER_DAYS


class Brief(BaseModel):
    """An account brief of one kind, read as of one day."""

    account_id: int
    account_name: str
    kind: BriefKind
    as_of: date
    as_of_basis: Literal["given", "data", "today"] = Field(
        "given",
        description="given: --as-of; data: the export date of the account's import; "
        "today: no import date known.",
    )
    sections: list[Section]
    conflicts: list[Conflict] = Field(default_factory=list)
    dropped: list[DroppedClaim] = Field(default_factory=list)
    footer: BriefFooter
    engine: Literal["openai", "offline"] = "offline"
    fallback_reason: str | None = None
    context_tokens: int | None = Field(
        None, description="Input tokens of the compact context the model path sends."
    )

    @property
    def claims(self) -> list[Claim]:
        """Every kept claim, in section order."""
        return [claim for section in self.sections for claim in section.claims]


def assemble_brief(
    header: tuple[int, str, BriefKind, date],
    claims: list[Claim],
    conflicts: list[Conflict],
    dropped: list[DroppedClaim],
    **provenance,
) -> Brief:
    """Group claims into the kind's sections, mark stale ones, and count the footer.

    `header` is (account id, account name, kind, as-of day); `provenance` takes the
    `engine`, `fallback_reason`, `context_tokens` and `as_of_basis` fields.
    """
    account_id, name, kind, as_of = header
    dated = [claim.mark_stale(as_of) for claim in claims]
    sections = [
        Section(key=key, title=title, claims=[c for c in dated if c.section == key])
        for key, title in SECTIONS[kind]
    ]
    kept = [claim for section in sections for claim in section.claims]
    footer = BriefFooter(
        claims=len(kept),
        citations=sum(len(claim.citations) for claim in kept),
        stale=sum(claim.stale for claim in kept),
        conflicts=len(conflicts),
        dropped_ungrounded=len(dropped),
    )
    return Brief(
        account_id=account_id,
        account_name=name,
        kind=kind,
        as_of=as_of,
        sections=sections,
        conflicts=conflicts,
        dropped=dropped,
        footer=footer,
        **provenance,
    )
