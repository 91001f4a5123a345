"""`csops sync hubspot|zendesk` through the CLI runner, against respx route tables."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from api import cli_sync
from tests.connector_routes import hubspot_api, hubspot_error, zendesk_api

CONNECTOR_ENV = (
    "CSOPS_DATABASE_URL",
    "CSOPS_HUBSPOT_TOKEN",
    "CSOPS_ZENDESK_SUBDOMAIN",
    "CSOPS_ZENDESK_EMAIL",
    "CSOPS_ZENDESK_TOKEN",
)


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    """A runner whose settings hold no connector credentials and a fresh data dir."""
    for name in CONNECTOR_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path))
    return CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)  # keeps `sync` a subcommand, as under `csops`
    cli_sync.register(app)
    return app


def test_missing_token_is_one_line_naming_the_variable(runner, app):
    result = runner.invoke(app, ["sync", "hubspot"])

    assert result.exit_code == 2
    assert result.output == (
        "error: CSOPS_HUBSPOT_TOKEN is not set: export CSOPS_HUBSPOT_TOKEN to sync "
        "HubSpot\n"
    )


def test_sync_then_rerun_reports_counts(runner, app, monkeypatch):
    monkeypatch.setenv("CSOPS_HUBSPOT_TOKEN", "pat-na1-0b7e6c52-4f1d")
    with hubspot_api():
        first = runner.invoke(app, ["sync", "hubspot"])
    with hubspot_api():
        again = runner.invoke(app, ["sync", "hubspot"])

    assert first.exit_code == 0, first.output
    assert "hubspot import of api.hubapi.com (hubspot)" in first.output
    assert "11 rows" in first.output
    assert again.exit_code == 0, again.output
    assert "│ accounts │    5 │       0 │       0 │         5 │        0 │" in (
        again.output
    )


def test_dry_run_says_so(runner, app, monkeypatch):
    monkeypatch.setenv("CSOPS_ZENDESK_SUBDOMAIN", "acme")
    monkeypatch.setenv("CSOPS_ZENDESK_EMAIL", "ops@csops.example")
    monkeypatch.setenv(
        "CSOPS_ZENDESK_TOKEN", "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"
    )
    with zendesk_api():
        result = runner.invoke(app, ["sync", "zendesk", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "dry run: nothing written" in " ".join(result.output.split())


def test_rejected_token_exits_2_with_the_fix(runner, app, monkeypatch):
    monkeypatch.setenv("CSOPS_HUBSPOT_TOKEN", "pat-na1-revoked")
    answer = hubspot_error(401, "INVALID_AUTHENTICATION", "Token expired")
    with hubspot_api() as api:
        api.endpoints["companies"].fail_first(answer)
        result = runner.invoke(app, ["sync", "hubspot"])

    assert result.exit_code == 2
    assert result.output.startswith(
        "error: HubSpot rejected the token (401): check CSOPS_HUBSPOT_TOKEN"
    )
    assert result.output.count("\n") == 1
