"""`csops inbox` through the CLI runner: list, show, decide once, refuse a second."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from api import cli_inbox, cli_runs
from tests.run_factory import publish, seed_account
from tests.workflow_factory import handoff_workflow
from tools.db import open_database


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(cli_runs.app, name="run")
    app.add_typer(cli_inbox.app, name="inbox")
    cli_runs.register(app)
    return app


def _customer_owes_data(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CSOPS_MODEL_PROVIDER", "offline")
    monkeypatch.setenv("COLUMNS", "240")
    for name in ("CSOPS_DATABASE_URL", "CSOPS_CALENDAR_COUNTRY", "CSOPS_LINK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    database = open_database(f"sqlite:///{tmp_path / 'csops.db'}")
    seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    database.dispose()
    runner, app = CliRunner(), _app()
    monday, tuesday = "2025-03-03T09:00-05:00", "2025-03-04T10:00-05:00"
    start = ["run", "start", workflow_id, "--account", "Acme", "--now", monday]
    run_id = runner.invoke(app, start).output.split()[1]
    for step_id, by in (
        ("handoff", "ana@vendor.test"),
        ("kickoff", "carl@vendor.test"),
    ):
        complete = ["run", "complete", run_id, step_id, "--by", by, "--now", tuesday]
        assert runner.invoke(app, complete).exit_code == 0
    return runner


def test_a_draft_is_listed_approved_once_and_written_out(tmp_path, monkeypatch):
    runner, app = _customer_owes_data(tmp_path, monkeypatch), _app()

    ticked = runner.invoke(app, ["tick", "--now", "2025-03-04T10:30-05:00"])
    assert "0 queued, 1 to the inbox (`csops inbox`), 0 sent" in ticked.output

    listed = runner.invoke(app, ["inbox"])
    item_id = next(w for w in listed.output.split() if w.startswith("ib_"))
    assert "chloe@acme.test" in listed.output
    assert "New for you: Onboarding data (Acme)" in listed.output

    shown = runner.invoke(app, ["inbox", "show", item_id])
    assert "Due: Thu 06 Mar 16:00 CET (your time)." in shown.output

    approve = ["inbox", "approve", item_id, "--by", "carl@vendor.test"]
    first = runner.invoke(app, [*approve, "--now", "2025-03-04T10:45-05:00"])
    assert first.output.strip() == f"{item_id}: approve recorded (approve); 1 sent"
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1

    second = runner.invoke(app, ["inbox", "ignore", item_id, "--by", "mona"])
    assert second.exit_code == 2
    assert f"error: inbox item {item_id} was already decided: approve by" in (
        second.output
    )
    assert runner.invoke(app, ["inbox"]).output.strip() == "the inbox is empty"


def test_an_edit_that_leaks_is_refused_with_the_fix(tmp_path, monkeypatch):
    runner, app = _customer_owes_data(tmp_path, monkeypatch), _app()
    runner.invoke(app, ["tick", "--now", "2025-03-04T10:30-05:00"])
    item_id = next(
        w for w in runner.invoke(app, ["inbox"]).output.split() if w.startswith("ib_")
    )

    edit = ["inbox", "edit", item_id, "--by", "carl", "--text", "Your MRR is low"]
    refused = runner.invoke(app, edit)

    assert refused.exit_code == 2
    assert "term 'MRR' is internal" in refused.output
    assert "edit the text without it" in refused.output
