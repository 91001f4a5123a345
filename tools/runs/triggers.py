"""Triggers: account events that start a run of a published workflow, once each.

The sweep asks every published workflow with a trigger which accounts show its
event, one set-based query per workflow over all accounts, and names each
occurrence with a key:

| trigger | occurs when | occurrence key |
| --- | --- | --- |
| closed_won | a deal closed won within the lookback | `deal:<id>` |
| renewal_due | a renewal falls within `days_before` days | `renewal:<date>` |
| health_below | the health score is under `threshold` | `health<X:<month>` |
| usage_threshold | uses in the last 30 days exceed `threshold` | `usage>X:<month>` |
| ticket_priority | a recent open ticket of `priority` | `ticket:<id>` |
| nps_detractor | an NPS answer of 6 or less within the lookback | `nps:<id>` |

The unique key (account, workflow, trigger kind, occurrence key) on
`trigger_occurrences` is what makes "once" hold: the occurrence row and its run are
written in one savepoint, and a second sweep that races to the same occurrence
hits the constraint and starts nothing.

Health and usage are states, not events: without a history of scores there is no
crossing to key on, so they fire at most once a calendar month while the state
holds. Keeping the last score seen per account would key them on the crossing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.accounts import Account
from domain.runs import EventKind
from domain.workflow import Trigger, TriggerKind, Workflow
from tools.accounts.book import AccountRow, DealRow, SubscriptionRow
from tools.accounts.signals import (
    HealthScoreRow,
    SurveyResponseRow,
    TicketRow,
    UsageRow,
)
from tools.db import Database
from tools.runs.clocks import RunDefaults
from tools.runs.events import SWEEP_ACTOR, record_event
from tools.runs.starting import StartedRun, start_run_in
from tools.runs.tables import TriggerOccurrenceRow
from tools.workflow_store import WorkflowVersionRow

logger = logging.getLogger(__name__)

NPS_DETRACTOR_MAX = 6
USAGE_WINDOW = timedelta(days=30)
DEFAULT_RENEWAL_DAYS = 90
_PRIORITY_WORDS = {
    "p1": ("p1", "urgent", "critical"),
    "p2": ("p2", "high"),
    "p3": ("p3", "normal", "medium"),
    "p4": ("p4", "low"),
}

Occurrence = tuple[int, str]
"""(account id, occurrence key)."""
PublishedWorkflow = tuple[str, int, Workflow]
"""(workflow id, published version, its definition)."""
Finder = Callable[[Trigger, datetime, RunDefaults], sa.Select]


def fire_triggers(
    database: Database, *, now: datetime, defaults: RunDefaults
) -> list[StartedRun]:
    """Start one run per new trigger occurrence of every published workflow."""
    started: list[StartedRun] = []
    with database.session() as session:
        for published in triggered_workflows(session, set(_FINDERS)):
            workflow_id, _, workflow = published
            found = find_occurrences(session, workflow.trigger, now, defaults)
            fresh = _unrecorded(session, workflow_id, workflow.trigger.kind, found)
            for account_id, key in fresh:
                run = fire_occurrence(
                    session, published, account_id, key, now, defaults
                )
                if run is not None:
                    started.append(run)
    return started


def find_occurrences(
    session: Session, trigger: Trigger, now: datetime, defaults: RunDefaults
) -> list[Occurrence]:
    """Accounts (not churned) that show the trigger's event now, with their keys."""
    found = _FINDERS[trigger.kind](trigger, now, defaults).subquery()
    query = (
        sa.select(found.c.account_id, found.c.occurrence_key)
        .join(AccountRow, AccountRow.id == found.c.account_id)
        .where(AccountRow.churned.is_(False))
    )
    return [(account_id, key) for account_id, key in session.execute(query)]


def fire_occurrence(
    session: Session,
    published: PublishedWorkflow,
    account_id: int,
    key: str,
    now: datetime,
    defaults: RunDefaults,
    *,
    actor: str = SWEEP_ACTOR,
    reason: str | None = None,
) -> StartedRun | None:
    """Record one trigger occurrence and start its run, in a savepoint.

    Returns None when the occurrence was already recorded (another sweep, or a
    redelivered webhook, got there first): the unique occurrence key decides.
    """
    workflow_id, version, workflow = published
    kind = workflow.trigger.kind.value
    try:
        with session.begin_nested():
            occurrence = TriggerOccurrenceRow(
                account_id=account_id,
                workflow_id=workflow_id,
                trigger_kind=kind,
                occurrence_key=key,
                detected_at=now.astimezone(UTC),
            )
            session.add(occurrence)
            session.flush()
            account = Account.model_validate(session.get(AccountRow, account_id))
            run = start_run_in(
                session,
                workflow_id,
                version,
                workflow,
                account,
                by=f"trigger:{kind}" if actor == SWEEP_ACTOR else actor,
                now=now,
                defaults=defaults,
            )
            occurrence.run_id = run.run_id
            record_event(
                session,
                run.run_id,
                EventKind.trigger_fired,
                at=now,
                actor=actor,
                reason=reason or f"{kind} occurred: {key}",
                data={"trigger": kind, "occurrence_key": key},
            )
    except sa.exc.IntegrityError:
        logger.info("occurrence %s of %s already fired elsewhere", key, workflow_id)
        return None
    return run


