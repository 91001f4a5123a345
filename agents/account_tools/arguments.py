"""Argument schemas of the account tools: what the model may pass, described for it.

Field descriptions are the model's only documentation of each argument, so they name
the accepted forms and the defaults. Priorities accept both the ticket desk's words
and the P1-P4 labels support teams speak; `PRIORITY_WORDS` maps them to stored values.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

TicketStatus = Literal[
    "any", "unresolved", "resolved", "new", "open", "pending", "on_hold", "solved",
    "closed",
]  # fmt: skip
TicketPriority = Literal[
    "urgent", "high", "normal", "medium", "low", "P1", "P2", "P3", "P4"
]
ContactRoleName = Literal["champion", "exec_sponsor", "admin", "billing", "user"]

PRIORITY_WORDS: dict[str, tuple[str, ...]] = {
    "P1": ("urgent",),
    "P2": ("high",),
    "P3": ("normal", "medium"),
    "P4": ("low",),
    "medium": ("normal", "medium"),
    "normal": ("normal", "medium"),
}


class AccountArgs(BaseModel):
    """Names one account."""

    account: str = Field(
        min_length=1,
        description=(
            "The account: its csops id (e.g. '12'), its CRM id, or its name. An exact "
            "name or id is safest; a unique part of a name also works."
        ),
    )


class ContactArgs(AccountArgs):
    role: ContactRoleName | None = Field(
        default=None, description="Only contacts in this role; omit for all."
    )


class DealArgs(AccountArgs):
    open_only: bool = Field(
        default=False, description="True for open deals only (expansions, renewals)."
    )


class UsageArgs(AccountArgs):
    days: int = Field(
        default=30,
        ge=7,
        le=90,
        description=(
            "Window length in days (7-90). Usage in the last `days` is compared "
            "with the `days` before it."
        ),
    )


class TicketArgs(AccountArgs):
    status: TicketStatus = Field(
        default="any",
        description=(
            "'unresolved' = anything not solved or closed; 'resolved' = solved or "
            "closed; or one exact status. Default: any."
        ),
    )
    priority: TicketPriority | None = Field(
        default=None, description="urgent/high/normal/low, or P1-P4. Omit for all."
    )
    since: date | None = Field(
        default=None, description="Only tickets created on or after this date."
    )
    limit: int = Field(default=10, ge=1, le=50, description="At most this many (1-50).")


class NpsArgs(AccountArgs):
    since: date | None = Field(
        default=None, description="Only answers given on or after this date."
    )
    limit: int = Field(default=20, ge=1, le=50, description="At most this many (1-50).")


class SearchArgs(AccountArgs):
    query: str = Field(
        min_length=3,
        description=(
            "What to look for, in plain words, e.g. 'SSO login failures' or 'promises "
            "made about the renewal price'."
        ),
    )
    k: int = Field(default=5, ge=1, le=10, description="Number of passages (1-10).")
