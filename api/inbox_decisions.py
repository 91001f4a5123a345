"""Inbox decisions from HTTP: the JSON route and the inbox page decide through here.

`decide_item` hands the decision to `graph.approvals.decide`, which records it (the
inbox row refuses a second one) and resumes the item's run graph; the graph's
`deliver` node queues what the decision sends in the outbox, or moves the run for
an escalation. Nothing is sent from the request: the scheduler of `csops serve`
(or `csops tick`) delivers queued rows, so a slow SMTP relay never holds a
request open.

The escalation choices (acknowledge, reassign, extend, close) travel in the inbox
decision's `data["escalation"]`, as `graph.escalations.escalation_decision` reads
them; `escalation_choice` builds that document and names what is missing.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from pydantic import BaseModel, Field, ValidationError

from domain.nudges import DraftKind, EscalationAction, EscalationDecision
from graph.approvals import decide, run_graph
from tools.db import Database
from tools.inbox.store import (
    DecisionRefused,
    InboxAction,
    InboxDecision,
    InboxItem,
    decision_of,
    get_item,
)
from tools.outbox.tables import OutboxRow
from tools.settings import Settings

NEEDS_TEXT = "{action} needs the text to send"
NOT_AN_ESCALATION = "only an escalation takes an escalation decision"
ESCALATION_BY_APPROVE = "an escalation decision goes with action approve"
_MISSING = {
    EscalationAction.extend: "extend needs extend_hours and a reason",
    EscalationAction.reassign: "reassign needs reassign_to",
}


class DecisionKind(StrEnum):
    """The inbox actions, then the escalation-only ones (they ride on approve)."""

    approve = "approve"
    edit = "edit"
    reply = "reply"
    ignore = "ignore"
    acknowledge = "acknowledge"
    reassign = "reassign"
    extend = "extend"
    close = "close"


class QueuedMessage(BaseModel):
    """An outbox row a decision queued; delivery sends it later, exactly once."""

    id: int
    channel: str
    recipient: str
    subject: str
    status: str
    not_before: datetime | None


class DecisionResult(BaseModel):
    """What a decision did: the decision, the graph's outcome, what it queued."""

    item_id: str
    decision: InboxDecision
    outcome: str = Field(
        description="approve, edit, reply, ignore; for an escalation: acknowledged, "
        "closed, 'extended: due ...', or a note that it was recorded only."
    )
    queued: list[QueuedMessage]


def inbox_decision(
    item_id: str,
    kind: DecisionKind,
    *,
    by: str,
    at: datetime,
    text: str | None = None,
    reason: str = "",
    extend_hours: float | None = None,
    reassign_to: str | None = None,
) -> InboxDecision:
    """The inbox decision of a form or request; escalation choices go in `data`.

    Raises:
        DecisionRefused: extend without hours and a reason, reassign without whom.
    """
    data = {}
    if kind.value not in InboxAction.__members__:
        chosen = EscalationAction(kind.value)
        data = _escalation(item_id, chosen, by, reason, extend_hours, reassign_to)
    return InboxDecision(
        item_id=item_id,
        action=InboxAction.approve if data else InboxAction(kind.value),
        by=by,
        at=at,
        text=(text or "").strip() or None,
        reason=reason.strip(),
        data=data,
    )


def _escalation(item_id, action, by, reason, extend_hours, reassign_to) -> dict:
    """The document `graph.escalations.escalation_decision` reads back."""
    try:
        chosen = EscalationDecision(
            action=action,
            by=by,
            reason=reason.strip(),
            extend_hours=extend_hours,
            reassign_to=reassign_to,
        )
    except ValidationError:
        needed = _MISSING.get(action, "invalid escalation decision")
        raise DecisionRefused(item_id, [needed]) from None
    return {"escalation": chosen.model_dump(mode="json")}


def check_decision(item: InboxItem, decision: InboxDecision) -> None:
    """Refuse what the graph would not act on: no text, a misplaced escalation."""
    wants_text = decision.action in (InboxAction.edit, InboxAction.reply)
    if wants_text and not (decision.text or "").strip():
        raise DecisionRefused(item.id, [NEEDS_TEXT.format(action=decision.action)])
    if "escalation" in decision.data:
        if item.draft.kind is not DraftKind.escalation:
            raise DecisionRefused(item.id, [NOT_AN_ESCALATION])
        if decision.action is not InboxAction.approve:
            raise DecisionRefused(item.id, [ESCALATION_BY_APPROVE])


def decide_item(
    database: Database, settings: Settings, decision: InboxDecision
) -> DecisionResult:
    """Decide an item through the run graph; what it queued comes back.

    Raises:
        UnknownInboxItem, AlreadyDecided, DecisionRefused: as `graph.approvals.decide`.
    """
    with database.session() as session:
        item = get_item(session, decision.item_id)
    if item.status == "open":  # a decided item gets AlreadyDecided from decide
        check_decision(item, decision)
    with run_graph(database, settings) as graph:
        outcome = decide(database, graph, decision)
    return DecisionResult(
        item_id=decision.item_id,
        decision=decision,
        outcome=outcome,
        queued=queued_for(database, decision.item_id),
    )


def decided_result(
    database: Database, settings: Settings, item_id: str
) -> DecisionResult | None:
    """An item's decision as it stands: the row, the graph's outcome, the outbox."""
    with database.session() as session:
        decision = decision_of(session, item_id)
    if decision is None:
        return None
    with run_graph(database, settings) as graph:
        state = graph.get_state({"configurable": {"thread_id": item_id}})
    return DecisionResult(
        item_id=item_id,
        decision=decision,
        outcome=state.values.get("outcome", "not resumed yet: the next tick does"),
        queued=queued_for(database, item_id),
    )


def queued_for(database: Database, item_id: str) -> list[QueuedMessage]:
    """The outbox rows an item's decision queued."""
    query = sa.select(OutboxRow).where(OutboxRow.inbox_item_id == item_id)
    with database.session() as session:
        return [_queued(row) for row in session.scalars(query.order_by(OutboxRow.id))]


def _queued(row: OutboxRow) -> QueuedMessage:
    return QueuedMessage(
        id=row.id,
        channel=row.channel,
        recipient=row.recipient,
        subject=row.subject,
        status=row.status,
        not_before=row.not_before,
    )
