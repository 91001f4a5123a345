"""Idempotent bulk writes keyed on (`source_system`, `source_id`).

An import reads every existing row of its source system for a table in one query,
compares values, then inserts the new rows and updates the changed ones with one bulk
statement each. Comparing first is what lets a re-import report "0 created, 0 updated"
and leave `imported_at` alone when nothing changed; it also keeps the write fast, since
unchanged rows are never sent. Two concurrent imports of the same source can both see
a row as new: the unique constraint then fails the second transaction, which rolls back
whole and can be rerun.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from tools.accounts.book import Sourced

MANAGED_COLUMNS = {"id", "source_system", "imported_at"}


@dataclass
class UpsertCounts:
    """How many staged rows were new, changed or already stored as given."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def upsert_rows(
    session: Session,
    model: type[Sourced],
    source_system: str,
    rows: Iterable[Mapping[str, Any]],
    imported_at: datetime,
) -> UpsertCounts:
    """Insert new and update changed rows of `model` from one source system.

    Each row maps column names to values and must hold `source_id`; `id`,
    `source_system` and `imported_at` are managed here.
    """
    rows = list(rows)
    columns = sorted({name for row in rows for name in row} - MANAGED_COLUMNS)
    stored = _stored_values(session, model, source_system, columns)
    new, changed, counts = [], [], UpsertCounts()
    for row in rows:
        current = stored.get(row["source_id"])
        if current is None:
            new.append({**row, "source_system": source_system})
        elif any(current[c] != row.get(c) for c in columns):
            changed.append({**row, "id": current["id"]})
        else:
            counts.unchanged += 1

    _write(session, model, new, changed, imported_at)
    counts.created, counts.updated = len(new), len(changed)
    return counts


def source_keys(
    session: Session, model: type[Sourced], source_system: str
) -> dict[str, int]:
    """Store keys of a table's rows from one source system, by source id."""
    query = select(model.source_id, model.id).where(
        model.source_system == source_system
    )
    return dict(session.execute(query).all())


def _stored_values(
    session: Session, model: type[Sourced], source_system: str, columns: list[str]
) -> dict[str, dict[str, Any]]:
    attributes = [getattr(model, name) for name in ["id", *columns]]
    query = select(*attributes).where(model.source_system == source_system)
    return {row.source_id: row._asdict() for row in session.execute(query)}


def _write(session, model, new: list[dict], changed: list[dict], stamp) -> None:
    for row in (*new, *changed):
        row["imported_at"] = stamp
    if new:
        session.execute(insert(model), new)
    if changed:
        session.execute(update(model), changed)
