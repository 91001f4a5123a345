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


# --- smtp and slack: a local SMTP server and the Slack webhook route table ----------


class _Mailbox:
    """An aiosmtpd handler keeping every accepted message; `delay` slows the reply."""

    def __init__(self) -> None:
        self.messages: list = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:
        import asyncio
        from email import message_from_bytes

        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def _controller_class():
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP

    class RoomySMTP(SMTP):
        # aiosmtpd reads DATA with its line limit as the stream buffer limit and
        # refuses a few-KB message as "Line too long"; real relays take it.
        line_length_limit = 64 * 1024

    class RoomyController(Controller):
        def factory(self):
            return RoomySMTP(self.handler, **self.SMTP_kwargs)

    return RoomyController


@pytest.fixture
def smtp_server() -> Iterator:
    """An SMTP server on 127.0.0.1; `.port`, and `.handler.messages` as received."""
    import socket

    _Controller = _controller_class()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = _Controller(_Mailbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


SLACK_WEBHOOK = (
    "https://hooks.slack.com/services/T0CSOPS01/B0CSOPS02/abcDEFghiJKLmnoPQRstuVWX"
)


@pytest.fixture
def slack_routes() -> Iterator:
    """The Slack incoming webhook answered by respx; `routes["webhook"]`."""
    import respx

    with respx.mock(assert_all_called=False) as routes:
        routes.post(SLACK_WEBHOOK, name="webhook")
        yield routes


# --- end of smtp and slack section ---------------------------------------------------


# --- api: the HTTP API demo book and clients (tests/api_support.py) ---------------

from tests.api_support import api_book, api_book_template, api_client  # noqa: E402, F401

# --- end of api section ----------------------------------------------------------
