"""What an import did: rows read, created, updated, unchanged and rejected, per entity.

Nothing is dropped silently. A row that cannot be stored is a `Rejection` naming the
file, line, field and reason; dirt that the importer handled on purpose (a time written
`3:00`, a country in a time-zone field, a derived renewal date) is an `ImportWarning`
with a stable `code`, so a report can group a thousand blank CSAT scores into one line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class RowOrigin(NamedTuple):
    """Where a row came from: the file name and its 1-based line (header is 1)."""

    file: str
    line: int | None


@dataclass(frozen=True)
class Rejection:
    """A row that was not stored, and why."""

    entity: str
    file: str
    line: int | None
    field: str
    reason: str


@dataclass(frozen=True)
class ImportWarning:
    """Dirt the importer handled; `code` groups warnings of one kind."""

    code: str
    file: str
    line: int | None
    field: str
    message: str


@dataclass
class EntityCounts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class ImportReport:
    """The outcome of one `csops import` run."""

    format: str
    path: Path
    source_system: str
    dry_run: bool = False
    counts: dict[str, EntityCounts] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    seconds: float = 0.0

    def entity(self, name: str) -> EntityCounts:
        """The counts of one entity, created on first use."""
        return self.counts.setdefault(name, EntityCounts())

    @property
    def rows_read(self) -> int:
        return sum(c.read for c in self.counts.values())

    @property
    def rows_written(self) -> int:
        return sum(c.created + c.updated for c in self.counts.values())

    def warning_summary(self) -> list[tuple[str, int, ImportWarning]]:
        """Each warning code with its count and its first occurrence."""
        counts = Counter(w.code for w in self.warnings)
        first: dict[str, ImportWarning] = {}
        for warning in self.warnings:
            first.setdefault(warning.code, warning)
        return [(code, counts[code], first[code]) for code in counts]
