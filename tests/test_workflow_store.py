"""The workflow store on SQLite and PostgreSQL: versions, refs, publishing, schema."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

import tools.workflow_store as workflow_store
from domain.design import Assumption, DesignResult, LintFinding, Question
from tests.workflow_factory import handoff_workflow, step, workflow
from tools.db import MIGRATIONS_DIR, Base, _alembic_config, open_database
from tools.workflow_store import (
    InvalidRef,
    PublishOutcome,
    PublishRefused,
    UnknownVersion,
    UnknownWorkflow,
    VersionRef,
    WorkflowRow,
    WorkflowStore,
    WorkflowSummary,
    WorkflowVersionRow,
)

OUR_TABLES = {"workflows", "workflow_versions"}


def design(wf=None, **fields) -> DesignResult:
    return DesignResult(workflow=wf or handoff_workflow(), engine="offline", **fields)


def broken_design() -> DesignResult:
    # The designer's stored lint says clean: publish must lint again and refuse.
    return design(workflow(step("kickoff", owner=None), name="Renewal prep"))


@pytest.fixture
def store(database) -> WorkflowStore:
    return WorkflowStore(database)


def test_save_draft_then_get_returns_what_was_saved(store):
    saved = design(
        assumptions=[
            Assumption(step_id="kickoff", field="sla", value="2d", reason="t")
        ],
        questions=[Question(step_id=None, question="Who signs?")],
        lint=[LintFinding(rule="r", step_id=None, message="m", fix="f")],
    )
    ref = store.save_draft(saved, "When a deal closes, the AE hands off to the CSM")

    assert re.fullmatch(r"test-onboarding-[0-9a-f]{4}", ref.workflow_id)
    assert ref.version == 1
    stored = store.get(str(ref))
    assert stored.model_dump(exclude={"created_at"}) == {
        "ref": {"workflow_id": ref.workflow_id, "version": 1},
        "status": "draft",
        "result": saved.model_dump(),
        "source_text": "When a deal closes, the AE hands off to the CSM",
        "parent_version": None,
        "published_at": None,
    }
    assert stored.created_at.tzinfo is not None


def test_versions_are_numbered_by_the_store(store):
    first = store.save_draft(design(), "describe")
    stale = handoff_workflow().model_copy(update={"version": 7})
    second = store.save_draft(design(stale), "refine one", first.workflow_id)
    third = store.save_draft(design(), "refine two", first.workflow_id)

    assert [first.version, second.version, third.version] == [1, 2, 3]
    history = [store.get(f"{first.workflow_id}@{n}") for n in (1, 2, 3)]
    assert [v.workflow.version for v in history] == [1, 2, 3]
    assert [v.parent_version for v in history] == [None, 1, 2]
    assert [v.source_text for v in history] == ["describe", "refine one", "refine two"]
    assert store.get(first.workflow_id).ref == third


def test_unknown_workflow_lists_known_ids(store):
    ref = store.save_draft(design(), "describe")

    with pytest.raises(UnknownWorkflow) as caught:
        store.get("nope")
    assert caught.value.known_ids == [ref.workflow_id]
    assert str(caught.value) == f"unknown workflow 'nope'; known ids: {ref.workflow_id}"


def test_unknown_version_lists_versions(store):
    ref = store.save_draft(design(), "describe")

    with pytest.raises(UnknownVersion) as caught:
        store.publish(f"{ref.workflow_id}@9")
    assert caught.value.versions == [1]
    assert str(caught.value) == (
        f"workflow '{ref.workflow_id}' has no version 9; versions: 1"
    )


def test_malformed_ref_names_the_form(store):
    with pytest.raises(InvalidRef, match=r"use ID or ID@VERSION"):
        store.get("Onboarding@latest")


def test_new_version_of_unknown_workflow_writes_nothing(store):
    with pytest.raises(UnknownWorkflow, match="known ids: none yet"):
        store.save_draft(design(), "refine", workflow_id="nope-0000")
    assert store.list() == []


def test_failed_save_leaves_no_half_written_workflow(store, monkeypatch):
    def explode(*_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(workflow_store, "_version_row", explode)
    with pytest.raises(RuntimeError):
        store.save_draft(design(), "describe")
    with store.database.session() as session:
        assert session.scalars(select(WorkflowRow)).all() == []


def test_list_shows_latest_and_published_versions(store):
    onboarding = store.save_draft(design(), "describe")
    store.publish(onboarding.workflow_id)
    store.save_draft(design(), "refine", onboarding.workflow_id)
    renewal = store.save_draft(broken_design(), "renewal")

    by_id = {s.workflow_id: s for s in store.list()}
    assert by_id == {
        onboarding.workflow_id: WorkflowSummary(
            workflow_id=onboarding.workflow_id,
            name="Test onboarding",
            journey="onboarding",
            latest_version=2,
            latest_status="draft",
            step_count=3,
            lint_errors=0,
            published_version=1,
        ),
        renewal.workflow_id: WorkflowSummary(
            workflow_id=renewal.workflow_id,
            name="Renewal prep",
            journey="onboarding",
            latest_version=1,
            latest_status="draft",
            step_count=1,
            lint_errors=1,
            published_version=None,
        ),
    }


def test_publish_refuses_lint_errors_naming_each(store):
    ref = store.save_draft(broken_design(), "renewal")

    with pytest.raises(PublishRefused) as caught:
        store.publish(str(ref))
    assert str(caught.value) == (
        f"cannot publish {ref}: 1 lint error; fix them and save a new draft"
    )
    assert [(f.rule, f.step_id) for f in caught.value.findings] == [
        ("step-without-owner", "kickoff")
    ]
    assert caught.value.finding_lines()[0].startswith(
        "step-without-owner (step kickoff): step 'kickoff' has no owner; fix: "
    )
    assert store.get(str(ref)).status == "draft"


def test_publishing_supersedes_the_published_version(store):
    v1 = store.save_draft(design(), "describe")
    v2 = store.save_draft(design(), "refine", v1.workflow_id)

    assert store.publish(str(v1)) == PublishOutcome(ref=v1, already_published=False)
    assert store.publish(str(v2)) == PublishOutcome(
        ref=v2, already_published=False, superseded_version=1
    )
    assert _statuses(store, v1.workflow_id) == ["superseded", "published"]
    assert store.get(str(v2)).published_at is not None


def test_publishing_twice_is_a_no_op_that_says_so(store):
    ref = store.save_draft(design(), "describe")
    store.publish(str(ref))
    published_at = store.get(str(ref)).published_at

    outcome = store.publish(ref.workflow_id)
    assert outcome.describe() == f"{ref} is already published; nothing changed"
    assert store.get(str(ref)).published_at == published_at


def test_republishing_an_older_version_rolls_back(store):
    v1 = store.save_draft(design(), "describe")
    v2 = store.save_draft(design(), "refine", v1.workflow_id)
    store.publish(str(v2))

    assert store.publish(str(v1)).superseded_version == 2
    assert _statuses(store, v1.workflow_id) == ["published", "superseded"]


def test_database_allows_one_published_version_per_workflow(store):
    v1 = store.save_draft(design(), "describe")
    store.save_draft(design(), "refine", v1.workflow_id)
    store.publish(str(v1))

    with pytest.raises(IntegrityError), store.database.session() as session:
        session.execute(update(WorkflowVersionRow).values(status="published"))


def test_migrations_applied_twice_are_a_no_op(database, store):
    ref = store.save_draft(design(), "describe")

    again = open_database(database.url)
    try:
        assert WorkflowStore(again).get(str(ref)).source_text == "describe"
        with again.engine.connect() as connection:
            revisions = connection.execute(
                text("SELECT version_num FROM alembic_version")
            )
            assert revisions.scalars().all() == [_head_revision(database.url)]
    finally:
        again.dispose()


def test_migration_creates_exactly_the_models_tables(database):
    def ours(item, name, type_, _reflected, _compare_to) -> bool:
        table = name if type_ == "table" else getattr(item, "table", None)
        return getattr(table, "name", table) in OUR_TABLES

    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": ours}
        )
        assert compare_metadata(context, Base.metadata) == []


def _statuses(store: WorkflowStore, workflow_id: str) -> list[str]:
    versions = range(1, store.get(workflow_id).ref.version + 1)
    return [store.get(f"{workflow_id}@{n}").status for n in versions]


def _head_revision(url: str) -> str:
    assert MIGRATIONS_DIR.is_dir()
    return ScriptDirectory.from_config(_alembic_config(url)).get_current_head()


def test_version_ref_reads_as_id_at_version():
    assert str(VersionRef(workflow_id="onboarding-3f2a", version=3)) == (
        "onboarding-3f2a@3"
    )


def test_concurrent_refinements_get_distinct_versions(store):
    # Writers that picked the same version number collide on the unique
    # constraint and retry (on SQLite the max() read runs before BEGIN).
    first = store.save_draft(design(), "describe")

    with ThreadPoolExecutor(max_workers=4) as pool:
        refs = list(
            pool.map(
                lambda n: store.save_draft(design(), f"r{n}", first.workflow_id),
                range(8),
            )
        )

    assert sorted(ref.version for ref in refs) == list(range(2, 10))
