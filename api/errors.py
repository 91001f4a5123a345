"""How the CLI reports a problem the user can fix: one line on stderr, exit code 2."""

from __future__ import annotations

from typing import NoReturn

import typer

USAGE_ERROR = 2


def fail(message: str, *details: str) -> NoReturn:
    """Print `error: message` (and any detail lines) to stderr and exit with code 2."""
    typer.echo(f"error: {message}", err=True)
    for line in details:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(USAGE_ERROR)
