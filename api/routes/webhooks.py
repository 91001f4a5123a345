"""Trigger webhooks: another system reports an event, csops starts the runs it
triggers.

A deal-closed-won event starts one run of every published workflow whose trigger
is `closed_won`, for the deal's account. Delivery is at-least-once on the sender's
side, so each start is recorded as a trigger occurrence, the same rows the sweep
writes: a redelivered event (same event id), or the sweep later finding the same
deal in an import, starts nothing twice. The occurrence key is the deal's store id
when csops knows the deal (`deal:<id>`, the sweep's own key), else the event id.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.deps import App, Ops
from domain.workflow import TriggerKind
from tools.accounts.book import DealRow
from tools.accounts.repository import find_account
from tools.runs import RunDefaults, StartedRun
from tools.runs.tables import TriggerOccurrenceRow
from tools.runs.triggers import fire_occurrence, triggered_workflows

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

ACTOR = "webhook:closed_won"


class _DeliveryInFlight(Exception):
    """Another delivery of the same event recorded the occurrence first."""


class DealClosedWon(BaseModel):
    """A deal was won: which account, which deal, and the sender's event id."""

    event_id: str = Field(min_length=1, max_length=120)
    account: str = Field(description="Account store id, source id or exact name.")
    deal_id: str | None = Field(default=None, description="The deal's source id.")
    occurred_at: datetime | None = None


class WebhookOutcome(BaseModel):
    """Runs this delivery started, and runs an earlier delivery already started."""

    event_id: str
    account_id: int
    started: list[StartedRun]
    already_started: list[str]


@router.post("/deal-closed-won", response_model=WebhookOutcome)
def deal_closed_won(event: DealClosedWon, app: App, principal: Ops) -> WebhookOutcome:
    """Start the closed-won workflows for the deal's account, once per event."""
    now = datetime.now(UTC)
    outcome = WebhookOutcome(
        event_id=event.event_id, account_id=0, started=[], already_started=[]
    )
    try:
        with app.database.session() as session:
            _record(session, event, outcome, now, app.run_defaults)
    except (_DeliveryInFlight, sa.exc.IntegrityError) as error:
        # Two deliveries of one event at once: the other one starts the runs.
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="event is being processed"
        ) from error
    return outcome


def _record(
    session: Session,
    event: DealClosedWon,
    outcome: WebhookOutcome,
    now: datetime,
    defaults: RunDefaults,
) -> None:
    """Fire every closed-won workflow not yet fired for this occurrence."""
    account = find_account(session, event.account)
    outcome.account_id = account.id
    key = _occurrence_key(session, account.id, event)
    reason = f"closed_won reported by webhook: {key}"
    for published in triggered_workflows(session, {TriggerKind.closed_won}):
        earlier = _earlier_run(session, account.id, published[0], key)
        if earlier is not None:
            outcome.already_started.append(earlier)
            continue
        run = fire_occurrence(
            session,
            published,
            account.id,
            key,
            now,
            defaults,
            actor=ACTOR,
            reason=reason,
        )
        if run is None:
            # A second delivery of this event, at the same moment, fired it.
            raise _DeliveryInFlight(key)
        outcome.started.append(run)


def _occurrence_key(session: Session, account_id: int, event: DealClosedWon) -> str:
    if event.deal_id is not None:
        deal = session.scalar(
            sa.select(DealRow.id).where(
                DealRow.account_id == account_id, DealRow.source_id == event.deal_id
            )
        )
        if deal is not None:
            return f"deal:{deal}"
    return f"event:{event.event_id}"


def _earlier_run(
    session: Session, account_id: int, workflow_id: str, key: str
) -> str | None:
    row = session.scalar(
        sa.select(TriggerOccurrenceRow).where(
            TriggerOccurrenceRow.account_id == account_id,
            TriggerOccurrenceRow.workflow_id == workflow_id,
            TriggerOccurrenceRow.trigger_kind == TriggerKind.closed_won.value,
            TriggerOccurrenceRow.occurrence_key == key,
        )
    )
    return None if row is None else (row.run_id or "")
