"""Magic links over the SQL ledger: single use, revocation, audit, scanners."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from domain.workflow import CustomerAction
from tests.nudge_support import BASE_URL, LINK_SECRET, START, customer_step_run
from tools.link_ledger import MagicLinkRow, SqlLinkLedger
from tools.magic_links import LinkAlreadyUsed, LinkRevoked, MagicLinks
from tools.runs.tables import StepRunRow
from tools.runs_links import (
    StepActionRefused,
    Upload,
    preview_step_action,
    take_step_action,
)

DAY_TWO = START + timedelta(days=1, hours=2)


@pytest.fixture
def links(database):
    clock = [DAY_TWO]
    issuer = MagicLinks(
        LINK_SECRET,
        base_url=BASE_URL,
        ledger=SqlLinkLedger(database),
        clock=lambda: clock[0],
    )
    issuer.moved = clock
    return issuer


def onboarding_step(database) -> tuple[str, str]:
    run_id = customer_step_run(database)
    query = sa.select(StepRunRow.id).where(
        StepRunRow.run_id == run_id, StepRunRow.step_id == "onboarding_data"
    )
    with database.session() as session:
        return run_id, session.scalar(query)


def issue(links, step_run_id, action=CustomerAction.submit_data) -> str:
    token, _ = links.issue_link(
        step_run_id=step_run_id, recipient="chloe@acme.test", action=action
    )
    return token


def test_a_scanner_following_the_link_commits_nothing(database, links):
    _, step_run_id = onboarding_step(database)
    token = issue(links, step_run_id)

    for _ in range(3):  # a scanner, a preview pane, the person
        preview = preview_step_action(database, links, token)

    assert (preview.step_title, preview.claim.recipient) == (
        "Onboarding data",
        "chloe@acme.test",
    )
    with database.session() as session:
        assert session.get(MagicLinkRow, preview.claim.link_id).used_at is None
    assert links.ledger.audit_trail(preview.claim.link_id) == [
        ("issued", "chloe@acme.test")
    ]


def test_the_post_completes_the_step_once_and_is_audited(database, links):
    run_id, step_run_id = onboarding_step(database)
    token = issue(links, step_run_id)
    form = {"sso_domain": "acme.test", "admins": "2"}

    outcome = take_step_action(database, links, token, now=DAY_TWO, data=form)
    with pytest.raises(LinkAlreadyUsed):
        take_step_action(database, links, token, now=DAY_TWO, data=form)

    assert outcome.step_done and outcome.run_completed
    with database.session() as session:
        link_id = session.scalar(sa.select(MagicLinkRow.link_id))
    assert links.ledger.audit_trail(link_id) == [
        ("issued", "chloe@acme.test"),
        ("redeemed", ""),
        ("refused", "LinkAlreadyUsed"),
    ]
    with database.session() as session:
        step = session.get(StepRunRow, step_run_id)
        assert step.completions[0]["by"] == "chloe@acme.test"
        assert step.completions[0]["data"]["submitted"] == form
        assert step.run_id == run_id


def test_a_bad_submission_uses_nothing_up(database, links):
    _, step_run_id = onboarding_step(database)
    dated = issue(links, step_run_id, CustomerAction.confirm_date)
    upload = issue(links, step_run_id, CustomerAction.upload)

    with pytest.raises(StepActionRefused, match="YYYY-MM-DD"):
        take_step_action(database, links, dated, now=DAY_TWO, data={"date": "soon"})
    big = Upload(filename="data.csv", content_type="text/csv", size=11 * 2**20)
    with pytest.raises(StepActionRefused, match="over 10 MB"):
        take_step_action(database, links, upload, now=DAY_TWO, upload=big)
    exe = Upload(filename="x.exe", content_type="application/x-msdownload", size=9)
    with pytest.raises(StepActionRefused, match="is not accepted"):
        take_step_action(database, links, upload, now=DAY_TWO, upload=exe)

    outcome = take_step_action(
        database, links, dated, now=DAY_TWO, data={"date": "2025-03-10"}
    )
    assert outcome.step_done


def test_revoked_links_of_a_step_run_stop_working(database, links):
    _, step_run_id = onboarding_step(database)
    first, second = issue(links, step_run_id), issue(links, step_run_id)

    assert links.ledger.revoke_step_run(step_run_id, DAY_TWO) == 2
    for token in (first, second):
        with pytest.raises(LinkRevoked):
            links.verify(token)


def test_of_two_concurrent_redeems_exactly_one_wins(database, links):
    _, step_run_id = onboarding_step(database)
    token = issue(links, step_run_id)
    results = []

    def redeem():
        try:
            links.redeem(token)
            results.append("used")
        except LinkAlreadyUsed:
            results.append("refused")

    threads = [threading.Thread(target=redeem) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "refused", "refused", "used"]
