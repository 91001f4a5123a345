"""`csops accounts list|show`: the book of business in the terminal.

`show` accepts the store id, the source id (e.g. `A-2e4581`) or the exact name; an
unknown account prints one line naming the nearest candidates and exits with code 2.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.errors import fail
from tools.accounts.repository import (
    AccountNotFoundError,
    find_account,
    get_account_team,
    get_contacts,
    get_deals,
    get_health,
    get_subscriptions,
    get_tickets,
    list_accounts,
)
from tools.db import Database, open_database
from tools.settings import Settings

app = typer.Typer(help="List and inspect accounts.", no_args_is_help=True)


@app.command("list")
def list_command(
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 100,
) -> None:
    """List accounts by name with their plan, seats and source."""
    database = _database()
    with database.session() as session:
        accounts = list_accounts(session, limit=limit)
    table = Table(title=f"{len(accounts)} accounts")
    for column in ("id", "name", "source", "plan", "seats", "churned"):
        table.add_column(column)
    for account in accounts:
        source = f"{account.source_system}:{account.source_id}"
        cells = (account.plan_tier or "", str(account.seats or ""))
        churned = "[red]yes[/]" if account.churned else ""
        table.add_row(str(account.id), account.name, source, *cells, churned)
    Console().print(table)


@app.command("show")
def show(
    account: Annotated[str, typer.Argument(help="Id, source id or name.")],
) -> None:
    """Show one account: health, team, contacts, contracts, deals, recent tickets."""
    database = _database()
    with database.session() as session:
        try:
            found = find_account(session, account)
        except AccountNotFoundError as error:
            fail(str(error))
        sections = _sections(session, found.id)
    console = Console()
    console.print(
        f"[bold]{found.name}[/] #{found.id} {found.source_system}:{found.source_id}"
    )
    for table in sections:
        if table.row_count:
            console.print(table)


def _sections(session, account_id: int) -> list[Table]:
    health = get_health(session, account_id)
    tables = [_table("health", ("component", "score", "why"))]
    for part in health.components if health else []:
        tables[0].add_row(part.name, f"{part.score:.0f}", part.explanation)
    if health:
        tables[0].add_row("[bold]overall", f"{health.score:.0f}", health.band.value)
    tables.append(_table("team", ("role", "name", "email", "manager")))
    for m in get_account_team(session, account_id):
        tables[-1].add_row(m.role, m.name, m.email or "", m.manager_name or "")
    tables.append(_table("contacts", ("role", "name", "title", "email")))
    for c in get_contacts(session, account_id):
        tables[-1].add_row(c.role, c.name, c.title or "", c.email or "")
    tables.append(_contracts(session, account_id))
    tables.append(_table("deals", ("name", "stage", "amount", "close")))
    for d in get_deals(session, account_id):
        tables[-1].add_row(
            d.name, d.stage or "", str(d.amount or ""), str(d.close_date)
        )
    tables.append(
        _table("recent tickets", ("created", "priority", "status", "subject"))
    )
    for t in get_tickets(session, account_id, limit=10):
        tables[-1].add_row(
            str(t.created_at), t.priority or "", t.status or "", t.subject or ""
        )
    return tables


def _contracts(session, account_id: int) -> Table:
    table = _table("subscriptions", ("plan", "seats", "arr", "start", "renewal"))
    for s in get_subscriptions(session, account_id)[:10]:
        renewal = f"{s.renewal_date}{' (derived)' if s.renewal_date_derived else ''}"
        table.add_row(
            s.plan or "",
            str(s.seats or ""),
            str(s.arr or ""),
            str(s.start_date),
            renewal,
        )
    return table


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


def _database() -> Database:
    return open_database(Settings().resolved_database_url)
