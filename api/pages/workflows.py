"""The design page and the workflow page: prompt, diagram, steps, edits, publish.

Every handler is a plain `def`: the designer graph and the store are synchronous,
so FastAPI runs them in its thread pool, never on the event loop. A write answers
with a redirect to the version it made (post/redirect/get), which htmx's boosted
forms follow in place.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import App
from api.pages.access import may_see, page_user
from api.pages.templating import render
from api.pages.workflow_edits import StepEditError, edit_step, parse_sla
from domain.design import DesignInputError
from domain.diff import diff_workflows
from domain.mermaid import trigger_text, workflow_mermaid
from domain.workflow import DurationUnit
from graph.design import build_design_graph
from tools.accounts.repository import list_accounts
from tools.settings import SettingsError
from tools.workflow_store import (
    PublishRefused,
    StoredVersion,
    WorkflowStoreError,
)

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

_LISTED_ACCOUNTS = 500


@router.api_route("/", methods=["GET", "HEAD"])
def home() -> RedirectResponse:
    return RedirectResponse("/design", status_code=303)


@router.api_route("/design", methods=["GET", "HEAD"], response_class=HTMLResponse)
def design_page(request: Request, app: App):
    """The prompt box and the list of workflows."""
    return _design_form(request, app)


@router.post("/design", response_class=HTMLResponse)
def design(request: Request, app: App, description: Annotated[str, Form()] = ""):
    """Design a workflow from the description and open its first version."""
    graph = build_design_graph(app.settings, store=app.store)
    try:
        state = graph.invoke({"description": description, "save": True})
    except (DesignInputError, SettingsError) as error:
        return _design_form(request, app, description, str(error), status_code=422)
    return _to_version(state["saved_ref"])


@router.api_route(
    "/workflows/{ref}", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def workflow_page(request: Request, app: App, ref: str, since: int | None = None):
    """One version: diagram, steps, findings, assumptions; `since` shows a diff."""
    try:
        stored = app.store.get(ref)
    except WorkflowStoreError as error:
        return _not_found(request, error)
    return _workflow_view(request, app, stored, since=since)


@router.post("/workflows/{ref}/steps/{step_id}", response_class=HTMLResponse)
def edit_step_page(
    request: Request,
    app: App,
    ref: str,
    step_id: str,
    owner: Annotated[str, Form()] = "",
    sla_amount: Annotated[str, Form()] = "",
    sla_unit: Annotated[str, Form()] = "days",
    sla_business: Annotated[str, Form()] = "",
):
    """Save one step's owner and SLA as the next version."""
    try:
        stored = app.store.get(ref)
    except WorkflowStoreError as error:
        return _not_found(request, error)
    try:
        sla = parse_sla(sla_amount, sla_unit, business=bool(sla_business))
        result = edit_step(stored, step_id, owner, sla)
    except StepEditError as error:
        return _workflow_view(request, app, stored, error=str(error), status_code=422)
    saved = app.store.save_draft(result, stored.source_text, stored.ref.workflow_id)
    return _to_version(str(saved), since=stored.ref.version)


@router.post("/workflows/{ref}/refine", response_class=HTMLResponse)
def refine(
    request: Request, app: App, ref: str, instruction: Annotated[str, Form()] = ""
):
    """Continue with this flow: apply a change request as the next version."""
    try:
        stored = app.store.get(ref)
    except WorkflowStoreError as error:
        return _not_found(request, error)
    graph = build_design_graph(app.settings, store=app.store)
    state = {
        "description": instruction,
        "base_workflow": stored.result.workflow.model_dump(mode="json"),
        "workflow_id": stored.ref.workflow_id,
        "save": True,
    }
    try:
        saved = graph.invoke(state)["saved_ref"]
    except (DesignInputError, SettingsError) as error:
        return _workflow_view(
            request,
            app,
            stored,
            error=str(error),
            instruction=instruction,
            status_code=422,
        )
    return _to_version(saved, since=stored.ref.version)


@router.post("/workflows/{ref}/publish", response_class=HTMLResponse)
def publish(request: Request, app: App, ref: str):
    """Publish the version, or show the lint findings that refuse it."""
    try:
        outcome = app.store.publish(ref)
    except PublishRefused as refused:
        stored = app.store.get(ref)
        return _workflow_view(
            request, app, stored, refused=refused.findings, status_code=409
        )
    except WorkflowStoreError as error:
        return _not_found(request, error)
    return _to_version(str(outcome.ref))


def _design_form(
    request: Request,
    app: App,
    description: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    try:
        engine = app.settings.engine
    except SettingsError as problem:
        engine, error = "unavailable", error or str(problem)
    return render(
        request,
        "design.html",
        status_code,
        nav="Design",
        workflows=app.store.list(),
        description=description,
        error=error,
        engine=engine,
    )


def _workflow_view(
    request: Request,
    app: App,
    stored: StoredVersion,
    *,
    since: int | None = None,
    status_code: int = 200,
    **extra,
) -> HTMLResponse:
    workflow = stored.result.workflow
    versions = _versions(app, stored)
    diff = None
    if since is not None and since in versions and since != stored.ref.version:
        older = app.store.get(f"{stored.ref.workflow_id}@{since}").result.workflow
        diff = diff_workflows(older, workflow)
    return render(
        request,
        "workflow.html",
        status_code,
        nav="Design",
        stored=stored,
        result=stored.result,
        workflow=workflow,
        trigger=trigger_text(workflow.trigger),
        mermaid=workflow_mermaid(workflow),
        versions=versions,
        next_version=max(versions) + 1,
        units=[unit.value for unit in DurationUnit],
        diff=diff,
        accounts=_startable_accounts(request, app, stored),
        **extra,
    )


def _startable_accounts(request: Request, app: App, stored: StoredVersion) -> list:
    """The accounts the start-run form offers: only a published version runs."""
    if stored.status != "published":
        return []
    principal = page_user(request)
    with app.database.session() as session:
        accounts = list_accounts(session, limit=_LISTED_ACCOUNTS)
        return [a for a in accounts if may_see(session, principal, a.id)]


def _versions(app: App, stored: StoredVersion) -> list[int]:
    # The store numbers versions 1, 2, 3... with no gaps.
    latest = app.store.get(stored.ref.workflow_id).ref.version
    return list(range(1, latest + 1))


def _to_version(ref: str, since: int | None = None) -> RedirectResponse:
    url = f"/workflows/{ref}" + (f"?since={since}" if since is not None else "")
    return RedirectResponse(url, status_code=303)


def _not_found(request: Request, error: Exception) -> HTMLResponse:
    return render(
        request, "error.html", 404, nav="Design", title="Not found", message=str(error)
    )
