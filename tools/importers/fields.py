"""Reading one field of a source row into a typed value, reporting the dirt it met.

A `RowReader` wraps one raw row. Each accessor returns a clean value, records a warning
when it repaired something on purpose, and raises `FieldError` when the value cannot be
read at all; the importer turns that into a rejection of the row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil import parser as date_parser

from tools.importers.report import RowOrigin
from tools.importers.timezones import country_code, is_zone, zone_for_country

TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0"}
SPACED_OFFSET = re.compile(r"\d\s+[+-]\d{2}:?\d{2}$")
SHORT_HOUR = re.compile(r"[ T]\d:\d{2}")


class FieldError(ValueError):
    """A field value that cannot be read; the row is rejected with this reason."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class RowReader:
    """Typed access to the fields of one raw row, with warnings for repaired dirt."""

    def __init__(self, raw: Mapping[str, Any], origin: RowOrigin, warn) -> None:
        self.raw = raw
        self.origin = origin
        self._warn = warn

    def warn(self, code: str, field: str, message: str) -> None:
        """Record handled dirt in this row."""
        self._warn(code, self.origin, field, message)

    def text(self, field: str, required: bool = False) -> str | None:
        value = self.raw.get(field)
        value = None if value is None else str(value).strip() or None
        if value is None and required:
            raise FieldError(field, "required value is missing")
        return value

    def integer(self, field: str, required: bool = False) -> int | None:
        value = self.text(field, required)
        try:
            return None if value is None else int(Decimal(value))
        except InvalidOperation:
            raise FieldError(field, f"not a whole number: {value!r}") from None

    def decimal(self, field: str) -> Decimal | None:
        value = self.text(field)
        try:
            return None if value is None else Decimal(value.replace(",", ""))
        except InvalidOperation:
            raise FieldError(field, f"not a number: {value!r}") from None

    def boolean(self, field: str, default: bool | None = False) -> bool | None:
        value = self.text(field)
        if value is None:
            return default
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        raise FieldError(field, f"not a yes/no value: {value!r}")

    def date(self, field: str, required: bool = False) -> date | None:
        value = self.text(field, required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return self._parsed(field, value).date()

    def datetime(self, field: str, required: bool = False) -> datetime | None:
        """A timestamp as naive UTC; a missing offset is taken as UTC."""
        value = self.text(field, required)
        if value is None:
            return None
        try:
            stamp = datetime.fromisoformat(value)
        except ValueError:
            stamp = self._parsed(field, value)
        else:
            if SPACED_OFFSET.search(value):  # Python 3.11+ reads it; others may not
                self.warn("offset_after_space", field, f"offset after space: {value!r}")
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(UTC).replace(tzinfo=None)
        return stamp

    def _parsed(self, field: str, value: str) -> datetime:
        try:
            stamp = date_parser.parse(value)
        except (ValueError, OverflowError):
            raise FieldError(field, f"not a date or time: {value!r}") from None
        if SPACED_OFFSET.search(value):
            self.warn("offset_after_space", field, f"offset after a space: {value!r}")
        elif SHORT_HOUR.search(value):
            self.warn("single_digit_hour", field, f"hour without leading 0: {value!r}")
        else:
            self.warn("non_iso_time", field, f"not ISO 8601, parsed: {value!r}")
        return stamp

    def country(self, field: str) -> str | None:
        """An ISO alpha-2 code from a code or a country name."""
        value = self.text(field)
        if value is None:
            return None
        code = country_code(value)
        if code is None:
            self.warn("unknown_country", field, f"unknown country {value!r}: not kept")
        elif code != value:
            self.warn("country_normalised", field, f"{value!r} stored as {code}")
        return code

    def time_zone(self, field: str) -> str | None:
        """An IANA zone; a country name is mapped to its principal zone."""
        value = self.text(field)
        if value is None or is_zone(value):
            return value
        code = country_code(value)
        zone = zone_for_country(code) if code else None
        if zone is None:
            self.warn("unknown_time_zone", field, f"{value!r} is no zone: left empty")
        else:
            self.warn("country_as_time_zone", field, f"country {value!r} -> {zone}")
        return zone
