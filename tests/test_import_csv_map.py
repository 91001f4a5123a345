"""The generic `csv` format: one entity from any CSV, renamed by a YAML column map."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tools.accounts.book import ContactRow
from tools.importers import run_import
from tools.importers.column_map import ColumnMapError

ACCOUNTS_CSV = """Company ID,Company,Country
C-1,Acme Robotics,United Kingdom
C-2,Globex,Atlantis
C-3,,US
"""
CONTACTS_CSV = """Record ID,Company ID,Full Name,Email,Zone,Role
P-1,C-1,Ada Byron,ada@acme.test,Europe/London,champion
P-2,C-2,Hank Scorpio,hank@globex.test,Germany,exec_sponsor
P-3,C-9,Nobody Known,nobody@x.test,,user
P-4,C-1,Bad Role,bad@acme.test,,ceo
"""


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _map(tmp_path, entity: str, columns: dict[str, str]):
    lines = [f"entity: {entity}", "source_system: crm", "columns:"]
    lines += [f"  {field}: {column}" for field, column in columns.items()]
    return _write(tmp_path, f"{entity}.yaml", "\n".join(lines) + "\n")


def test_mapped_csv_reports_rejects_with_file_line_field(database, tmp_path):
    accounts = _map(
        tmp_path,
        "accounts",
        {"source_id": "Company ID", "name": "Company", "country": "Country"},
    )
    contacts = _map(
        tmp_path,
        "contacts",
        {
            "source_id": "Record ID",
            "account": "Company ID",
            "name": "Full Name",
            "email": "Email",
            "time_zone": "Zone",
            "role": "Role",
        },
    )
    csv_path = _write(tmp_path, "accounts.csv", ACCOUNTS_CSV)
    report = run_import(database, "csv", csv_path, column_map=accounts)
    assert [(r.file, r.line, r.field) for r in report.rejections] == [
        ("accounts.csv", 4, "name")
    ]
    codes = {code for code, _, _ in report.warning_summary()}
    assert codes == {"country_normalised", "unknown_country"}

    contacts_csv = _write(tmp_path, "contacts.csv", CONTACTS_CSV)
    report = run_import(database, "csv", contacts_csv, column_map=contacts)
    assert [(r.line, r.field) for r in report.rejections] == [(5, "role")]
    assert report.counts["contacts"].created == 3
    with database.session() as session:
        rows = session.scalars(select(ContactRow).order_by(ContactRow.source_id)).all()
    assert [(r.source_id, r.time_zone, r.account_id is None) for r in rows] == [
        ("P-1", "Europe/London", False),
        ("P-2", "Europe/Berlin", False),
        ("P-3", None, True),
    ]


def test_column_map_without_source_id_names_the_fix(database, tmp_path):
    bad = _write(tmp_path, "bad.yaml", "entity: contacts\ncolumns: {name: Name}\n")
    csv_path = _write(tmp_path, "x.csv", "Name\nA\n")
    with pytest.raises(ColumnMapError, match="must map `source_id`"):
        run_import(database, "csv", csv_path, column_map=bad)
