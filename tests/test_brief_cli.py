"""`csops brief`: formats, and one error line for an unknown or ambiguous account."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest
from typer.testing import CliRunner

from api.cli import app
from tools.db import open_database
from tools.demo_data import write_demo_data

AS_OF = "2025-06-02"


@pytest.fixture(scope="module")
def book_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli')}/csops.db"
    database = open_database(url)
    write_demo_data(database, accounts=6, as_of=date.fromisoformat(AS_OF))
    database.dispose()
    return url


@pytest.fixture
def run(book_url, tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith(("CSOPS_", "OPENAI_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("CSOPS_DATABASE_URL", book_url)
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CSOPS_MODEL_PROVIDER", "offline")

    def invoke(*args: str):
        return CliRunner().invoke(app, ["brief", *args, "--as-of", AS_OF])

    return invoke


def test_json_lists_claims_with_citations(run):
    result = run("demo-acc-002", "--kind", "renewal", "--format", "json")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["kind"] == "renewal" and document["engine"] == "offline"
    assert document["claims"]
    for claim in document["claims"]:
        assert claim["citations"]
        assert set(claim["citations"][0]) == {"record_type", "record_id", "as_of"}
    assert document["footer"]["claims"] == len(document["claims"])


def test_markdown_has_every_section(run):
    result = run("demo-acc-002", "--kind", "escalation", "--format", "md")

    assert result.exit_code == 0, result.output
    for title in ("Customer impact", "Revenue at risk", "What has been tried"):
        assert f"## {title}" in result.stdout
    assert "ungrounded claims dropped" in result.stdout


def test_text_is_the_default(run):
    result = run("demo-acc-002")

    assert result.exit_code == 0, result.output
    assert (
        "Account brief:" in result.stdout
        and "Recommended next actions" in result.stdout
    )


def test_unknown_account_lists_candidates_and_exits_2(run):
    result = run("Zzyzx Nonexistent")

    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: no account 'Zzyzx Nonexistent' (see `csops accounts list`)\n"
    )


def test_ambiguous_account_lists_candidates_and_exits_2(run):
    result = run("demo-acc")

    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: account 'demo-acc' is unknown or ambiguous; "
    )
    assert result.stderr.count("\n") == 1
