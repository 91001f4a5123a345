"""Inbox approvals over the run graph: start, decide, and resume after a crash.

`start_approvals` runs the graph of each new inbox item up to its pause. `decide`
records the one decision (the inbox row is the authority: a second decision is
refused before any graph is touched), then resumes the item's graph with it.
`resume_decided` finishes graphs whose decision was recorded but whose resume never
ran (the process died in between); `deliver` nodes queue under delivery keys, so a
resume that did run before the crash queues nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from langgraph.types import Command

from agents.nudge.context import read_internal_facts
from domain.nudge_policy import find_leaks, rendered_text
from graph.run import BriefBuilder, build_run_graph
from tools.checkpoints import sqlite_checkpointer
from tools.db import Database
from tools.inbox.store import (
    DecisionRefused,
    InboxAction,
    InboxDecision,
    decision_of,
    get_item,
    record_decision,
)
from tools.inbox.tables import InboxItemRow, InboxStatus
from tools.outbox.queue import ChannelRoute
from tools.outbox.routing import route_for
from tools.settings import Settings


@contextmanager
def run_graph(
    database: Database,
    settings: Settings,
    *,
    route: ChannelRoute | None = None,
    model=None,
    brief_builder: BriefBuilder | None = None,
) -> Iterator:
    """The run graph on the settings' checkpoint file, open for the block."""
    with sqlite_checkpointer(settings.checkpoint_path) as saver:
        yield build_run_graph(
            database,
            settings,
            route=route or route_for(settings),
            checkpointer=saver,
            model=model,
            brief_builder=brief_builder,
        )


def start_approvals(graph, item_ids: Iterable[str]) -> list[str]:
    """Run each new item's graph to its pause; return the ids started now."""
    started = []
    for item_id in item_ids:
        if not _thread_exists(graph, item_id):
            graph.invoke({"item_id": item_id}, _config(item_id))
            started.append(item_id)
    return started


def decide(database: Database, graph, decision: InboxDecision) -> str:
    """Record a decision and resume the item's graph; return the outcome.

    Raises:
        UnknownInboxItem: no such item.
        AlreadyDecided: the item has its decision (HTTP 409 in the API).
        DecisionRefused: edited or replied text leaks internal data to a customer.
    """
    _check_text(database, decision)
    record_decision(database, decision)
    return _resume(graph, decision)


def resume_decided(database: Database, graph) -> list[str]:
    """Resume the graphs of decided items still paused at `approve`."""
    query = sa.select(InboxItemRow.id).where(
        InboxItemRow.status == InboxStatus.decided.value
    )
    with database.session() as session:
        decided = [(i, decision_of(session, i)) for i in session.scalars(query)]
    resumed = []
    for item_id, decision in decided:
        state = graph.get_state(_config(item_id))
        if not state.values or state.next == ("approve",):
            _resume(graph, decision)
            resumed.append(item_id)
    return resumed


def _resume(graph, decision: InboxDecision) -> str:
    config = _config(decision.item_id)
    if not _thread_exists(graph, decision.item_id):
        graph.invoke({"item_id": decision.item_id}, config)
    result = graph.invoke(Command(resume=decision.model_dump(mode="json")), config)
    return result.get("outcome", "")


def _check_text(database: Database, decision: InboxDecision) -> None:
    """Refuse an approval of a leaking draft, and an edit or reply that leaks."""
    if decision.action is InboxAction.ignore:
        return
    words = decision.text or ""
    if decision.action is not InboxAction.approve and not words.strip():
        needs = f"{decision.action.value} needs --text with the words to send"
        raise DecisionRefused(decision.item_id, [needs])
    with database.session() as session:
        item = get_item(session, decision.item_id)
        if not item.draft.external:
            return
        account = item.draft.account_id
        facts = read_internal_facts(session, {account})[account]
    if decision.action is InboxAction.approve:
        words = rendered_text(item.draft)
    leaks = find_leaks(words, facts)
    if leaks:
        reasons = [f"{leak.kind} {leak.found!r} is internal" for leak in leaks]
        fix = "edit the text without it: csops inbox edit ID --text '...'"
        raise DecisionRefused(decision.item_id, [*reasons, fix])


def _thread_exists(graph, item_id: str) -> bool:
    return bool(graph.get_state(_config(item_id)).values)


def _config(item_id: str) -> dict:
    return {"configurable": {"thread_id": item_id}}
