"""Importers for real CRM and ticket exports: `csops import FORMAT PATH`.

Formats: `saas-csv` (a RavenStack-shaped folder), `salesforce-tree` (SObject-tree
JSON), `zendesk` (Zendesk API JSON) and `csv` (one entity from any CSV with a YAML
column map). Every format stages rows into an `ImportBatch`; `run_import` then writes
the batch in one transaction, so an import lands whole or not at all, and a dry run is
the same work rolled back: its counts are exactly what a real run would do.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from tools.accounts.health import refresh_health_scores
from tools.db import Database
from tools.importers.batch import ImportBatch
from tools.importers.column_map import (
    ColumnMapError,
    import_mapped_csv,
    load_column_map,
)
from tools.importers.csv_source import DEFAULT_ENCODING, CsvFileError
from tools.importers.loader import load_batch
from tools.importers.renewals import derive_renewals, export_date
from tools.importers.report import ImportReport
from tools.importers.saas_csv import import_saas_folder
from tools.importers.salesforce_tree import import_salesforce_tree
from tools.importers.zendesk_json import import_zendesk_folder

logger = logging.getLogger(__name__)

FOLDER_FORMATS = {
    "saas-csv": import_saas_folder,
    "salesforce-tree": import_salesforce_tree,
    "zendesk": import_zendesk_folder,
}
DEFAULT_SOURCE_SYSTEM = {"salesforce-tree": "salesforce", "zendesk": "zendesk"}
FORMATS = (*FOLDER_FORMATS, "csv")

__all__ = [
    "FORMATS",
    "CsvFileError",
    "ImportReport",
    "UnknownFormatError",
    "run_import",
]


class UnknownFormatError(ValueError):
    """The import format is not one csops reads."""


def run_import(
    database: Database,
    format: str,
    path: Path,
    *,
    dry_run: bool = False,
    column_map: Path | None = None,
    source_system: str | None = None,
    as_of: date | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> ImportReport:
    """Import one export into the store and report what happened.

    `source_system` defaults to `salesforce` / `zendesk`, the folder name for
    `saas-csv` and the column map's `source_system` for `csv`. `as_of` is the day
    renewal dates are derived up to and health is scored on; it defaults to the newest
    date in the export itself, so re-importing the same files changes nothing.
    `encoding` is the text encoding of CSV files (default UTF-8, with or without BOM).
    """
    started = time.perf_counter()
    batch = _staged(format, Path(path), column_map, source_system, encoding)
    batch.report.dry_run = dry_run
    as_of = as_of or export_date(batch)
    derive_renewals(batch, as_of)
    write_batch(database, batch, as_of, dry_run=dry_run)
    batch.report.seconds = time.perf_counter() - started
    logger.info("imported %s from %s in %.2fs", format, path, batch.report.seconds)
    return batch.report


def _staged(
    format: str,
    path: Path,
    column_map: Path | None,
    source_system: str | None,
    encoding: str,
) -> ImportBatch:
    if format == "csv":
        if column_map is None:
            raise ColumnMapError("the csv format needs --map COLUMNS.yaml")
        mapping = load_column_map(column_map)
        system = source_system or mapping.source_system
        batch = ImportBatch(ImportReport(format, path, system), encoding)
        import_mapped_csv(batch, path, mapping)
        return batch
    if format not in FOLDER_FORMATS:
        raise UnknownFormatError(
            f"unknown import format {format!r}; use one of {', '.join(FORMATS)}"
        )
    system = source_system or DEFAULT_SOURCE_SYSTEM.get(format, path.name)
    if not path.is_dir():
        raise UnknownFormatError(f"{path} is not a folder; {format} reads a folder")
    batch = ImportBatch(ImportReport(format, path, system), encoding)
    FOLDER_FORMATS[format](batch, path)
    return batch


def write_batch(
    database: Database, batch: ImportBatch, as_of: date, *, dry_run: bool = False
) -> None:
    """Write a staged batch and rescore health as of `as_of`, in one transaction.

    Every source of rows (import files, connectors, the demo book, eval fixtures)
    lands through here; a dry run does the same writes and rolls them back.
    """
    imported_at = datetime.now(UTC).replace(tzinfo=None)
    with Session(database.engine) as session:
        transaction = session.begin()
        try:
            load_batch(session, batch, imported_at)
            if not dry_run:
                refresh_health_scores(session, as_of, batch.source_system)
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
        else:
            transaction.commit()
