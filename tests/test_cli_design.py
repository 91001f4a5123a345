"""`csops design` and `csops schema` as a user runs them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app

JOURNEY = (
    "When a deal closes, the AE hands off to the CSM within 2 business days with the "
    "deal notes and success criteria. Then the CSM runs a kickoff call with the "
    "customer within 5 business days. The customer sends their user list within "
    "3 business days. If nothing arrives after 2 more days, escalate to the CS manager."
)


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CSOPS_MODEL_PROVIDER", "offline")
    monkeypatch.delenv("CSOPS_DATABASE_URL", raising=False)
    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)

    return run


def saved_workflows(cli) -> str:
    return cli("workflows", "list").output


def test_json_output_is_the_workflow_plus_design_notes(cli):
    result = cli("design", JOURNEY, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {
        "workflow",
        "lint",
        "assumptions",
        "questions",
        "engine",
        "fallback_reason",
    }
    assert document["engine"] == "offline"
    assert document["lint"] == []
    owners = [step["owner"] for step in document["workflow"]["steps"]]
    assert owners[:3] == ["ae", "csm", "customer"]


def test_text_output_shows_table_lint_and_assumptions(cli):
    result = cli("design", JOURNEY)
    assert result.exit_code == 0
    for expected in ("kickoff", "Lint: clean", "Assumptions", "(assumed)"):
        assert expected in result.stdout


def test_mermaid_and_yaml_formats(cli):
    assert cli("design", JOURNEY, "--format", "mermaid").stdout.startswith(
        "flowchart TD"
    )
    assert "workflow:" in cli("design", JOURNEY, "--format", "yaml").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   \n\t "], "error: the journey description is empty"),
        (["x" * 20_001], "over the 20,000 limit"),
        (["--file", "missing.txt"], "error: file not found: missing.txt"),
        ([], "exactly one of them"),
        (["The weather is lovely today."], "no step found"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_saved(cli, args, message):
    result = cli("design", *args, "--save")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no saved workflows yet" in saved_workflows(cli)


def test_non_utf8_file_is_refused(cli, tmp_path):
    latin = tmp_path / "journey.txt"
    latin.write_bytes("Le CSM appelle le client \xe9t\xe9".encode("latin-1"))
    result = cli("design", "--file", str(latin), "--save")
    assert result.exit_code == 2
    assert "is not UTF-8 text" in result.stderr


def test_save_then_refine_makes_a_new_version_with_a_diff(cli):
    saved = cli("design", JOURNEY, "--save")
    assert saved.exit_code == 0
    ref = saved.stderr.split("saved draft ")[1].split()[0]
    workflow_id = ref.split("@")[0]
    assert ref == f"{workflow_id}@1"

    refined = cli(
        "design", "--from", workflow_id, "the kickoff call takes 10 business days"
    )
    assert refined.exit_code == 0, refined.output
    assert f"saved draft {workflow_id}@2" in refined.stderr
    assert "10 business days" in refined.stderr

    diff = cli("workflows", "diff", f"{workflow_id}@1", f"{workflow_id}@2")
    assert "5 business days -> 10 business days" in diff.stdout


def test_refining_an_unknown_workflow_fails_cleanly(cli):
    result = cli("design", "--from", "nope-0000", "Finance owns invoicing")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def test_schema_workflow_is_json_schema(cli):
    result = cli("schema", "workflow")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Workflow"
    assert {"name", "journey", "trigger", "roles", "steps"} <= set(schema["properties"])


def test_review_keeps_asking_after_an_unmatched_change_then_saves(cli):
    answers = "the zebra step takes 3 days\nthe kickoff call takes 8 business days\n\n"
    result = cli("design", JOURNEY, "--review", input=answers)
    assert result.exit_code == 0, result.output
    assert "change not applied: " in result.stdout
    assert "saved draft " in result.stderr
    ref = result.stderr.split("saved draft ")[1].split()[0]
    shown = cli("workflows", "show", ref, "--format", "json").stdout
    kickoff = next(
        s for s in json.loads(shown)["workflow"]["steps"] if "kickoff" in s["id"]
    )
    assert kickoff["sla"]["duration"]["amount"] == 8


def test_review_abandoned_at_end_of_input_saves_nothing(cli):
    result = cli("design", JOURNEY, "--review", input="")
    assert result.exit_code == 2
    assert "review abandoned; nothing was saved" in result.stderr
    assert "no saved workflows yet" in saved_workflows(cli)
