"""Imports over HTTP: upload an export's files, get the import report back.

Folder formats (saas-csv, salesforce-tree, zendesk) take every file of the export;
`csv` takes one CSV and its YAML column map. Files land in a temporary folder
under their base names only (no client path reaches the disk), and the import
runs on it as `csops import` does: whole or not at all.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Query, UploadFile, status
from pydantic import BaseModel

from api.deps import App, Ops
from tools.importers import FORMATS, run_import
from tools.importers.report import EntityCounts, ImportWarning, Rejection

router = APIRouter(prefix="/imports", tags=["imports"])

MAX_FILES = 50


class ImportSummary(BaseModel):
    """Rows read, created, updated, unchanged and rejected per entity."""

    format: str
    source_system: str
    dry_run: bool
    counts: dict[str, EntityCounts]
    rejections: list[Rejection]
    warnings: list[ImportWarning]
    seconds: float


@dataclass
class _Upload:
    folder: Path
    main: Path
    column_map: Path | None


@router.post("/{format}", response_model=ImportSummary)
def import_export(
    format: str,
    files: Annotated[list[UploadFile], File(description="The export's files.")],
    app: App,
    principal: Ops,
    column_map: Annotated[UploadFile | None, File()] = None,
    dry_run: bool = False,
    source_system: Annotated[str | None, Query(max_length=40)] = None,
    as_of: date | None = None,
) -> ImportSummary:
    """Import an export (saas-csv, salesforce-tree, zendesk, csv) idempotently."""
    if format not in FORMATS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="unknown import format")
    if len(files) > MAX_FILES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail="too many files")
    upload = _save(format, files, column_map)
    try:
        report = run_import(
            app.database,
            format,
            upload.main,
            dry_run=dry_run,
            column_map=upload.column_map,
            source_system=source_system,
            as_of=as_of,
        )
    except ValueError as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="unreadable export"
        ) from error
    finally:
        shutil.rmtree(upload.folder, ignore_errors=True)
    return ImportSummary(
        format=report.format,
        source_system=report.source_system,
        dry_run=report.dry_run,
        counts=report.counts,
        rejections=report.rejections,
        warnings=report.warnings,
        seconds=report.seconds,
    )


def _save(
    format: str, files: list[UploadFile], column_map: UploadFile | None
) -> _Upload:
    if format == "csv" and (len(files) != 1 or column_map is None):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="csv takes one file and a column_map",
        )
    folder = Path(tempfile.mkdtemp(prefix="csops-import-"))
    saved = [_write(folder, upload) for upload in files]
    mapping = _write(folder, column_map) if column_map is not None else None
    main = saved[0] if format == "csv" else folder
    return _Upload(folder=folder, main=main, column_map=mapping)


def _write(folder: Path, upload: UploadFile) -> Path:
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    if not name or name.startswith("."):
        shutil.rmtree(folder, ignore_errors=True)
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="file name missing"
        )
    target = folder / name
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out)
    return target
