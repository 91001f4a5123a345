"""Terminal and file renderings of designed workflows: text, JSON, YAML, Mermaid."""

from __future__ import annotations

import json
from typing import Any, Literal

import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from domain.design import DesignResult
from domain.mermaid import trigger_text, workflow_mermaid
from domain.workflow import Step, Workflow

OutputFormat = Literal["text", "json", "yaml", "mermaid"]
ASSUMED = "[dim italic](assumed)[/]"


def result_document(result: DesignResult) -> dict[str, Any]:
    """The JSON shape of a design: the workflow plus lint, assumptions, questions."""
    return {
        "workflow": result.workflow.model_dump(mode="json"),
        "lint": [finding.model_dump(mode="json") for finding in result.lint],
        "assumptions": [item.model_dump(mode="json") for item in result.assumptions],
        "questions": [item.model_dump(mode="json") for item in result.questions],
        "engine": result.engine,
        "fallback_reason": result.fallback_reason,
    }


def render_result(result: DesignResult, fmt: OutputFormat, console: Console) -> None:
    """Print a design in the chosen format."""
    if fmt == "json":
        console.out(json.dumps(result_document(result), indent=2), highlight=False)
    elif fmt == "yaml":
        document = yaml.safe_dump(result_document(result), sort_keys=False)
        console.out(document, highlight=False)
    elif fmt == "mermaid":
        console.out(workflow_mermaid(result.workflow), highlight=False)
    else:
        render_design_text(result, console)


def render_design_text(result: DesignResult, console: Console) -> None:
    """The step table, lint findings, assumptions and questions."""
    engine = result.engine
    if result.fallback_reason:
        engine += f" (fallback: {result.fallback_reason})"
    console.print(f"[dim]engine: {engine}[/]")
    render_workflow_table(result.workflow, console)
    _render_lint(result, console)
    if result.assumptions:
        console.print(f"\n[bold]Assumptions[/] ({len(result.assumptions)})")
        for item in result.assumptions:
            where = f"{item.step_id}: " if item.step_id else ""
            console.print(
                f"  • {escape(where + item.field)} = {escape(item.value)} "
                f"[dim]({escape(item.reason)})[/]"
            )
    if result.questions:
        console.print(f"\n[bold]Open questions[/] ({len(result.questions)})")
        for question in result.questions:
            where = f"{question.step_id}: " if question.step_id else ""
            console.print(f"  ? {escape(where + question.question)}")


def render_workflow_table(workflow: Workflow, console: Console) -> None:
    """A workflow's header line and its table of steps."""
    trigger = escape(trigger_text(workflow.trigger))
    if workflow.trigger and workflow.trigger.provenance == "assumed":
        trigger += f" {ASSUMED}"
    console.print(
        f"[bold]{escape(workflow.name)}[/] · {workflow.journey.value}"
        f" · v{workflow.version} · trigger: {trigger}"
    )
    table = Table(show_lines=True)
    for column in ("#", "step", "owner", "SLA", "handoff", "escalation", "after"):
        table.add_column(column, overflow="fold")
    for number, step in enumerate(workflow.steps, start=1):
        table.add_row(str(number), *_step_cells(workflow, step))
    console.print(table)


def _step_cells(workflow: Workflow, step: Step) -> list[str]:
    return [
        f"{escape(step.title)}\n[dim]{step.id} · {step.kind.value}"
        + (f" · link: {step.customer_action.value}" if step.customer_action else "")
        + "[/]",
        _owner_cell(workflow, step),
        _sla_cell(step),
        _handoff_cell(workflow, step),
        "\n".join(
            f"+{rung.after} → {_role_name(workflow, rung.to_role)}"
            + (f" {ASSUMED}" if rung.provenance == "assumed" else "")
            for rung in step.escalation
        )
        or "[red]none[/]",
        ", ".join(step.depends_on) or "start",
    ]


def _owner_cell(workflow: Workflow, step: Step) -> str:
    if step.owner is None:
        return "[red]none[/]"
    name = _role_name(workflow, step.owner)
    return name + (f" {ASSUMED}" if step.owner_provenance == "assumed" else "")


def _sla_cell(step: Step) -> str:
    if step.sla is None:
        return "[red]none[/]"
    text = str(step.sla.duration)
    if step.sla.anchor.value == "run_start":
        text = f"by {text} from start"
    elif step.sla.anchor.value == "before_renewal":
        text = f"{text} before renewal"
    if step.sla.pauses_when_waiting_external:
        text += "\n[dim]pauses on external[/]"
    return text + (f" {ASSUMED}" if step.sla.provenance == "assumed" else "")


def _handoff_cell(workflow: Workflow, step: Step) -> str:
    handoff = step.handoff
    if handoff is None:
        return ""
    sides = (
        f"{_role_name(workflow, handoff.from_role)} → "
        f"{_role_name(workflow, handoff.to_role)}"
    )
    context = (
        f"\n[dim]with: {escape(', '.join(handoff.context))}[/]"
        if handoff.context
        else ""
    )
    return sides + context + (f" {ASSUMED}" if handoff.provenance == "assumed" else "")


def _role_name(workflow: Workflow, role_id: str | None) -> str:
    role = workflow.role(role_id)
    if role is None:
        return f"[red]{escape(role_id or 'none')}[/]"
    marker = " [yellow](ext)[/]" if role.side.value == "external" else ""
    return escape(role.name) + marker


def _render_lint(result: DesignResult, console: Console) -> None:
    if not result.lint:
        console.print("\n[green]Lint: clean, ready to publish[/]")
        return
    console.print(f"\n[bold]Lint[/] ({len(result.blocking)} blocking)")
    for finding in result.lint:
        colour = "red" if finding.severity == "error" else "yellow"
        console.print(
            f"  [{colour}]{finding.severity}[/] {finding.rule}: "
            f"{escape(finding.message)}"
            f"\n    fix: {escape(finding.fix)}"
        )
