"""Pure run rules: roles, completion, transitions, the marks a sweep acts on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts import Contact, TeamMember
from domain.run_marks import Mark, MarkKind, due_marks
from domain.runs import (
    Assignee,
    StepStatus,
    StepTransitionError,
    check_step_transition,
    completion_satisfied,
    newly_ready,
    resolve_roles,
)
from domain.workflow import CompletionRule, Side


def member(role: str, name: str, manager: str | None = None) -> TeamMember:
    return TeamMember(
        person_id=1,
        role=role,
        name=name,
        email=f"{name}@v.test",
        time_zone="America/New_York",
        manager_name=manager,
    )


def contact(role: str, name: str) -> Contact:
    return Contact(
        id=1,
        source_system="t",
        source_id=name,
        account_id=1,
        name=name,
        email=f"{name}@c.test",
        role=role,
    )


def test_customer_is_the_champion_else_the_admin():
    with_champion = resolve_roles(
        ["customer"], [], [contact("admin", "adam"), contact("champion", "chloe")]
    )
    admin_only = resolve_roles(["customer"], [], [contact("admin", "adam")])

    assert [p.name for p in with_champion.assignments["customer"]] == ["chloe"]
    assert admin_only.assignments["customer"] == [
        Assignee(
            role_id="customer",
            name="adam",
            email="adam@c.test",
            side=Side.external,
            source="contact:admin",
        )
    ]


def test_cs_manager_falls_back_to_the_csms_line_manager():
    resolution = resolve_roles(["cs_manager"], [member("csm", "carl", "mona")], [])

    (manager,) = resolution.assignments["cs_manager"]
    assert (manager.name, manager.source) == ("mona", "manager_of:csm")


def test_a_role_nobody_fills_is_a_finding_that_says_what_to_add():
    resolution = resolve_roles(
        ["ae", "exec_sponsor", "implementation_partner"], [member("ae", "ana")], []
    )

    assert resolution.unresolved == {
        "exec_sponsor": "the account has no contact exec_sponsor; add one to the "
        "account team or contacts",
        "implementation_partner": resolution.unresolved["implementation_partner"],
    }
    assert "has no rule" in resolution.unresolved["implementation_partner"]
    assert resolution.assignments["exec_sponsor"] == []


def test_all_rule_needs_every_owner_and_any_rule_one():
    owners = [
        Assignee(
            role_id="admin",
            name=name,
            email=f"{name}@c.test",
            side=Side.external,
            source="contact:admin",
        )
        for name in ("adam", "alma")
    ]
    assert completion_satisfied(CompletionRule.any, owners, ["adam@c.test"])
    assert not completion_satisfied(CompletionRule.all, owners, ["adam@c.test"])
    assert completion_satisfied(CompletionRule.all, owners, ["ADAM@c.test", "alma"])
    assert completion_satisfied(CompletionRule.all, [], ["someone"])


def test_transitions_refuse_with_the_fix():
    check_step_transition("kickoff", "ready", StepStatus.done)
    with pytest.raises(StepTransitionError) as refused:
        check_step_transition("kickoff", "pending", StepStatus.done)
    assert str(refused.value) == (
        "step 'kickoff' is pending and cannot become done; "
        "complete the steps it depends on first"
    )


def test_newly_ready_waits_for_every_dependency():
    depends_on = {"a": [], "b": ["a"], "c": ["a", "b"]}
    statuses = {"a": "done", "b": "pending", "c": "pending"}
    assert newly_ready(depends_on, statuses) == ["b"]


def test_a_late_sweep_acts_on_the_loudest_reminder_and_every_escalation():
    start = datetime(2025, 3, 3, 14, tzinfo=UTC)
    marks = [
        Mark(key=key, kind=kind, at=start + timedelta(hours=hours))
        for key, kind, hours in [
            ("assigned", MarkKind.assigned, 0),
            ("reminder_half", MarkKind.reminder, 8),
            ("due", MarkKind.due, 16),
            ("overdue", MarkKind.overdue, 40),
            ("escalation_1", MarkKind.escalation, 40),
            ("escalation_2", MarkKind.escalation, 80),
        ]
    ]
    acted, fired, next_wake = due_marks(
        marks, ["assigned"], start + timedelta(hours=50)
    )

    assert [m.key for m in acted] == ["overdue", "escalation_1"]
    assert fired == ["reminder_half", "due", "overdue", "escalation_1"]
    assert next_wake == start + timedelta(hours=80)
