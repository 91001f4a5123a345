"""Imports every module that declares tables, so Alembic sees the whole schema."""

import tools.accounts.book
import tools.accounts.signals
import tools.inbox.tables
import tools.link_ledger
import tools.outbox.tables
import tools.runs.tables
import tools.workflow_store  # noqa: F401
