"""What the entry points build from settings: the database and the stores on it."""

from __future__ import annotations

from tools.db import open_database
from tools.settings import Settings
from tools.workflow_store import WorkflowStore


def open_store(settings: Settings) -> WorkflowStore:
    """The workflow store on the configured database, migrated to the newest schema."""
    return WorkflowStore(open_database(settings.resolved_database_url))
