"""The escalation suite: the sweep's ladder on hand-written step timelines.

Every mode runs the run engine offline: escalations are decided by the sweep's
marks, not by a model, so replay and live results equal the offline ones.
"""

from __future__ import annotations

import inspect
from typing import Any

from evals.modes.access import CaseCall
from evals.suite import DATASETS_DIR, Suite
from evals.suites.escalation.cases import EscalationCase
from evals.suites.escalation.scorers import METRICS, score_escalation
from evals.suites.escalation.timeline import SweepAtNow, replay


def solve(case: EscalationCase, call: CaseCall) -> SweepAtNow:
    """What the sweep at `now` hands on for the case's step."""
    return replay(case)


def summarize(answer: SweepAtNow) -> dict[str, Any]:
    return answer.model_dump(mode="json")


def case_text(case: EscalationCase) -> str:
    ladder = ", ".join(f"{r.after} -> {r.to_role}" for r in case.ladder)
    events = "; ".join(f"{e.do}@{e.at.isoformat()}" for e in case.timeline)
    return (
        f"{case.owner} owns a {case.sla} step started {case.started.isoformat()}; "
        f"ladder {ladder}; {events or 'no events'}; now {case.now.isoformat()}"
    )


def prompt_text() -> str:
    """The mark planner is the 'prompt' here: a change to it changes the hash."""
    from domain import run_marks

    return inspect.getsource(run_marks)


ESCALATION_SUITE = Suite(
    name="escalation",
    case_model=EscalationCase,
    datasets={
        "core": DATASETS_DIR / "escalation.v1.jsonl",
        "heldout": DATASETS_DIR / "escalation.heldout.v1.jsonl",
    },
    solve=solve,
    score=score_escalation,
    summarize=summarize,
    case_text=case_text,
    prompt_text=prompt_text,
    metrics=METRICS,
)
