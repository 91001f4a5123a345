"""The nudge suite: the nudge stage's offline path on hand-written run states.

Every mode runs the offline path: the sweep drafts nudges without a model
(`agents.nudge.stage`), so there is nothing for replay or live to change here;
their results equal the offline ones and say nothing about a model.
"""

from __future__ import annotations

import inspect
from typing import Any

from evals.modes.access import CaseCall
from evals.suite import DATASETS_DIR, Suite
from evals.suites.nudge.cases import NudgeCase
from evals.suites.nudge.pipeline import Message, run_stage
from evals.suites.nudge.scorers import METRICS, score_nudge


def solve(case: NudgeCase, call: CaseCall) -> list[Message]:
    """The messages the nudge stage produces for the case."""
    return run_stage(case)


def summarize(messages: list[Message]) -> dict[str, Any]:
    """Each message as the recipient (or the approver) sees it."""
    return {
        "messages": [
            {
                "to": m.draft.address,
                "kind": m.draft.kind.value,
                "route": m.route,
                "not_before": m.not_before.isoformat() if m.not_before else None,
                "reasons": m.reasons,
                "subject": m.draft.subject,
                "text": m.draft.text,
            }
            for m in messages
        ]
    }


def case_text(case: NudgeCase) -> str:
    steps = "; ".join(
        f"{s.title} ({s.mark}, {s.status}, owner {s.owner_role}, due "
        f"{s.due_at.isoformat() if s.due_at else '-'})"
        for s in case.steps
    )
    return f"at {case.now.isoformat()}, {case.sent_today} sent today: {steps}"


def prompt_text() -> str:
    """The offline templates are the 'prompt': a change to them changes the hash."""
    from agents.nudge import templates

    return inspect.getsource(templates)


NUDGE_SUITE = Suite(
    name="nudge",
    case_model=NudgeCase,
    datasets={
        "core": DATASETS_DIR / "nudge.v1.jsonl",
        "heldout": DATASETS_DIR / "nudge.heldout.v1.jsonl",
    },
    solve=solve,
    score=score_nudge,
    summarize=summarize,
    case_text=case_text,
    prompt_text=prompt_text,
    metrics=METRICS,
)
