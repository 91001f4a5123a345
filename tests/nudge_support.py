"""Shared set-up of the nudge, inbox and delivery tests: an account mid-run."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from agents.nudge.stage import NudgeStage
from domain.nudges import Channel, delivery_key
from tests.run_factory import publish, seed_account, utc
from tests.workflow_factory import handoff_workflow
from tools.db import Database
from tools.inbox.store import get_item
from tools.inbox.tables import InboxItemRow
from tools.link_ledger import SqlLinkLedger
from tools.magic_links import MagicLinks
from tools.outbox.tables import OutboxRow
from tools.runs import complete_step, start_run, sweep

START = utc(2025, 3, 3, 14)  # Monday 09:00 New York, 15:00 Berlin
LINK_SECRET = "kq3V9xZr7Lw2Np8Tb5Yc1Hd6Fj4Mg0Qs-aUe"
BASE_URL = "http://localhost:8000/l"  # the API serves the link page at /l


def to_file(draft) -> Channel:
    return Channel.file


def links_at(now: datetime):
    def issuer(session):
        ledger = SqlLinkLedger.joining(session)
        return MagicLinks(
            LINK_SECRET, base_url=BASE_URL, ledger=ledger, clock=lambda: now
        )

    return issuer


def tick(database: Database, now: datetime, **stage_fields) -> NudgeStage:
    """One sweep with the nudge stage at `now`; returns the stage (inbox ids)."""
    stage = NudgeStage(now=now, route=to_file, links=links_at(now), **stage_fields)
    sweep(database, now=now, stage=stage, triggers=False)
    return stage


def customer_step_run(database: Database, *, sweep_first: bool = False) -> str:
    """Start the handoff workflow and finish its two internal steps: the customer's
    onboarding-data step is ready at START + 1 day. `sweep_first` ticks at START,
    while the AE still owes the handoff."""
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    run = start_run(database, workflow_id, str(account), by="t", now=START)
    if sweep_first:
        tick(database, START)
    later = START + timedelta(days=1)
    complete_step(database, run.run_id, "handoff", by="ana@vendor.test", now=later)
    complete_step(database, run.run_id, "kickoff", by="carl@vendor.test", now=later)
    return run.run_id


def outbox(database: Database) -> list[OutboxRow]:
    with database.session() as session:
        return list(session.scalars(sa.select(OutboxRow).order_by(OutboxRow.id)))


def inbox(database: Database) -> list[InboxItemRow]:
    query = sa.select(InboxItemRow).order_by(InboxItemRow.created_at, InboxItemRow.id)
    with database.session() as session:
        return list(session.scalars(query))


def fill_todays_cap(database: Database, recipient: str, at: datetime) -> None:
    """Three messages queued to `recipient` at `at`: the default daily cap used up."""
    with database.session() as session:
        for i in range(3):
            session.add(
                OutboxRow(
                    delivery_key=delivery_key(
                        "earlier", "", recipient, "nudge", f"{at}{i}"
                    ),
                    kind="nudge",
                    channel="file",
                    run_id="run-earlier",
                    step_run_ids=[],
                    recipient=recipient,
                    recipient_name=recipient,
                    subject="earlier",
                    body_text="earlier",
                    body_html="<p>earlier</p>",
                    status="sent",
                    created_at=at,
                    attempts=1,
                )
            )


def link_block(database: Database, item_id: str) -> str:
    """The one-action link lines appended after a human's words (breaker C2)."""
    with database.session() as session:
        url = get_item(session, item_id).draft.action_url
    return f"\n\nDo it here (one click, no login): {url}\n"
