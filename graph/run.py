"""The run graph: draft -> policy -> approve -> deliver, for drafts a human decides.

The sweep drafts every nudge offline and queues those that may go out alone; an
inbox item (an external send, an escalation, a finding, a blocked draft) gets one
run of this graph, threaded by the item id:

- `draft` rewords the draft with the model when one is configured, and for an
  escalation replaces the run-context package with the escalation brief when a
  brief builder is given. Its result is checkpointed, so the model is called once.
- `policy` checks the final words again (a model may reword a leak in).
- `approve` pauses (`interrupt()`); it has no side effects, because an
  interrupted node runs again from its start on resume.
- `deliver` acts on the decision: queue the message in the outbox under the draft's
  delivery key (a node re-run after a crash queues nothing new), or move the run
  for an escalation decision. The channel send happens later, from the outbox.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, NotRequired, TypedDict

from langchain_core.language_models import BaseChatModel
from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt
from sqlalchemy.orm import Session

from agents.nudge import model_path
from agents.nudge.context import read_internal_facts
from agents.nudge.escalation import ESCALATION_BRIEF, package_from_brief
from domain.brief import Brief
from domain.nudge_policy import DeliveryRules, find_leaks, rendered_text, send_after
from domain.nudges import DraftKind, NudgeDraft
from graph.escalations import apply_decision, decided_message
from tools.db import Database
from tools.inbox.store import (
    STALE_DECIDER,
    STALE_STEP_DONE,
    InboxDecision,
    get_item,
)
from tools.llm import chat_model
from tools.outbox.queue import ChannelRoute, queue_drafts, sent_today
from tools.runs import RunDefaults
from tools.settings import Settings

logger = logging.getLogger(__name__)

BriefBuilder = Callable[[int], Brief]
"""Builds the escalation brief of an account id (graph.brief.build_brief)."""


class ApprovalState(TypedDict):
    item_id: str
    draft: NotRequired[dict[str, Any]]
    reasons: NotRequired[list[str]]
    decision: NotRequired[dict[str, Any]]
    outcome: NotRequired[str]


def build_run_graph(
    database: Database,
    settings: Settings,
    *,
    route: ChannelRoute,
    checkpointer,
    model: BaseChatModel | None = None,
    brief_builder: BriefBuilder | None = None,
):
    """Compile the run graph; `checkpointer` keeps paused approvals across processes.

    Args:
        route: The channel of each message the graph queues.
        model: A chat model to use instead of the configured one (tests).
        brief_builder: Builds escalation briefs; None keeps the run context.
    """
    nodes = _RunNodes(database, settings, route, model, brief_builder)
    graph = StateGraph(ApprovalState)
    for name in ("draft", "policy", "approve", "deliver"):
        graph.add_node(name, getattr(nodes, name))
    graph.add_edge(START, "draft")
    graph.add_edge("draft", "policy")
    graph.add_edge("policy", "approve")
    graph.add_edge("approve", "deliver")
    graph.add_edge("deliver", END)
    return graph.compile(checkpointer=checkpointer)


class _RunNodes:
    def __init__(self, database, settings, route, model, brief_builder) -> None:
        self.database, self.settings, self.route = database, settings, route
        self.model, self.brief_builder = model, brief_builder
        self.defaults = RunDefaults(calendar_country=settings.calendar_country)

    def draft(self, state: ApprovalState) -> dict[str, Any]:
        with self.database.session() as session:
            item = get_item(session, state["item_id"])
        draft = item.draft
        if draft.kind is DraftKind.escalation and self.brief_builder is not None:
            draft = self._with_brief(draft)
        elif draft.kind is DraftKind.nudge and self.settings.engine == "openai":
            draft = model_path.reword(draft, self.model or chat_model(self.settings))
        return {"draft": draft.model_dump(mode="json"), "reasons": item.reasons}

    def policy(self, state: ApprovalState) -> dict[str, Any]:
        draft = NudgeDraft.model_validate(state["draft"])
        if not draft.external:
            return {}
        with self.database.session() as session:
            facts = read_internal_facts(session, {draft.account_id})
        leaks = find_leaks(rendered_text(draft), facts[draft.account_id])
        found = [f"blocked: {leak.kind} {leak.found!r} is internal" for leak in leaks]
        return {"reasons": [*state.get("reasons", []), *found]} if found else {}

    def approve(self, state: ApprovalState) -> dict[str, Any]:
        answer = interrupt(
            {
                "item_id": state["item_id"],
                "draft": state["draft"],
                "reasons": state.get("reasons", []),
            }
        )
        return {"decision": answer}

    def deliver(self, state: ApprovalState) -> dict[str, Any]:
        decision = InboxDecision.model_validate(state["decision"])
        if (decision.by, decision.reason) == (STALE_DECIDER, STALE_STEP_DONE):
            return {"outcome": decision.reason}  # closed by the run engine: no send
        draft = NudgeDraft.model_validate(state["draft"])
        if draft.kind is DraftKind.escalation:
            outcome = apply_decision(self.database, draft, decision, self.defaults)
        else:
            outcome = decision.action.value
        message = decided_message(self.database, draft, decision)
        if message is not None and self._leaks(message):
            return {"outcome": "refused: the message holds internal data"}
        if message is not None:
            with self.database.session() as session:
                later = _send_after(session, message, decision.at)
                queue_drafts(
                    session,
                    [(message, later)],
                    now=decision.at,
                    route=self.route,
                    inbox_item_id=state["item_id"],
                )
        return {"outcome": outcome}

    def _leaks(self, message: NudgeDraft) -> bool:
        """The last look before the outbox (a model may have reworded a leak in)."""
        if not message.external:
            return False
        with self.database.session() as session:
            facts = read_internal_facts(session, {message.account_id})
        return bool(find_leaks(rendered_text(message), facts[message.account_id]))

    def _with_brief(self, draft: NudgeDraft) -> NudgeDraft:
        try:
            brief = self.brief_builder(draft.account_id)
        except (LookupError, ValueError, OSError) as error:
            # The run-context package already in the draft stands on its own.
            logger.warning("escalation brief failed, run context kept: %s", error)
            return draft
        lines = package_from_brief(brief)
        text = "\n".join([f"{ESCALATION_BRIEF.capitalize()}:", *lines])
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return draft.model_copy(
            update={
                "text": f"{draft.text}\n{text}\n",
                "html": f"{draft.html}<p>{ESCALATION_BRIEF.capitalize()}:</p>"
                f"<ul>{items}</ul>\n",
            }
        )


def _send_after(session: Session, message: NudgeDraft, at: datetime) -> datetime | None:
    """Quiet hours and the daily cap hold at the moment of approval too: approved
    at 23:00 in the recipient's zone, or after their day's cap filled while the
    draft waited, it goes out at their next opening."""
    zone = message.recipient.time_zone or "UTC"
    address = message.address.lower()
    count = sent_today(session, {address: zone}, at).get(address, 0)
    return send_after(at, zone, count, DeliveryRules())
