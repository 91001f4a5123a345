"""The trajectory suite: which account tools the model calls while it briefs.

The solver builds the case's brief with the mode's chat model and listens to the
model's HTTP responses, collecting every tool call the model asked for, in order.
Offline there is no model and so no trajectory: every case is "could not score".
Replay scores the cases that have recordings; those under
`evals/recordings/handwritten/` are written by hand to exercise the scorer, not
model output, and replay labels them so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from evals.modes.access import CaseCall
from evals.scoring import Check, CouldNotScore
from evals.suite import DATASETS_DIR, Suite
from evals.suites.brief.suite import brief_for_case, prompt_text
from evals.suites.trajectory.cases import ToolCall, TrajectoryCase
from evals.suites.trajectory.matching import METRICS, score_calls

OFFLINE_REASON = "offline engine makes no tool calls"


@dataclass
class TrajectoryAnswer:
    """The tool calls made while briefing, and how the brief was written."""

    calls: list[ToolCall] = field(default_factory=list)
    engine: str = "openai"
    fallback_reason: str | None = None


class CallListener:
    """Collects the tool calls of every chat completion the model receives."""

    def __init__(self) -> None:
        self.calls: list[ToolCall] = []

    def watch(self, model) -> None:
        model.http_client.event_hooks["response"].append(self.on_response)

    def on_response(self, response: httpx.Response) -> None:
        response.read()
        try:
            choices = response.json().get("choices") or []
        except ValueError:
            return
        for choice in choices:
            for call in (choice.get("message") or {}).get("tool_calls") or []:
                self.calls.append(_tool_call(call.get("function") or {}))


def solve(case: TrajectoryCase, call: CaseCall) -> TrajectoryAnswer:
    if call.model is None:
        raise CouldNotScore(OFFLINE_REASON)
    listener = CallListener()
    answer = brief_for_case(case, call, watch=listener.watch)
    brief = answer.brief
    return TrajectoryAnswer(listener.calls, brief.engine, brief.fallback_reason)


def score(case: TrajectoryCase, answer: TrajectoryAnswer) -> list[Check]:
    return score_calls(case.calls, answer.calls, case.mode)


def summarize(answer: TrajectoryAnswer) -> dict[str, Any]:
    return {
        "calls": [str(call) for call in answer.calls],
        "engine": answer.engine,
        "fallback_reason": answer.fallback_reason,
    }


def case_text(case: TrajectoryCase) -> str:
    calls = "; ".join(str(call) for call in case.calls)
    name = case.fixture.account["name"]
    return (
        f"{case.kind.value} brief of {name} as of {case.as_of} ({case.mode}): {calls}"
    )


def _tool_call(function: dict) -> ToolCall:
    try:
        args = json.loads(function.get("arguments") or "{}")
    except ValueError:
        args = {"(unparsed)": function.get("arguments")}
    return ToolCall(tool=function.get("name") or "?", args=args)


TRAJECTORY_SUITE = Suite(
    name="trajectory",
    case_model=TrajectoryCase,
    datasets={
        "core": DATASETS_DIR / "trajectory.v1.jsonl",
        "heldout": DATASETS_DIR / "trajectory.heldout.v1.jsonl",
    },
    solve=solve,
    score=score,
    summarize=summarize,
    case_text=case_text,
    prompt_text=prompt_text,
    metrics=METRICS,
)
