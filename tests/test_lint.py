"""Each lint rule fires on the workflow that breaks it, and only there."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.lint import dependency_cycles, lint_workflow, reachable_steps
from tests.workflow_factory import handoff_workflow, step, workflow


def rules(wf) -> list[tuple[str, str | None]]:
    return [(finding.rule, finding.step_id) for finding in lint_workflow(wf)]


def test_clean_workflow_has_no_findings():
    assert lint_workflow(handoff_workflow()) == []


@pytest.mark.parametrize(
    ("steps", "extra", "expected"),
    [
        ([step("a", owner=None)], {}, [("step-without-owner", "a")]),
        ([step("a", sla=None)], {}, [("step-without-sla", "a")]),
        ([step("a", escalation=[])], {}, [("sla-without-escalation", "a")]),
        ([step("a")], {"trigger": None}, [("no-trigger", None)]),
        (
            [step("a", handoff={"from_role": "ae", "to_role": None})],
            {},
            [("handoff-incomplete", "a")],
        ),
        (
            [step("a", handoff={"from_role": "csm", "to_role": "csm"})],
            {},
            [("handoff-incomplete", "a")],
        ),
        (
            [step("a", owner="customer")],
            {},
            [("external-step-not-single-action", "a")],
        ),
        ([step("a", owner="finance")], {}, [("unknown-role", "a")]),
        (
            [step("a"), step("b", depends_on=["ghost"])],
            {},
            [("unreachable-step", "b")],
        ),
        (
            [step("a"), step("b", depends_on=["c"]), step("c", depends_on=["b"])],
            {},
            [
                ("dependency-cycle", "b"),
                ("unreachable-step", "b"),
                ("unreachable-step", "c"),
            ],
        ),
    ],
)
def test_each_rule_names_the_step(steps, extra, expected):
    assert rules(workflow(*steps, **extra)) == expected


def test_every_finding_names_a_fix():
    broken = workflow(step("a", owner=None, sla=None), trigger=None)
    findings = lint_workflow(broken)
    assert [f.rule for f in findings] == [
        "no-trigger",
        "step-without-owner",
        "step-without-sla",
    ]
    assert all(f.fix and f.severity == "error" for f in findings)
    assert "'a'" in findings[1].message


def test_cycle_and_reachability_helpers():
    wf = workflow(
        step("a"),
        step("b", depends_on=["a", "d"]),
        step("c", depends_on=["b"]),
        step("d", depends_on=["c"]),
        step("e", depends_on=["a"]),
    )
    assert dependency_cycles(wf) == [["b", "d", "c"]]
    assert reachable_steps(wf) == {"a", "e"}


def test_duplicate_step_ids_are_rejected_by_the_model():
    with pytest.raises(ValidationError, match="duplicate step id"):
        workflow(step("a"), step("a"))
