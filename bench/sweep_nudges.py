"""The whole sweep with nudges: 100,000 open step runs, 1% due, 1,000 nudges queued.

Usage: `python -m bench.sweep_nudges [sqlite|postgresql ...]` (default: both),
from the repository root.

Seeds what `bench/sweep.py` seeds, then gives every run its own CSM, so the 1,000
due items become 1,000 nudges rather than one digest. Prints the whole sweep
(claim, read, draft offline with Jinja2, policy, outbox insert, settle with a due
event per item) and the nudge stage's share of it. Target (issue 7): the whole
sweep under 2 s. No graph runs: every nudge here goes to a colleague and needs no
human; the run graph is for inbox items only.
"""

from __future__ import annotations

import sys
import time

import sqlalchemy as sa

from agents.nudge.stage import NudgeStage
from bench.sweep import NOW, OWNER, STEP_RUNS, _database, seed
from domain.nudges import Channel
from tools.db import Database
from tools.outbox.tables import OutboxRow
from tools.runs.sweep import sweep
from tools.runs.tables import RunRow

TARGET_S = 2.0


def main() -> None:
    for backend in sys.argv[1:] or ["sqlite", "postgresql"]:
        with _database(backend) as database:
            seed(database)
            own_owners(database)
            report(backend, database)


def own_owners(database: Database) -> None:
    """One CSM per run (csm00000042@vendor.test), in New York like the bench's."""
    with database.session() as session:
        ids = list(session.scalars(sa.select(RunRow.id)))
        rows = [{"id": run_id, "roles": {"csm": [_owner(run_id)]}} for run_id in ids]
        session.execute(sa.update(RunRow), rows)


def report(backend: str, database: Database) -> None:
    stage = _TimedStage(now=NOW, route=lambda draft: Channel.file)
    started = time.perf_counter()
    result = sweep(database, now=NOW, stage=stage, batch_size=1000)
    whole = time.perf_counter() - started
    with database.session() as session:
        queued = session.scalar(sa.select(sa.func.count()).select_from(OutboxRow))
    verdict = "ok" if whole < TARGET_S else "OVER TARGET"
    print(f"{backend}: {STEP_RUNS:,} open step runs, {len(result.due_work):,} due")
    print(f"  whole sweep, drafted + queued {queued:,} nudges {whole * 1000:8.1f} ms")
    print(f"    of which the nudge stage              {stage.spent * 1000:8.1f} ms")
    print(f"  target < {TARGET_S:.0f} s: {verdict}")


class _TimedStage(NudgeStage):
    spent: float = 0.0

    def __call__(self, session, items) -> None:
        started = time.perf_counter()
        super().__call__(session, items)
        self.spent += time.perf_counter() - started


def _owner(run_id: str) -> dict:
    number = run_id.removeprefix("run_")
    return OWNER | {"name": f"Csm {number}", "email": f"csm{number}@vendor.test"}


if __name__ == "__main__":
    main()
