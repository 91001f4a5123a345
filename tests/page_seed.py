"""Store contents the page tests start from: a published onboarding workflow, a
run waiting on the customer with a magic link to its step, and an inbox item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from fastapi import FastAPI

from agents.journey import design_offline
from api.app import create_app
from domain.nudges import DraftKind, NudgeDraft
from domain.runs import Assignee
from domain.workflow import CustomerAction, Side
from tests.run_factory import seed_account
from tools.db import Database
from tools.inbox.store import add_items
from tools.magic_links import InMemoryLinkLedger, MagicLinks
from tools.runs import complete_step, start_run
from tools.runs.tables import StepRunRow
from tools.settings import Settings
from tools.workflow_store import WorkflowStore

ONBOARDING = (
    Path(__file__).parents[1] / "examples" / "journeys" / "onboarding.txt"
).read_text()
CUSTOMER_STEP = "fill_in_onboarding_questionnaire"
ADMIN_EMAIL = "adam@acme.test"
NOW = datetime(2026, 3, 2, 14, tzinfo=UTC)
LINK_SECRET = "Qm7vX2pLk9Zt4RwB8nYc3HdJ6sFa1GeU0oIq5TrV"
# Page POSTs must come from the page's own host (CSRF); TestClient's host is this.
SAME_SITE = {"Origin": "http://testserver"}


def page_app(data_dir: Path, public_url: str = "http://127.0.0.1:8000") -> FastAPI:
    """The csops app on an empty SQLite store, offline, with magic links on.

    The links use the in-memory ledger: the page tests exercise the pages, not
    the SQL ledger, which the app builds from settings when no links are set.
    """
    settings = Settings(
        data_dir=data_dir, model_provider="offline", public_url=public_url
    )
    app = create_app(settings)
    app.state.services.magic_links = MagicLinks(
        LINK_SECRET, base_url=f"{public_url}/l", ledger=InMemoryLinkLedger()
    )
    return app


@dataclass(frozen=True)
class CustomerLink:
    """A magic link to the customer's questionnaire step of a started run."""

    token: str
    path: str
    run_id: str
    step_run_id: str


def publish_onboarding(database: Database) -> str:
    """Design the example onboarding journey offline and publish it; its ref."""
    store = WorkflowStore(database)
    ref = store.save_draft(design_offline(ONBOARDING), ONBOARDING)
    store.publish(str(ref))
    return str(ref)


def customer_link(database: Database, links: MagicLinks) -> CustomerLink:
    """Acme's onboarding run, moved on until the customer's step is ready."""
    workflow_id = publish_onboarding(database).split("@")[0]
    seed_account(database, "Acme")
    run = start_run(database, workflow_id, "Acme", by="carl@vendor.test", now=NOW)
    for step_id in ("hand_off_account_to_csm", "send_customer_welcome_email"):
        complete_step(database, run.run_id, step_id, by="carl@vendor.test", now=NOW)
    with database.session() as session:
        step_run_id = session.scalars(
            sa.select(StepRunRow.id).where(
                StepRunRow.run_id == run.run_id, StepRunRow.step_id == CUSTOMER_STEP
            )
        ).one()
    token, _ = links.issue_link(
        step_run_id=step_run_id,
        recipient=ADMIN_EMAIL,
        action=CustomerAction.submit_data,
    )
    return CustomerLink(token, f"/l/{token}", run.run_id, step_run_id)


def step_status(database: Database, step_run_id: str) -> str:
    with database.session() as session:
        return session.get(StepRunRow, step_run_id).status


def inbox_escalation(database: Database, account_id: int = 1) -> str:
    """One escalation draft waiting in the inbox; its item id."""
    manager = Assignee(
        role_id="cs_manager",
        name="Mona Meyer",
        email="mona@vendor.test",
        side=Side.internal,
        source="team:cs_manager",
    )
    draft = NudgeDraft(
        delivery_key="esc-acme-kickoff-0001",
        kind=DraftKind.escalation,
        mark="escalate_1",
        run_id="run_acme_onboarding",
        step_run_ids=["sr_acme_kickoff"],
        step_ids=["run_kickoff_call"],
        account_id=account_id,
        account_name="Acme",
        title="Run kickoff call",
        recipient=manager,
        due_local="Mon 2 Mar 2026, 17:00 EST",
        subject="Escalation: Acme kickoff call is 1 business day late",
        text="Carl Chen owes the Acme kickoff call, due Mon 2 Mar. It is now one "
        "business day late. Please check in with Carl today.",
        html="<p>Carl Chen owes the Acme kickoff call.</p>",
    )
    with database.session() as session:
        entry = (draft, ["escalations wait for a human"], None)
        (item_id,) = add_items(session, [entry], NOW)
    return item_id


def inbox_nudge(database: Database, account: str = "Globex") -> str:
    """A run whose customer-facing nudge (to Chloe) waits in the inbox; its item id.

    The handoff workflow's two internal steps are done, so the customer's step is
    ready; the tick a day later drafts the nudge, and policy holds external sends
    for a human.
    """
    from tests.nudge_support import START, tick
    from tests.run_factory import publish
    from tests.workflow_factory import handoff_workflow

    account_id = seed_account(database, account)
    workflow_id = publish(database, handoff_workflow())
    run = start_run(database, workflow_id, str(account_id), by="t", now=START)
    later = START + timedelta(days=1)
    for step_id, by in (
        ("handoff", "ana@vendor.test"),
        ("kickoff", "carl@vendor.test"),
    ):
        complete_step(database, run.run_id, step_id, by=by, now=later)
    (item_id,) = tick(database, later + timedelta(hours=1)).inbox_ids
    return item_id
