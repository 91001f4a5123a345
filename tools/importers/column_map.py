"""The `csv` format: one entity from any CSV file, renamed by a YAML column map.

A column map names the entity, the source system and, for each csops field, the CSV
column holding it::

    entity: contacts
    source_system: hubspot
    columns:
      source_id: Record ID
      account: Company ID      # the account's source id in the same source system
      name: Full Name
      email: Email
      time_zone: Time Zone
    defaults:
      role: user

Columns the map does not name are kept in the row's `attributes` (where the table has
one). The field names each entity accepts are the keys read in
`tools.importers.entities`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tools.importers.batch import ImportBatch
from tools.importers.entities import MAPPERS, stage


class ColumnMapError(ValueError):
    """The column map file is unusable; the message says what to change."""


@dataclass(frozen=True)
class ColumnMap:
    """How one CSV's columns become csops fields of one entity."""

    entity: str
    columns: Mapping[str, str]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    source_system: str = "csv"

    def rename(self, raw: Mapping[str, str]) -> dict[str, Any]:
        """A canonical row: mapped fields, defaults, the rest as `attributes`."""
        row: dict[str, Any] = dict(self.defaults)
        for name, column in self.columns.items():
            if raw.get(column) not in (None, ""):
                row[name] = raw[column]
            elif name not in row:
                row[name] = raw.get(column)
        mapped = set(self.columns.values())
        extras = {
            k: v for k, v in raw.items() if k not in mapped and v not in ("", None)
        }
        row["attributes"] = extras
        return row


def load_column_map(path: Path) -> ColumnMap:
    """Read and check a YAML column map."""
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ColumnMapError(f"cannot read column map {path}: {error}") from None
    entity = spec.get("entity")
    if entity not in MAPPERS:
        known = ", ".join(MAPPERS)
        raise ColumnMapError(f"{path}: `entity` must be one of {known}, got {entity!r}")
    columns = spec.get("columns") or {}
    if "source_id" not in columns:
        raise ColumnMapError(f"{path}: `columns` must map `source_id` to a CSV column")
    source_system = str(spec.get("source_system") or "csv")
    return ColumnMap(entity, columns, spec.get("defaults") or {}, source_system)


def csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers (the header is line 1)."""
    with path.open(newline="", encoding="utf-8-sig") as lines:
        reader = csv.DictReader(lines)
        for row in reader:
            yield reader.line_num, row


def stage_mapped_csv(batch: ImportBatch, path: Path, column_map: ColumnMap) -> None:
    """Stage every row of one CSV file as `column_map.entity`."""
    for line, raw in csv_rows(path):
        reader = batch.reader(column_map.rename(raw), path, line)
        stage(batch, column_map.entity, reader)


def import_mapped_csv(batch: ImportBatch, path: Path, column_map: ColumnMap) -> None:
    """The `csv` format: one file, one entity (see the module docstring)."""
    if not path.is_file():
        raise ColumnMapError(f"{path} is not a CSV file")
    stage_mapped_csv(batch, path, column_map)
