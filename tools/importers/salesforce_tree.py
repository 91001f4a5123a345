"""The `salesforce-tree` format: SObject-tree JSON as `sf data export tree` writes it.

A folder holds a `data-plan.json` naming one file per SObject, or plain `*.json` files
of `{"records": [...]}`. Records are keyed by `attributes.referenceId`; a field such as
`"AccountId": "@AccountRef1"` points at another record of the export by that id.
Accounts, Contacts, Opportunities (deals) and Cases (tickets) are read; other SObjects
are rejected by name so nothing disappears unreported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tools.importers.batch import ImportBatch
from tools.importers.entities import stage
from tools.importers.report import RowOrigin

ENTITY_OF = {
    "Account": "accounts",
    "Contact": "contacts",
    "Opportunity": "deals",
    "Case": "tickets",
}
# Titles that make a contact an executive sponsor; everyone else is a user until the
# CRM says otherwise (Salesforce's OpportunityContactRole is not in tree exports).
EXEC_TITLE = re.compile(r"\b(CEO|CFO|CTO|CIO|COO|Chief|President|VP|Vice President)\b")


class SalesforceTreeError(ValueError):
    """The folder does not hold SObject-tree JSON."""


def import_salesforce_tree(batch: ImportBatch, folder: Path) -> None:
    """Stage every record of every tree file, parents before children."""
    files = _tree_files(folder)
    if not files:
        raise SalesforceTreeError(
            f"no SObject-tree JSON (*.json with records) in {folder}"
        )
    for path in files:
        for index, record in enumerate(_records(path), 1):
            _stage_record(batch, record, path.name, index)


def _records(path: Path) -> list[dict]:
    """The `records` list of one tree file, checked for shape."""
    loaded = _json(path)
    records = loaded.get("records") if isinstance(loaded, dict) else None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise SalesforceTreeError(
            f"{path} is not SObject-tree JSON (no `records` list of objects); "
            "export it with `sf data export tree`"
        )
    return records


def _json(path: Path) -> Any:
    if not path.is_file():
        raise SalesforceTreeError(f"{path} is named in data-plan.json but missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise SalesforceTreeError(f"{path} is not valid JSON: {error}") from None


def _tree_files(folder: Path) -> list[Path]:
    plan = folder / "data-plan.json"
    if not plan.is_file():
        return sorted(p for p in folder.glob("*.json") if p.name != "data-plan.json")
    steps = _json(plan)
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        raise SalesforceTreeError(
            f"{plan} is not a data plan (a list of steps with `files`)"
        )
    return [folder / name for step in steps for name in step.get("files", [])]


def _stage_record(batch: ImportBatch, record: dict, file: str, index: int) -> None:
    attributes = record.get("attributes")
    sobject = attributes.get("type") if isinstance(attributes, dict) else None
    entity = ENTITY_OF.get(sobject)
    if entity is None:
        batch.read(str(sobject))
        reason = (
            f"SObject {sobject!r} is not imported (Account, Contact, Opportunity, Case)"
        )
        batch.reject(str(sobject), RowOrigin(file, index), "attributes.type", reason)
        return
    row = _CANONICAL[entity](record)
    row["source_id"] = record.get("attributes", {}).get("referenceId") or record.get(
        "Id"
    )
    row["account"] = _reference(record.get("AccountId"))
    reader = batch.reader(row, file, index)
    if entity == "contacts" and row["role"] == "exec_sponsor":
        reader.warn("role_from_title", "Title", f"{row['title']!r}: exec sponsor")
    stage(batch, entity, reader)


def _reference(value: Any) -> str | None:
    """`@AccountRef1` names a record of this export; anything else is an id."""
    if not value:
        return None
    return value[1:] if str(value).startswith("@") else str(value)


def _extras(record: dict, used: set[str]) -> dict:
    return {k: v for k, v in record.items() if k not in used | {"attributes"}}


def _account(record: dict) -> dict:
    used = {"Name", "Industry", "Website", "BillingCountry", "NumberOfEmployees"}
    return {
        "name": record.get("Name"),
        "industry": record.get("Industry"),
        "domain": record.get("Website"),
        "country": record.get("BillingCountry"),
        "attributes": _extras(record, used - {"NumberOfEmployees"}),
    }


def _contact(record: dict) -> dict:
    title = record.get("Title")
    name = " ".join(filter(None, [record.get("FirstName"), record.get("LastName")]))
    exec_sponsor = bool(title and EXEC_TITLE.search(title))
    return {
        "name": name or None,
        "title": title,
        "email": record.get("Email"),
        "phone": record.get("Phone"),
        "role": "exec_sponsor" if exec_sponsor else "user",
        "attributes": _extras(record, {"FirstName", "LastName", "Title", "Email"}),
    }


def _opportunity(record: dict) -> dict:
    return {
        "name": record.get("Name"),
        "stage": record.get("StageName"),
        "amount": record.get("Amount"),
        "close_date": record.get("CloseDate"),
        "notes": record.get("Description"),
    }


def _case(record: dict) -> dict:
    return {
        "subject": record.get("Subject"),
        "body": record.get("Description"),
        "priority": record.get("Priority"),
        "status": record.get("Status"),
        "created_at": record.get("CreatedDate"),
        "resolved_at": record.get("ClosedDate"),
        "escalated": record.get("IsEscalated"),
        "attributes": _extras(record, {"Subject", "Description", "AccountId"}),
    }


_CANONICAL = {
    "accounts": _account,
    "contacts": _contact,
    "deals": _opportunity,
    "tickets": _case,
}
