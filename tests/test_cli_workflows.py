"""`csops workflows`: exit codes, output, and one-line errors on stderr."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from typer.testing import CliRunner

from api.cli_workflows import app
from api.context import open_store
from domain.design import DesignResult
from tests.workflow_factory import handoff_workflow, step, workflow
from tools.settings import Settings
from tools.workflow_store import VersionRef, WorkflowStore


@pytest.fixture
def store(tmp_path, monkeypatch) -> WorkflowStore:
    """The store the CLI will open: a SQLite file under a temporary data dir."""
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CSOPS_DATABASE_URL", raising=False)
    store = open_store(Settings())
    yield store
    store.database.dispose()


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def save(store: WorkflowStore, wf=None, workflow_id=None) -> VersionRef:
    result = DesignResult(workflow=wf or handoff_workflow(), engine="offline")
    return store.save_draft(result, "describe", workflow_id)


def test_list_without_workflows_says_how_to_save_one(store):
    result = run("list")

    assert result.exit_code == 0
    assert "no saved workflows yet" in result.stdout


def test_list_shows_latest_and_published(store):
    ref = save(store)
    store.publish(str(ref))
    save(store, workflow_id=ref.workflow_id)

    result = run("list")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    first = next(n for n, line in enumerate(lines) if ref.workflow_id in line)
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines[first : first + 2]]
    assert rows == [
        [ref.workflow_id, "Test onboarding", "v2", "v1", "3", "0"],
        ["onboarding", "draft"],
    ]


def test_show_text_names_the_version_and_its_steps(store):
    ref = save(store)

    result = run("show", ref.workflow_id)

    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{ref} · draft"
    assert "Onboarding data" in result.stdout


def test_show_json_is_the_stored_version(store):
    ref = save(store)

    result = run("show", str(ref), "--format", "json")

    document = json.loads(result.stdout)
    assert list(document) == [
        *("ref", "status", "source_text", "parent_version", "created_at"),
        *("published_at", "workflow", "lint", "assumptions", "questions"),
        *("engine", "fallback_reason"),
    ]
    assert document["workflow"] == handoff_workflow().model_dump(mode="json")
    assert (document["ref"], document["status"], document["lint"]) == (
        str(ref),
        "draft",
        [],
    )


def test_show_yaml_and_mermaid(store):
    ref = save(store)

    as_yaml = yaml.safe_load(run("show", str(ref), "--format", "yaml").stdout)
    mermaid = run("show", str(ref), "--format", "mermaid").stdout

    assert as_yaml["ref"] == str(ref)
    assert mermaid.startswith("flowchart TD\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope"], "error: unknown workflow 'nope'; known ids: "),
        (["show", "Bad@ref"], "error: invalid workflow ref 'Bad@ref': use ID or "),
        (["diff", "nope", "nope@2"], "error: unknown workflow 'nope'; known ids: "),
        (["publish", "nope"], "error: unknown workflow 'nope'; known ids: "),
    ],
)
def test_bad_refs_print_one_line_and_exit_2(store, args, message):
    save(store)

    result = run(*args)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(message)


def test_diff_prints_the_changes(store):
    v1 = save(store)
    changed = handoff_workflow().model_copy(update={"name": "Enterprise onboarding"})
    v2 = save(store, changed, v1.workflow_id)

    result = run("diff", str(v1), str(v2))

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{v1} -> {v2}",
        "name: Test onboarding -> Enterprise onboarding",
    ]


def test_diff_of_identical_versions_says_so(store):
    v1 = save(store)
    v2 = save(store, workflow_id=v1.workflow_id)

    result = run("diff", str(v1), str(v2))

    assert result.stdout.splitlines() == [f"{v1} -> {v2}", "no differences"]


def test_publish_then_publish_again(store):
    ref = save(store)

    first, second = run("publish", ref.workflow_id), run("publish", str(ref))

    assert (first.exit_code, first.stdout) == (0, f"published {ref}\n")
    assert (second.exit_code, second.stdout) == (
        0,
        f"{ref} is already published; nothing changed\n",
    )


def test_publish_refused_prints_a_line_per_lint_error(store):
    ref = save(store, workflow(step("kickoff", owner=None), step("qbr", sla=None)))

    result = run("publish", str(ref))

    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"error: cannot publish {ref}: 2 lint errors; fix them and save a new draft"
    )
    assert [line.split(":")[0] for line in lines[1:]] == [
        "  step-without-owner (step kickoff)",
        "  step-without-sla (step qbr)",
    ]
