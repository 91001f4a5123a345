"""`csops index` over a real SQLite account store and a persistent Chroma."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from api import cli_index
from tools.accounts.book import AccountRow
from tools.accounts.signals import ActivityRow, TicketRow
from tools.db import open_database
from tools.retrieval import ContextIndex, OpenAIEmbeddingFunction
from tools.retrieval.chroma import chroma_client
from tools.settings import Settings

IMPORTED = datetime(2025, 3, 1, 12, 0)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path))
    for name in ("CSOPS_CHROMA_URL", "CSOPS_EMBEDDING_PROVIDER", "CSOPS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return Settings()


@pytest.fixture
def book(settings: Settings) -> None:
    """Two accounts with a ticket each, a note, a call and an email."""
    database = open_database(settings.resolved_database_url)
    with database.session() as session:
        session.add_all([_account(1, "Acme"), _account(2, "Zenith")])
        session.flush()
        session.add_all(
            [
                _ticket(1, "SSO login fails", "SAML error after cert rotation."),
                _ticket(2, "Invoice dispute", "Billed for 40 extra seats."),
                _activity(1, "note", "Renewal risk", "Champion leaving in April."),
                _activity(2, "call", "QBR", "Asked for a rate limit increase."),
                _activity(2, "email", "Re: hello", "Quoted thread, not indexed."),
            ]
        )
    database.dispose()


def run_index(*args: str):
    app = typer.Typer()
    cli_index.register(app)
    app.command("noop", hidden=True)(lambda: None)  # keeps `index` a subcommand
    return CliRunner().invoke(app, ["index", *args])


def test_index_builds_then_updates_nothing(settings: Settings, book) -> None:
    first = run_index()
    again = run_index()

    assert first.exit_code == 0, first.output
    assert "4 added" in first.output
    assert "0 added, 0 re-embedded, 0 relabelled, 4 unchanged" in again.output
    hits = ContextIndex.open(settings).search("1", "single sign-on", k=5)
    assert {(h.account_id, h.source_type) for h in hits} == {
        ("1", "ticket"),
        ("1", "note"),
    }


def test_index_of_one_account_leaves_the_others(settings: Settings, book) -> None:
    run_index()

    result = run_index("--account", "2")

    assert "0 added, 0 re-embedded, 0 relabelled, 2 unchanged" in result.output


def test_a_mismatched_index_prints_the_fix(settings: Settings, book) -> None:
    function = OpenAIEmbeddingFunction("text-embedding-3-large")
    chroma_client(settings).create_collection(
        "account_context", embedding_function=function
    )

    result = run_index()

    assert result.exit_code == 2
    assert "csops index --rebuild" in result.output


def _account(key: int, name: str) -> AccountRow:
    return AccountRow(
        id=key,
        name=name,
        source_system="test",
        source_id=f"acct-{key}",
        imported_at=IMPORTED,
    )


def _ticket(account: int, subject: str, body: str) -> TicketRow:
    return TicketRow(
        account_id=account,
        subject=subject,
        body=body,
        created_at=IMPORTED,
        source_system="test",
        source_id=f"t-{account}",
        imported_at=IMPORTED,
    )


def _activity(account: int, kind: str, subject: str, body: str) -> ActivityRow:
    return ActivityRow(
        account_id=account,
        kind=kind,
        subject=subject,
        body=body,
        occurred_at=IMPORTED,
        source_system="test",
        source_id=f"a-{account}-{kind}",
        imported_at=IMPORTED,
    )
