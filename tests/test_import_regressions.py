"""Regressions for the importer defects of the breaker report (issue 3), by id."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tools.accounts.book import AccountRow
from tools.importers import run_import
from tools.importers.column_map import ColumnMapError
from tools.importers.csv_source import MAX_FIELD_CHARS, CsvFileError
from tools.importers.renewals import export_date
from tools.importers.salesforce_tree import SalesforceTreeError
from tools.importers.zendesk_json import ZendeskExportError

SHARED_DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="the shared data sets are not in /work/shared"
)
MAP = "entity: accounts\ncolumns:\n  source_id: id\n  name: name\n  seats: seats\n"


def _files(tmp_path, csv_text: str | bytes, map_text: str = MAP):
    csv_path, map_path = tmp_path / "in.csv", tmp_path / "map.yaml"
    if isinstance(csv_text, bytes):
        csv_path.write_bytes(csv_text)
    else:
        csv_path.write_text(csv_text, encoding="utf-8")
    map_path.write_text(map_text, encoding="utf-8")
    return csv_path, map_path


def _accounts(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(AccountRow))


def test_a1_huge_field_rejects_its_row_not_the_file(database, tmp_path):
    huge = "A" * (MAX_FIELD_CHARS * 20)
    path, column_map = _files(tmp_path, f"id,name,seats\nX1,{huge},1\nX2,Ok,2\n")
    report = run_import(database, "csv", path, column_map=column_map)
    [rejection] = report.rejections
    assert (rejection.file, rejection.line, rejection.field) == ("in.csv", 2, "name")
    assert _accounts(database) == 1


@needs_shared
def test_a2_wrong_folder_for_the_format_is_one_line(database):
    zendesk = SHARED_DATA / "zendesk_challenge"
    with pytest.raises(SalesforceTreeError, match="is not SObject-tree JSON"):
        run_import(database, "salesforce-tree", zendesk)


def test_a2_zendesk_file_of_the_wrong_shape(database, tmp_path):
    (tmp_path / "tickets.json").write_text('{"records": 3}', encoding="utf-8")
    with pytest.raises(ZendeskExportError, match="is not Zendesk API JSON"):
        run_import(database, "zendesk", tmp_path)


def test_c1_duplicate_id_updates_never_two_accounts(database, tmp_path):
    path, column_map = _files(tmp_path, "id,name,seats\nX5,Dup A,5\nX5,Dup B,7\n")
    report = run_import(database, "csv", path, column_map=column_map)
    assert _accounts(database) == 1
    assert [w.code for w in report.warnings] == ["duplicate_source_id"]
    with database.session() as session:
        assert session.scalar(select(AccountRow.name)) == "Dup B"


def test_c2_missing_column_is_refused_up_front(database, tmp_path):
    path, column_map = _files(tmp_path, "id,title\nX1,a\n")
    with pytest.raises(CsvFileError, match=r"no column 'name'.*header is: id, title"):
        run_import(database, "csv", path, column_map=column_map)


def test_c2_semicolon_delimited_file_is_read(database, tmp_path):
    path, column_map = _files(tmp_path, "id;name;seats\nX3;Semi Co;5\n")
    run_import(database, "csv", path, column_map=column_map)
    assert _accounts(database) == 1


def test_c3_unknown_target_field_lists_the_valid_ones(database, tmp_path):
    bad = MAP.replace("seats: seats", "plan: seats")
    path, column_map = _files(tmp_path, "id,name,seats\n", bad)
    with pytest.raises(ColumnMapError, match="plan is not a field of accounts; use "):
        run_import(database, "csv", path, column_map=column_map)


def test_c6_non_utf8_names_file_line_and_fix(database, tmp_path):
    path, column_map = _files(
        tmp_path, "id,name,seats\nX1,Caf\xe9,1\n".encode("latin-1")
    )
    with pytest.raises(CsvFileError, match=r"byte 0xe9 at line 2\).*--encoding"):
        run_import(database, "csv", path, column_map=column_map)
    run_import(database, "csv", path, column_map=column_map, encoding="latin-1")
    with database.session() as session:
        assert session.scalar(select(AccountRow.name)) == "Café"


def test_c5_missing_files_are_warned_about(database, tmp_path):
    (tmp_path / "organizations.json").write_text('[{"_id": 1, "name": "Org"}]')
    report = run_import(database, "zendesk", tmp_path)
    missing = [w.message for w in report.warnings if w.code == "missing_file"]
    assert len(missing) == 2


def test_c4_empty_file_negative_seats_and_formulas(database, tmp_path):
    path, column_map = _files(tmp_path, "id,name,seats\n")
    report = run_import(database, "csv", path, column_map=column_map)
    assert [w.code for w in report.warnings] == ["empty_file"]

    rows = "id,name,seats\nX7,\"=cmd|'/c calc'!A1\",5\nX8,Neg,-3\n"
    path, column_map = _files(tmp_path, rows)
    report = run_import(database, "csv", path, column_map=column_map)
    assert [r.reason for r in report.rejections] == ["must be 0 or more, got -3"]
    assert [w.code for w in report.warnings] == ["formula_like_value"]


def test_d3_bad_yaml_is_one_line(database, tmp_path):
    path, column_map = _files(tmp_path, "id\n", "this: is: not: yaml: [\n")
    with pytest.raises(ColumnMapError) as raised:
        run_import(database, "csv", path, column_map=column_map)
    assert "\n" not in str(raised.value)


def test_b5_future_dates_are_warned_and_not_the_export_date(database, tmp_path):
    tickets = "id,created\nT1,2024-05-01T10:00:00\nT2,2099-01-01\n"
    column_map = "entity: tickets\ncolumns:\n  source_id: id\n  created_at: created\n"
    path, map_path = _files(tmp_path, tickets, column_map)
    report = run_import(database, "csv", path, column_map=map_path)
    assert [w.code for w in report.warnings] == ["future_date"]
    assert export_date.__doc__
