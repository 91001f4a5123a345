"""Workflow runs: start one, list open ones, read one with its timeline, complete a
step, and tick (`csops tick`: the sweep with nudges, inbox approvals, delivery).

`now` stands in for the clock, as `--now` does on the command line, so a client can
step a simulated month; it must carry a UTC offset.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from api.auth import Principal, Role
from api.deps import App, Caller, Ops, Writer, check_account, on_team
from graph.tick import TickReport, escalation_briefs, run_tick
from tools.accounts.repository import find_account
from tools.runs import (
    OpenRun,
    RunView,
    StartedRun,
    StepOutcome,
    complete_step,
    open_runs,
    run_view,
    start_run,
)
from tools.runs.tables import RunRow

router = APIRouter(tags=["runs"])

Now = Annotated[
    datetime | None,
    Query(description="ISO 8601 time with offset standing in for the clock."),
]


class StartRun(BaseModel):
    """Which published workflow to run for which account."""

    workflow: str = Field(description="Workflow ID (its published version) or ID@N.")
    account: str = Field(description="Account store id, source id or exact name.")
    force: bool = Field(
        default=False,
        description="Start even when the account has an open run of it (else 409).",
    )


class CompleteStep(BaseModel):
    """Who completed the step, and what they recorded."""

    by: str | None = Field(
        default=None, description="Email or name; default: the key's name."
    )
    data: dict[str, Any] | None = None


@router.post("/runs", response_model=StartedRun, status_code=201)
def start(request: StartRun, app: App, principal: Writer, now: Now = None):
    """Start the published version of a workflow for an account."""
    with app.database.session() as session:
        account = find_account(session, request.account)
        check_account(session, principal, account.id)
    return start_run(
        app.database,
        request.workflow,
        str(account.id),
        by=principal.name,
        now=given_now(now),
        defaults=app.run_defaults,
        force=request.force,
    )


@router.get("/runs", response_model=list[OpenRun])
def list_open(app: App, principal: Caller) -> list[OpenRun]:
    """Open runs, oldest first, with the steps each waits on."""
    with app.database.session() as session:
        runs = open_runs(session)
        if principal.role is Role.csm:
            runs = _own_runs(session, principal, runs)
    return runs


@router.get("/runs/{run_id}", response_model=RunView)
def show(run_id: str, app: App, principal: Caller, now: Now = None) -> RunView:
    """One run: steps with due times and breach forecast, then its timeline."""
    with app.database.session() as session:
        view = run_view(session, run_id, given_now(now), app.run_defaults)
        check_account(session, principal, view.account_id)
    return view


@router.post("/runs/{run_id}/steps/{step_id}/complete", response_model=StepOutcome)
def complete(
    run_id: str,
    step_id: str,
    request: CompleteStep,
    app: App,
    principal: Writer,
    now: Now = None,
) -> StepOutcome:
    """Record that a step is complete; dependents turn ready."""
    with app.database.session() as session:
        view = run_view(session, run_id, given_now(now), app.run_defaults)
        check_account(session, principal, view.account_id)
    return complete_step(
        app.database,
        run_id,
        step_id,
        by=request.by or principal.name,
        now=given_now(now),
        data=request.data,
        defaults=app.run_defaults,
    )


@router.post("/tick", response_model=TickReport)
def tick(app: App, principal: Ops, now: Now = None) -> TickReport:
    """Tick once, as `csops tick`: sweep with nudges, approvals, then delivery."""
    moment = given_now(now)
    return run_tick(
        app.database,
        app.settings,
        now=moment,
        defaults=app.run_defaults,
        brief_builder=escalation_briefs(app.database, app.settings, moment),
    )


def given_now(now: datetime | None) -> datetime:
    """The `now` query parameter, or the clock; 422 without a UTC offset."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="now needs a UTC offset"
        )
    return now


def _own_runs(session, principal: Principal, runs: list[OpenRun]) -> list[OpenRun]:
    ids = [run.run_id for run in runs]
    query = sa.select(RunRow.id, RunRow.account_id).where(RunRow.id.in_(ids))
    accounts = dict(session.execute(query).all())
    mine = {a for a in set(accounts.values()) if on_team(session, principal, a)}
    return [run for run in runs if accounts[run.run_id] in mine]
