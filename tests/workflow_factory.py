"""Hand-built workflows for tests that must not depend on the journey parser."""

from __future__ import annotations

from typing import Any

from domain.workflow import Workflow

ROLES = [
    {"id": "ae", "name": "Account Executive", "side": "internal", "team": "sales"},
    {"id": "csm", "name": "CSM", "side": "internal", "team": "cs"},
    {"id": "cs_manager", "name": "CS Manager", "side": "internal", "team": "cs"},
    {"id": "customer", "name": "Customer", "side": "external", "team": "customer"},
]


def step(step_id: str, owner: str | None = "csm", **fields: Any) -> dict[str, Any]:
    """A lint-clean step owned by `owner`, overridable field by field."""
    base = {
        "id": step_id,
        "title": step_id.replace("_", " ").capitalize(),
        "owner": owner,
        "owner_provenance": "stated",
        "sla": {
            "duration": {"amount": 2, "unit": "days", "business": True},
            "provenance": "stated",
        },
        "escalation": [
            {
                "after": {"amount": 1, "unit": "days", "business": True},
                "to_role": "cs_manager",
            }
        ],
    }
    return base | fields


def workflow(*steps: dict[str, Any], **fields: Any) -> Workflow:
    """A workflow of `steps` with the default roles and a closed-won trigger."""
    document = {
        "name": "Test onboarding",
        "journey": "onboarding",
        "trigger": {"kind": "closed_won", "provenance": "stated"},
        "roles": ROLES,
        "steps": list(steps),
    }
    return Workflow.model_validate(document | fields)


def handoff_workflow() -> Workflow:
    """AE -> CSM handoff, kickoff, then the customer submits onboarding data."""
    return workflow(
        step(
            "handoff",
            owner="ae",
            handoff={"from_role": "ae", "to_role": "csm", "context": ["deal terms"]},
        ),
        step("kickoff", depends_on=["handoff"], kind="meeting"),
        step(
            "onboarding_data",
            owner="customer",
            depends_on=["kickoff"],
            kind="data_request",
            customer_facing=True,
            customer_action="submit_data",
        ),
    )
