"""The inbox: drafted nudges and escalations that wait for a person, and the one
decision each gets (`csops inbox` over HTTP).

A decision goes through `graph.approvals.decide`: it is recorded, the item's run
graph resumes, and what it sends is queued in the outbox for the next tick. A csm
sees and decides the items of their own accounts; a viewer reads.

Decisions on a nudge: approve, edit (send `text` instead), reply (answer in your own
words), ignore. On an escalation also: acknowledge (as approve), reassign
(`reassign_to`), extend (`extend_hours` and a `reason`) and close.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.auth import Principal, Role
from api.deps import App, Caller, Writer, check_account, on_team
from api.inbox_decisions import (
    DecisionKind,
    DecisionResult,
    decide_item,
    inbox_decision,
)
from api.routes.runs import Now, given_now
from tools.accounts.repository import find_account
from tools.inbox.masking import masked_item
from tools.inbox.store import (
    InboxDecision,
    InboxItem,
    decision_of,
    get_item,
    list_items,
)

router = APIRouter(prefix="/inbox", tags=["inbox"])


class InboxEntry(InboxItem):
    """An inbox item with its decision, once it has one."""

    decision: InboxDecision | None = None


class DecisionRequest(BaseModel):
    """One decision on an item; `text` for edit and reply."""

    action: DecisionKind
    text: str | None = Field(default=None, max_length=20_000)
    reason: str = Field(default="", max_length=2_000, description="Needed to extend.")
    extend_hours: float | None = Field(default=None, gt=0, le=24 * 365)
    reassign_to: str | None = Field(
        default=None, max_length=320, description="The new owner's email."
    )


@router.get("", response_model=list[InboxEntry])
def list_inbox(
    app: App,
    principal: Caller,
    status: Literal["open", "decided", "all"] = "open",
    account: str | None = None,
) -> list[InboxEntry]:
    """Items oldest first; `account` takes a store id, source id or exact name."""
    with app.database.session() as session:
        items = list_items(session, include_decided=status != "open")
        if status == "decided":
            items = [item for item in items if item.status == "decided"]
        if account is not None:
            found = find_account(session, account).id
            items = [item for item in items if item.draft.account_id == found]
        if principal.role is Role.csm:
            items = _own_items(session, principal, items)
        return [_entry(session, item) for item in items]


@router.get("/{item_id}", response_model=InboxEntry)
def show(item_id: str, app: App, principal: Caller) -> InboxEntry:
    """One item: the draft, its recipient and their local due time, why it waits."""
    with app.database.session() as session:
        item = get_item(session, item_id)
        check_account(session, principal, item.draft.account_id)
        return _entry(session, item)


@router.post("/{item_id}/decision", response_model=DecisionResult)
def decide(
    item_id: str,
    request: DecisionRequest,
    app: App,
    principal: Writer,
    now: Now = None,
) -> DecisionResult:
    """Decide an item once; the run resumes and what it sends is queued."""
    with app.database.session() as session:
        item = get_item(session, item_id)
        check_account(session, principal, item.draft.account_id)
    decision = inbox_decision(
        item_id,
        request.action,
        by=principal.person or principal.name,
        at=given_now(now),
        text=request.text,
        reason=request.reason,
        extend_hours=request.extend_hours,
        reassign_to=request.reassign_to,
    )
    return decide_item(app.database, app.settings, decision)


def _entry(session: Session, item: InboxItem) -> InboxEntry:
    shown = masked_item(item)  # staff never see a customer's working link
    return InboxEntry(**shown.model_dump(), decision=decision_of(session, item.id))


def _own_items(
    session: Session, principal: Principal, items: list[InboxItem]
) -> list[InboxItem]:
    accounts = {item.draft.account_id for item in items}
    mine = {a for a in accounts if on_team(session, principal, a)}
    return [item for item in items if item.draft.account_id in mine]
