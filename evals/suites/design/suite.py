"""The design suite: the designer's answer to each journey description, scored.

Offline mode runs the offline journey engine through `agents.designer.design` with
offline settings; replay, live and record hand the designer the mode's chat model,
so the real OpenAI path (structured output, retry, offline fallback) is what runs.
"""

from __future__ import annotations

import json
from typing import Any

from domain.design import DesignResult
from evals.modes.access import CaseCall
from evals.suite import DATASETS_DIR, Suite
from evals.suites.design.cases import DesignCase
from evals.suites.design.scorers import METRICS, score_design


def solve(case: DesignCase, call: CaseCall) -> DesignResult:
    """The designer's result for the case's description."""
    # Imported per call: an engine that is mid-change or broken makes its cases
    # "could not score" instead of making the whole eval package unimportable.
    from agents.designer import design

    return design(case.description, call.settings, model=call.model)


def summarize(result: DesignResult) -> dict[str, Any]:
    """The workflow as a reviewer reads it, for the per-case report."""
    workflow = result.workflow
    trigger = workflow.trigger
    return {
        "engine": result.engine,
        "fallback_reason": result.fallback_reason,
        "journey": workflow.journey.value,
        "trigger": trigger.model_dump(mode="json", exclude_none=True)
        if trigger
        else None,
        "steps": [_step_line(step) for step in workflow.steps],
        "lint": [f"{f.rule}: {f.message}" for f in result.lint],
        "questions": [q.question for q in result.questions],
    }


def prompt_text() -> str:
    """The system prompt and output schema the model reads for a design."""
    from agents.llm_prompts import DESIGN_SYSTEM_PROMPT, WorkflowDraft

    schema = json.dumps(WorkflowDraft.model_json_schema(), sort_keys=True)
    return DESIGN_SYSTEM_PROMPT + "\n" + schema


def _step_line(step) -> str:
    owner = f"{step.owner or '-'} ({step.owner_provenance})"
    sla = f"{step.sla.duration} ({step.sla.provenance})" if step.sla else "no SLA"
    rungs = ", ".join(f"{r.to_role} ({r.provenance})" for r in step.escalation)
    handoff = ""
    if step.handoff:
        handoff = f"; handoff {step.handoff.from_role} -> {step.handoff.to_role}"
    return f"{step.title} | owner {owner} | {sla} | escalate {rungs or '-'}{handoff}"


DESIGN_SUITE = Suite(
    name="design",
    case_model=DesignCase,
    datasets={
        "core": DATASETS_DIR / "design.v1.jsonl",
        "heldout": DATASETS_DIR / "design.heldout.v1.jsonl",
    },
    solve=solve,
    score=score_design,
    summarize=summarize,
    case_text=lambda case: case.description,
    prompt_text=prompt_text,
    metrics=METRICS,
)
