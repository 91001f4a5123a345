"""The outbox: every message csops sends, queued under an idempotency key and
delivered once (see delivery.py for what each state means after a crash).

- `queue_drafts` (queue.py): queue drafts in the caller's transaction.
- `deliver_queued`, `resolve_uncertain` (delivery.py): send what is due; settle
  a message that may or may not have left.
- `SmtpChannel`, `SlackChannel`, `FileChannel` (channels.py), and
  `channels_from` / `route_for` (routing.py) to build them from settings.
"""

from tools.outbox.channels import (
    FileChannel,
    MaybeSent,
    Message,
    NotSent,
    SlackChannel,
    SmtpChannel,
)
from tools.outbox.delivery import DeliveryReport, deliver_queued, resolve_uncertain
from tools.outbox.queue import queue_drafts
from tools.outbox.routing import channels_from, route_for
from tools.outbox.tables import OutboxRow, OutboxStatus

__all__ = [
    "DeliveryReport",
    "FileChannel",
    "MaybeSent",
    "Message",
    "NotSent",
    "OutboxRow",
    "OutboxStatus",
    "SlackChannel",
    "SmtpChannel",
    "channels_from",
    "deliver_queued",
    "queue_drafts",
    "resolve_uncertain",
    "route_for",
]
