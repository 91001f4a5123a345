"""The inbox page: drafted nudges and escalations waiting for a decision.

Each item offers the four decisions of `tools.inbox.store.InboxAction`: approve as
drafted, edit (send your text instead), reply yourself, or ignore. The decision is
one row (`record_decision`); a second decision on the same item is refused and the
page says who decided first.

The pages have no sign-in yet, so decisions are recorded as made by `WEB_DECIDER`;
the API's keys carry a person, and a signed session cookie set from one would let
the page record the real name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import App
from api.pages.templating import render
from tools.inbox.store import (
    AlreadyDecided,
    DecisionRefused,
    InboxAction,
    InboxDecision,
    UnknownInboxItem,
    list_items,
    record_decision,
)

router = APIRouter(include_in_schema=False)

WEB_DECIDER = "web page"


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, app: App, decided: str | None = None):
    """Open items, oldest first."""
    return _inbox(request, app, notice=_decided_notice(decided))


@router.post("/inbox/{item_id}", response_class=HTMLResponse)
def decide(
    request: Request,
    app: App,
    item_id: str,
    action: Annotated[str, Form()],
    text: Annotated[str, Form(max_length=20_000)] = "",
    reason: Annotated[str, Form(max_length=2_000)] = "",
):
    """Record one decision on an item, then show the rest of the inbox."""
    try:
        chosen = InboxAction(action)
    except ValueError:
        return _inbox(request, app, error=f"unknown decision {action!r}", status=422)
    if chosen in (InboxAction.edit, InboxAction.reply) and not text.strip():
        return _inbox(
            request, app, error=f"{chosen.value} needs the text to send", status=422
        )
    decision = InboxDecision(
        item_id=item_id,
        action=chosen,
        by=WEB_DECIDER,
        at=datetime.now(UTC),
        text=text.strip() or None,
        reason=reason.strip(),
    )
    try:
        record_decision(app.database, decision)
    except UnknownInboxItem as error:
        return _inbox(request, app, error=str(error), status=404)
    except AlreadyDecided as error:
        return _inbox(request, app, error=str(error), status=409)
    except DecisionRefused as error:
        return _inbox(request, app, error=str(error), status=422)
    return RedirectResponse(f"/inbox?decided={item_id}:{chosen.value}", status_code=303)


def _inbox(
    request: Request,
    app: App,
    *,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    with app.database.session() as session:
        items = list_items(session)
    return render(
        request,
        "inbox.html",
        status,
        nav="Inbox",
        items=items,
        notice=notice,
        error=error,
    )


def _decided_notice(decided: str | None) -> str | None:
    if not decided or ":" not in decided:
        return None
    item_id, action = decided.split(":", 1)
    past = {"approve": "approved", "edit": "edited", "reply": "replied to"}
    return f"Item {item_id} {past.get(action, 'ignored')}."
