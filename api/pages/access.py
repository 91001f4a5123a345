"""Who is using a page, and which accounts they may see: the API's roles, for pages.

`api.pages.guard.PageGuard` puts the principal on the request; a csm sees only the
accounts whose team names their person (`api.deps.on_team`), as on the API.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from api.auth import Principal, Role
from api.deps import on_team
from api.pages.session import OPEN_PRINCIPAL
from api.pages.templating import render


def page_user(request: Request) -> Principal:
    """The signed-in principal (or the open one when no keys are configured)."""
    return getattr(request.state, "principal", OPEN_PRINCIPAL)


def may_see(session: Session, principal: Principal, account_id: int) -> bool:
    """Whether the principal may see the account: a csm only on their teams."""
    return principal.role is not Role.csm or on_team(session, principal, account_id)


def not_yours(request: Request, nav: str) -> HTMLResponse:
    """The 403 page for a csm outside their accounts."""
    return render(
        request,
        "error.html",
        403,
        nav=nav,
        title="Not allowed",
        message="You are not on this account's team.",
        back=("/accounts", "Back to your accounts"),
    )
