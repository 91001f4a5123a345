"""The inbox: drafts waiting for a human and the one decision each gets (store.py).

The run graph (`graph.run`, `graph.approvals`) pauses on an item and resumes with
its decision; `csops inbox` and the API decide through `graph.approvals.decide`.
"""

from tools.inbox.store import (
    AlreadyDecided,
    DecisionRefused,
    InboxAction,
    InboxDecision,
    InboxError,
    InboxItem,
    UnknownInboxItem,
    add_items,
    close_stale,
    decision_of,
    get_item,
    list_items,
    record_decision,
)

__all__ = [
    "AlreadyDecided",
    "DecisionRefused",
    "InboxAction",
    "InboxDecision",
    "InboxError",
    "InboxItem",
    "UnknownInboxItem",
    "add_items",
    "close_stale",
    "decision_of",
    "get_item",
    "list_items",
    "record_decision",
]
