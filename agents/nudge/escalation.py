"""The escalation package: what a manager needs to decide on a late step.

Until an escalation brief is available the package is the run's context: the late
step, its owners and due time, and where the rest of the run stands, read for every
escalated run of a sweep batch in one query. When the graph has a brief builder
(`graph.brief.build_brief` with kind `escalation`), `package_from_brief` turns its
cited claims into the package instead; the brief is internal-only, like every
escalation.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.brief import Brief
from domain.due_work import DueWork
from domain.nudges import local_time
from tools.runs.tables import StepRunRow, as_utc

RUN_CONTEXT = "run context"
ESCALATION_BRIEF = "escalation brief"
_MAX_LINES = 12


def read_run_steps(
    session: Session, run_ids: set[str]
) -> dict[str, list[tuple[str, str, object]]]:
    """(title, status, due_at) of every step of each run, one query for all."""
    if not run_ids:
        return {}
    query = sa.select(
        StepRunRow.run_id, StepRunRow.title, StepRunRow.status, StepRunRow.due_at
    ).where(StepRunRow.run_id.in_(run_ids))
    steps: dict[str, list[tuple[str, str, object]]] = {}
    for run_id, title, status, due in session.execute(query.order_by(StepRunRow.id)):
        steps.setdefault(run_id, []).append((title, status, as_utc(due)))
    return steps


def escalation_rung(item: DueWork) -> str:
    """'Escalation rung 2.': the sweep's reason repeats the due time, in the step's
    zone, which the message already gives in the reader's."""
    return f"Escalation rung {item.mark.rpartition('_')[2]}."


def package_from_run(
    item: DueWork, run_steps: Sequence[tuple[str, str, object]], zone: str
) -> list[str]:
    """The run-context package of one escalation."""
    owners = ", ".join(f"{o.name} <{o.email}>" for o in item.owners) or "nobody"
    lines = [
        f"Late step: {item.step_title}, owned by {owners} ({item.owner_role}).",
        f"Due {local_time(item.due_at, zone)}; {escalation_rung(item).lower()}",
        f"Workflow {item.workflow_ref} for {item.account_name}, run {item.run_id}.",
    ]
    others = [s for s in run_steps if s[0] != item.step_title]
    done = sum(1 for _, status, _ in others if status == "done")
    lines.append(f"Other steps: {done} of {len(others)} done.")
    for title, status, due in others:
        if status in ("ready", "waiting_external"):
            lines.append(f"Also open: {title} ({status}), due {local_time(due, zone)}.")
    return lines[:_MAX_LINES]


def package_from_brief(brief: Brief) -> list[str]:
    """The escalation brief's claims, each with its first citation."""
    lines = []
    for section in brief.sections:
        for claim in section.claims:
            cite = claim.citations[0]
            lines.append(
                f"{section.title}: {claim.text} [{cite.record_type} {cite.record_id}]"
            )
    return lines[:_MAX_LINES] or ["The escalation brief found nothing to report."]
