"""A small SQLite store per case: the schema once, then a copy per case.

Migrating a fresh database costs far more than copying a migrated one, and the
whole offline run must stay under a minute, so the first case migrates a template
and every case copies it into its own temporary directory.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from datetime import datetime
from pathlib import Path

from domain.design import DesignResult
from domain.workflow import Workflow
from evals.suites.escalation.cases import EscalationCase, Seat
from tools.accounts.book import AccountRow, AccountTeamRow, ContactRow, PersonRow
from tools.db import Database
from tools.workflow_store import WorkflowStore

STEP_ID = "late_step"
_IMPORTED = datetime(2025, 1, 1)
_template: Path | None = None
_lock = threading.Lock()
# Role id -> side; the ladder's and the owner's roles are declared from it.
_SIDES = {"champion": "external", "admin": "external", "customer": "external"}


def case_database(case: EscalationCase, directory: Path) -> Database:
    """A migrated SQLite database in `directory` holding the case's account."""
    path = directory / "csops.db"
    shutil.copyfile(_template_file(), path)
    database = Database(f"sqlite:///{path}")
    _seed(database, case)
    return database


def publish_workflow(database: Database, case: EscalationCase) -> str:
    """The case's one-step workflow, published; its workflow id."""
    store = WorkflowStore(database)
    result = DesignResult(workflow=_workflow(case), engine="offline")
    ref = store.save_draft(result, "eval")
    store.publish(str(ref))
    return ref.workflow_id


def _template_file() -> Path:
    global _template
    with _lock:
        if _template is None:
            path = Path(tempfile.mkdtemp(prefix="csops-eval-")) / "template.db"
            database = Database(f"sqlite:///{path}")
            database.upgrade()
            database.dispose()
            _template = path
    return _template


def _seed(database: Database, case: EscalationCase) -> None:
    keys = iter(range(1, 1000))
    with database.session() as session:
        account = AccountRow(
            **_sourced(keys),
            name="Acme",
            country=case.country,
            time_zone=case.account_zone,
            churned=False,
            attributes={},
        )
        session.add(account)
        session.flush()
        for seat, people in case.team.items():
            for person in people:
                row = PersonRow(**_sourced(keys), **_person(person), attributes={})
                session.add(row)
                session.flush()
                session.add(
                    AccountTeamRow(
                        **_sourced(keys),
                        account_id=account.id,
                        person_id=row.id,
                        role=seat,
                    )
                )
        for role, people in case.contacts.items():
            for person in people:
                session.add(
                    ContactRow(
                        **_sourced(keys),
                        account_id=account.id,
                        role=role,
                        **_person(person),
                        attributes={},
                    )
                )


def _person(seat: Seat) -> dict:
    return {"name": seat.name, "email": seat.email, "time_zone": seat.time_zone}


def _sourced(keys) -> dict:
    return {
        "source_system": "eval",
        "source_id": f"e{next(keys)}",
        "imported_at": _IMPORTED,
    }


def _workflow(case: EscalationCase) -> Workflow:
    role_ids = dict.fromkeys([case.owner, *(r.to_role for r in case.ladder)])
    roles = [_role(role_id) for role_id in role_ids]
    step = {
        "id": STEP_ID,
        "title": "Late step",
        "owner": case.owner,
        "owner_provenance": "stated",
        "sla": {
            "duration": case.sla.model_dump(),
            "pauses_when_waiting_external": case.pauses_when_waiting,
            "provenance": "stated",
        },
        "escalation": [
            {"after": r.after.model_dump(), "to_role": r.to_role} for r in case.ladder
        ],
    }
    if _SIDES.get(case.owner) == "external":  # lint: one action through a link
        step |= {"customer_facing": True, "customer_action": "submit_data"}
    return Workflow.model_validate(
        {
            "name": "Eval escalation",
            "journey": "onboarding",
            "trigger": {"kind": "manual", "provenance": "stated"},
            "roles": roles,
            "steps": [step],
        }
    )


def _role(role_id: str) -> dict:
    side = _SIDES.get(role_id, "internal")
    team = "customer" if side == "external" else "cs"
    return {
        "id": role_id,
        "name": role_id.replace("_", " ").title(),
        "side": side,
        "team": team,
    }
