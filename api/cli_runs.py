"""`csops run start|show|list|complete|assign` and `csops tick`: workflow runs by hand.

Times print in the owner's time zone (the calendar the step's clock runs on).
`--now` takes an ISO 8601 time with an offset (`2025-03-03T09:00-05:00`) and
stands in for the clock, so a simulated month can be stepped through with
`csops tick --now`. A ref, account, run or step that names nothing, or a move a
step cannot make, prints one line and exits with code 2.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.errors import fail
from domain.runs import RunRuleError
from tools.accounts.repository import AccountNotFoundError
from tools.db import Database, open_database
from tools.runs import (
    RunDefaults,
    StepView,
    UnknownPerson,
    UnknownRun,
    UnknownStep,
    WorkflowNotPublished,
    assign_role,
    complete_step,
    open_runs,
    run_view,
    start_run,
)
from tools.runs.views import CustomerAnswer
from tools.settings import Settings
from tools.workflow_store import WorkflowStoreError

app = typer.Typer(
    help="Start, inspect and complete workflow runs.", no_args_is_help=True
)

NowOption = Annotated[
    str | None, typer.Option("--now", help="ISO time with offset; default: now.")
]
_USER_ERRORS = (
    AccountNotFoundError,
    RunRuleError,
    UnknownPerson,
    UnknownRun,
    UnknownStep,
    WorkflowNotPublished,
    WorkflowStoreError,
)


@app.command("start")
def start(
    workflow: Annotated[str, typer.Argument(help="Workflow ID or ID@VERSION.")],
    account: Annotated[str, typer.Option(help="Account id, source id or name.")],
    by: Annotated[str, typer.Option(help="Who starts it.")] = "cli",
    now: NowOption = None,
    force: Annotated[
        bool, typer.Option(help="Start even if a run of it is open for the account.")
    ] = False,
) -> None:
    """Start the published version of a workflow for an account."""
    database, defaults = _database()
    try:
        started = start_run(
            database,
            workflow,
            account,
            by=by,
            now=_now(now),
            defaults=defaults,
            force=force,
        )
    except _USER_ERRORS as error:
        fail(str(error))
    _out().print(
        f"started [bold]{started.run_id}[/] ({started.workflow_ref}) for "
        f"{escape(started.account_name)}; ready: {', '.join(started.ready_steps)}"
    )
    for role, why in started.unresolved_roles.items():
        _out().print(f"[yellow]finding[/]: role {role} unfilled: {escape(why)}")


@app.command("show")
def show(
    run: Annotated[str, typer.Argument(help="Run id, e.g. run_3f2a9c1b0d4e.")],
    now: NowOption = None,
) -> None:
    """Show a run: its steps with due times and breach forecast, then its timeline."""
    database, defaults = _database()
    with database.session() as session:
        try:
            view = run_view(session, run, _now(now), defaults)
        except UnknownRun as error:
            fail(str(error))
    _out().print(
        f"[bold]{view.run_id}[/] {view.workflow_ref} for "
        f"{escape(view.account_name)}: {view.status.value}, started by "
        f"{escape(view.started_by)} {_local(view.started_at, None)}"
    )
    steps = _table("steps", ("step", "status", "owner", "due", "forecast"))
    for step in view.steps:
        forecast = step.forecast.reason if step.forecast else ""
        flag = (
            "[red]at risk[/] "
            if step.forecast and step.forecast.likely_to_breach
            else ""
        )
        steps.add_row(*_step_cells(step), flag + escape(forecast))
        for answer in step.answers:
            steps.add_row(*_answer_cells(answer))
    _out().print(steps)
    events = _table("timeline", ("at (UTC)", "who", "what", "why"))
    for event in view.events:
        at = f"{event.at:%Y-%m-%d %H:%M}"
        events.add_row(at, escape(event.actor), event.kind.value, escape(event.reason))
    _out().print(events)


@app.command("list")
def list_runs() -> None:
    """List open runs and the steps each waits on."""
    database, _ = _database()
    with database.session() as session:
        runs = open_runs(session)
    if not runs:
        _out().print("no open runs; start one with `csops run start WORKFLOW_ID`")
        return
    table = _table(f"{len(runs)} open runs", ("run", "workflow", "account", "waits on"))
    for run in runs:
        waits = "; ".join(
            f"{s.title} ({s.status.value}) <- {', '.join(s.owners) or s.owner_role} "
            f"{_local(s.due_at, s.time_zone)}"
            for s in run.waiting_on
        )
        table.add_row(
            run.run_id, run.workflow_ref, escape(run.account_name), escape(waits)
        )
    _out().print(table)


@app.command("complete")
def complete(
    run: Annotated[str, typer.Argument(help="Run id.")],
    step: Annotated[str, typer.Argument(help="Step id within the run.")],
    by: Annotated[str, typer.Option(help="Email or name of who completed it.")],
    now: NowOption = None,
) -> None:
    """Record that a step is complete; dependents turn ready."""
    database, defaults = _database()
    try:
        outcome = complete_step(
            database, run, step, by=by, now=_now(now), defaults=defaults
        )
    except _USER_ERRORS as error:
        fail(str(error))
    if not outcome.step_done:
        _out().print(
            f"{step}: recorded; still waiting for {', '.join(outcome.waiting_for)}"
        )
        return
    ready = ", ".join(outcome.newly_ready) or "none"
    done = "; the run is complete" if outcome.run_completed else ""
    _out().print(f"{step} done; now ready: {ready}{done}")


@app.command("assign")
def assign(
    run: Annotated[str, typer.Argument(help="Run id.")],
    role: Annotated[str, typer.Argument(help="Role id, e.g. onboarding_specialist.")],
    person: Annotated[str, typer.Argument(help="Email or exact name of the person.")],
    by: Annotated[str, typer.Option(help="Who assigns.")] = "cli",
    now: NowOption = None,
) -> None:
    """Put a person behind a role on an open run; its open steps are re-planned."""
    database, defaults = _database()
    try:
        who = assign_role(
            database, run, role, person, by=by, now=_now(now), defaults=defaults
        )
    except _USER_ERRORS as error:
        fail(str(error))
    _out().print(f"{run}: role {role} -> {escape(who.name)}")


def register(parent: typer.Typer) -> None:
    """Mount `csops tick` on the main app."""
    parent.command("tick")(tick)


def tick(now: NowOption = None) -> None:
    """Sweep once: fire triggers, draft and queue nudges, send what is due."""
    from graph.tick import escalation_briefs, run_tick  # the graph stack, on use

    database, defaults = _database()
    settings, moment = Settings(), _now(now)
    ticked = run_tick(
        database,
        settings,
        now=moment,
        defaults=defaults,
        brief_builder=escalation_briefs(database, settings, moment),
    )
    report = ticked.sweep
    for run in report.started_runs:
        account = escape(run.account_name)
        _out().print(f"triggered {run.run_id} ({run.workflow_ref}) for {account}")
    for item in report.due_work:
        to = ", ".join(p.name for p in item.recipients) or "nobody: route to inbox"
        _out().print(
            f"{item.kind.value:<15} {item.run_id} {item.step_id} -> "
            f"{escape(to)}: {escape(item.reason)}"
        )
    _out().print(
        f"{len(report.due_work)} due, {len(report.started_runs)} started at "
        f"{report.now.isoformat()}; {ticked.queued} queued, "
        f"{len(ticked.inbox_started)} to the inbox (`csops inbox`), "
        f"{len(ticked.delivery.sent)} sent"
    )


def _step_cells(step: StepView) -> tuple[str, str, str, str]:
    owner = ", ".join(step.owners) or f"[yellow]{step.owner_role}: unfilled[/]"
    return step.title, step.status.value, owner, _local(step.due_at, step.time_zone)


def _answer_cells(answer: CustomerAnswer) -> tuple[str, ...]:
    """A customer's link submission, on its own row under the step."""
    fields = "; ".join(f"{key}: {value}" for key, value in answer.answer.items())
    what = f"  customer answer ({answer.action})"
    return (
        what,
        escape(fields) or "(no fields)",
        escape(answer.by),
        _local(answer.at, None),
        "",
    )


def _local(instant: datetime | None, zone: str | None) -> str:
    if instant is None:
        return ""
    return f"{instant.astimezone(ZoneInfo(zone or 'UTC')):%a %d %b %H:%M %Z}"


def _now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--now {text!r} is not ISO 8601; use e.g. 2025-03-03T09:00-05:00")
    if moment.tzinfo is None:
        fail(f"--now {text!r} has no offset; add one, e.g. {text}+00:00")
    return moment


def _out() -> Console:
    # Built per call so the terminal width (COLUMNS) is read when printing.
    return Console()


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _database() -> tuple[Database, RunDefaults]:
    settings = Settings()
    defaults = RunDefaults(calendar_country=settings.calendar_country)
    return open_database(settings.resolved_database_url), defaults
