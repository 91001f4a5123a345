"""The inbox page: drafted nudges and escalations waiting for a decision.

Each item shows the draft as its recipient would read it, who that is and their
local due time, and for an escalation the package the manager decides on. A
nudge takes the four decisions of `tools.inbox.store.InboxAction`; an escalation
also acknowledge, close, extend (hours and a reason) and reassign. The decision
goes through `graph.approvals.decide` (via `api.inbox_decisions`): recorded once,
the run graph resumed, and what it sends queued in the outbox; the page then shows
that result. A second decision is refused naming the first.

A decision is recorded as made by the signed-in key's name (with no keys
configured, the open pages' "web page"); a csm sees only their accounts' items.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from api.auth import Principal, Role
from api.deps import App
from api.inbox_decisions import (
    DecisionKind,
    DecisionResult,
    decide_item,
    decided_result,
    inbox_decision,
)
from api.pages.access import may_see, page_user
from api.pages.templating import render
from tools.inbox.masking import masked_item
from tools.inbox.store import (
    AlreadyDecided,
    DecisionRefused,
    InboxItem,
    UnknownInboxItem,
    list_items,
)

router = APIRouter(include_in_schema=False)


@router.api_route("/inbox", methods=["GET", "HEAD"], response_class=HTMLResponse)
def inbox_page(request: Request, app: App, decided: str | None = None):
    """Open items, oldest first; after a decision, what it did."""
    result = decided_result(app.database, app.settings, decided) if decided else None
    return _inbox(request, app, result=result)


@router.post("/inbox/{item_id}", response_class=HTMLResponse)
def decide(
    request: Request,
    app: App,
    item_id: str,
    action: Annotated[str, Form()],
    text: Annotated[str, Form(max_length=20_000)] = "",
    reason: Annotated[str, Form(max_length=2_000)] = "",
    extend_hours: Annotated[str, Form(max_length=20)] = "",
    reassign_to: Annotated[str, Form(max_length=320)] = "",
):
    """Decide an item through the run graph, then show the result and the rest."""
    principal = page_user(request)
    with app.database.session() as session:
        mine = {item.id for item in _visible(session, principal)}
    if item_id not in mine and principal.role is Role.csm:
        return _inbox(request, app, error="not on this account's team", status=403)
    try:
        chosen = DecisionKind(action)
        hours = float(extend_hours) if extend_hours.strip() else None
    except ValueError:
        return _inbox(request, app, error=f"unknown decision {action!r}", status=422)
    try:
        decision = inbox_decision(
            item_id,
            chosen,
            by=principal.name,
            at=datetime.now(UTC),
            text=text,
            reason=reason,
            extend_hours=hours,
            reassign_to=reassign_to.strip() or None,
        )
        decide_item(app.database, app.settings, decision)
    except UnknownInboxItem as error:
        return _inbox(request, app, error=str(error), status=404)
    except AlreadyDecided as error:
        return _inbox(request, app, error=str(error), status=409)
    except DecisionRefused as error:
        refused = f"Not sent: {'; '.join(error.reasons)}."
        return _inbox(request, app, error=refused, status=422)
    return RedirectResponse(f"/inbox?decided={item_id}", status_code=303)


def _inbox(
    request: Request,
    app: App,
    *,
    result: DecisionResult | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    with app.database.session() as session:
        items = _visible(session, page_user(request))
    return render(
        request,
        "inbox.html",
        status,
        nav="Inbox",
        items=items,
        result=result,
        notice=_notice(result),
        error=error,
    )


def _visible(session: Session, principal: Principal) -> list[InboxItem]:
    # Staff see that a link is attached, never a working customer link.
    items = [masked_item(item) for item in list_items(session)]
    if principal.role is not Role.csm:
        return items
    return [i for i in items if may_see(session, principal, i.draft.account_id)]


def _notice(result: DecisionResult | None) -> str | None:
    if result is None:
        return None
    past = {"approve": "approved", "edit": "edited", "reply": "replied to"}
    return f"Item {result.item_id} {past.get(result.decision.action, 'ignored')}."
