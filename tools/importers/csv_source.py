"""Reading a CSV export safely: encoding, delimiter, header and field size.

Spreadsheets save CSV in many shapes. A file that is not in the expected encoding, a
header that lacks a mapped column, or a field larger than any CRM value would be are
file problems, reported as one `CsvFileError` line naming the fix (the CLI exits
with code 2), never as a traceback. A semicolon- or tab-delimited file (Excel in
many European locales) is detected from its header line and read as such.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

DEFAULT_ENCODING = "utf-8-sig"
PARSER_FIELD_LIMIT = 16 * 1024 * 1024
"""The csv module's limit (default 128 KiB), raised so a huge field becomes a
per-row rejection (`MAX_FIELD_CHARS`) instead of a crash of the whole file."""
MAX_FIELD_CHARS = 100_000
"""Longest value a row may carry; a longer one rejects its row."""
OTHER_DELIMITERS = (";", "\t", "|")

csv.field_size_limit(PARSER_FIELD_LIMIT)


class CsvFileError(ValueError):
    """The CSV file cannot be read as a whole; the message names the fix."""


def read_csv(
    path: Path, columns: Sequence[str] = (), encoding: str = DEFAULT_ENCODING
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of `path` with their line numbers (the header is line 1).

    Raises:
        CsvFileError: the file is not in `encoding`, lacks one of `columns` in its
            header, or cannot be parsed.
    """
    try:
        yield from _rows(path, columns, encoding)
    except UnicodeDecodeError as error:
        raise CsvFileError(_decode_message(path, error, encoding)) from None
    except csv.Error as error:
        raise CsvFileError(f"{path} cannot be read as CSV: {error}") from None


def header_delimiter(header: str) -> str:
    """`,` unless the header line holds no comma but another common delimiter."""
    if "," in header:
        return ","
    return next((d for d in OTHER_DELIMITERS if d in header), ",")


def _rows(path: Path, columns: Sequence[str], encoding: str):
    with path.open(newline="", encoding=encoding) as lines:
        header = lines.readline()
        lines.seek(0)
        reader = csv.DictReader(lines, delimiter=header_delimiter(header))
        _check_header(path, reader.fieldnames or [], columns)
        for row in reader:
            yield reader.line_num, row


def _check_header(path: Path, header: list[str], columns: Sequence[str]) -> None:
    if not header:
        return
    missing = [column for column in columns if column not in header]
    if missing:
        shown = ", ".join(header[:20]) + (", ..." if len(header) > 20 else "")
        raise CsvFileError(
            f"{path} has no column {', '.join(map(repr, missing))} named in the "
            f"column map; its header is: {shown}; fix the map or the file"
        )


def _decode_message(path: Path, error: UnicodeDecodeError, encoding: str) -> str:
    """Where the undecodable byte is, counted in lines of the raw file."""
    raw = path.read_bytes()
    try:
        raw.decode(encoding)
    except UnicodeDecodeError as whole:
        error = whole
    line = raw[: error.start].count(b"\n") + 1
    byte = raw[error.start]
    name = "UTF-8" if encoding.lower().startswith("utf") else encoding
    return (
        f"{path} is not {name} (byte 0x{byte:02x} at line {line}): re-save it as "
        "UTF-8 or pass --encoding latin-1"
    )


def overlong_field(row: dict[str, str | None]) -> str | None:
    """The first column whose value is longer than `MAX_FIELD_CHARS`, if any."""
    for column, value in row.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return str(column)
    return None
