"""The run pages: start a run, the open runs, one run, completing an internal step.

A run starts from a published workflow's page (pick the account) or from an
account's page (pick the workflow) through `tools.runs.start_run`, then the browser
goes to `/runs/{id}`. A start the engine refuses (a run of that workflow already
open for the account, a draft version, an unknown account) shows the engine's
message on an error page, never a 500.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import App
from api.pages.access import may_see, not_yours, page_user
from api.pages.run_details import answers, step_lines
from api.pages.templating import render
from tools.accounts.repository import AccountNotFoundError, find_account
from tools.runs import UnknownRun, UnknownStep, complete_step, open_runs, run_view
from tools.runs import start_run as engine_start_run
from tools.runs.tables import RunRow
from tools.workflow_store import WorkflowStoreError

router = APIRouter(include_in_schema=False)

_PAGE = ["GET", "HEAD"]


@router.post("/workflows/{ref}/runs", response_class=HTMLResponse)
def start_from_workflow(
    request: Request, app: App, ref: str, account: Annotated[str, Form()] = ""
):
    """Start this published workflow for the chosen account."""
    return _start(request, app, ref, account, back=f"/workflows/{ref}")


@router.post("/accounts/{key}/runs", response_class=HTMLResponse)
def start_from_account(
    request: Request, app: App, key: str, workflow: Annotated[str, Form()] = ""
):
    """Start the chosen published workflow for this account."""
    return _start(request, app, workflow, key, back=f"/accounts/{key}")


@router.api_route("/runs", methods=_PAGE, response_class=HTMLResponse)
def runs_page(request: Request, app: App):
    """Open runs, oldest first, and the steps each waits on."""
    principal = page_user(request)
    with app.database.session() as session:
        runs = open_runs(session)
        accounts = dict(
            session.query(RunRow.id, RunRow.account_id).filter(
                RunRow.id.in_([run.run_id for run in runs])
            )
        )
        runs = [r for r in runs if may_see(session, principal, accounts[r.run_id])]
    return render(request, "runs.html", nav="Runs", runs=runs)


@router.api_route("/runs/{run_id}", methods=_PAGE, response_class=HTMLResponse)
def run_page(request: Request, app: App, run_id: str):
    """One run: steps, owners, local due times, forecast, answers, timeline."""
    with app.database.session() as session:
        try:
            view = run_view(session, run_id, datetime.now(UTC), app.run_defaults)
        except UnknownRun as error:
            return _problem(request, 404, str(error), ("/runs", "Back to runs"))
        if not may_see(session, page_user(request), view.account_id):
            return not_yours(request, "Runs")
        workflow = app.store.get(view.workflow_ref).result.workflow
        steps = step_lines(session, view, workflow)
    return render(
        request,
        "run.html",
        nav="Runs",
        run=view,
        steps=steps,
        answers=answers(view),
        can_write=page_user(request).can_write,
    )


@router.post("/runs/{run_id}/steps/{step_id}/complete", response_class=HTMLResponse)
def complete(request: Request, app: App, run_id: str, step_id: str):
    """Record an internal step as done by the signed-in person."""
    principal = page_user(request)
    back = (f"/runs/{run_id}", "Back to the run")
    with app.database.session() as session:
        run = session.get(RunRow, run_id)
        if run is None:
            return _problem(request, 404, f"no run {run_id!r}", back)
        if not may_see(session, principal, run.account_id):
            return not_yours(request, "Runs")
    try:
        complete_step(
            app.database,
            run_id,
            step_id,
            by=principal.person or principal.name,
            now=datetime.now(UTC),
            defaults=app.run_defaults,
        )
    except UnknownStep as error:
        return _problem(request, 404, str(error), back)
    except ValueError as error:  # RunRuleError: the message names the fix
        return _problem(request, 409, str(error), back)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)


def _start(request: Request, app: App, ref: str, account_key: str, back: str):
    principal = page_user(request)
    link = (back, "Back")
    with app.database.session() as session:
        try:
            account = find_account(session, account_key.strip())
        except AccountNotFoundError as error:
            return _problem(request, 404, str(error), link)
        if not may_see(session, principal, account.id):
            return not_yours(request, "Runs")
    try:
        started = engine_start_run(
            app.database,
            ref.strip(),
            str(account.id),
            by=principal.person or principal.name,
            now=datetime.now(UTC),
            defaults=app.run_defaults,
        )
    except (WorkflowStoreError, LookupError, ValueError) as error:
        return _problem(request, 409, str(error), link)
    return RedirectResponse(f"/runs/{started.run_id}", status_code=303)


def _problem(
    request: Request, status_code: int, message: str, back: tuple[str, str]
) -> HTMLResponse:
    title = "Not found" if status_code == 404 else "Cannot do that"
    return render(
        request,
        "error.html",
        status_code,
        nav="Runs",
        title=title,
        message=message,
        back=back,
    )
