"""Issue 7's "done when": an onboarding workflow designed from text runs on a demo
account through a simulated month of ticks.

Nudges go out in each recipient's time zone (the file channel), every message to
the customer passes through the inbox, the customer's admin completes their step
through a magic link, the late step is escalated to the CS manager with its
package, and the run completes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from agents.journey import design_offline
from domain.nudges import EscalationAction, EscalationDecision
from graph.approvals import decide, run_graph
from graph.tick import escalation_briefs, run_tick
from tests.nudge_support import LINK_SECRET
from tools.accounts.repository import find_account
from tools.demo_data import write_demo_data
from tools.inbox.store import InboxAction, InboxDecision, list_items
from tools.link_ledger import SqlLinkLedger
from tools.magic_links import MagicLinks
from tools.outbox.tables import OutboxRow
from tools.runs import RunDefaults, complete_step, run_view, start_run
from tools.runs_links import take_step_action
from tools.settings import Settings
from tools.workflow_store import WorkflowStore

JOURNEY = (
    "When a deal closes won, the AE hands off to the CSM within 2 business days "
    "with the deal terms. The CSM holds a kickoff call with the customer champion "
    "within 5 business days. The customer admin submits the SSO configuration "
    "within 5 business days; if late, escalate to the CS manager after 1 business "
    "day. The CSM confirms go-live within 10 business days."
)
ACCOUNT = (
    "Highland Lending"  # AE New York, CSM Singapore, admin Kolkata, manager Berlin
)
FIRST_DAY = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday; US clocks change on the 9th
TICKS_UTC = (2, 9, 15)  # morning in Asia, in Europe, in the Americas
DEFAULTS = RunDefaults()


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    """Run the simulated month once; the tests read what it left behind."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("month"),
        model_provider="offline",
        link_secret=LINK_SECRET,
        public_url="http://localhost:8000",
    )
    database = _open(settings)
    run_id = _start(database)
    story = _Story(database, settings, run_id)
    for day in range(30):
        for hour in TICKS_UTC:
            story.tick(FIRST_DAY + timedelta(days=day, hours=hour))
    return database, settings, run_id, story


def _open(settings: Settings):
    from tools.db import open_database

    database = open_database(settings.resolved_database_url)
    write_demo_data(database, accounts=5, as_of=date(2025, 3, 1))
    return database


def _start(database) -> str:
    store = WorkflowStore(database)
    ref = store.save_draft(design_offline(JOURNEY), JOURNEY)
    store.publish(str(ref))
    with database.session() as session:
        account = find_account(session, ACCOUNT)
    started = start_run(
        database, ref.workflow_id, str(account.id), by="cs-ops", now=FIRST_DAY
    )
    return started.run_id


class _Story:
    """The people: the AE and CSM work on time, the customer admin is late."""

    def __init__(self, database, settings, run_id) -> None:
        self.database, self.settings, self.run_id = database, settings, run_id
        self.decided: list[tuple[str, str]] = []
        self.redeemed = False

    def tick(self, now: datetime) -> None:
        run_tick(
            self.database,
            self.settings,
            now=now,
            defaults=DEFAULTS,
            brief_builder=escalation_briefs(self.database, self.settings, now),
        )
        self._work_inbox(now)
        self._people_act(now)

    def _work_inbox(self, now: datetime) -> None:
        with self.database.session() as session:
            items = list_items(session)
        with run_graph(self.database, self.settings) as graph:
            for item in items:
                decide(self.database, graph, self._decision(item, now))
                self.decided.append((item.kind, item.recipient))

    def _decision(self, item, now) -> InboxDecision:
        data = {}
        if item.kind == "escalation":
            chosen = EscalationDecision(
                action=EscalationAction.acknowledge, by="hannah.vogel"
            )
            data = {"escalation": chosen.model_dump(mode="json")}
        return InboxDecision(
            item_id=item.id, action=InboxAction.approve, by="csm", at=now, data=data
        )

    def _people_act(self, now: datetime) -> None:
        day = (now - FIRST_DAY).days
        if (day, now.hour) == (1, 15):
            self._complete("hand_off_to_csm", "marcus.bell@lumenops.example", now)
        if (day, now.hour) == (3, 2):
            self._complete("hold_kickoff_call", "kenji.watanabe@lumenops.example", now)
        if day == 15 and not self.redeemed:  # a week late: after the escalation
            self.redeemed = self._redeem(now)
        if (day, now.hour) == (20, 2):
            self._complete("confirm_go_live", "kenji.watanabe@lumenops.example", now)

    def _complete(self, step_id, by, now) -> None:
        complete_step(self.database, self.run_id, step_id, by=by, now=now)

    def _redeem(self, now: datetime) -> bool:
        token = _latest_link(self.database)
        links = MagicLinks(
            LINK_SECRET,
            base_url=f"{self.settings.public_url}/l",
            ledger=SqlLinkLedger(self.database),
            clock=lambda: now,
        )
        form = {"sso_metadata_url": "https://idp.highlandlending.example/saml"}
        take_step_action(self.database, links, token, now=now, data=form)
        return True


