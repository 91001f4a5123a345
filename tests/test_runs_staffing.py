"""Regressions for breaker report 4: duplicate starts (D2), implementation roles
and `assign_role` (D6), customer answers in the run view (D7), wording (E1)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.runs import EventKind, StepStatus, StepTransitionError
from tests.run_factory import publish, seed_account
from tests.workflow_factory import handoff_workflow, step, workflow
from tools.runs import (
    RunAlreadyOpen,
    UnknownPerson,
    assign_role,
    complete_step,
    run_view,
    start_run,
)
from tools.runs.clocks import RunDefaults

NOW = datetime(2025, 3, 3, 14, tzinfo=UTC)
SPECIALIST = {
    "id": "onboarding_specialist",
    "name": "Onboarding specialist",
    "side": "internal",
    "team": "cs",
}


def view(database, run_id):
    with database.session() as session:
        return run_view(session, run_id, NOW, RunDefaults())


def test_a_second_manual_start_is_refused_unless_forced(database):
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    first = start_run(database, workflow_id, str(account), by="t", now=NOW)

    with pytest.raises(RunAlreadyOpen) as refused:
        start_run(database, workflow_id, str(account), by="t", now=NOW)
    assert refused.value.run_id == first.run_id
    assert str(refused.value).startswith(
        f"a run of {workflow_id} is already open for Acme: {first.run_id}; "
    )
    forced = start_run(database, workflow_id, str(account), by="t", now=NOW, force=True)
    assert forced.run_id != first.run_id


def test_the_onboarding_specialist_falls_back_to_the_csm_as_a_finding(database):
    account = seed_account(database)
    flow = workflow(step("kickoff", owner="onboarding_specialist"))
    flow = flow.model_copy(
        update={"roles": [*flow.roles, type(flow.roles[0])(**SPECIALIST)]}
    )
    workflow_id = publish(database, flow)
    run = start_run(database, workflow_id, str(account), by="t", now=NOW)

    shown = view(database, run.run_id)
    assert shown.roles["onboarding_specialist"] == ["Carl Chen"]
    [finding] = [e for e in shown.events if e.kind is EventKind.role_fallback]
    assert finding.data == {"role_id": "onboarding_specialist", "fallback": "team:csm"}
    assert "filled by the CSM (Carl Chen)" in finding.reason


def test_assign_puts_a_person_behind_a_role_and_replans_its_steps(database):
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    run = start_run(database, workflow_id, str(account), by="t", now=NOW)

    who = assign_role(database, run.run_id, "ae", "mona@vendor.test", by="ops", now=NOW)
    shown = view(database, run.run_id)
    assert who.name == "Mona Meyer"
    assert shown.roles["ae"] == ["Mona Meyer"]
    [event] = [e for e in shown.events if e.kind is EventKind.role_assigned]
    assert event.data == {
        "role_id": "ae",
        "person": "mona@vendor.test",
        "replanned": ["handoff"],
    }
    with pytest.raises(UnknownPerson, match=r"no person 'zed@x\.test'"):
        assign_role(database, run.run_id, "ae", "zed@x.test", by="ops", now=NOW)


def test_the_run_view_shows_customer_answers_under_their_step(database):
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    run = start_run(database, workflow_id, str(account), by="t", now=NOW)
    data = {"action": "submit_data", "link_id": "L1", "submitted": {"seats": "40"}}
    complete_step(
        database, run.run_id, "handoff", by="chloe@acme.test", now=NOW, data=data
    )

    [handoff] = [s for s in view(database, run.run_id).steps if s.step_id == "handoff"]
    [answer] = handoff.answers
    assert (answer.by, answer.action, answer.answer) == (
        "chloe@acme.test",
        "submit_data",
        {"submitted": {"seats": "40"}},
    )


def test_a_done_step_says_it_is_already_done():
    error = StepTransitionError("kickoff", StepStatus.done, StepStatus.done)
    assert str(error) == "step 'kickoff' is already done; nothing to do"
