"""`csops sync hubspot|zendesk`: read a CRM or ticket desk over its API into the store.

Credentials come from settings (`CSOPS_HUBSPOT_TOKEN`; `CSOPS_ZENDESK_SUBDOMAIN`,
`CSOPS_ZENDESK_EMAIL`, `CSOPS_ZENDESK_TOKEN`). The report is the one `csops import`
prints. A missing setting, a rejected token, a timeout or a service that stays
unavailable prints one line naming the fix and exits with code 2.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from api.cli_import import print_report
from api.errors import fail
from tools.connectors import ConnectorError, run_sync
from tools.db import open_database
from tools.settings import Settings


class System(StrEnum):
    hubspot = "hubspot"
    zendesk = "zendesk"


def register(app: typer.Typer) -> None:
    """Mount `csops sync` on the root command."""
    app.command("sync")(sync)


def sync(
    system: Annotated[System, typer.Argument(help="The service to read.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
) -> None:
    """Sync HubSpot (companies, contacts, deals) or Zendesk (orgs, users, tickets)."""
    settings = Settings()
    database = open_database(settings.resolved_database_url)
    try:
        report = run_sync(database, system.value, settings, dry_run=dry_run)
    except ConnectorError as error:
        fail(str(error))
    finally:
        database.dispose()
    print_report(report, Console())
