"""Outbox delivery: timing, retries after timeouts, uncertain sends, two workers."""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
import pytest

from domain.nudges import Channel
from tests.conftest import SLACK_WEBHOOK
from tests.nudge_support import START, outbox, tick
from tests.run_factory import publish, seed_account
from tests.workflow_factory import step, workflow
from tools.outbox.channels import FileChannel, SlackChannel, SmtpChannel
from tools.outbox.delivery import deliver_queued, resolve_uncertain
from tools.runs import start_run


def queued_nudges(database, count: int = 1) -> None:
    """`count` accounts, each with one step assigned to its own CSM at START (one
    CSM for all would get one digest)."""
    workflow_id = publish(database, workflow(step("kickoff")))
    for index in range(count):
        csm = (f"Csm {index}", f"csm{index}@vendor.test", "America/New_York")
        account = seed_account(database, f"Account {index}", team={"csm": csm})
        start_run(database, workflow_id, str(account), by="t", now=START)
    tick(database, START)


def test_a_queued_nudge_is_sent_once_however_often_delivery_runs(database, smtp_server):
    queued_nudges(database)
    channels = {"file": SmtpChannel("127.0.0.1", smtp_server.port, "cs@v.test")}

    first = deliver_queued(database, channels, now=START)
    again = deliver_queued(database, channels, now=START + timedelta(hours=1))

    assert (len(first.sent), again.sent) == (1, [])
    assert len(smtp_server.handler.messages) == 1
    assert [row.status for row in outbox(database)] == ["sent"]


def test_a_deferred_message_waits_for_its_time(database, tmp_path):
    night = START + timedelta(hours=11)  # 01:00 in New York, Carl's zone
    workflow_id = publish(database, workflow(step("kickoff")))
    account = seed_account(database)
    start_run(database, workflow_id, str(account), by="t", now=night)
    tick(database, night)
    (row,) = outbox(database)
    channels = {"file": FileChannel(tmp_path)}

    assert row.not_before.isoformat() == "2025-03-04T13:00:00+00:00"  # 08:00 EST
    assert deliver_queued(database, channels, now=night).sent == []
    assert deliver_queued(database, channels, now=row.not_before).sent == [row.id]


def test_smtp_refusing_connections_is_retried_later_and_sent_once(
    database, smtp_server
):
    queued_nudges(database)
    down = {"file": SmtpChannel("127.0.0.1", 9, "cs@v.test", timeout=0.5)}
    up = {"file": SmtpChannel("127.0.0.1", smtp_server.port, "cs@v.test")}

    failed = deliver_queued(database, down, now=START)
    too_soon = deliver_queued(database, up, now=START + timedelta(minutes=1))
    later = deliver_queued(database, up, now=START + timedelta(minutes=5))

    assert (len(failed.retrying), too_soon.sent, len(later.sent)) == (1, [], 1)
    assert len(smtp_server.handler.messages) == 1
    assert outbox(database)[0].attempts == 2


def test_a_timeout_after_the_message_is_uncertain_and_never_resent(
    database, smtp_server
):
    queued_nudges(database)
    smtp_server.handler.delay = 1.0
    slow = {
        "file": SmtpChannel("127.0.0.1", smtp_server.port, "cs@v.test", timeout=0.3)
    }

    report = deliver_queued(database, slow, now=START)
    smtp_server.handler.delay = 0
    retry = deliver_queued(database, slow, now=START + timedelta(hours=1))

    assert (len(report.uncertain), retry.sent) == (1, [])
    # whether the server kept it is exactly what csops cannot know; never twice
    assert len(smtp_server.handler.messages) <= 1
    (row,) = outbox(database)
    resolve_uncertain(database, row.id, delivered=True)
    assert outbox(database)[0].status == "sent"
    with pytest.raises(LookupError, match="is not uncertain"):
        resolve_uncertain(database, row.id, delivered=True)


def test_slack_connect_failure_is_retried_and_a_read_timeout_is_not(
    database, slack_routes
):
    queued_nudges(database, count=2)
    slack_routes["webhook"].side_effect = [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("no answer"),
        httpx.Response(200, text="ok"),
    ]
    channels = {"file": SlackChannel(SLACK_WEBHOOK)}

    deliver_queued(database, channels, now=START)
    deliver_queued(database, channels, now=START + timedelta(hours=1))

    assert [row.status for row in outbox(database)] == ["sent", "uncertain"]
    assert slack_routes["webhook"].call_count == 3


def test_two_workers_delivering_at_once_send_each_message_once(database, tmp_path):
    queued_nudges(database, count=30)
    sends: list[str] = []

    class CountingChannel:
        name = Channel.file.value

        def send(self, message) -> None:
            sends.append(message.delivery_key)

        def confirm(self, message) -> bool | None:
            return None

    def worker(name: str) -> None:
        deliver_queued(database, {"file": CountingChannel()}, now=START, worker=name)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(sends) == len(set(sends)) == 30
