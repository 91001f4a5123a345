"""Trajectory scorer on synthetic trajectories; the suite offline and on replay.

The replayed recordings in evals/recordings/handwritten/trajectory.jsonl are
hand-written test fixtures (their `origin` says so), not model output.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from evals.modes.access import ModelAccess
from evals.modes.recordings import RECORDINGS_DIR
from evals.runner import RunPlan, run
from evals.scoring import CouldNotScore, ratios
from evals.suites.trajectory.cases import ArgumentMatcher, ExpectedCall, ToolCall
from evals.suites.trajectory.matching import score_calls
from evals.suites.trajectory.suite import OFFLINE_REASON, TRAJECTORY_SUITE, solve
from tools.settings import Settings

EXPECTED = [
    ExpectedCall.model_validate(
        {"tool": "get_account", "args": {"account": {"contains": "cyberdyne"}}}
    ),
    ExpectedCall.model_validate(
        {
            "tool": "get_tickets",
            "args": {"priority": {"exact": "P1"}, "status": {"any": True}},
        }
    ),
]
ACCOUNT = ToolCall(tool="get_account", args={"account": "Cyberdyne Systems"})
TICKETS = ToolCall(
    tool="get_tickets", args={"account": "1", "priority": "P1", "status": "open"}
)
NPS = ToolCall(tool="get_nps", args={"account": "1"})


def values(made: list[ToolCall], mode: str) -> dict[str, float | None]:
    checks = score_calls(EXPECTED, made, mode)
    return {name: ratio.value for name, ratio in ratios(checks).items()}


@pytest.mark.parametrize("mode", ["strict", "unordered", "subset"])
def test_a_perfect_trajectory_scores_one_in_every_mode(mode):
    scores = values([ACCOUNT, TICKETS], mode)

    assert set(scores.values()) == {1.0}
    assert "trajectory_match" in scores


def test_a_missing_call_fails_calls_made_and_the_match():
    scores = values([ACCOUNT], "subset")

    assert scores["calls_made"] == 0.5
    assert scores["trajectory_match"] == 0.0


def test_an_extra_call_fails_strict_and_unordered_but_not_subset():
    made = [ACCOUNT, TICKETS, NPS]

    assert values(made, "strict")["no_unexpected_calls"] == 0.0
    assert values(made, "unordered")["no_unexpected_calls"] == 0.0
    subset = values(made, "subset")
    assert "no_unexpected_calls" not in subset
    assert subset["trajectory_match"] == 1.0


def test_order_matters_only_in_strict_mode():
    made = [TICKETS, ACCOUNT]

    assert values(made, "unordered")["trajectory_match"] == 1.0
    strict = values(made, "strict")
    assert strict["calls_made"] == 0.0
    assert strict["trajectory_match"] == 0.0


def test_an_argument_mismatch_fails_arguments_matched_only():
    wrong = ToolCall(tool="get_tickets", args={"account": "1", "priority": "P3"})
    checks = score_calls(EXPECTED, [ACCOUNT, wrong], "strict")
    failed = [(c.metric, c.actual) for c in checks if not c.ok]

    assert failed == [
        ("arguments_matched", "get_tickets(account='1', priority='P3')"),
        (
            "trajectory_match",
            "get_account(account='Cyberdyne Systems') -> "
            "get_tickets(account='1', priority='P3')",
        ),
    ]
    assert ratios(checks)["calls_made"].value == 1.0


def test_unordered_pairs_the_call_whose_arguments_match():
    wrong = ToolCall(tool="get_tickets", args={"priority": "P3", "status": "open"})

    assert values([wrong, TICKETS, ACCOUNT], "subset")["arguments_matched"] == 1.0


@pytest.mark.parametrize(
    ("matcher", "present", "value", "ok"),
    [
        ({"exact": False}, True, False, True),
        ({"exact": False}, True, 0.0, True),
        ({"exact": "P1"}, True, "p1", False),
        ({"any": True}, True, None, True),
        ({"any": True}, False, None, False),
        ({"regex": r"\d+"}, True, 30, True),
        ({"regex": r"\d+"}, True, "30 days", False),
        ({"contains": "acme"}, True, "Acme Corp", True),
        ({"contains": "acme"}, False, None, False),
    ],
)
def test_argument_matchers(matcher, present, value, ok):
    assert ArgumentMatcher.model_validate(matcher).matches(present, value) is ok


@pytest.mark.parametrize("matcher", [{}, {"exact": 1, "any": True}, {"regex": "("}])
def test_a_matcher_names_exactly_one_valid_rule(matcher):
    with pytest.raises(ValidationError):
        ArgumentMatcher.model_validate(matcher)


def test_offline_makes_no_trajectory_and_says_why(tmp_path):
    plan = RunPlan(suites=[TRAJECTORY_SUITE], splits=("core",), workers=2)
    result = run(plan, Settings(data_dir=tmp_path))

    assert {case.status for case in result.cases} == {"could_not_score"}
    assert {case.reason for case in result.cases} == {OFFLINE_REASON}
    with pytest.raises(CouldNotScore):
        solve(None, ModelAccess(Settings(data_dir=tmp_path)).open("x", 0))


def test_hand_written_recordings_are_scored_on_replay(tmp_path):
    plan = RunPlan(
        suites=[TRAJECTORY_SUITE],
        mode="replay",
        recordings_dir=RECORDINGS_DIR / "handwritten",
        splits=("core",),
        workers=4,
    )
    cases = {c.case_id: c for c in run(plan, Settings(data_dir=tmp_path)).cases}
    scored = {cid: c.passed for cid, c in cases.items() if c.status == "scored"}

    assert scored == {
        "traj-escalation-p1-strict": True,
        "traj-renewal-unordered": True,
        "traj-usage-subset": True,
        "traj-handoff-strict-deals": False,
    }
    assert cases["traj-usage-subset"].output["engine"] == "openai"
    missing = cases["traj-nps-detractor-subset"]
    assert (missing.status, missing.reason.startswith("no recording")) == (
        "could_not_score",
        True,
    )
