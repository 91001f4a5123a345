"""Accounts with a team and contacts, and published workflows, for run tests."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from domain.design import DesignResult
from domain.workflow import Workflow
from tools.accounts.book import (
    AccountRow,
    AccountTeamRow,
    ContactRow,
    DealRow,
    PersonRow,
    SubscriptionRow,
)
from tools.db import Database
from tools.workflow_store import WorkflowStore

IMPORTED = datetime(2025, 1, 1)
_KEYS = itertools.count(1)

TEAM = {
    "ae": ("Ana Alves", "ana@vendor.test", "America/New_York"),
    "csm": ("Carl Chen", "carl@vendor.test", "America/New_York"),
    "cs_manager": ("Mona Meyer", "mona@vendor.test", "America/New_York"),
}
CONTACTS = {
    "champion": ("Chloe Park", "chloe@acme.test", "Europe/Berlin"),
    "admin": ("Adam Roth", "adam@acme.test", "Europe/Berlin"),
}


def seed_account(
    database: Database,
    name: str = "Acme",
    *,
    country: str | None = "US",
    time_zone: str | None = "America/New_York",
    team: dict[str, tuple[str, str, str | None]] | None = None,
    contacts: dict[str, tuple[str, str, str | None]] | None = None,
) -> int:
    """An account with people in team seats and contacts in roles; its id."""
    team = TEAM if team is None else team
    contacts = CONTACTS if contacts is None else contacts
    with database.session() as session:
        account = AccountRow(
            **_sourced(),
            name=name,
            country=country,
            time_zone=time_zone,
            churned=False,
            attributes={},
        )
        session.add(account)
        session.flush()
        for seat, (person_name, email, zone) in team.items():
            person = PersonRow(
                **_sourced(),
                name=person_name,
                email=email,
                time_zone=zone,
                attributes={},
            )
            session.add(person)
            session.flush()
            session.add(
                AccountTeamRow(
                    **_sourced(), account_id=account.id, person_id=person.id, role=seat
                )
            )
        for role, (contact_name, email, zone) in contacts.items():
            session.add(
                ContactRow(
                    **_sourced(),
                    account_id=account.id,
                    name=contact_name,
                    email=email,
                    role=role,
                    time_zone=zone,
                    attributes={},
                )
            )
        return account.id


def add_contact(
    database: Database, account_id: int, role: str, name: str, email: str
) -> None:
    with database.session() as session:
        session.add(
            ContactRow(
                **_sourced(),
                account_id=account_id,
                name=name,
                email=email,
                role=role,
                attributes={},
            )
        )


def add_deal(database: Database, account_id: int, closed: date, won: bool = True):
    with database.session() as session:
        session.add(
            DealRow(
                **_sourced(),
                account_id=account_id,
                name="New logo",
                close_date=closed,
                is_closed=True,
                is_won=won,
            )
        )


def add_renewal(database: Database, account_id: int, renews: date) -> None:
    with database.session() as session:
        session.add(
            SubscriptionRow(
                **_sourced(), account_id=account_id, renewal_date=renews, attributes={}
            )
        )


def publish(database: Database, workflow: Workflow) -> str:
    """Save `workflow` as a draft, publish it, and return its workflow id."""
    store = WorkflowStore(database)
    ref = store.save_draft(DesignResult(workflow=workflow, engine="offline"), "test")
    store.publish(str(ref))
    return ref.workflow_id


def draft(database: Database, workflow: Workflow) -> str:
    store = WorkflowStore(database)
    ref = store.save_draft(DesignResult(workflow=workflow, engine="offline"), "test")
    return ref.workflow_id


def _sourced() -> dict[str, Any]:
    return {
        "source_system": "test",
        "source_id": f"t{next(_KEYS)}",
        "imported_at": IMPORTED,
    }


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)
