"""Alembic environment: runs on the connection `tools.db.Database.upgrade` passes in."""

from alembic import context

import tools.tables  # noqa: F401  (registers every table on Base.metadata)
from tools.db import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through tools.db.open_database(url)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
