"""`csops inbox`: drafts waiting for a human, and the one decision each gets.

`csops inbox` lists open items; `csops inbox show ID` prints one draft in full.
`approve`, `edit --text`, `reply --text` and `ignore` decide an item and resume its
run graph; what the decision sends goes out through the outbox at once (or when
quiet hours end). An escalation is acknowledged by `approve`, or decided with
`--close`, `--extend HOURS --reason`, or `--reassign EMAIL`. A second decision on
an item, or an edit that would show a customer internal data, prints one line and
exits with code 2.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.errors import fail
from domain.nudges import EscalationAction, EscalationDecision
from graph.approvals import decide, run_graph
from tools.db import Database, open_database
from tools.inbox.masking import masked_item
from tools.inbox.store import (
    InboxAction,
    InboxDecision,
    InboxError,
    get_item,
    list_items,
)
from tools.outbox.delivery import deliver_queued
from tools.outbox.routing import channels_from
from tools.settings import Settings

app = typer.Typer(
    help="Work the inbox: approve, edit, reply to or ignore drafted nudges and "
    "escalations.",
    invoke_without_command=True,
)

ItemArgument = Annotated[
    str, typer.Argument(help="Inbox item id, e.g. ib_3f1c0a9b7e2d.")
]
ByOption = Annotated[str, typer.Option("--by", help="Who decides (email).")]
NowOption = Annotated[
    str | None, typer.Option("--now", help="ISO time with offset; default: now.")
]
TextOption = Annotated[str, typer.Option("--text", help="The words to send.")]


@app.callback()
def inbox(
    context: typer.Context,
    everything: Annotated[
        bool, typer.Option("--all", help="Include decided items.")
    ] = False,
) -> None:
    """List the open inbox items, oldest first."""
    if context.invoked_subcommand is not None:
        return
    database, _ = _open()
    with database.session() as session:
        items = list_items(session, include_decided=everything)
    if not items:
        Console().print("the inbox is empty")
        return
    table = Table(title=f"{len(items)} inbox items", title_justify="left")
    for column in ("id", "kind", "to", "subject", "why it waits"):
        table.add_column(column, overflow="fold")
    for item in items:
        why = "; ".join(item.reasons) if item.status == "open" else "decided"
        table.add_row(
            item.id, item.kind, item.recipient, escape(item.draft.subject), escape(why)
        )
    Console().print(table)


@app.command("show")
def show(item_id: ItemArgument) -> None:
    """Print one item's draft as its recipient would read it."""
    database, _ = _open()
    with database.session() as session:
        try:
            item = masked_item(get_item(session, item_id))
        except InboxError as error:
            fail(str(error))
    Console().print(f"[bold]{escape(item.draft.subject)}[/] -> {item.recipient}")
    Console().print(escape(item.draft.text), highlight=False)


@app.command("approve")
def approve(
    item_id: ItemArgument,
    by: ByOption,
    close: Annotated[bool, typer.Option(help="Escalation: close the step.")] = False,
    extend: Annotated[
        float | None, typer.Option(help="Escalation: extend the SLA by HOURS.")
    ] = None,
    reassign: Annotated[
        str | None, typer.Option(help="Escalation: the new owner's email.")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why (required to extend).")] = "",
    now: NowOption = None,
) -> None:
    """Send the draft as it is (an escalation: acknowledge or decide it)."""
    data = _escalation(by, close, extend, reassign, reason)
    _decide(item_id, InboxAction.approve, by, now, reason=reason, data=data)


@app.command("edit")
def edit(
    item_id: ItemArgument, by: ByOption, text: TextOption, now: NowOption = None
) -> None:
    """Send your text in place of the draft."""
    _decide(item_id, InboxAction.edit, by, now, text=text)


@app.command("reply")
def reply(
    item_id: ItemArgument, by: ByOption, text: TextOption, now: NowOption = None
) -> None:
    """Answer the person who owes the step in your own words; the draft is not sent."""
    _decide(item_id, InboxAction.reply, by, now, text=text)


@app.command("ignore")
def ignore(
    item_id: ItemArgument,
    by: ByOption,
    reason: Annotated[str, typer.Option(help="Why nothing is sent.")] = "",
    now: NowOption = None,
) -> None:
    """Send nothing."""
    _decide(item_id, InboxAction.ignore, by, now, reason=reason)


def _escalation(by, close, extend, reassign, reason) -> dict:
    chosen = [
        (EscalationAction.close, close),
        (EscalationAction.extend, extend is not None),
        (EscalationAction.reassign, reassign is not None),
    ]
    picked = [action for action, wanted in chosen if wanted]
    if len(picked) > 1:
        fail("choose one of --close, --extend, --reassign")
    if not picked:
        return {}
    try:
        decision = EscalationDecision(
            action=picked[0],
            by=by,
            reason=reason,
            extend_hours=extend,
            reassign_to=reassign,
        )
    except ValueError as error:
        fail(str(error).splitlines()[-1].removeprefix("  Value error, "))
    return {"escalation": decision.model_dump(mode="json")}


def _decide(item_id, action, by, now, *, text=None, reason="", data=None) -> None:
    database, settings = _open()
    moment = _now(now)
    decision = InboxDecision(
        item_id=item_id,
        action=action,
        by=by,
        at=moment,
        text=text,
        reason=reason,
        data=data or {},
    )
    with run_graph(database, settings) as graph:
        try:
            outcome = decide(database, graph, decision)
        except InboxError as error:
            fail(str(error))
    sent = deliver_queued(database, channels_from(settings), now=moment).sent
    Console().print(f"{item_id}: {action.value} recorded ({outcome}); {len(sent)} sent")


def _now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--now {text!r} is not ISO 8601; use e.g. 2025-03-03T09:00-05:00")
    if moment.tzinfo is None:
        fail(f"--now {text!r} has no offset; add one, e.g. {text}+00:00")
    return moment


def _open() -> tuple[Database, Settings]:
    settings = Settings()
    return open_database(settings.resolved_database_url), settings
