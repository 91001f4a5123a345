"""complete_workflow, repair_workflow and refine_offline on hand-built workflows."""

from __future__ import annotations

import pytest

from agents.journey import (
    complete_workflow,
    design_offline,
    refine_offline,
    repair_workflow,
)
from domain.design import DesignInputError
from domain.lint import lint_workflow
from domain.workflow import Handoff, Role, Step, Workflow
from tests.journey_cases import DESCRIPTIONS


def _workflow(
    steps: list[Step], journey: str = "onboarding", roles: list[Role] | None = None
) -> Workflow:
    return Workflow(
        name="Hand-built", journey=journey, trigger=None, roles=roles or [], steps=steps
    )


def _step(step_id: str, title: str, **fields) -> Step:
    return Step(id=step_id, title=title, owner=fields.pop("owner", None), **fields)


def test_complete_fills_every_gap_as_assumed() -> None:
    workflow = _workflow(
        [
            _step("kickoff", "Kickoff meeting", kind="meeting"),
            _step("invoice", "Send the first invoice"),
            _step("upload", "Upload logo", owner="customer"),
            _step(
                "handoff",
                "Hand off",
                owner="ae",
                handoff=Handoff(from_role="ae", to_role=None),
            ),
        ]
    )
    completed, assumptions = complete_workflow(workflow)

    assert [(s.id, s.owner, s.owner_provenance) for s in completed.steps] == [
        ("kickoff", "csm", "assumed"),
        ("invoice", "finance", "assumed"),
        ("upload", "customer", "assumed"),
        ("handoff", "ae", "assumed"),
    ]
    assert [str(s.sla.duration) for s in completed.steps] == [
        "5 business days",
        "3 business days",
        "3 business days",
        "3 business days",
    ]
    assert [[r.to_role for r in s.escalation] for s in completed.steps] == [
        ["cs_manager", "vp_cs"],
        ["cs_manager", "vp_cs"],
        ["csm", "cs_manager"],
        ["sales_manager", "vp_sales"],
    ]
    upload = completed.step("upload")
    assert (upload.customer_facing, upload.customer_action.value) == (True, "upload")
    assert upload.sla.pauses_when_waiting_external is True
    handoff = completed.step("handoff").handoff
    assert (handoff.from_role, handoff.to_role, handoff.provenance) == (
        "ae",
        "csm",
        "assumed",
    )
    assert handoff.context == [
        "deal terms",
        "success criteria",
        "stakeholders",
        "use cases",
    ]
    assert (completed.trigger.kind.value, completed.trigger.provenance) == (
        "closed_won",
        "assumed",
    )
    assert {r.id: (r.side.value, r.team.value) for r in completed.roles}[
        "customer"
    ] == (
        "external",
        "customer",
    )
    assert lint_workflow(completed) == []
    fields = {(a.step_id, a.field) for a in assumptions}
    assert {
        ("kickoff", "owner"),
        ("upload", "customer_action"),
        (None, "trigger"),
    } <= fields
    assert ("handoff", "handoff_context") in fields


@pytest.mark.parametrize(
    ("journey", "trigger"),
    [
        ("renewal", ("renewal_due", 120)),
        ("escalation", ("ticket_priority", "P1")),
        ("qbr", ("schedule", "quarterly")),
        ("nps_followup", ("nps_detractor", None)),
        ("adoption", ("usage_threshold", 50.0)),
        ("offboarding", ("manual", None)),
        ("custom", None),
    ],
)
def test_template_triggers(journey: str, trigger: tuple | None) -> None:
    completed, _ = complete_workflow(_workflow([_step("a", "Do the work")], journey))
    found = completed.trigger
    detail = found and (
        found.days_before or found.threshold or found.priority or found.schedule
    )
    assert ((found.kind.value, detail) if found else None) == trigger


def test_complete_keeps_what_was_stated() -> None:
    workflow = design_offline(DESCRIPTIONS["prose_onboarding"]).workflow
    again, assumptions = complete_workflow(workflow)
    assert again == workflow
    assert assumptions == []


def test_complete_declares_unknown_roles() -> None:
    workflow = _workflow(
        [_step("a", "Review", owner="implementation_lead")],
        roles=[Role(id="csm", name="CSM", side="internal", team="cs")],
    )
    completed, _ = complete_workflow(workflow)
    assert {r.id for r in completed.roles} == {
        "csm",
        "implementation_lead",
        "cs_manager",
        "vp_cs",
    }


