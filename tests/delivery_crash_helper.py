"""Run one tick (sweep with nudges, then delivery) and die at an injected point.

Usage: python tests/delivery_crash_helper.py DATABASE_URL CHANNEL TARGET NOW_ISO
       WALL_OFFSET_MINUTES

CHANNEL is `email` (TARGET: the SMTP port on 127.0.0.1) or `file` (TARGET: the
directory). CSOPS_TEST_CRASH_AT names the point to die at with os._exit(17):
`drafted` (the sweep committed its drafts and outbox rows), or a delivery point:
`claimed`, `sending`, `sent`. WALL_OFFSET_MINUTES moves the wall clock the leases
read, so a re-run can find the leases of a dead run expired.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agents.nudge.stage import NudgeStage
from domain.nudges import Channel
from tools.db import open_database
from tools.outbox.channels import FileChannel, SmtpChannel
from tools.outbox.delivery import deliver_queued
from tools.runs import sweep

CRASHED = 17


def crash_at(point: str) -> None:
    if os.environ.get("CSOPS_TEST_CRASH_AT") == point:
        os._exit(CRASHED)


def main() -> None:
    url, channel_name, target, now_text, offset = sys.argv[1:6]
    tick_once(
        open_database(url),
        channel_name,
        target,
        datetime.fromisoformat(now_text),
        int(offset),
        crash_at,
    )


def tick_once(database, channel_name, target, now, offset, checkpoint) -> None:
    """Sweep with the nudge stage, then deliver; `checkpoint(point)` after commits."""
    channel = (
        SmtpChannel("127.0.0.1", int(target), "cs@vendor.test", timeout=5)
        if channel_name == "email"
        else FileChannel(Path(target))
    )
    stage = NudgeStage(now=now, route=lambda draft: Channel(channel_name))
    sweep(database, now=now, stage=stage, triggers=False)
    checkpoint("drafted")
    wall = datetime.now(UTC) + timedelta(minutes=offset)
    deliver_queued(
        database,
        {channel_name: channel},
        now=now,
        wall_clock=lambda: wall,
        checkpoint=checkpoint,
    )


if __name__ == "__main__":
    main()