def triggered_workflows(
    session: Session, kinds: set[TriggerKind]
) -> list[PublishedWorkflow]:
    """Published workflow versions whose trigger is one of `kinds`."""
    query = sa.select(WorkflowVersionRow).where(
        WorkflowVersionRow.status == "published"
    )
    found = []
    for row in session.scalars(query.order_by(WorkflowVersionRow.workflow_id)):
        workflow = Workflow.model_validate(row.definition)
        if workflow.trigger is not None and workflow.trigger.kind in kinds:
            found.append((row.workflow_id, row.version, workflow))
    return found


def _unrecorded(
    session: Session, workflow_id: str, kind: TriggerKind, found: list[Occurrence]
) -> list[Occurrence]:
    query = sa.select(
        TriggerOccurrenceRow.account_id, TriggerOccurrenceRow.occurrence_key
    ).where(
        TriggerOccurrenceRow.workflow_id == workflow_id,
        TriggerOccurrenceRow.trigger_kind == kind.value,
    )
    seen = {(account_id, key) for account_id, key in session.execute(query)}
    return sorted(set(found) - seen)


def _naive(now: datetime) -> datetime:
    # Account tables store naive UTC (tools/accounts/book.py).
    return now.astimezone(UTC).replace(tzinfo=None)


def _occurrences(account_id, key) -> sa.Select:
    return sa.select(account_id.label("account_id"), key.label("occurrence_key"))


def _closed_won(trigger: Trigger, now: datetime, defaults: RunDefaults) -> sa.Select:
    since = (now - defaults.trigger_lookback).date()
    key = sa.literal("deal:") + sa.cast(DealRow.id, sa.String)
    return _occurrences(DealRow.account_id, key).where(
        DealRow.is_closed.is_(True),
        DealRow.is_won.is_(True),
        DealRow.close_date.between(since, now.date()),
    )


def _renewal_due(trigger: Trigger, now: datetime, defaults: RunDefaults) -> sa.Select:
    days = trigger.days_before
    horizon = now.date() + timedelta(
        days=DEFAULT_RENEWAL_DAYS if days is None else days
    )
    key = sa.literal("renewal:") + sa.cast(SubscriptionRow.renewal_date, sa.String)
    query = _occurrences(SubscriptionRow.account_id, key).where(
        SubscriptionRow.renewal_date.between(now.date(), horizon),
        SubscriptionRow.is_trial.is_(False),
    )
    return query.distinct()


def _health_below(trigger: Trigger, now: datetime, defaults: RunDefaults) -> sa.Select:
    level = trigger.threshold if trigger.threshold is not None else 50.0
    key = sa.literal(f"health<{level:g}:{now:%Y-%m}")
    return _occurrences(HealthScoreRow.account_id, key).where(
        HealthScoreRow.score < level
    )


def _usage_over(trigger: Trigger, now: datetime, defaults: RunDefaults) -> sa.Select:
    level = trigger.threshold if trigger.threshold is not None else 0.0
    since = (now - USAGE_WINDOW).date()
    key = sa.literal(f"usage>{level:g}:{now:%Y-%m}")
    return (
        _occurrences(UsageRow.account_id, key)
        .where(UsageRow.usage_date > since, UsageRow.usage_date <= now.date())
        .group_by(UsageRow.account_id)
        .having(sa.func.sum(UsageRow.usage_count) > level)
    )


def _ticket_priority(
    trigger: Trigger, now: datetime, defaults: RunDefaults
) -> sa.Select:
    asked = (trigger.priority or "P1").lower()
    words = _PRIORITY_WORDS.get(asked, (asked,))
    since = _naive(now - defaults.trigger_lookback)
    key = sa.literal("ticket:") + sa.cast(TicketRow.id, sa.String)
    return _occurrences(TicketRow.account_id, key).where(
        sa.func.lower(TicketRow.priority).in_(words),
        TicketRow.created_at.between(since, _naive(now)),
        sa.func.coalesce(TicketRow.status, "open").not_in(("solved", "closed")),
    )


def _nps_detractor(trigger: Trigger, now: datetime, defaults: RunDefaults) -> sa.Select:
    level = trigger.threshold if trigger.threshold is not None else NPS_DETRACTOR_MAX
    since = _naive(now - defaults.trigger_lookback)
    key = sa.literal("nps:") + sa.cast(SurveyResponseRow.id, sa.String)
    return _occurrences(SurveyResponseRow.account_id, key).where(
        SurveyResponseRow.kind == "nps",
        SurveyResponseRow.score <= level,
        SurveyResponseRow.responded_at.between(since, _naive(now)),
    )


_FINDERS: dict[TriggerKind, Finder] = {
    TriggerKind.closed_won: _closed_won,
    TriggerKind.renewal_due: _renewal_due,
    TriggerKind.health_below: _health_below,
    TriggerKind.usage_threshold: _usage_over,
    TriggerKind.ticket_priority: _ticket_priority,
    TriggerKind.nps_detractor: _nps_detractor,
}
