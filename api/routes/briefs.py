"""Account briefs: a brief, or a handoff, renewal or escalation package, that cites
the records behind every claim."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from agents.brief.gather import resolve_account
from api.deps import App, Caller, check_account
from domain.brief import Brief, BriefKind
from graph.brief import build_brief

router = APIRouter(tags=["briefs"])


@router.get("/accounts/{account}/brief", response_model=Brief)
def brief(
    account: str,
    app: App,
    principal: Caller,
    kind: BriefKind = BriefKind.account,
    as_of: Annotated[date | None, Query(description="The brief's today.")] = None,
) -> Brief:
    """Brief an account (id, source id, name or a unique part of it)."""
    found = resolve_account(app.database, account)
    with app.database.session() as session:
        check_account(session, principal, found.id)
    return build_brief(
        app.database,
        app.settings,
        str(found.id),
        kind,
        as_of=as_of,
        retriever=app.retriever,
    )
