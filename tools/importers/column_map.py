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
one). The field names each entity accepts are `tools.importers.entities.FIELDS`; a
map naming any other field, or a CSV column the file lacks, is refused up front.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tools.importers.batch import ImportBatch
from tools.importers.csv_source import MAX_FIELD_CHARS, overlong_field, read_csv
from tools.importers.entities import FIELDS, MAPPERS, stage
from tools.importers.report import RowOrigin

FORMULA_START = ("=", "+", "-", "@")
"""Spreadsheet formula prefixes (OWASP "CSV injection"); stored, but warned about."""


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
    spec = _yaml(path)
    entity = spec.get("entity")
    if entity not in MAPPERS:
        known = ", ".join(MAPPERS)
        raise ColumnMapError(f"{path}: `entity` must be one of {known}, got {entity!r}")
    columns = spec.get("columns") or {}
    if not isinstance(columns, dict) or "source_id" not in columns:
        raise ColumnMapError(f"{path}: `columns` must map `source_id` to a CSV column")
    defaults = spec.get("defaults") or {}
    unknown = [name for name in [*columns, *defaults] if name not in FIELDS[entity]]
    if unknown:
        raise ColumnMapError(
            f"{path}: {', '.join(map(str, unknown))} is not a field of {entity}; "
            f"use {', '.join(FIELDS[entity])}"
        )
    source_system = str(spec.get("source_system") or "csv")
    return ColumnMap(entity, columns, defaults, source_system)


def _yaml(path: Path) -> dict:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise ColumnMapError(f"cannot read column map {path}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ColumnMapError(
            f"{where}: {problem}; a column map is YAML with `entity:` and `columns:`"
        ) from None
    if not isinstance(spec, dict):
        raise ColumnMapError(f"{path}: a column map is a mapping with `entity:`")
    return spec


def stage_mapped_csv(batch: ImportBatch, path: Path, column_map: ColumnMap) -> None:
    """Stage every row of one CSV file as `column_map.entity`."""
    line = None
    columns = [str(c) for c in column_map.columns.values()]
    for line, raw in read_csv(path, columns, batch.encoding):
        overlong = overlong_field(raw)
        if overlong is not None:
            _reject_overlong(batch, column_map.entity, path, line, overlong)
            continue
        _warn_formulas(batch, path, line, raw)
        reader = batch.reader(column_map.rename(raw), path, line)
        stage(batch, column_map.entity, reader)
    if line is None:
        message = "no data rows: nothing imported from this file"
        batch.warn("empty_file", RowOrigin(path.name, None), "", message)


def _reject_overlong(batch, entity: str, path: Path, line: int, column: str) -> None:
    batch.read(entity)
    reason = f"value longer than {MAX_FIELD_CHARS:,} characters"
    batch.reject(entity, RowOrigin(path.name, line), column, reason)


def _warn_formulas(batch, path: Path, line: int, raw: dict) -> None:
    for column, value in raw.items():
        formula = isinstance(value, str) and value.startswith(FORMULA_START)
        if formula and not _is_number(value):
            message = f"{value[:40]!r} looks like a spreadsheet formula: stored"
            batch.warn(
                "formula_like_value", RowOrigin(path.name, line), column, message
            )


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def import_mapped_csv(batch: ImportBatch, path: Path, column_map: ColumnMap) -> None:
    """The `csv` format: one file, one entity (see the module docstring)."""
    if not path.is_file():
        raise ColumnMapError(f"{path} is not a CSV file")
    stage_mapped_csv(batch, path, column_map)
