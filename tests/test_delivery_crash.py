"""Exactly once across crashes: a tick killed at each point, then run again.

The helper process (tests/delivery_crash_helper.py) dies with os._exit at one point;
a second run, with the dead run's leases expired, finishes the work. Up to the
handover every crash ends in one send. A crash inside the handover window (after
`sending` is committed) cannot be settled by SMTP: the row turns `uncertain` for a
human and is never resent on a guess; the file channel can tell, and settles it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.delivery_crash_helper import CRASHED, tick_once
from tests.nudge_support import START
from tests.run_factory import publish, seed_account
from tests.workflow_factory import handoff_workflow
from tools.outbox.tables import OutboxRow
from tools.runs import start_run

HELPER = Path(__file__).with_name("delivery_crash_helper.py")
ROOT = Path(__file__).parent.parent


def crash_then_recover(database, channel, target, point) -> None:
    """Kill a tick at `point` in a child process, then tick twice here with the
    dead run's leases expired."""
    env = os.environ | {"PYTHONPATH": str(ROOT), "CSOPS_TEST_CRASH_AT": point}
    arguments = [database.url, channel, str(target), START.isoformat(), "0"]
    done = subprocess.run(
        [sys.executable, str(HELPER), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == CRASHED, done.stderr
    for offset in (10, 20):
        tick_once(database, channel, target, START, offset, lambda point: None)


def statuses(database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(sa.select(OutboxRow.status)))


@pytest.fixture
def due_nudge(database):
    """A run whose handoff step is assigned to Ana at START: one nudge to send."""
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    start_run(database, workflow_id, str(account), by="t", now=START)
    return database


@pytest.mark.parametrize(
    ("point", "sends", "status"),
    [
        ("drafted", 1, "sent"),
        ("claimed", 1, "sent"),
        ("sending", 0, "uncertain"),
        ("sent", 1, "uncertain"),
    ],
)
def test_a_crash_at_each_point_never_sends_twice_over_smtp(
    due_nudge, smtp_server, point, sends, status
):
    crash_then_recover(due_nudge, "email", smtp_server.port, point)

    assert len(smtp_server.handler.messages) == sends
    assert statuses(due_nudge) == [status]


@pytest.mark.parametrize("point", ["drafted", "claimed", "sending", "sent"])
def test_a_crash_at_each_point_sends_exactly_once_to_the_file_channel(
    due_nudge, tmp_path, point
):
    directory = tmp_path / "outbox"
    crash_then_recover(due_nudge, "file", directory, point)

    assert len(list(directory.glob("*.eml"))) == 1
    assert statuses(due_nudge) == ["sent"]
