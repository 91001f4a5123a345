"""The `zendesk` format: Zendesk API JSON (`organizations`, `users`, `tickets`).

Each file holds a JSON list of API objects or the API envelope (`{"tickets": [...]}`).
Organizations become accounts; end users become contacts of their organization;
agents and admins are the vendor's own support staff and become people. A record's
"line" in the report is its 1-based position in the file's list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tools.importers.batch import ImportBatch
from tools.importers.entities import stage
from tools.importers.report import RowOrigin

STAFF_ROLES = {"agent", "admin"}


class ZendeskExportError(ValueError):
    """The folder does not hold Zendesk API JSON."""


def import_zendesk_folder(batch: ImportBatch, folder: Path) -> None:
    """Stage organizations, then users, then tickets (each file optional but one)."""
    names = ("organizations", "users", "tickets")
    if not any((folder / f"{name}.json").is_file() for name in names):
        raise ZendeskExportError(
            f"no organizations.json, users.json or tickets.json in {folder}"
        )
    records = {name: _records(batch, folder, name) for name in names}
    for index, org in enumerate(records["organizations"], 1):
        _stage(batch, "accounts", _organization(org), "organizations.json", index)
    people = {user["_id"]: user for user in records["users"] if "_id" in user}
    for index, user in enumerate(records["users"], 1):
        entity = "people" if user.get("role") in STAFF_ROLES else "contacts"
        _stage(batch, entity, _user(user), "users.json", index)
    for index, ticket in enumerate(records["tickets"], 1):
        _stage(batch, "tickets", _ticket(ticket, people), "tickets.json", index)


def _records(batch: ImportBatch, folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / f"{name}.json"
    if not path.is_file():
        message = f"{name}.json is missing: no {name} imported"
        batch.warn("missing_file", RowOrigin(path.name, None), "", message)
        return []
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ZendeskExportError(f"{path} is not valid JSON: {error}") from None
    records = loaded.get(name) if isinstance(loaded, dict) else loaded
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ZendeskExportError(
            f"{path} is not Zendesk API JSON (a list of {name} or {{{name!r}: [...]}})"
        )
    return records


def _stage(batch: ImportBatch, entity: str, row: dict, file: str, index: int) -> None:
    reader = batch.reader(row, file, index)
    if row.get("account") is None and entity in ("contacts", "tickets"):
        reader.warn("no_organization", "organization_id", "no organization: unlinked")
    stage(batch, entity, reader)


def _text_id(value: Any) -> str | None:
    return None if value is None else str(value)


def _organization(org: dict) -> dict:
    domains = org.get("domain_names") or []
    return {
        "source_id": _text_id(org.get("_id")),
        "name": org.get("name"),
        "domain": domains[0] if domains else None,
        "attributes": _extras(org, {"_id", "name", "url"}),
    }


def _user(user: dict) -> dict:
    return {
        "source_id": _text_id(user.get("_id")),
        "account": _text_id(user.get("organization_id")),
        "name": user.get("name"),
        "email": user.get("email"),
        "phone": user.get("phone"),
        "time_zone": user.get("timezone"),
        "attributes": _extras(user, {"_id", "name", "email", "phone", "url"}),
    }


def _ticket(ticket: dict, people: dict[Any, dict]) -> dict:
    requester = people.get(ticket.get("submitter_id"), {})
    assignee = people.get(ticket.get("assignee_id"), {})
    return {
        "source_id": _text_id(ticket.get("_id")),
        "account": _text_id(ticket.get("organization_id")),
        "subject": ticket.get("subject"),
        "body": ticket.get("description"),
        "priority": ticket.get("priority"),
        "status": ticket.get("status"),
        "kind": ticket.get("type"),
        "requester_email": requester.get("email"),
        "assignee_name": assignee.get("name"),
        "created_at": ticket.get("created_at"),
        "due_at": ticket.get("due_at"),
        "attributes": _extras(ticket, {"_id", "subject", "description", "url"}),
    }


def _extras(record: dict, used: set[str]) -> dict:
    return {key: value for key, value in record.items() if key not in used}
