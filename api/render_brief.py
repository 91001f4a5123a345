"""Renderings of a brief: rich text for the terminal, Markdown, and JSON for the API.

Record text reaches these renderers inside claims (quotes of tickets and notes), so
the rich renderer escapes every claim: markup or braces a customer typed print as
typed. The JSON document is the API's shape: `claims`, each with its `citations`,
plus the sections, conflicts, dropped claims and footer.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from rich.console import Console
from rich.markup import escape

from domain.brief import Brief, Claim, Conflict

BriefFormat = Literal["text", "md", "json"]


def brief_document(brief: Brief) -> dict[str, Any]:
    """The JSON shape of a brief."""
    document = brief.model_dump(mode="json", exclude={"sections"})
    document["claims"] = [claim.model_dump(mode="json") for claim in brief.claims]
    document["sections"] = [
        {"key": s.key, "title": s.title, "claims": len(s.claims)}
        for s in brief.sections
    ]
    return document


def render_brief(brief: Brief, fmt: BriefFormat, console: Console) -> None:
    """Print a brief in the chosen format."""
    if fmt == "json":
        console.out(json.dumps(brief_document(brief), indent=2), highlight=False)
    elif fmt == "md":
        console.out(brief_markdown(brief), highlight=False)
    else:
        render_brief_text(brief, console)


def brief_markdown(brief: Brief) -> str:
    """The brief as Markdown: sections of cited bullets, conflicts as a table."""
    lines = [f"# {brief.kind.value.capitalize()} brief: {brief.account_name}", ""]
    lines.append(f"_As of {_as_of(brief)}; engine: {_engine(brief)}._")
    for section in brief.sections:
        lines += ["", f"## {section.title}", ""]
        lines += [f"- {_md_claim(c)}" for c in section.claims] or [
            "- nothing on record"
        ]
    if brief.conflicts:
        lines += ["", "## Conflicting sources", "", "| topic | one source | other |"]
        lines.append("| --- | --- | --- |")
        lines += [_md_conflict(conflict) for conflict in brief.conflicts]
    lines += ["", "---", _footer_line(brief)]
    return "\n".join(lines) + "\n"


def render_brief_text(brief: Brief, console: Console) -> None:
    """The brief for the terminal, stale facts dimmed and flagged."""
    title = f"{brief.kind.value.capitalize()} brief: {brief.account_name}"
    console.print(f"[bold]{escape(title)}[/]  [dim]as of {escape(_as_of(brief))}[/]")
    console.print(f"[dim]engine: {escape(_engine(brief))}[/]")
    for section in brief.sections:
        console.print(f"\n[bold cyan]{escape(section.title)}[/]")
        if not section.claims:
            console.print("  [dim]nothing on record[/]")
        for claim in section.claims:
            console.print(_text_claim(claim))
    if brief.conflicts:
        console.print("\n[bold yellow]Conflicting sources[/]")
        for conflict in brief.conflicts:
            console.print(_text_conflict(conflict))
    console.print(f"\n[dim]{escape(_footer_line(brief))}[/]")


def _text_claim(claim: Claim) -> str:
    stale = " [yellow](stale)[/]" if claim.stale else ""
    cites = escape(_cites(claim))
    return f"  • {escape(claim.text)}{stale} [dim]{cites}[/]"


def _text_conflict(conflict: Conflict) -> str:
    left, right = conflict.left, conflict.right
    return (
        f"  [yellow]{escape(conflict.topic)}[/]\n"
        f"    ◀ {escape(left.text)} [dim]{escape(_cites(left))}[/]\n"
        f"    ▶ {escape(right.text)} [dim]{escape(_cites(right))}[/]"
    )


def _md_claim(claim: Claim) -> str:
    stale = " **(stale)**" if claim.stale else ""
    return f"{claim.text}{stale} {_cites(claim)}"


def _md_conflict(conflict: Conflict) -> str:
    def cell(claim: Claim) -> str:
        return f"{claim.text} {_cites(claim)}".replace("|", "\\|")

    return f"| {conflict.topic} | {cell(conflict.left)} | {cell(conflict.right)} |"


def _cites(claim: Claim) -> str:
    return " ".join(
        f"[{c.record_type}:{c.record_id} @ {c.as_of.isoformat()}]"
        for c in claim.citations
    )


AS_OF_BASIS = {
    "given": "",
    "data": " (the data's date: its import's export date; --as-of to change)",
    "today": " (today: no import date on record)",
}


def _as_of(brief: Brief) -> str:
    return brief.as_of.isoformat() + AS_OF_BASIS[brief.as_of_basis]


def _engine(brief: Brief) -> str:
    if brief.fallback_reason:
        return f"{brief.engine} (fallback: {brief.fallback_reason})"
    return brief.engine


def _footer_line(brief: Brief) -> str:
    f = brief.footer
    return (
        f"{f.claims} claims, {f.citations} citations; {f.stale} stale (older than "
        f"{f.stale_after_days} days); {f.conflicts} conflicts; "
        f"{f.dropped_ungrounded} ungrounded claims dropped."
    )
