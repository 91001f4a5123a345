"""Imports every module that declares tables, so Alembic sees the whole schema."""

import tools.accounts.book
import tools.accounts.signals
import tools.workflow_store  # noqa: F401
