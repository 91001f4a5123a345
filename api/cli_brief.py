"""`csops brief ACCOUNT`: an account brief or a handoff, renewal or escalation package.

ACCOUNT is a store id, a source id, an exact name or a unique part of a name; an
unknown or ambiguous one prints one line listing the candidates and exits with code 2.
The brief uses the context index when one has been built (`csops index`).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated

import typer
from rich.console import Console

from api.errors import fail
from api.render_brief import render_brief
from domain.brief import BriefKind
from graph.brief import build_brief
from tools.accounts.repository import AccountNotFoundError
from tools.db import open_database
from tools.retrieval.errors import RetrievalError
from tools.settings import Settings, SettingsError

logger = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    """Mount `csops brief` on the root command."""
    app.command("brief")(brief)


def brief(
    account: Annotated[str, typer.Argument(help="Id, source id or name.")],
    kind: Annotated[BriefKind, typer.Option(help="What to prepare for.")] = (
        BriefKind.account
    ),
    fmt: Annotated[str, typer.Option("--format", help="text, md or json.")] = "text",
    as_of: Annotated[
        str | None, typer.Option(help="The brief's today (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Brief an account; every claim cites the records it comes from."""
    if fmt not in ("text", "md", "json"):
        fail(f"--format {fmt!r} is not one of text, md, json")
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of {as_of!r} is not a date; write it as YYYY-MM-DD")
    settings = Settings()
    database = open_database(settings.resolved_database_url)
    try:
        found = build_brief(
            database, settings, account, kind, as_of=day, retriever=_index(settings)
        )
    except AccountNotFoundError as error:
        fail(_not_found(error))
    except SettingsError as error:
        fail(str(error))
    finally:
        database.dispose()
    render_brief(found, fmt, Console(soft_wrap=fmt != "text"))


def _not_found(error: AccountNotFoundError) -> str:
    if not error.candidates:
        return f"no account {error.key!r} (see `csops accounts list`)"
    listed = ", ".join(error.candidates)
    return f"account {error.key!r} is unknown or ambiguous; candidates: {listed}"


def _index(settings: Settings):
    """The context index, when one was built; the brief works without it."""
    if not settings.chroma_url and not (settings.data_dir / "chroma").is_dir():
        return None
    from tools.retrieval import ContextIndex

    try:
        return ContextIndex.open(settings)
    except RetrievalError as error:
        logger.warning("briefing without the context index: %s", error)
        return None
