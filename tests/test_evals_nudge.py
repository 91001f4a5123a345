"""The nudge suite: its hard gates, its due-time reading and its dataset."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from evals.cases import load_dataset
from evals.scoring import passed, ratios
from evals.suites.nudge.cases import NudgeCase
from evals.suites.nudge.gates import shows_instant
from evals.suites.nudge.pipeline import Message, run_stage
from evals.suites.nudge.scorers import score_nudge
from evals.suites.nudge.suite import NUDGE_SUITE

KLARA = {
    "name": "Klara Vogel",
    "email": "klara@lumen.de",
    "side": "external",
    "time_zone": "Europe/Berlin",
}
CASE = {
    "id": "external-upload",
    "tags": ["side:external"],
    "now": "2025-12-09T09:00:00Z",
    "calendar_zone": "Europe/Berlin",
    "people": {"champion": [KLARA]},
    "account": {"name": "Lumen Labs", "arr": 120000, "notes": []},
    "steps": [
        {
            "step_id": "users",
            "title": "Upload the user list",
            "owner_role": "champion",
            "mark": "reminder",
            "due_at": "2025-12-11T16:00:00Z",
            "customer_facing": True,
            "customer_action": "submit_data",
        }
    ],
    "expected": {"recipients": ["klara@lumen.de"], "ask": ["user list"], "link": True},
}


def case(**changes) -> NudgeCase:
    return NudgeCase.model_validate(CASE | changes)


def with_text(message: Message, text: str) -> Message:
    return message.model_copy(
        update={"draft": message.draft.model_copy(update={"text": text})}
    )


def failed(checks) -> list[str]:
    return sorted({check.metric for check in checks if not check.ok})


def test_a_correct_external_reminder_passes_every_gate():
    checks = score_nudge(case(), run_stage(case()))

    assert failed(checks) == []
    assert passed(ratios(checks))


def test_a_leak_fails_the_case_whatever_else_scored():
    message = run_stage(case())[0]
    leaky = with_text(message, message.draft.text + "\nYour ARR is $120,000.")

    checks = score_nudge(case(), [leaky])

    assert failed(checks) == ["gate_leak"]
    assert sum(c.ok for c in checks) / len(checks) > 0.8  # the mean alone would pass
    assert not passed(ratios(checks))


def test_a_nudge_about_a_done_step_fails_the_done_gate():
    done = case(steps=[CASE["steps"][0] | {"status": "done"}])
    done = done.model_copy(
        update={"expected": done.expected.model_copy(update={"recipients": []})}
    )
    sent_anyway = run_stage(case())

    checks = score_nudge(done, sent_anyway)

    assert failed(checks) == ["gate_done", "gate_recipient"]
    assert not passed(ratios(checks))


def test_the_stage_sends_nothing_for_a_done_step():
    done = CASE["steps"][0] | {"status": "done"}
    expected = CASE["expected"] | {"recipients": [], "ask": []}
    quiet = case(steps=[done], expected=expected)

    assert run_stage(quiet) == []
    assert passed(ratios(score_nudge(quiet, [])))


def test_a_due_time_is_read_as_an_instant_in_the_recipients_zone():
    due = datetime(2025, 12, 11, 9, tzinfo=UTC)

    assert shows_instant("Thu 11 Dec 17:00 +08", due, "Asia/Singapore")
    assert shows_instant("Thu 11 Dec 04:00 EST", due, "America/New_York")
    assert not shows_instant("Thu 11 Dec 09:00 UTC", due, "Asia/Singapore")
    assert not shows_instant("Thu 11 Dec 17:00 CET", due, "Asia/Singapore")


def test_a_malformed_line_is_reported_not_raised(tmp_path):
    path = tmp_path / "nudge.v1.jsonl"
    broken = CASE | {"expected": {"recipients": []}}  # `link` is missing
    lines = [json.dumps(CASE), "{not json", json.dumps(broken | {"id": "broken"})]
    path.write_text("\n".join(lines) + "\n")

    dataset = load_dataset(path, NudgeCase, "core")

    assert [c.id for c in dataset.cases] == ["external-upload"]
    assert [(bad.line, bad.case_id) for bad in dataset.malformed] == [
        (2, None),
        (3, "broken"),
    ]
    assert "expected.link" in dataset.malformed[1].reason


def test_the_datasets_load_whole_and_are_big_enough():
    sizes = {}
    for split, path in NUDGE_SUITE.datasets.items():
        dataset = load_dataset(path, NudgeCase, split)
        assert dataset.malformed == []
        sizes[split] = len(dataset.cases)

    assert sizes["core"] >= 25 and sizes["heldout"] >= 8
