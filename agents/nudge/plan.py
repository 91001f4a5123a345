"""From checked drafts to messages: digests first, then the daily cap and quiet hours.

The sweep's stage and the nudge eval both call `plan_messages`, so the eval scores
the code that runs. Digests are folded apart for what goes out now and what waits
for approval: a customer who owes two steps in one window gets one message either
way, and an approval is one inbox item carrying the digest. The cap then counts
each message once per recipient, on top of what they were already sent that day in
their own zone; over it a message is deferred to their next opening, never dropped.
An approved message meets the cap again when it is queued (`graph.run`), because
the day may have filled while it waited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from agents.nudge.offline import draft_digest
from domain.nudge_policy import (
    DeliveryRules,
    Outcome,
    Verdict,
    approval_reason,
    deferral_reasons,
    group_digests,
    send_after,
)
from domain.nudges import NudgeDraft


class Route(StrEnum):
    """Where a planned message goes: the outbox, or the inbox for a human."""

    outbox = "outbox"
    approval = "approval"
    blocked = "blocked"


@dataclass(frozen=True)
class Checked:
    """A draft, what policy said of it, and the zone its recipient reads."""

    draft: NudgeDraft
    verdict: Verdict
    zone: str


@dataclass(frozen=True)
class Planned:
    """One message as it will be queued or wait in the inbox."""

    draft: NudgeDraft
    route: Route
    not_before: datetime | None = None
    reasons: list[str] = field(default_factory=list)


def plan_messages(
    checked: Iterable[Checked],
    *,
    now: datetime,
    sent_today: Mapping[str, int],
    rules: DeliveryRules,
    window: str,
) -> list[Planned]:
    """Every message of a batch, digested and timed; dropped drafts are left out.

    `sent_today` counts what each lower-cased address was sent today in its own
    zone; `window` names the digest window (the sweep's date).
    """
    outgoing, waiting, blocked = [], [], []
    for entry in checked:
        if entry.verdict.outcome is Outcome.block:
            blocked.append(_blocked(entry))
        elif entry.verdict.outcome is Outcome.send:
            (waiting if entry.verdict.needs_approval else outgoing).append(entry)

    counts = dict(sent_today)
    timed = [
        _timed(message, zone, route, now, counts, rules)
        for entries, route in ((outgoing, Route.outbox), (waiting, Route.approval))
        for message, zone in _digests(entries, window)
    ]
    return timed + blocked


def _digests(entries: Sequence[Checked], window: str) -> list[tuple[NudgeDraft, str]]:
    zones = {entry.draft.delivery_key: entry.zone for entry in entries}
    messages = []
    for group in group_digests([entry.draft for entry in entries]):
        group = list({d.step_run_ids[0]: d for d in group}.values())  # latest mark
        message = group[0] if len(group) == 1 else draft_digest(group, window)
        messages.append((message, zones[group[0].delivery_key]))
    return messages


def _timed(
    draft: NudgeDraft,
    zone: str,
    route: Route,
    now: datetime,
    counts: dict[str, int],
    rules: DeliveryRules,
) -> Planned:
    address = draft.address.lower()
    later = send_after(now, zone, counts.get(address, 0), rules)
    counts[address] = counts.get(address, 0) + 1
    reasons = [approval_reason(draft)] if route is Route.approval else []
    return Planned(draft, route, later, reasons + deferral_reasons(later))


def _blocked(entry: Checked) -> Planned:
    verdict = entry.verdict
    return Planned(entry.draft, Route.blocked, verdict.not_before, verdict.reasons)
