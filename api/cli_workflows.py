"""`csops workflows`: list, show, compare and publish saved workflow versions.

Refs are `ID` (the latest version) or `ID@VERSION`. A ref that names nothing, or a
version that fails lint at publish time, prints one line to stderr (then one line
per lint error) and exits with code 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
import yaml
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.context import open_store
from api.errors import fail
from api.render import render_result, result_document
from domain.diff import diff_workflows
from domain.lint import lint_workflow
from tools.settings import Settings
from tools.workflow_store import (
    PublishRefused,
    StoredVersion,
    WorkflowStore,
    WorkflowStoreError,
    WorkflowSummary,
)

app = typer.Typer(
    help="List, show, compare and publish saved workflows.", no_args_is_help=True
)
console = Console()

RefArgument = Annotated[str, typer.Argument(help="ID (latest version) or ID@VERSION.")]


class Format(StrEnum):
    text = "text"
    json = "json"
    yaml = "yaml"
    mermaid = "mermaid"


@app.command("list")
def list_workflows() -> None:
    """List saved workflows with their latest and published versions."""
    summaries = _store().list()
    if not summaries:
        console.print("no saved workflows yet; save one with `csops design --save`")
        return
    table = Table(box=box.SIMPLE_HEAD)
    # Ids are what users copy into the next command: never cut them short.
    id_width = max(len(summary.workflow_id) for summary in summaries)
    table.add_column("id", no_wrap=True, min_width=id_width)
    for column in ("workflow", "latest", "published", "steps", "lint\nerrors"):
        table.add_column(column, overflow="fold")
    for summary in summaries:
        table.add_row(*_summary_cells(summary))
    console.print(table)


@app.command("show")
def show(
    ref: RefArgument,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = (
        Format.text
    ),
) -> None:
    """Show one version: its steps, lint, assumptions and questions."""
    stored = _get(_store(), ref)
    # Lint again, as publish does, so what is shown is what publish would decide.
    result = stored.result.model_copy(update={"lint": lint_workflow(stored.workflow)})
    if fmt in (Format.json, Format.yaml):
        document = _version_document(stored) | result_document(result)
        console.out(_dump(document, fmt), highlight=False)
        return
    if fmt is Format.text:
        console.print(f"[bold]{stored.ref}[/] · {_status(stored)}")
    render_result(result, fmt.value, console)


@app.command("diff")
def diff(old: RefArgument, new: RefArgument) -> None:
    """Show what changed from the OLD version to the NEW one."""
    store = _store()
    old_version, new_version = _get(store, old), _get(store, new)
    changes = diff_workflows(old_version.workflow, new_version.workflow)
    console.print(f"{old_version.ref} -> {new_version.ref}", markup=False)
    if changes.is_empty:
        console.print("no differences")
    for line in changes.lines():
        console.print(line, markup=False, highlight=False)


@app.command("publish")
def publish(ref: RefArgument) -> None:
    """Publish a version; it replaces the published one, if any."""
    try:
        outcome = _store().publish(ref)
    except PublishRefused as refused:
        fail(str(refused), *refused.finding_lines())
    except WorkflowStoreError as error:
        fail(str(error))
    console.print(outcome.describe(), markup=False)


def _store() -> WorkflowStore:
    return open_store(Settings())


def _get(store: WorkflowStore, ref: str) -> StoredVersion:
    try:
        return store.get(ref)
    except WorkflowStoreError as error:
        fail(str(error))


def _summary_cells(summary: WorkflowSummary) -> list[str]:
    errors = summary.lint_errors
    published = summary.published_version
    return [
        summary.workflow_id,
        f"{escape(summary.name)}\n[dim]{summary.journey}[/]",
        f"v{summary.latest_version}\n[dim]{summary.latest_status}[/]",
        f"v{published}" if published is not None else "—",
        str(summary.step_count),
        f"[red]{errors}[/]" if errors else "0",
    ]


def _status(stored: StoredVersion) -> str:
    if stored.published_at is None:
        return stored.status
    return f"{stored.status} (published {stored.published_at:%Y-%m-%d %H:%M} UTC)"


def _version_document(stored: StoredVersion) -> dict[str, Any]:
    return {
        "ref": str(stored.ref),
        "status": stored.status,
        "source_text": stored.source_text,
        "parent_version": stored.parent_version,
        "created_at": stored.created_at.isoformat(),
        "published_at": stored.published_at.isoformat()
        if stored.published_at
        else None,
    }


def _dump(document: dict[str, Any], fmt: Format) -> str:
    if fmt is Format.json:
        return json.dumps(document, indent=2)
    return yaml.safe_dump(document, sort_keys=False)
