"""Workflow diffs: what a reviewer reads between two versions."""

from __future__ import annotations

from domain.diff import FieldChange, ItemChange, StepRef, WorkflowDiff, diff_workflows
from tests.workflow_factory import ROLES, handoff_workflow, step, workflow

FINANCE = {"id": "finance", "name": "Finance", "side": "internal", "team": "finance"}


def test_identical_workflows_have_an_empty_diff():
    changes = diff_workflows(handoff_workflow(), handoff_workflow())

    assert changes == WorkflowDiff(old_version=1, new_version=1)
    assert changes.is_empty
    assert changes.lines() == []


def test_a_stated_value_that_was_assumed_is_not_a_change():
    assumed = workflow(step("kickoff", owner_provenance="assumed"))
    stated = workflow(step("kickoff", owner_provenance="stated"))

    assert diff_workflows(assumed, stated).is_empty


def test_step_fields_change_in_words():
    old = workflow(step("invoice"), step("kickoff"))
    new = workflow(
        step(
            "invoice",
            owner="finance",
            sla={"duration": {"amount": 3, "unit": "days", "business": True}},
            depends_on=["kickoff"],
            required_inputs=["PO number"],
            handoff={"from_role": "csm", "to_role": "finance", "context": ["terms"]},
        ),
        step("kickoff", kind="meeting", escalation=[]),
        roles=[*ROLES, FINANCE],
        version=2,
    )

    changes = diff_workflows(old, new)

    assert changes == WorkflowDiff(
        old_version=1,
        new_version=2,
        roles_added=["finance"],
        steps_changed=[
            ItemChange(
                id="invoice",
                title="Invoice",
                changes=[
                    FieldChange(field="owner", old="csm", new="finance"),
                    FieldChange(
                        field="sla", old="2 business days", new="3 business days"
                    ),
                    FieldChange(
                        field="handoff", old="none", new="csm to finance with terms"
                    ),
                    FieldChange(field="depends_on", old="none", new="kickoff"),
                    FieldChange(field="required_inputs", old="none", new="PO number"),
                ],
            ),
            ItemChange(
                id="kickoff",
                title="Kickoff",
                changes=[
                    FieldChange(field="kind", old="task", new="meeting"),
                    FieldChange(
                        field="escalation",
                        old="after 1 business day to cs_manager",
                        new="none",
                    ),
                ],
            ),
        ],
    )


def test_steps_and_roles_added_and_removed():
    old = workflow(step("kickoff"), step("training"))
    new = workflow(
        step("kickoff"),
        step(
            "data_request",
            owner="customer",
            customer_facing=True,
            customer_action="submit_data",
        ),
        roles=[r for r in ROLES if r["id"] != "ae"],
    )

    changes = diff_workflows(old, new)

    assert changes.steps_added == [StepRef(id="data_request", title="Data request")]
    assert changes.steps_removed == [StepRef(id="training", title="Training")]
    assert changes.roles_removed == ["ae"]
    assert changes.lines() == [
        "- role ae",
        "+ step data_request (Data request)",
        "- step training (Training)",
    ]


def test_customer_facing_and_sla_details_read_as_words():
    old = workflow(step("sign"))
    new = workflow(
        step(
            "sign",
            customer_facing=True,
            customer_action="approve",
            sla={
                "duration": {"amount": 30, "unit": "days", "business": False},
                "anchor": "before_renewal",
                "pauses_when_waiting_external": True,
            },
        )
    )

    assert [str(c) for c in diff_workflows(old, new).steps_changed[0].changes] == [
        "sla: 2 business days -> 30 days before renewal "
        "(pauses while waiting on the customer)",
        "customer_facing: no -> yes (approve)",
    ]


def test_name_journey_trigger_and_role_changes():
    old = workflow(step("kickoff"))
    renamed_csm = [{**r, "team": "support"} if r["id"] == "csm" else r for r in ROLES]
    new = workflow(
        step("kickoff"),
        name="Renewal prep",
        journey="renewal",
        trigger={"kind": "renewal_due", "days_before": 90},
        roles=renamed_csm,
    )

    assert diff_workflows(old, new).lines() == [
        "name: Test onboarding -> Renewal prep",
        "journey: onboarding -> renewal",
        "trigger: closed won -> renewal due in 90 days",
        "~ role csm (CSM)",
        "    team: cs -> support",
    ]
