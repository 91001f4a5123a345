"""Runs on SQLite and PostgreSQL: start, role findings, completion rules, schema."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import tools.tables  # noqa: F401  (registers every table)
from domain.runs import StepTransitionError
from tests.run_factory import TEAM, add_contact, draft, publish, seed_account
from tests.workflow_factory import handoff_workflow, step, workflow
from tools.db import Base
from tools.runs import (
    WorkflowNotPublished,
    complete_step,
    run_view,
    start_run,
    sweep,
)
from tools.runs.clocks import RunDefaults

NOW = datetime(2025, 3, 3, 14, tzinfo=UTC)
RUN_TABLES = {"runs", "step_runs", "run_events", "trigger_occurrences"}


def view(database, run_id):
    with database.session() as session:
        return run_view(session, run_id, NOW, RunDefaults())


def test_migration_matches_the_run_tables(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    assert [d for d in diffs if RUN_TABLES & set(map(str, _names(d)))] == []


def _names(diff) -> list:
    item = diff[0] if isinstance(diff, list) else diff
    return [getattr(getattr(p, "table", p), "name", p) for p in item[1:]]


def test_only_a_published_version_runs(database):
    account = seed_account(database)
    workflow_id = draft(database, handoff_workflow())

    with pytest.raises(WorkflowNotPublished) as refused:
        start_run(database, workflow_id, str(account), by="t", now=NOW)
    assert str(refused.value) == (
        f"{workflow_id}@1 is not published, and only a published version runs; "
        f"publish it with `csops workflows publish {workflow_id}@1`"
    )


def test_start_records_who_fills_each_role_and_readies_the_first_step(database):
    seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    started = start_run(database, workflow_id, "Acme", by="carl", now=NOW)

    run = view(database, started.run_id)
    assert [(s.step_id, s.status.value, s.owners) for s in run.steps] == [
        ("handoff", "ready", ["Ana Alves"]),
        ("kickoff", "pending", ["Carl Chen"]),
        ("onboarding_data", "pending", ["Chloe Park"]),
    ]
    assert [(e.kind.value, e.actor) for e in run.events] == [
        ("run_started", "carl"),
        ("role_resolved", "carl"),
        ("role_resolved", "carl"),
        ("role_resolved", "carl"),
        ("role_resolved", "carl"),
        ("step_ready", "carl"),
    ]
    assert run.events[-1].reason == (
        "Handoff is ready for Ana Alves (ae), due Tue 04 Mar 17:00 EST"
    )


def test_an_unfilled_owner_role_is_a_finding_routed_to_the_cs_manager(database):
    team = {seat: who for seat, who in TEAM.items() if seat != "ae"}
    account = seed_account(database, team=team)
    workflow_id = publish(database, handoff_workflow())
    started = start_run(database, workflow_id, str(account), by="t", now=NOW)

    assert list(started.unresolved_roles) == ["ae"]
    finding = next(
        e for e in view(database, started.run_id).events if e.kind == "role_unresolved"
    )
    assert finding.data == {"role_id": "ae", "routed_to": ["Mona Meyer"]}

    (item,) = sweep(database, now=NOW).due_work
    assert (item.kind.value, item.step_id, item.recipient_role) == (
        "unresolved_role",
        "handoff",
        "cs_manager",
    )
    assert [p.name for p in item.recipients] == ["Mona Meyer"]


def test_completing_a_step_readies_its_dependents_and_finishes_the_run(database):
    account = seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    run_id = start_run(database, workflow_id, str(account), by="t", now=NOW).run_id

    first = complete_step(database, run_id, "handoff", by="ana@vendor.test", now=NOW)
    assert first.newly_ready == ["kickoff"]
    with pytest.raises(StepTransitionError):
        complete_step(database, run_id, "onboarding_data", by="chloe", now=NOW)
    complete_step(database, run_id, "kickoff", by="carl", now=NOW)
    last = complete_step(
        database,
        run_id,
        "onboarding_data",
        by="chloe@acme.test",
        now=NOW,
        data={"sso": "okta"},
    )

    assert last.run_completed
    run = view(database, run_id)
    assert run.status.value == "completed"
    assert run.events[-1].kind.value == "run_completed"


def test_the_all_rule_waits_for_every_person_behind_the_role(database):
    contacts = {"admin": ("Adam Roth", "adam@acme.test", None)}
    account = seed_account(database, contacts=contacts)
    add_contact(database, account, "admin", "Alma Ruiz", "alma@acme.test")
    signoff = step(
        "signoff",
        owner="admin",
        completion="all",
        kind="approval",
        customer_facing=True,
        customer_action="approve",
    )
    roles = [
        {"id": "admin", "name": "Admin", "side": "external", "team": "customer"},
        {"id": "cs_manager", "name": "CSM lead", "side": "internal", "team": "cs"},
    ]
    workflow_id = publish(database, workflow(signoff, roles=roles))
    run_id = start_run(database, workflow_id, str(account), by="t", now=NOW).run_id

    partial = complete_step(database, run_id, "signoff", by="adam@acme.test", now=NOW)
    assert (partial.step_done, partial.waiting_for) == (False, ["Alma Ruiz"])
    assert complete_step(database, run_id, "signoff", by="Alma Ruiz", now=NOW).step_done
