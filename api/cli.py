"""The `csops` command line.

Each command group lives in its own `api/cli_<group>.py` module and is mounted here.
Errors a user can fix print one line and exit with code 2.
"""

from __future__ import annotations

import typer

from api import (
    cli_accounts,
    cli_demo,
    cli_design,
    cli_eval,
    cli_import,
    cli_index,
    cli_sync,
    cli_workflows,
)

app = typer.Typer(
    name="csops",
    help="Customer-success operations: design workflows, assemble context, nudge, "
    "escalate.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
cli_design.register(app)
cli_index.register(app)
app.add_typer(cli_workflows.app, name="workflows")
cli_import.register(app)
app.add_typer(cli_accounts.app, name="accounts")
cli_demo.register(app)
cli_sync.register(app)
app.add_typer(cli_eval.app, name="eval")


def main() -> None:
    app()
