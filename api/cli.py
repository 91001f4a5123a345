"""The `csops` command line.

Each command group lives in its own `api/cli_<group>.py` module and is listed in
COMMANDS. Modules load only when their command runs: the model, retrieval and
brief stacks take seconds to import, and `csops --help` or `csops workflows list`
should not pay for them. Errors a user can fix print one line and exit with code 2.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

import typer
from pydantic import ValidationError
from typer.core import TyperCommand, TyperGroup


class Entry(NamedTuple):
    module: str
    attribute: str  # "app": a Typer sub-app; "register": adds top-level commands
    help: str


COMMANDS: dict[str, Entry] = {
    "design": Entry(
        "api.cli_design", "register", "Design a workflow from a journey description."
    ),
    "workflows": Entry(
        "api.cli_workflows", "app", "List, show, compare and publish workflows."
    ),
    "schema": Entry("api.cli_design", "register", "Print the JSON Schema of a model."),
    "run": Entry("api.cli_runs", "app", "Start, list and inspect workflow runs."),
    "tick": Entry(
        "api.cli_runs", "register", "Sweep due work: reminders, escalations."
    ),
    "inbox": Entry("api.cli_inbox", "app", "Approve, edit, reply to or ignore drafts."),
    "brief": Entry("api.cli_brief", "register", "An account brief that cites records."),
    "accounts": Entry("api.cli_accounts", "app", "List and inspect accounts."),
    "import": Entry("api.cli_import", "register", "Import a CRM or ticket export."),
    "sync": Entry("api.cli_sync", "register", "Sync accounts from HubSpot or Zendesk."),
    "demo-data": Entry("api.cli_demo", "register", "Write the demo book of business."),
    "index": Entry("api.cli_index", "register", "Build the search index over notes."),
    "eval": Entry("api.cli_eval", "app", "Run and compare the evaluation suites."),
    "serve": Entry("api.cli_serve", "register", "Serve the HTTP API and web pages."),
}


class LazyCommands(TyperGroup):
    """A command group that imports a command's module only when it is used."""

    _listing_help = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        if self._listing_help:
            return TyperCommand(name=name, help=entry.help, short_help=entry.help)
        return _load(entry, name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing_help = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing_help = False


def _load(entry: Entry, name: str) -> Any:
    module = importlib.import_module(entry.module)
    if entry.attribute == "app":
        command = typer.main.get_command(module.app)
        command.name = name
        return command
    holder = typer.Typer()
    module.register(holder)
    return typer.main.get_group(holder).get_command(None, name)


app = typer.Typer(
    name="csops",
    cls=LazyCommands,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def csops() -> None:
    """Customer-success operations: design workflows, assemble context, nudge,
    escalate."""


def main() -> None:
    try:
        app()
    except ValidationError as error:
        if error.title != "Settings":
            raise
        # A bad environment variable is a usage error: one line per setting.
        for problem in error.errors():
            name = "_".join(str(part) for part in problem["loc"]).upper()
            typer.echo(f"error: CSOPS_{name}: {problem['msg']}", err=True)
        raise SystemExit(2) from None
