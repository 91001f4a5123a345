"""`csops design` and `csops schema`: journey description in, workflow out."""

from __future__ import annotations

import json
import uuid
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from langgraph.types import Command
from rich.console import Console
from rich.markup import escape

from api.context import open_store
from api.errors import fail
from api.render import render_result
from domain.design import DesignInputError, DesignResult, check_description
from domain.diff import diff_workflows
from domain.workflow import Workflow
from graph.design import build_design_graph, design_result
from tools.checkpoints import sqlite_checkpointer
from tools.settings import Settings, SettingsError
from tools.workflow_store import WorkflowStoreError

console = Console()


class Format(StrEnum):
    text = "text"
    json = "json"
    yaml = "yaml"
    mermaid = "mermaid"


class SchemaName(StrEnum):
    workflow = "workflow"
    design = "design"


def design(
    text: Annotated[str | None, typer.Argument(help="The journey description.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the description from F.")
    ] = None,
    from_ref: Annotated[
        str | None,
        typer.Option(
            "--from", help="Refine workflow ID (or ID@VERSION) into a new version."
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = (
        Format.text
    ),
    save: Annotated[bool, typer.Option("--save", help="Save as a draft version.")] = (
        False
    ),
    review: Annotated[
        bool,
        typer.Option("--review", help="Pause for your changes, then save on accept."),
    ] = False,
) -> None:
    """Design a workflow from a journey description, or refine a saved one."""
    description = _read_description(text, file)
    try:
        settings = Settings()
        if from_ref is None:
            description = check_description(description)
    except (DesignInputError, SettingsError) as error:
        fail(str(error))
    save = save or review or from_ref is not None
    store = open_store(settings) if save else None
    base = _load_base(store, from_ref) if from_ref else None
    state = {
        "description": description,
        "base_workflow": base.model_dump(mode="json") if base else None,
        "workflow_id": from_ref.split("@")[0] if from_ref else None,
        "review": review,
        "save": save,
    }
    try:
        final = _run_graph(settings, store, state)
    except (DesignInputError, SettingsError) as error:
        fail(str(error))
    result = design_result(final)
    render_result(result, fmt.value, console)
    _report_saved(final, base, result)


def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema.")] = (
        SchemaName.workflow
    ),
) -> None:
    """Print the JSON Schema of a workflow (or of a whole design result)."""
    model = Workflow if name is SchemaName.workflow else DesignResult
    console.out(json.dumps(model.model_json_schema(), indent=2), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("design")(design)
    app.command("schema")(schema)


def _read_description(text: str | None, file: Path | None) -> str:
    if (text is None) == (file is None):
        fail("give the description as TEXT or with --file F (exactly one of them)")
    if file is None:
        return text or ""
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"file not found: {file}")
    except IsADirectoryError:
        fail(f"{file} is a directory: pass a text file")
    except UnicodeDecodeError:
        fail(f"{file} is not UTF-8 text: save it as UTF-8 and try again")
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror}")


def _load_base(store, ref: str) -> Workflow:
    try:
        return store.get(ref).workflow
    except WorkflowStoreError as error:
        fail(str(error))


def _run_graph(settings: Settings, store, state: dict[str, Any]) -> dict[str, Any]:
    config = {"configurable": {"thread_id": f"design-{uuid.uuid4().hex}"}}
    with sqlite_checkpointer(settings.checkpoint_path) as checkpointer:
        graph = build_design_graph(settings, store=store, checkpointer=checkpointer)
        final = graph.invoke(state, config)
        while "__interrupt__" in final:
            final = graph.invoke(Command(resume=_ask_reviewer(final)), config)
    return final


def _ask_reviewer(paused: dict[str, Any]) -> dict[str, Any]:
    payload = paused["__interrupt__"][0].value
    render_result(design_result(paused), "text", console)
    if payload.get("note"):
        console.print(f"[yellow]{escape(payload['note'])}[/]")
    try:
        answer = typer.prompt(
            "Refine (type a change, e.g. 'Finance owns the invoice step'), or Enter "
            "to accept and save",
            default="",
            show_default=False,
        )
    except typer.Abort:  # end of input or Ctrl-C: exit 2, as every usage error
        fail("review abandoned; nothing was saved")
    # 'accept', 'ok' or 'yes' typed at the prompt accept, like Enter
    if answer.strip().lower().strip(".!") in ("", "accept", "ok", "okay", "yes", "y"):
        return {"action": "accept"}
    return {"action": "refine", "instruction": answer}


def _report_saved(final: dict[str, Any], base: Workflow | None, result) -> None:
    ref = final.get("saved_ref")
    if ref is None:
        return
    err = Console(stderr=True)
    err.print(f"saved draft {ref} (publish with: csops workflows publish {ref})")
    if base is not None:
        changes = diff_workflows(base, result.workflow)
        err.print(f"changes from v{base.version}:")
        for line in changes.lines():
            err.print(f"  {line}", markup=False)
