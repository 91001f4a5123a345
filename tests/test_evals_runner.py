"""Datasets and the runner: malformed lines and failures are reported, never fatal."""

from __future__ import annotations

import json
from dataclasses import replace

from evals.cases import load_dataset
from evals.runner import RunPlan, run
from evals.scoring import CouldNotScore
from evals.suites.design.cases import DesignCase
from evals.suites.design.suite import DESIGN_SUITE
from evals.summary import summarize
from tools.settings import Settings

GOOD = {
    "id": "good-1",
    "tags": ["style:prose"],
    "description": "When a deal closes, the AE hands off to the CSM within 2 "
    "business days. The CSM runs the kickoff call within 5 business days.",
    "expected": {
        "journey": "onboarding",
        "trigger": {"kind": "closed_won"},
        "steps": [
            {"name": "handoff", "keywords": ["hand"], "owner": "ae", "sla": None},
            {"name": "kickoff", "keywords": ["kickoff"], "owner": "csm", "sla": None},
        ],
    },
}


def write_dataset(path, *lines: str):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_lines_are_collected_with_line_and_reason(tmp_path):
    no_steps = GOOD | {"id": "bad-2", "expected": GOOD["expected"] | {"steps": []}}
    unknown_role = json.loads(json.dumps(GOOD).replace('"csm"', '"wizard"'))
    unknown_role["id"] = "bad-3"
    path = write_dataset(
        tmp_path / "design.jsonl",
        json.dumps(GOOD),
        '{"id": "bad-1", "tags": [',
        json.dumps(no_steps),
        json.dumps(unknown_role),
        json.dumps(GOOD),
    )
    dataset = load_dataset(path, DesignCase, "core")
    assert [case.id for case in dataset.cases] == ["good-1"]
    assert [(m.line, m.case_id) for m in dataset.malformed] == [
        (2, None),
        (3, "bad-2"),
        (4, "bad-3"),
        (5, "good-1"),
    ]
    reasons = [m.reason for m in dataset.malformed]
    assert reasons[0].startswith("not JSON")
    assert reasons[1].startswith("off the case schema at expected.steps")
    assert "'wizard' is not a canonical role" in reasons[2]
    assert reasons[3] == "duplicate case id"


def test_could_not_score_is_counted_apart_from_wrong(tmp_path):
    crash = GOOD | {"id": "crash-1"}
    unscorable = GOOD | {"id": "norec-1"}
    path = write_dataset(
        tmp_path / "design.jsonl",
        json.dumps(GOOD),
        json.dumps(crash),
        json.dumps(unscorable),
        "not json at all",
    )

    def solve(case, call):
        if case.id == "crash-1":
            raise RuntimeError("engine exploded")
        if case.id == "norec-1":
            raise CouldNotScore("no recording")
        return DESIGN_SUITE.solve(case, call)

    suite = replace(DESIGN_SUITE, datasets={"core": path}, solve=solve)
    result = run(RunPlan(suites=[suite], workers=2), Settings(data_dir=tmp_path))

    by_id = {case.case_id: case for case in result.cases}
    assert by_id["good-1"].status == "scored"
    assert by_id["crash-1"].reason == "the engine raised RuntimeError: engine exploded"
    assert by_id["norec-1"].reason == "no recording"
    assert by_id["design.jsonl:4"].reason.startswith(
        "malformed case at design.jsonl line 4: not JSON"
    )
    overall = next(s for s in summarize(result) if s.slice == "all")
    assert (overall.attempts, overall.scored, overall.could_not_score) == (4, 1, 3)
    assert (
        overall.metrics["step_recall"] == by_id["good-1"].metrics["step_recall"].value
    )


def test_repeats_give_pass_at_k(tmp_path):
    path = write_dataset(tmp_path / "design.jsonl", json.dumps(GOOD))
    suite = replace(DESIGN_SUITE, datasets={"core": path})
    plan = RunPlan(suites=[suite], repeat=3, workers=3)
    result = run(plan, Settings(data_dir=tmp_path))
    assert [case.attempt for case in result.cases] == [0, 1, 2]
    overall = next(s for s in summarize(result) if s.slice == "all")
    assert set(overall.pass_at) == {1, 3}
    assert overall.pass_interval is not None
