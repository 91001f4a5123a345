"""Shared fixtures. Each section is self-contained; add yours as a new section."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tools.db import Database, open_database

# --- database: every store test runs on SQLite and on PostgreSQL -------------------

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def database(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A migrated, empty database: a SQLite file, or a fresh PostgreSQL schema.

    PostgreSQL tests skip with a reason when the server is unreachable, unless
    CSOPS_REQUIRE_POSTGRES=1 (set by CI), where that is a failure.
    """
    if request.param == "sqlite":
        database = open_database(f"sqlite:///{tmp_path / 'csops.db'}")
        yield database
        database.dispose()
        return
    with postgres_schema() as url:
        database = open_database(url)
        yield database
        database.dispose()


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A throwaway schema; the URL puts it alone on the search_path, then drops it."""
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except OperationalError as error:
        admin.dispose()
        _postgres_unreachable(error)
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _postgres_unreachable(error: OperationalError) -> None:
    reason = f"PostgreSQL unreachable at {POSTGRES_URL}: " + " ".join(
        str(error.orig).split()
    )
    if os.environ.get("CSOPS_REQUIRE_POSTGRES") == "1":
        pytest.fail(
            f"{reason} (CSOPS_REQUIRE_POSTGRES=1: start it with `make services`)"
        )
    pytest.skip(reason)


# --- end of database section ---------------------------------------------------------


# --- openai: respx route table for the OpenAI API -------------------------------------


@pytest.fixture
def openai_routes() -> Iterator:
    """api.openai.com answered by respx; `routes["chat"]` is chat completions.

    Give the route its answers (`routes["chat"].side_effect = [...]`) with the
    payload builders of tests/openai_fakes.py.
    """
    import respx  # kept in this section so the section stands alone

    with respx.mock(
        base_url="https://api.openai.com/v1", assert_all_called=False
    ) as routes:
        routes.post("/chat/completions", name="chat")
        yield routes


# --- end of openai section -----------------------------------------------------------
