"""`csops run start|show|list|complete` and `csops tick` through the CLI runner."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from api import cli_runs
from tests.run_factory import publish, seed_account
from tests.workflow_factory import handoff_workflow
from tools.db import open_database

MONDAY = "2025-03-03T09:00-05:00"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(cli_runs.app, name="run")
    cli_runs.register(app)
    return app


def _seeded(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CSOPS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CSOPS_CALENDAR_COUNTRY", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    database = open_database(f"sqlite:///{tmp_path / 'csops.db'}")
    seed_account(database)
    workflow_id = publish(database, handoff_workflow())
    database.dispose()
    return workflow_id


def test_start_then_list_show_tick_and_complete(tmp_path, monkeypatch):
    workflow_id = _seeded(tmp_path, monkeypatch)
    runner, app = CliRunner(), _app()

    started = runner.invoke(
        app, ["run", "start", workflow_id, "--account", "Acme", "--now", MONDAY]
    )
    assert started.exit_code == 0, started.output
    run_id = started.output.split()[1]
    assert "ready: handoff" in started.output

    listed = runner.invoke(app, ["run", "list"])
    assert run_id in listed.output
    assert "Handoff (ready) <- Ana Alves Tue 04 Mar 17:00 EST" in listed.output

    ticked = runner.invoke(app, ["tick", "--now", "2025-03-05T12:00-05:00"])
    assert "due             " in ticked.output and "-> Ana Alves" in ticked.output
    assert "2 due, 0 started" in ticked.output

    done = runner.invoke(
        app,
        [
            "run",
            "complete",
            run_id,
            "handoff",
            "--by",
            "ana@vendor.test",
            "--now",
            "2025-03-05T13:00-05:00",
        ],
    )
    assert done.output.strip() == "handoff done; now ready: kickoff"

    shown = runner.invoke(
        app,
        ["run", "show", run_id, "--now", "2025-03-05T14:00-05:00"],
        terminal_width=200,
    )
    assert shown.exit_code == 0, shown.output
    for expected in (
        "Carl Chen",
        "role_resolved",
        "step_done",
        "Handoff is due now",
        "Nothing to show after 6% of the SLA",
    ):
        assert expected in shown.output, shown.output


def test_a_run_that_does_not_exist_exits_2_with_the_fix(tmp_path, monkeypatch):
    _seeded(tmp_path, monkeypatch)
    shown = CliRunner().invoke(_app(), ["run", "show", "run_nope"])
    assert shown.exit_code == 2
    assert "no run 'run_nope'; list open runs with `csops run list`" in shown.output


def test_now_without_an_offset_is_refused(tmp_path, monkeypatch):
    workflow_id = _seeded(tmp_path, monkeypatch)
    started = CliRunner().invoke(
        _app(),
        ["run", "start", workflow_id, "--account", "Acme", "--now", "2025-03-03T09:00"],
    )
    assert started.exit_code == 2
    assert "has no offset" in started.output
