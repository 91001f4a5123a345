"""`csops demo-data`: write a realistic sample book of business into the store.

The book is deterministic for a seed and a day (`--as-of`, default today, so renewals
always fall in the coming year). Running it again updates the demo rows in place and
never duplicates them; rows from real imports are left alone (source system `demo`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console

from api.cli_import import print_report
from api.errors import fail
from tools.db import open_database
from tools.demo_data import DEFAULT_ACCOUNTS, DEFAULT_SEED, write_demo_data
from tools.settings import Settings


def register(app: typer.Typer) -> None:
    """Mount `csops demo-data` on the root command."""
    app.command("demo-data")(demo_data)


def demo_data(
    accounts: Annotated[
        int, typer.Option(help="How many accounts the book holds.")
    ] = DEFAULT_ACCOUNTS,
    seed: Annotated[int, typer.Option(help="Seed of every random choice.")] = (
        DEFAULT_SEED
    ),
    as_of: Annotated[
        str | None,
        typer.Option(help="The book's today (YYYY-MM-DD); default: today."),
    ] = None,
) -> None:
    """Write a deterministic demo book (accounts, teams, tickets, usage, NPS, notes)."""
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of {as_of!r} is not a date; write it as YYYY-MM-DD")
    database = open_database(Settings().resolved_database_url)
    try:
        report = write_demo_data(database, accounts=accounts, seed=seed, as_of=day)
    except ValueError as error:
        fail(str(error))
    finally:
        database.dispose()
    print_report(report, Console())
