"""Design scorers, matching, role names and the statistics of repeated runs."""

from __future__ import annotations

import pytest

from domain.design import DesignResult, Question
from domain.workflow import (
    SLA,
    Duration,
    EscalationRung,
    Handoff,
    Role,
    Step,
    Trigger,
    TriggerKind,
    Workflow,
)
from evals.scoring import case_score, passed, ratios
from evals.stats import pass_at_k, wilson_interval
from evals.suites.design.cases import DesignCase
from evals.suites.design.roles import canonical_role
from evals.suites.design.scorers import score_design

CASE = DesignCase.model_validate(
    {
        "id": "onb-1",
        "tags": ["style:prose", "journey:onboarding"],
        "description": "When a deal closes, the AE hands off to the CSM ...",
        "expected": {
            "journey": "onboarding",
            "trigger": {"kind": "closed_won"},
            "steps": [
                {
                    "name": "handoff",
                    "keywords": ["hand"],
                    "owner": "ae",
                    "sla": {"amount": 2, "unit": "days", "business": True},
                    "handoff": {"from": "ae", "to": "csm"},
                },
                {
                    "name": "kickoff",
                    "keywords": ["kickoff", "kick off"],
                    "owner": "csm",
                    "sla": {"amount": 5, "unit": "days", "business": True},
                    "escalation": ["cs_manager"],
                },
            ],
        },
    }
)
ROLES = [
    Role(
        id="account_executive", name="Account Executive", side="internal", team="sales"
    ),
    Role(id="csm", name="Customer Success Manager", side="internal", team="cs"),
    Role(id="cs_manager", name="CS Manager", side="internal", team="cs"),
]


def business_days(amount: float, provenance: str = "stated") -> SLA:
    duration = Duration(amount=amount, unit="days", business=True)
    return SLA(duration=duration, provenance=provenance)


def rung(to_role: str, provenance: str = "stated") -> EscalationRung:
    after = Duration(amount=1, unit="days", business=True)
    return EscalationRung(after=after, to_role=to_role, provenance=provenance)


def handoff_step(owner: str = "account_executive") -> Step:
    return Step(
        id="handoff_to_csm",
        title="Hand the account to the CSM",
        owner=owner,
        owner_provenance="stated",
        sla=business_days(2),
        escalation=[rung("cs_manager", "assumed")],
        handoff=Handoff(
            from_role="account_executive", to_role="csm", provenance="stated"
        ),
    )


def kickoff_step() -> Step:
    return Step(
        id="kickoff_call",
        title="Run the kick-off call",
        owner="csm",
        owner_provenance="stated",
        depends_on=["handoff_to_csm"],
        sla=business_days(5),
        escalation=[rung("cs_manager")],
    )


def result(*steps: Step, questions: list[Question] | None = None) -> DesignResult:
    workflow = Workflow(
        name="Onboarding",
        journey="onboarding",
        trigger=Trigger(kind=TriggerKind.closed_won, provenance="stated"),
        roles=ROLES,
        steps=list(steps),
    )
    return DesignResult(workflow=workflow, engine="offline", questions=questions or [])


def metric_values(checks) -> dict[str, float | None]:
    return {metric: ratio.value for metric, ratio in ratios(checks).items()}


def test_a_perfect_result_scores_one_on_every_metric():
    checks = score_design(CASE, result(handoff_step(), kickoff_step()))
    assert metric_values(checks) == {
        "step_recall": 1.0,
        "step_precision": 1.0,
        "owner_accuracy": 1.0,
        "sla_accuracy": 1.0,
        "provenance_accuracy": 1.0,
        "escalation_accuracy": 1.0,
        "handoff_completeness": 1.0,
        "trigger_accuracy": 1.0,
        "lint_clean": 1.0,
    }
    assert case_score(ratios(checks)) == 1.0
    assert passed(ratios(checks))


def test_a_missing_step_lowers_recall_only_once():
    values = metric_values(score_design(CASE, result(handoff_step())))
    assert values["step_recall"] == 0.5
    assert values["owner_accuracy"] == 1.0
    assert "escalation_accuracy" not in values


def test_a_wrong_owner_lowers_owner_accuracy():
    wrong = handoff_step(owner="csm")
    checks = score_design(CASE, result(wrong, kickoff_step()))
    assert metric_values(checks)["owner_accuracy"] == 0.5
    failed = [c for c in checks if not c.ok]
    assert [(c.metric, c.subject, c.expected, c.actual) for c in failed] == [
        ("owner_accuracy", "handoff", "ae", "csm")
    ]


def test_an_extra_step_lowers_precision():
    extra = Step(id="send_swag", title="Send swag", owner="csm")
    values = metric_values(
        score_design(CASE, result(handoff_step(), kickoff_step(), extra))
    )
    assert values["step_precision"] == pytest.approx(2 / 3)


def test_an_assumed_fact_shown_as_stated_is_a_provenance_error():
    bragging = kickoff_step().model_copy(
        update={"escalation": [rung("cs_manager")], "sla": business_days(5)}
    )
    step = handoff_step().model_copy(update={"escalation": [rung("cs_manager")]})
    checks = score_design(CASE, result(step, bragging))
    failed = [c.subject for c in checks if not c.ok]
    assert failed == ["handoff: escalation"]


def test_matching_is_one_to_one_and_prefers_titles():
    twice = Step(id="kickoff_prep", title="Prepare the kickoff", owner="csm")
    checks = score_design(CASE, result(handoff_step(), twice, kickoff_step()))
    recall = {c.subject: c.actual for c in checks if c.metric == "step_recall"}
    assert recall["handoff"] == "Hand the account to the CSM"
    assert recall["kickoff"] in {"Prepare the kickoff", "Run the kick-off call"}
    precision = [c.ok for c in checks if c.metric == "step_precision"]
    assert sorted(precision) == [False, True, True]


def test_equal_lengths_in_other_units_are_the_same_sla():
    case = CASE.model_copy(deep=True)
    case.expected.steps[1].sla = Duration(amount=1, unit="weeks", business=True)
    values = metric_values(score_design(case, result(handoff_step(), kickoff_step())))
    assert values["sla_accuracy"] == 1.0


@pytest.mark.parametrize(
    ("role_id", "name", "canonical"),
    [
        ("account_executive", "Account Executive", "ae"),
        ("new_csm", "New CSM", "csm"),
        ("customer_admin", "Customer admin", "admin"),
        ("r1", "VP of Customer Success", "vp_cs"),
        ("bookkeeper", "Bookkeeper", "bookkeeper"),
    ],
)
def test_roles_are_judged_by_who_they_are(role_id, name, canonical):
    role = Role(id=role_id, name=name, side="internal", team="cs")
    workflow = Workflow(
        name="w", journey="custom", trigger=None, roles=[role], steps=[]
    )
    assert canonical_role(role_id, workflow) == canonical


def test_pass_at_k_and_the_wilson_interval():
    assert pass_at_k(attempts=5, passes=0, k=1) == 0.0
    assert pass_at_k(attempts=5, passes=5, k=3) == 1.0
    assert pass_at_k(attempts=4, passes=2, k=1) == pytest.approx(0.5)
    assert pass_at_k(attempts=4, passes=1, k=2) == pytest.approx(0.5)
    low, high = wilson_interval(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError, match="1 <= k <= attempts"):
        pass_at_k(attempts=2, passes=1, k=3)
