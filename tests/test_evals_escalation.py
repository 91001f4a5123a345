"""The escalation suite: precision and recall checks, targets, and one replay."""

from __future__ import annotations

import json

from evals.cases import load_dataset
from evals.scoring import passed, ratios
from evals.suites.escalation.cases import EscalationCase
from evals.suites.escalation.scorers import score_escalation
from evals.suites.escalation.suite import ESCALATION_SUITE
from evals.suites.escalation.timeline import Escalation, SweepAtNow, replay

BUSINESS_DAY = {"amount": 1, "unit": "days", "business": True}
CASE = {
    "id": "rung-one",
    "tags": [],
    "team": {
        "csm": [{"name": "Carl Chen", "email": "carl@vendor.test"}],
        "cs_manager": [{"name": "Mona Meyer", "email": "mona@vendor.test"}],
    },
    "owner": "csm",
    "sla": {"amount": 2, "unit": "days", "business": True},
    "ladder": [{"after": BUSINESS_DAY, "to_role": "cs_manager"}],
    "started": "2025-12-01T14:00:00Z",  # Monday 09:00 New York: due Tue 17:00
    "now": "2025-12-04T15:00:00Z",  # Thursday, past the first rung (Wed 17:00)
    "expected": {
        "escalate": True,
        "to_roles": ["cs_manager"],
        "to": ["mona@vendor.test"],
    },
}
TO_MONA = Escalation(rung="escalation_1", to_role="cs_manager", to=["mona@vendor.test"])


def case(**expected) -> EscalationCase:
    return EscalationCase.model_validate(CASE | {"expected": expected})


def by_metric(checks) -> dict[str, list[bool]]:
    found: dict[str, list[bool]] = {}
    for check in checks:
        found.setdefault(check.metric, []).append(check.ok)
    return found


def test_a_right_escalation_counts_for_precision_recall_and_targets():
    checks = score_escalation(
        case(**CASE["expected"]), SweepAtNow(escalations=[TO_MONA], other_marks=[])
    )

    assert by_metric(checks) == {
        "decision": [True],
        "precision": [True],
        "recall": [True],
        "target_role": [True],
        "target_person": [True],
    }


def test_a_false_escalation_costs_precision_and_no_recall():
    checks = score_escalation(
        case(escalate=False), SweepAtNow(escalations=[TO_MONA], other_marks=[])
    )

    assert by_metric(checks) == {"decision": [False], "precision": [False]}
    assert not passed(ratios(checks))


def test_a_missed_escalation_costs_recall_only():
    checks = score_escalation(
        case(**CASE["expected"]), SweepAtNow(escalations=[], other_marks=["overdue"])
    )

    assert by_metric(checks) == {"decision": [False], "recall": [False]}


def test_the_wrong_person_fails_the_target_checks():
    wrong = Escalation(rung="escalation_1", to_role="csm", to=["carl@vendor.test"])
    checks = score_escalation(
        case(**CASE["expected"]), SweepAtNow(escalations=[wrong], other_marks=[])
    )

    assert by_metric(checks)["target_role"] == [False]
    assert by_metric(checks)["target_person"] == [False]


def test_the_sweep_escalates_to_the_first_rung_through_the_run_engine():
    answer = replay(case(**CASE["expected"]))

    assert answer.escalations == [TO_MONA]


def test_a_malformed_case_is_reported_not_raised(tmp_path):
    path = tmp_path / "escalation.v1.jsonl"
    bad_event = CASE | {"id": "bad", "timeline": [{"at": "soon", "do": "sweep"}]}
    path.write_text(json.dumps(CASE) + "\n" + json.dumps(bad_event) + "\n")

    dataset = load_dataset(path, EscalationCase, "core")

    assert [c.id for c in dataset.cases] == ["rung-one"]
    assert dataset.malformed[0].case_id == "bad"
    assert "timeline.0.at" in dataset.malformed[0].reason


def test_the_datasets_load_whole_and_are_big_enough():
    sizes = {}
    for split, path in ESCALATION_SUITE.datasets.items():
        dataset = load_dataset(path, EscalationCase, split)
        assert dataset.malformed == []
        sizes[split] = len(dataset.cases)

    assert sizes["core"] >= 25 and sizes["heldout"] >= 8
