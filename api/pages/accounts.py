"""The account pages: the book, one account with its brief, and the cited records.

Each claim of the brief links to `/records/{type}/{id}`, the row it cites. The
brief is built with `graph.brief.build_brief` from the store alone; the context
index (`csops index`) is not opened per request, because loading the local
embedding model would stall a page for seconds. A shared, warm retriever on
`Services` would let the page cite retrieved passages as the CLI does.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import App
from api.pages.access import may_see, not_yours, page_user
from api.pages.records import UnknownRecord, read_record
from api.pages.run_details import account_runs
from api.pages.templating import render
from domain.brief import BriefKind
from graph.brief import build_brief
from tools.accounts.repository import (
    AccountNotFoundError,
    find_account,
    get_health,
    list_accounts,
)
from tools.settings import SettingsError

router = APIRouter(include_in_schema=False)

_LISTED_ACCOUNTS = 200
_PAGE = ["GET", "HEAD"]


@router.api_route("/accounts", methods=_PAGE, response_class=HTMLResponse)
def accounts_page(request: Request, app: App):
    """The book of business, by name, with each account's health band."""
    principal = page_user(request)
    with app.database.session() as session:
        accounts = list_accounts(session, limit=_LISTED_ACCOUNTS)
        accounts = [a for a in accounts if may_see(session, principal, a.id)]
        health = {a.id: get_health(session, a.id) for a in accounts}
    return render(
        request, "accounts.html", nav="Accounts", accounts=accounts, health=health
    )


@router.api_route("/accounts/{key}", methods=_PAGE, response_class=HTMLResponse)
def account_page(
    request: Request,
    app: App,
    key: str,
    kind: str = "account",
    as_of: date | None = None,
):
    """One account's brief of the chosen kind; every claim links to its records."""
    try:
        brief_kind = BriefKind(kind)
    except ValueError:
        kinds = ", ".join(k.value for k in BriefKind)
        return _error(request, 422, f"unknown brief kind {kind!r}; use one of {kinds}")
    try:
        with app.database.session() as session:
            account = find_account(session, key)
            if not may_see(session, page_user(request), account.id):
                return not_yours(request, "Accounts")
            runs = account_runs(session, account.id)
        brief = build_brief(app.database, app.settings, key, brief_kind, as_of=as_of)
    except AccountNotFoundError as error:
        return _error(request, 404, str(error))
    except SettingsError as error:
        return _error(request, 503, str(error))
    return render(
        request,
        "account.html",
        nav="Accounts",
        brief=brief,
        kinds=[k.value for k in BriefKind],
        as_of=as_of,
        runs=runs,
        workflows=[w for w in app.store.list() if w.published_version is not None],
    )


@router.api_route(
    "/records/{record_type}/{record_id:path}",
    methods=_PAGE,
    response_class=HTMLResponse,
)
def record_page(request: Request, app: App, record_type: str, record_id: str):
    """The stored record a claim cites: a ticket, note, deal, subscription..."""
    try:
        with app.database.session() as session:
            record = read_record(session, record_type, record_id)
            allowed = record.account_id is None or may_see(
                session, page_user(request), int(record.account_id)
            )
    except UnknownRecord as error:
        return _error(request, 404, str(error))
    if not allowed:
        return not_yours(request, "Accounts")
    return render(request, "record.html", nav="Accounts", record=record)


def _error(request: Request, status_code: int, message: str) -> HTMLResponse:
    title = "Not found" if status_code == 404 else "Cannot show this page"
    return render(
        request,
        "error.html",
        status_code,
        nav="Accounts",
        title=title,
        message=message,
        back=("/accounts", "Back to accounts"),
    )
