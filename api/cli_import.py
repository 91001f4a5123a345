"""`csops import FORMAT PATH`: bring a CRM or ticket export into the account store.

Prints a table of rows read / created / updated / unchanged / rejected per entity,
then every rejected row (file, line, field, reason) and each kind of handled dirt once
with its count. An unusable path or format prints one line and exits with code 2.
"""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.errors import fail
from tools.db import open_database
from tools.importers import FORMATS, ImportReport, run_import
from tools.importers.csv_source import DEFAULT_ENCODING
from tools.settings import Settings


def register(app: typer.Typer) -> None:
    """Mount `csops import` on the root command."""
    app.command("import")(import_export)


def import_export(
    format: Annotated[str, typer.Argument(help=f"One of: {', '.join(FORMATS)}.")],
    path: Annotated[Path, typer.Argument(help="Export folder (or CSV file for csv).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    column_map: Annotated[
        Path | None, typer.Option("--map", help="YAML column map (csv format).")
    ] = None,
    source_system: Annotated[
        str | None, typer.Option(help="Name of the source system the rows come from.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Day to derive renewals up to (YYYY-MM-DD).")
    ] = None,
    encoding: Annotated[
        str, typer.Option(help="Text encoding of CSV files, e.g. latin-1.")
    ] = DEFAULT_ENCODING,
) -> None:
    """Import an export (saas-csv, salesforce-tree, zendesk, csv) idempotently."""
    if not path.exists():
        fail(f"{path} does not exist")
    day = _day(as_of)
    _check_encoding(encoding)
    database = open_database(Settings().resolved_database_url)
    try:
        report = run_import(
            database,
            format,
            path,
            dry_run=dry_run,
            column_map=column_map,
            source_system=source_system,
            as_of=day,
            encoding=encoding,
        )
    except ValueError as error:
        fail(str(error))
    finally:
        database.dispose()
    print_report(report, Console())


def _where(file: str, line: int | None) -> str:
    return file if line is None else f"{file}:{line}"


def _day(as_of: str | None) -> date | None:
    try:
        return date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of {as_of!r} is not a date; write it as YYYY-MM-DD")


def _check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        fail(f"--encoding {encoding!r} is unknown; try utf-8, latin-1 or cp1252")


def print_report(report: ImportReport, console: Console) -> None:
    """Render an import report as tables."""
    title = f"{report.format} import of {report.path} ({report.source_system})"
    if report.dry_run:
        title += " [yellow]dry run: nothing written[/]"
    table = Table(title=title)
    for column in ("entity", "read", "created", "updated", "unchanged", "rejected"):
        table.add_column(column, justify="left" if column == "entity" else "right")
    for entity, counts in report.counts.items():
        cells = (counts.read, counts.created, counts.updated, counts.unchanged)
        rejected = f"[red]{counts.rejected}[/]" if counts.rejected else "0"
        table.add_row(entity, *map(str, cells), rejected)
    console.print(table)
    for rejection in report.rejections:
        where = escape(_where(rejection.file, rejection.line))
        reason = escape(f"{rejection.field}: {rejection.reason}")
        console.print(f"[red]rejected[/] {where} {reason}")
    for code, count, first in report.warning_summary():
        where = escape(f"{_where(first.file, first.line)}: {first.message}")
        console.print(f"[yellow]warning[/] {code} x{count} (first {where})")
    console.print(f"{report.rows_read} rows in {report.seconds:.2f}s")
