"""The hand-written 0002 migration and the account models describe the same tables."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import tools.tables  # noqa: F401  (registers every table)
from tools.accounts.book import Sourced
from tools.db import Base

ACCOUNT_TABLES = {
    "accounts", "people", "account_team", "contacts", "deals", "subscriptions",
    "usage_days", "tickets", "survey_responses", "activities", "churn_events",
    "health_scores",
}  # fmt: skip


def _table_of(diff) -> str | None:
    item = diff[0] if isinstance(diff, list) else diff
    for part in item[1:]:
        name = getattr(part, "name", None) if not isinstance(part, str) else None
        table = getattr(part, "table", None)
        if table is not None:
            return table.name
        if name in ACCOUNT_TABLES:
            return name
    return item[2] if len(item) > 2 and isinstance(item[2], str) else None


def test_migration_matches_models(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    assert [d for d in diffs if _table_of(d) in ACCOUNT_TABLES] == []


def test_every_sourced_table_is_unique_on_its_source():
    sourced = [m for m in Base.registry.mappers if issubclass(m.class_, Sourced)]
    for mapper in sourced:
        constraints = {c.name for c in mapper.local_table.constraints}
        assert f"uq_{mapper.local_table.name}_source" in constraints
