"""`csops index`: build or update the account-context search index from the store.

Only what changed since the last run is embedded again. Retrieval errors (another
embedding function in the stored index, an unreachable Chroma server, altered model
files) print one line naming the fix and exit with code 2.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console

from api.errors import fail
from tools.db import open_database
from tools.retrieval import ContextIndex, IndexReport, RetrievalError
from tools.retrieval.account_store import store_context_documents
from tools.settings import Settings, SettingsError

console = Console()


def register(app: typer.Typer) -> None:
    """Mount `csops index` on the root command."""
    app.command("index")(index)


def index(
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Drop the index and embed everything again, e.g. "
            "after changing CSOPS_EMBEDDING_PROVIDER.",
        ),
    ] = False,
    accounts: Annotated[
        list[int] | None,
        typer.Option("--account", help="Only this account's context (repeatable)."),
    ] = None,
) -> None:
    """Build or update the search index over tickets, notes and call summaries."""
    settings = Settings()
    started = time.perf_counter()
    try:
        report = build_index(settings, accounts=accounts or None, rebuild=rebuild)
    except (RetrievalError, SettingsError) as error:
        fail(str(error))
    console.print(_summary(report, time.perf_counter() - started))


def build_index(
    settings: Settings, *, accounts: list[int] | None = None, rebuild: bool = False
) -> IndexReport:
    """Sync the index with the account store: the whole book, or only `accounts`.

    Raises:
        RetrievalError: the index cannot be opened or written.
    """
    context_index = ContextIndex.open(settings, rebuild=rebuild)
    database = open_database(settings.resolved_database_url)
    try:
        with database.session() as session:
            documents = store_context_documents(session, accounts)
            scope = None if accounts is None else [str(a) for a in accounts]
            return context_index.sync(documents, accounts=scope)
    finally:
        database.dispose()


def _summary(report: IndexReport, seconds: float) -> str:
    return (
        f"indexed in {seconds:.1f}s: {report.added} added, {report.reembedded} "
        f"re-embedded, {report.relabelled} relabelled, {report.unchanged} unchanged, "
        f"{report.deleted} deleted"
    )
