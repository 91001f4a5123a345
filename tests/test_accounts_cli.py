"""`csops accounts list|show` and `csops import` through the CLI runner."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from api import cli_accounts, cli_import
from tests.test_import_shared_data import SHARED_DATA, needs_shared_data

pytestmark = needs_shared_data


def _app() -> typer.Typer:
    app = typer.Typer()
    cli_import.register(app)
    app.add_typer(cli_accounts.app, name="accounts")
    return app


def test_import_then_list_and_show(tmp_path, monkeypatch):
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CSOPS_DATABASE_URL", raising=False)
    runner, app = CliRunner(), _app()
    folder = str(SHARED_DATA / "sf_lwc_recipes")

    imported = runner.invoke(app, ["import", "salesforce-tree", folder])
    assert imported.exit_code == 0, imported.output
    assert "36 rows" in imported.output

    listed = runner.invoke(app, ["accounts", "list"])
    assert "Alpha Dynamics" in listed.output and "10 accounts" in listed.output

    shown = runner.invoke(app, ["accounts", "show", "AccountRef1"])
    assert shown.exit_code == 0, shown.output
    assert "Amy Taylor" in shown.output and "Cloud Platform Expansion" in shown.output


def test_unknown_account_lists_candidates_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CSOPS_DATABASE_URL", raising=False)
    runner, app = CliRunner(), _app()
    runner.invoke(
        app, ["import", "salesforce-tree", str(SHARED_DATA / "sf_lwc_recipes")]
    )

    shown = runner.invoke(app, ["accounts", "show", "Alpha Dynamix"])
    assert shown.exit_code == 2
    assert "no account 'Alpha Dynamix'; did you mean Alpha Dynamics?" in shown.output