def test_repair_breaks_cycles_and_unknown_dependencies() -> None:
    workflow = _workflow(
        [
            _step("a", "Kickoff", owner="csm", depends_on=["c"]),
            _step("b", "Configure SSO", owner="se", depends_on=["a", "ghost"]),
            _step("c", "Sign off", owner="customer", depends_on=["b"]),
        ]
    )
    repaired, assumptions, questions = repair_workflow(
        workflow, lint_workflow(workflow)
    )

    assert [s.depends_on for s in repaired.steps] == [[], ["a"], ["b"]]
    assert [q.step_id for q in questions] == ["a"]
    assert "removed 'a' waiting on 'c'" in questions[0].question
    assert ("b", "depends_on", "dropped ghost") in {
        (a.step_id, a.field, a.value) for a in assumptions
    }
    assert lint_workflow(repaired) == []


def test_repair_splits_an_external_multi_action_step() -> None:
    workflow = _workflow(
        [
            _step("form", "Customer paperwork", owner="customer",
                  instructions="Fill in the security form and upload the signed DPA"),
            _step("review", "Review paperwork", owner="legal", depends_on=["form"]),
        ]
    )  # fmt: skip
    repaired, _, _ = repair_workflow(workflow, lint_workflow(workflow))
    assert [
        (s.id, s.customer_action and s.customer_action.value, s.depends_on)
        for s in repaired.steps
    ] == [
        ("form", "submit_data", []),
        ("upload_signed_dpa", "upload", ["form"]),
        ("review", None, ["upload_signed_dpa"]),
    ]
    assert lint_workflow(repaired) == []


def test_repair_leaves_a_custom_journey_without_a_trigger() -> None:
    # Inventing a manual trigger let a journey publish with no stated start.
    workflow = _workflow([_step("a", "Do the work", owner="csm")], journey="custom")
    repaired, _, questions = repair_workflow(workflow, lint_workflow(workflow))
    assert repaired.trigger is None
    assert [f.rule for f in lint_workflow(repaired)] == ["no-trigger"]
    assert questions[0].question.startswith("what starts this workflow?")


def test_refine_changes_owner_and_sla_of_the_named_step() -> None:
    base = design_offline(DESCRIPTIONS["passive_voice"]).workflow
    result = refine_offline(base, "Finance owns the invoice step, 3 business days")
    step = result.workflow.step("send_invoice")
    assert (step.owner, step.owner_provenance) == ("finance", "stated")
    assert (str(step.sla.duration), step.sla.provenance) == (
        "3 business days",
        "stated",
    )
    assert result.workflow.version == base.version + 1


def test_refine_moves_an_owner_and_resets_assumed_escalation() -> None:
    base = design_offline(DESCRIPTIONS["conflicting_slas"]).workflow
    result = refine_offline(base, "The SE owns the SSO step")
    step = result.workflow.step("configure_sso")
    assert (step.owner, [r.to_role for r in step.escalation]) == (
        "se",
        ["sales_manager", "vp_sales"],
    )


def test_refine_adds_an_escalation_to_a_named_step() -> None:
    base = design_offline(DESCRIPTIONS["prose_onboarding"]).workflow
    result = refine_offline(
        base, "If the kickoff slips, escalate to the VP CS after 2 days"
    )
    ladder = result.workflow.step("run_kickoff_call").escalation
    assert [(str(r.after), r.to_role, r.provenance) for r in ladder] == [
        ("2 days", "vp_cs", "stated")
    ]


def test_refine_appends_new_work_after_the_last_step() -> None:
    base = design_offline(DESCRIPTIONS["prose_onboarding"]).workflow
    result = refine_offline(
        base, "Then the CSM schedules a 30-day check-in within 30 days."
    )
    added = result.workflow.steps[-1]
    assert (added.id, added.owner, str(added.sla.duration), added.depends_on) == (
        "schedule_30_day_check_in",
        "csm",
        "30 days",
        ["run_kickoff_call"],
    )
    assert result.lint == []


def test_refine_that_matches_nothing_names_the_steps() -> None:
    base = design_offline(DESCRIPTIONS["prose_onboarding"]).workflow
    with pytest.raises(DesignInputError, match="'Hand off to CSM'; 'Run kickoff call'"):
        refine_offline(base, "Legal owns the procurement questionnaire, 2 days")
