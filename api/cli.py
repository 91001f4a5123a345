"""The `csops` command line.

Each command group lives in its own `api/cli_<group>.py` module and is mounted here.
Errors a user can fix print one line and exit with code 2.
"""

from __future__ import annotations

import typer

from api import cli_design, cli_workflows

app = typer.Typer(
    name="csops",
    help="Customer-success operations: design workflows, assemble context, nudge, "
    "escalate.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
cli_design.register(app)
app.add_typer(cli_workflows.app, name="workflows")


def main() -> None:
    app()
