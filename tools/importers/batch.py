"""Rows staged by an importer before they reach the store.

Importers parse source files into an `ImportBatch`: per entity, the column values of
each row plus references to other rows by their *source* ids (an account's
`A-2e4581`, a Salesforce `@AccountRef1`). The loader resolves those references to store
keys once the referenced rows are written, so importers never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.importers.csv_source import DEFAULT_ENCODING
from tools.importers.fields import RowReader
from tools.importers.report import ImportReport, ImportWarning, Rejection, RowOrigin


@dataclass
class StagedRow:
    """One row ready for the store, bar its references."""

    values: dict[str, Any]
    origin: RowOrigin
    refs: dict[str, str] = field(default_factory=dict)


KEEP_REUSED_IDS = {"usage"}
"""Entities whose exports reuse ids for distinct events (see `ImportBatch.add`)."""


class ImportBatch:
    """Everything one import read, keyed by entity, with its report."""

    def __init__(self, report: ImportReport, encoding: str = DEFAULT_ENCODING) -> None:
        self.report = report
        self.encoding = encoding
        self.rows: dict[str, dict[str, StagedRow]] = {}

    @property
    def source_system(self) -> str:
        return self.report.source_system

    def reader(self, raw: dict[str, Any], file: Path | str, line: int) -> RowReader:
        """A reader over one raw row that reports its warnings into this batch."""
        return RowReader(raw, RowOrigin(Path(file).name, line), self.warn)

    def read(self, entity: str) -> None:
        """Count a source row as read for `entity`."""
        self.report.entity(entity).read += 1

    def add(self, entity: str, row: StagedRow) -> None:
        """Stage a row; a source id seen before updates the earlier row.

        Usage events are the exception: some exports reuse an event id for different
        rows (RavenStack repeats 21 usage ids), so a later usage row is stored under
        `id@line`, both survive, and a re-import maps each to the same key again.
        """
        staged = self.rows.setdefault(entity, {})
        source_id = row.values["source_id"]
        first = staged.get(source_id)
        if first is None:
            staged[source_id] = row
            return
        if first.values == row.values and first.refs == row.refs:
            self.warn("duplicate_row", row.origin, "source_id", f"{source_id} repeated")
            return
        if entity not in KEEP_REUSED_IDS:
            staged[source_id] = row
            message = f"{source_id} also on line {first.origin.line}: this row wins"
            self.warn("duplicate_source_id", row.origin, "source_id", message)
            return
        row.values["source_id"] = f"{source_id}@{row.origin.line}"
        staged[row.values["source_id"]] = row
        message = f"{source_id} reused (first on line {first.origin.line}): stored as "
        self.warn(
            "reused_source_id",
            row.origin,
            "source_id",
            message + row.values["source_id"],
        )

    def reject(self, entity: str, origin: RowOrigin, field: str, reason: str) -> None:
        """Record a row that will not be stored."""
        self.report.entity(entity).rejected += 1
        self.report.rejections.append(
            Rejection(entity, origin.file, origin.line, field, reason)
        )

    def warn(self, code: str, origin: RowOrigin, field: str, message: str) -> None:
        """Record dirt that was handled on purpose."""
        self.report.warnings.append(
            ImportWarning(code, origin.file, origin.line, field, message)
        )
