"""Accounts: the book of business, and one account's records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.auth import Role
from api.deps import App, Caller, check_account, on_team
from domain.accounts import Account, Contact, Deal, Subscription, TeamMember, Ticket
from domain.health import HealthScore
from tools.accounts.repository import (
    find_account,
    get_account_team,
    get_contacts,
    get_deals,
    get_health,
    get_subscriptions,
    get_tickets,
    list_accounts,
)

router = APIRouter(prefix="/accounts", tags=["accounts"])


class AccountDetail(BaseModel):
    """One account with its health, team, contacts, contracts, deals and tickets."""

    account: Account
    health: HealthScore | None
    team: list[TeamMember]
    contacts: list[Contact]
    subscriptions: list[Subscription]
    deals: list[Deal]
    recent_tickets: list[Ticket]


@router.get("", response_model=list[Account])
def list_book(
    app: App,
    principal: Caller,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Account]:
    """Accounts by name; a csm sees only the accounts on their team."""
    with app.database.session() as session:
        if principal.role is not Role.csm:
            return list_accounts(session, limit=limit)
        mine = [
            account
            for account in list_accounts(session)
            if on_team(session, principal, account.id)
        ]
    return mine[:limit]


@router.get("/{account}", response_model=AccountDetail)
def show_account(account: str, app: App, principal: Caller) -> AccountDetail:
    """One account: health, team, contacts, subscriptions, deals, recent tickets."""
    with app.database.session() as session:
        found = find_account(session, account)
        check_account(session, principal, found.id)
        return AccountDetail(
            account=found,
            health=get_health(session, found.id),
            team=get_account_team(session, found.id),
            contacts=get_contacts(session, found.id),
            subscriptions=get_subscriptions(session, found.id),
            deals=get_deals(session, found.id),
            recent_tickets=get_tickets(session, found.id, limit=10),
        )