def _latest_link(database) -> str:
    query = sa.select(OutboxRow.body_text).where(OutboxRow.status == "sent")
    with database.session() as session:
        bodies = list(session.scalars(query.order_by(OutboxRow.id.desc())))
    found = [re.search(r"/l/(\S+)", body) for body in bodies]
    return next(match.group(1) for match in found if match)


def sent(database) -> list[OutboxRow]:
    with database.session() as session:
        query = sa.select(OutboxRow).order_by(OutboxRow.id)
        return list(session.scalars(query))


def test_the_run_completes_with_the_customer_step_done_through_its_link(month):
    database, _, run_id, story = month
    with database.session() as session:
        view = run_view(session, run_id, FIRST_DAY + timedelta(days=30), DEFAULTS)

    assert view.status.value == "completed"
    sso = next(s for s in view.events if s.kind.value == "step_completion"
               and "SSO" in s.reason)  # fmt: skip
    assert sso.actor == "freya.novak@highlandlending.example"
    assert story.redeemed


def test_nudges_are_written_out_in_each_recipients_time_zone(month):
    database, settings, _, _ = month
    rows = sent(database)
    zones = {
        "marcus.bell@lumenops.example": "EST",  # handoff due Wed 5 Mar, before DST
        "kenji.watanabe@lumenops.example": "+08",
        "freya.novak@highlandlending.example": "IST",
    }
    for address, zone in zones.items():
        bodies = [r.body_text for r in rows if r.recipient == address]
        assert bodies, f"nothing sent to {address}"
        assert all(f" {zone} (your time)" in b or "items are" in b for b in bodies)
    files = list((settings.data_dir / "outbox").glob("*.eml"))
    assert len(files) == sum(1 for r in rows if r.status == "sent")
    assert all(r.status == "sent" for r in rows)


def test_every_message_to_the_customer_passed_the_inbox_and_leaks_nothing(month):
    database, *_ = month
    external = [r for r in sent(database) if r.recipient.endswith("lending.example")]
    assert external and all(r.inbox_item_id for r in external)
    for row in external:
        assert not re.search(r"\b(ARR|MRR|health score)\b", row.body_text)


def test_the_late_sso_step_is_escalated_to_the_cs_manager_and_decided(month):
    database, _, _, story = month
    assert ("escalation", "hannah.vogel@lumenops.example") in story.decided
    with database.session() as session:
        items = list_items(session, include_decided=True)
    (escalation,) = [
        i for i in items if i.kind == "escalation" and "SSO" in i.draft.title
    ]
    assert "Escalation package" in escalation.draft.text
    with run_graph(database, month[1]) as graph:
        state = graph.get_state({"configurable": {"thread_id": escalation.id}})
    decided_on = state.values["draft"]["text"]
    assert "Escalation package (run context):" in decided_on
    assert "Escalation brief:" in decided_on  # graph.brief's escalation kind
    assert state.values["outcome"] == "acknowledged"
