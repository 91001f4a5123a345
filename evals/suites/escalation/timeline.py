"""Replays a case's timeline through the run engine and sweeps at `now`.

Everything goes through public run-engine calls on a real (SQLite) store:
`start_run`, `wait_on_external` / `resume_step` for pauses, `extend_sla` and
`complete_step` for the manager's decisions (what `graph.approvals.apply_decision`
calls for extend and close), and `sweep` for both the earlier sweeps (which fire
the earlier rungs) and the one at `now`, whose escalation items are the answer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy.orm import Session

from domain.due_work import DueWork
from domain.run_marks import MarkKind
from evals.suites.escalation.cases import EscalationCase, Event
from evals.suites.escalation.store import STEP_ID, case_database, publish_workflow
from tools.db import Database
from tools.runs import complete_step, resume_step, start_run, sweep, wait_on_external
from tools.runs_adjust import extend_sla

MANAGER = "eval-manager"


class Escalation(BaseModel):
    """One escalation item of the sweep at `now`."""

    rung: str
    to_role: str | None
    to: list[str]


class SweepAtNow(BaseModel):
    """What the sweep at `now` handed the nudge stage for the step."""

    escalations: list[Escalation]
    other_marks: list[str]


def replay(case: EscalationCase) -> SweepAtNow:
    """Start the run, replay the timeline, sweep at `now`."""
    with tempfile.TemporaryDirectory(prefix="csops-esc-") as directory:
        database = case_database(case, Path(directory))
        try:
            return _replay(database, case)
        finally:
            database.dispose()


def _replay(database: Database, case: EscalationCase) -> SweepAtNow:
    workflow_id = publish_workflow(database, case)
    run = start_run(database, workflow_id, "Acme", by=MANAGER, now=case.started)
    for event in sorted(case.timeline, key=lambda e: e.at):
        _apply(database, run.run_id, event)
    seen: list[DueWork] = []
    sweep(database, now=case.now, stage=_collect(seen), triggers=False)
    mine = [item for item in seen if item.step_id == STEP_ID]
    return SweepAtNow(
        escalations=[_escalation(i) for i in mine if i.kind is MarkKind.escalation],
        other_marks=[i.mark for i in mine if i.kind is not MarkKind.escalation],
    )


def _apply(database: Database, run_id: str, event: Event) -> None:
    common = {"by": MANAGER, "now": event.at}
    if event.do == "sweep":
        sweep(database, now=event.at, triggers=False)
    elif event.do == "wait_external":
        wait_on_external(database, run_id, STEP_ID, why="asked the customer", **common)
    elif event.do == "resume":
        resume_step(database, run_id, STEP_ID, why="customer answered", **common)
    elif event.do == "extend":
        why = "customer on holiday"
        extend_sla(database, run_id, STEP_ID, hours=event.hours, why=why, **common)
    else:
        complete_step(database, run_id, STEP_ID, **common)


def _collect(seen: list[DueWork]):
    def stage(session: Session, items: Sequence[DueWork]) -> None:
        seen.extend(items)

    return stage


def _escalation(item: DueWork) -> Escalation:
    return Escalation(
        rung=item.mark,
        to_role=item.recipient_role,
        to=sorted(p.email or p.name for p in item.recipients),
    )
