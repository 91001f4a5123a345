"""The hand-written 0004 migration and the delivery models describe the same tables."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import tools.tables  # noqa: F401  (registers every table)
from tools.db import Base

DELIVERY_TABLES = {
    "outbox", "inbox_items", "inbox_decisions", "magic_links", "link_audit",
}  # fmt: skip


def _tables(diff) -> set[str]:
    items = diff if isinstance(diff, list) else [diff]
    names = set()
    for item in items:
        for part in item[1:]:
            table = getattr(part, "table", None)
            name = table.name if table is not None else getattr(part, "name", part)
            if isinstance(name, str):
                names.add(name)
    return names


def test_migration_matches_models(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    assert [d for d in diffs if _tables(d) & DELIVERY_TABLES] == []
