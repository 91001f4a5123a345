"""The nudge stage of the sweep: draft, check and queue a whole batch at once.

`NudgeStage` is the `tools.runs.DueWorkStage` that replaces `record_only`. Inside
the sweep's settle transaction it reads the batch's context in a few queries,
drafts every message offline, applies policy, folds each person's nudges into one
digest and applies their daily cap (`agents.nudge.plan`), and writes outbox rows
(messages that may go out without a human) and inbox items (external sends,
escalations, findings, blocked drafts, and items nobody can hear, for ops) in the
same transaction as the marks they answer. No model call and no graph run happens here:
a checkpointed graph run per item would cost more than the whole sweep's budget.
Inbox items get their graph run after the sweep (`graph.run.start_approvals`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agents.nudge.context import BatchContext, read_batch_context
from agents.nudge.escalation import RUN_CONTEXT, package_from_run, read_run_steps
from agents.nudge.offline import (
    draft_escalation,
    draft_kind,
    draft_nudge,
    draft_unrouted,
)
from agents.nudge.plan import Checked, Planned, Route, plan_messages
from domain.due_work import DueWork
from domain.nudge_policy import DeliveryRules, check_draft
from domain.nudges import DraftKind, recipient_zone
from domain.runs import Assignee
from domain.workflow import Side
from tools.inbox.store import add_items
from tools.magic_links import MagicLinks
from tools.outbox.queue import (
    ChannelRoute,
    queue_drafts,
    recent_digests,
    sent_today,
)
from tools.runs.tables import StepRunRow

logger = logging.getLogger(__name__)

LinkIssuer = Callable[[Session], MagicLinks]
"""Builds the magic-link issuer for a transaction (its ledger joins the session)."""


@dataclass
class NudgeStage:
    """Drafts and queues the nudges of each sweep batch; see the module docstring.

    Attributes:
        now: The sweep's business instant (quiet hours and caps read it).
        route: The channel of each outgoing draft.
        links: Issues magic links for external steps; None: no links configured.
        inbox_ids: Filled with the ids of the inbox items this stage added.
    """

    now: datetime
    route: ChannelRoute
    rules: DeliveryRules = field(default_factory=DeliveryRules)
    links: LinkIssuer | None = None
    inbox_ids: list[str] = field(default_factory=list)
    queued: int = 0

    def __call__(self, session: Session, items: Sequence[DueWork]) -> None:
        context = read_batch_context(session, items)
        statuses = _statuses(session, items)
        issuer = self.links(session) if self.links else None
        escalated = {i.run_id for i in items if i.kind.value == "escalation"}
        run_steps = read_run_steps(session, escalated)
        drafted = [
            (item, draft)
            for item in items
            for draft in self._drafts(item, context, run_steps, issuer)
        ]
        checked = self._check(drafted, context, statuses)
        zones = {entry.draft.address.lower(): entry.zone for entry in checked}
        planned = plan_messages(
            checked,
            now=self.now,
            sent_today=sent_today(session, zones, self.now),
            rules=self.rules,
            window=self.now.date().isoformat(),
        )
        self._write(session, planned)

    def _drafts(self, item, context: BatchContext, run_steps, issuer):
        step = context.step(item)
        kind = draft_kind(item)
        if not item.recipients:
            logger.info("no recipient for %s of run %s: to ops", item.mark, item.run_id)
            yield draft_unrouted(item, step)
        for person in item.recipients:
            if kind is DraftKind.escalation:
                zone = recipient_zone(person, item.time_zone)
                package = package_from_run(item, run_steps.get(item.run_id, []), zone)
                yield draft_escalation(item, person, step, package, RUN_CONTEXT)
            else:
                yield draft_nudge(item, person, step, _link(item, person, issuer))

    def _check(self, drafted, context: BatchContext, statuses) -> list[Checked]:
        """Owed, leaks and approval per draft; the cap waits for `plan_messages`,
        which counts a digest once."""
        checked = []
        for item, draft in drafted:
            zone = recipient_zone(draft.recipient, item.time_zone)
            verdict = check_draft(
                draft,
                facts=context.facts_for(item.account_id),
                step_status=statuses.get(item.step_run_id, "ready"),
                now=self.now,
                zone=zone,
                sent_today=0,
                rules=self.rules,
            )
            checked.append(Checked(draft, verdict, zone))
        return checked

    def _write(self, session: Session, planned: list[Planned]) -> None:
        outgoing = [(p.draft, p.not_before) for p in planned if p.route is Route.outbox]
        outgoing = _without_repeats(session, outgoing, self.now)
        waiting = [
            (p.draft, p.reasons, p.not_before)
            for p in planned
            if p.route is not Route.outbox
        ]
        queue_drafts(session, outgoing, now=self.now, route=self.route)
        self.queued += len(outgoing)
        self.inbox_ids += add_items(session, waiting, self.now)


def _without_repeats(session: Session, outgoing: list, now: datetime) -> list:
    """Drop a digest whose words the person already got in the last 24 hours."""
    digests = {d.address.lower() for d, _ in outgoing if d.kind is DraftKind.digest}
    seen = recent_digests(session, digests, now)
    return [
        (draft, later)
        for draft, later in outgoing
        if draft.kind is not DraftKind.digest
        or (draft.address.lower(), draft.text) not in seen
    ]


def _statuses(session: Session, items: Sequence[DueWork]) -> dict[str, str]:
    ids = {item.step_run_id for item in items}
    query = sa.select(StepRunRow.id, StepRunRow.status).where(StepRunRow.id.in_(ids))
    return dict(session.execute(query).all())


def _link(item: DueWork, person: Assignee, issuer: MagicLinks | None) -> str | None:
    if (
        issuer is None
        or person.side is not Side.external
        or not item.customer_facing
        or item.customer_action is None
        or not person.email
    ):
        return None
    _, url = issuer.issue_link(
        step_run_id=item.step_run_id,
        recipient=person.email,
        action=item.customer_action,
    )
    return url
